/**
 * Hand-off settings are checked whole: the schema (types.ts) checks each field, these rules
 * check what fields say about each other — a route or the default naming a group that does not
 * exist would send customers nowhere, a range that ends before it starts would silently never
 * open, an unknown time zone would fail on the first customer. Every problem is reported at
 * once, each with its field path, so an admin fixes the form in one go.
 */
import { WenduError } from '../errors/index.js';
import { parseOrThrow, type ValidationIssue } from '../errors/validation.js';
import { isKnownTimeZone, minutesOf } from './hours.js';
import { HandoffSettingsSchema, type HandoffGroup, type HandoffSettings } from './types.js';

function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === date;
}

function groupIssues(group: HandoffGroup, index: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = `groups.${index}`;
  if (!isKnownTimeZone(group.timeZone)) issues.push({ path: `${at}.timeZone`, message: '未知的时区，请使用 IANA 名称，例如 Asia/Shanghai', code: 'unknown_time_zone' });
  for (const [weekday, ranges] of Object.entries(group.weekly)) {
    const sorted = (ranges ?? []).map((r, i) => ({ from: minutesOf(r.from), to: minutesOf(r.to), i })).sort((a, b) => a.from - b.from);
    sorted.forEach((range, k) => {
      const path = `${at}.weekly.${weekday}.${range.i}`;
      if (range.to <= range.from) issues.push({ path, message: '结束时间应晚于开始时间；跨夜请拆成 …–24:00 和次日 00:00–…', code: 'empty_range' });
      else if (k > 0 && range.from < sorted[k - 1]!.to) issues.push({ path, message: '与同一天的另一段时间重叠', code: 'overlapping_ranges' });
    });
  }
  group.closures.forEach((closure, i) => {
    if (!isCalendarDate(closure.date)) issues.push({ path: `${at}.closures.${i}.date`, message: '不是有效的日期', code: 'invalid_date' });
  });
  return issues;
}

/** The rules the schema cannot express; [] when the settings hang together. */
export function handoffSettingsIssues(settings: HandoffSettings): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  settings.groups.forEach((group, index) => {
    if (ids.has(group.id)) issues.push({ path: `groups.${index}.id`, message: '技能组 id 重复', code: 'duplicate_group' });
    ids.add(group.id);
    issues.push(...groupIssues(group, index));
  });
  if (!ids.has(settings.defaultGroupId)) issues.push({ path: 'defaultGroupId', message: '默认技能组不存在', code: 'unknown_group' });
  settings.topicRoutes.forEach((route, index) => {
    if (route.category === undefined && route.tag === undefined) issues.push({ path: `topicRoutes.${index}`, message: '规则需要分类或标签', code: 'empty_route' });
    if (!ids.has(route.groupId)) issues.push({ path: `topicRoutes.${index}.groupId`, message: '技能组不存在', code: 'unknown_group' });
  });
  settings.keywordRules.forEach((rule, index) => {
    if (rule.groupId !== undefined && !ids.has(rule.groupId)) issues.push({ path: `keywordRules.${index}.groupId`, message: '技能组不存在', code: 'unknown_group' });
  });
  return issues;
}

/** `input` as hand-off settings (defaults filled in), or WENDU_VALIDATION with every issue. */
export function parseHandoffSettings(input: unknown): HandoffSettings {
  const settings = parseOrThrow(HandoffSettingsSchema, input);
  const issues = handoffSettingsIssues(settings);
  if (issues.length > 0) throw new WenduError('WENDU_VALIDATION', { issues });
  return settings;
}
