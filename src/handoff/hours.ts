/**
 * Business hours of a hand-off group: whether people are there now, when they are next, and the
 * hours in words. The hours live in one place — the group's settings (types.ts) — and the
 * welcome, the hand-off reply and the knowledge answer about hours all read them through here,
 * so they cannot disagree.
 *
 * How a local day is decided (in the group's time zone, whatever the server's clock zone is):
 *   1. an operator closure on that date → closed all day (also for an always-open group);
 *   2. `alwaysOpen` → open all day;
 *   3. with `chineseCalendar`: a public holiday → closed; a 调休 working day (a weekend day made a
 *      working day) → the WORKING-DAY HOURS below;
 *   4. otherwise the weekly hours of that weekday (a missing weekday is closed).
 *
 * WORKING-DAY HOURS: a 调休 working day uses Monday's hours — the team works an ordinary
 * weekday, so it keeps weekday hours even when its own Saturday hours are shorter. A group
 * closed on Mondays uses the first of Tuesday–Friday that has hours; a group with no weekday
 * hours at all (a weekend-only team) keeps the day's own hours.
 *
 * Ranges are [from, to) in local wall time; `to: '24:00'` runs to midnight, and a range through
 * the night is written as `…–24:00` plus `00:00–…` on the next day (settings-rules.ts refuses
 * `to` at or before `from`).
 */
import type { Locale } from '../reply/phrases.js';
import { mainlandDay } from './mainland-calendar.js';
import type { GroupAvailability, HandoffGroup, HandoffSettings } from './types.js';

/**
 * How far ahead `opensAt` looks for the next opening. Longer than any closure a team plans in
 * one piece (春节 is 9 days, plus a team's own week off); beyond it opensAt is null ("unknown")
 * rather than a guess.
 */
export const OPENING_SEARCH_DAYS = 30;

/** The zone hours are read in unless a group names another; customers are told times in it without a zone note. */
export const HOME_TIME_ZONE = 'Asia/Shanghai';

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
type Weekday = (typeof WEEKDAYS)[number];
/** Where a 调休 working day takes its hours from, in order (see WORKING-DAY HOURS above). */
const WORKING_DAY_SOURCES: readonly Weekday[] = ['1', '2', '3', '4', '5'];

type TimeRange = { from: string; to: string };
/** [from, to) in minutes after local midnight. */
type MinuteRange = readonly [number, number];

interface DayPlan {
  ranges: MinuteRange[];
  /** Why an otherwise-open day is closed, for the customer. */
  exception: { kind: 'closure'; reason: string | null } | { kind: 'holiday'; festival: Record<Locale, string> | null } | null;
}

// ---- local wall time in a zone ---------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether this runtime knows the IANA zone (settings-rules.ts refuses others on save; Intl throws on them). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local date (YYYY-MM-DD) and minute of the day of `instant` in `timeZone`. */
function wallClock(instant: number, timeZone: string): { date: string; minutes: number; wallMs: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  const [year, month, day, hour, minute] = [parts.year, parts.month, parts.day, parts.hour, parts.minute].map(Number) as [number, number, number, number, number];
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: hour * 60 + minute,
    wallMs: Date.UTC(year, month - 1, day, hour, minute),
  };
}

/** The instant at which the wall clock in `timeZone` shows `date` + `minutes` (two passes settle a DST change). */
function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  const offsetAt = (instant: number) => wallClock(instant, timeZone).wallMs - Math.floor(instant / MS_PER_MINUTE) * MS_PER_MINUTE;
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
}

function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const sundayFirst = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7]!;
}

export function minutesOf(time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

// ---- the plan of one local day -----------------------------------------------------------

function toMinuteRanges(ranges: readonly TimeRange[] | undefined): MinuteRange[] {
  return (ranges ?? []).map((r) => [minutesOf(r.from), minutesOf(r.to)] as const).sort((a, b) => a[0] - b[0]);
}

function workingDayHours(group: HandoffGroup, own: Weekday): readonly TimeRange[] | undefined {
  const source = WORKING_DAY_SOURCES.find((day) => (group.weekly[day] ?? []).length > 0);
  return group.weekly[source ?? own];
}

function dayPlan(group: HandoffGroup, date: string): DayPlan {
  const closure = group.closures.find((c) => c.date === date);
  if (closure) return { ranges: [], exception: { kind: 'closure', reason: closure.reason?.trim() || null } };
  if (group.alwaysOpen) return { ranges: [[0, MINUTES_PER_DAY]], exception: null };
  const weekday = weekdayOf(date);
  if (group.chineseCalendar) {
    const day = mainlandDay(date);
    if (day.holiday) return { ranges: [], exception: { kind: 'holiday', festival: day.festival } };
    if (day.swappedWorkday) return { ranges: toMinuteRanges(workingDayHours(group, weekday)), exception: null };
  }
  return { ranges: toMinuteRanges(group.weekly[weekday]), exception: null };
}

function nextOpening(group: HandoffGroup, today: string, nowMinutes: number): string | null {
  for (let ahead = 0; ahead <= OPENING_SEARCH_DAYS; ahead++) {
    const date = addDays(today, ahead);
    // Called only when closed now, so any range of today that has started has also ended.
    const range = dayPlan(group, date).ranges.find(([from]) => ahead > 0 || from > nowMinutes);
    if (range) return zonedInstant(date, range[0], group.timeZone).toISOString();
  }
  return null;
}

/**
 * Whether `group` takes conversations at `now`, when it opens next if not, and its hours in
 * words (with today's exception — a holiday or a closure — when that is why it is closed).
 */
export function groupAvailability(group: HandoffGroup, now: Date, locale: Locale = 'zh'): GroupAvailability {
  const clock = wallClock(now.getTime(), group.timeZone);
  const today = dayPlan(group, clock.date);
  const open = today.ranges.some(([from, to]) => from <= clock.minutes && clock.minutes < to);
  return {
    open,
    opensAt: open ? null : nextOpening(group, clock.date, clock.minutes),
    hoursText: hoursText(group, locale) + (open ? '' : todayNote(today.exception, locale)),
  };
}

// ---- the hours in words ------------------------------------------------------------------

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const WORDS = {
  zh: {
    always: '7×24 小时',
    none: '暂无人工服务时间',
    daily: '每天',
    weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    through: '至',
    rangeJoin: '、',
    dayJoin: '，',
    holidays: '法定节假日休息',
    zone: (zone: string) => `（${zone} 时间）`,
    holidayToday: (festival: string | null) => (festival ? `（今天${festival}休息）` : '（今天法定节假日休息）'),
    closedToday: (reason: string | null) => (reason ? `（今天暂停服务：${reason}）` : '（今天暂停服务）'),
    answer: (text: string) => `人工客服服务时间：${text}。`,
    groupJoin: '；',
    relativeDays: ['今天', '明天', '后天'],
    // No space after a full-width bracket: 「10月8日（周四）9:00」.
    at: (day: string, time: string) => `${day}${day.endsWith('）') ? '' : ' '}${time}`,
    date: (month: number, day: number, weekday: string) => `${month}月${day}日（${weekday}）`,
  },
  en: {
    always: '24/7',
    none: 'no staffed hours',
    daily: 'Daily',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    through: '–',
    rangeJoin: ', ',
    dayJoin: '; ',
    holidays: 'closed on public holidays',
    zone: (zone: string) => ` (${zone} time)`,
    holidayToday: (festival: string | null) => (festival ? ` (closed today for ${festival})` : ' (closed today for a public holiday)'),
    closedToday: (reason: string | null) => (reason ? ` (closed today: ${reason})` : ' (closed today)'),
    answer: (text: string) => `Customer service hours: ${text}.`,
    groupJoin: '; ',
    relativeDays: ['today', 'tomorrow'],
    at: (day: string, time: string) => `${day} at ${time}`,
    date: (month: number, day: number, weekday: string) => `${weekday} ${day} ${MONTHS_EN[month - 1]}`,
  },
} as const;

/** '09:00' → '9:00' (how people write times in a sentence); '24:00' stays. */
function clockText(time: string): string {
  return time.replace(/^0(\d)/, '$1');
}

function rangesText(ranges: readonly TimeRange[] | undefined, locale: Locale): string {
  return [...(ranges ?? [])]
    .sort((a, b) => minutesOf(a.from) - minutesOf(b.from))
    .map((r) => `${clockText(r.from)}–${clockText(r.to)}`)
    .join(WORDS[locale].rangeJoin);
}

/** Runs of consecutive weekdays with the same hours, e.g. [[Mon…Fri, '9:00–18:00'], [Sat, '10:00–16:00']]. */
function weeklyRuns(group: HandoffGroup, locale: Locale): Array<{ first: number; last: number; text: string }> {
  const runs: Array<{ first: number; last: number; text: string }> = [];
  WEEKDAYS.forEach((day, index) => {
    const text = rangesText(group.weekly[day], locale);
    const previous = runs[runs.length - 1];
    if (text && previous && previous.text === text && previous.last === index - 1) previous.last = index;
    else if (text) runs.push({ first: index, last: index, text });
  });
  return runs;
}

/**
 * The group's hours in words: 「周一至周五 9:00–18:00，周六 10:00–16:00，法定节假日休息」,
 * 「每天 9:00–22:00」, 「7×24 小时」 (English with `'en'`). Closures are dated exceptions and are
 * told on the day (groupAvailability), not here.
 */
export function hoursText(group: HandoffGroup, locale: Locale = 'zh'): string {
  const words = WORDS[locale];
  const zone = group.timeZone === HOME_TIME_ZONE ? '' : words.zone(group.timeZone);
  if (group.alwaysOpen) return words.always + zone;
  const runs = weeklyRuns(group, locale);
  if (runs.length === 0) return words.none;
  const everyDay = runs.length === 1 && runs[0]!.first === 0 && runs[0]!.last === WEEKDAYS.length - 1;
  const days = everyDay
    ? [`${words.daily} ${runs[0]!.text}`]
    : runs.map(({ first, last, text }) => `${words.weekdays[first]}${first === last ? '' : words.through + words.weekdays[last]} ${text}`);
  if (group.chineseCalendar) days.push(words.holidays);
  return days.join(words.dayJoin) + zone;
}

function todayNote(exception: DayPlan['exception'], locale: Locale): string {
  if (!exception) return '';
  if (exception.kind === 'closure') return WORDS[locale].closedToday(exception.reason);
  return WORDS[locale].holidayToday(exception.festival?.[locale] ?? null);
}

/**
 * The sentence that answers "人工客服什么时候上班？" from the settings — for the engine and the
 * knowledge base, so the bot never states other hours than the ones it keeps. One sentence for
 * the default group, naming each group when the groups keep different hours.
 */
export function handoffHoursAnswer(settings: HandoffSettings, locale: Locale = 'zh'): string {
  const words = WORDS[locale];
  const ordered = [...settings.groups].sort((a, b) => Number(b.id === settings.defaultGroupId) - Number(a.id === settings.defaultGroupId));
  const texts = ordered.map((group) => ({ name: group.name, text: hoursText(group, locale) }));
  const same = texts.every((t) => t.text === texts[0]!.text);
  return words.answer(same ? texts[0]!.text : texts.map((t) => `${t.name} ${t.text}`).join(words.groupJoin));
}

/**
 * When a closed group opens next, as a customer reads it in a sentence: 「今天 14:00」,
 * 「明天 9:00」, 「10月8日（周四）9:00」 ("tomorrow at 9:00", "Thu 8 Oct at 9:00") — in the
 * group's zone, for the phrases' `{{business.opensAt}}`.
 */
export function opensAtText(opensAt: string, now: Date, timeZone: string, locale: Locale = 'zh'): string {
  const words = WORDS[locale];
  const today = wallClock(now.getTime(), timeZone).date;
  const opening = wallClock(new Date(opensAt).getTime(), timeZone);
  const time = `${Math.floor(opening.minutes / 60)}:${String(opening.minutes % 60).padStart(2, '0')}`;
  const daysAhead = Math.round((Date.parse(opening.date) - Date.parse(today)) / (MINUTES_PER_DAY * MS_PER_MINUTE));
  const [, month, day] = opening.date.split('-').map(Number) as [number, number, number];
  const weekday = words.weekdays[Number(weekdayOf(opening.date)) - 1]!;
  const dayText = words.relativeDays[daysAhead] ?? words.date(month, day, weekday);
  const zone = timeZone === HOME_TIME_ZONE ? '' : words.zone(timeZone);
  return words.at(dayText, time) + zone;
}
