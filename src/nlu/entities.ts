/**
 * Entity extraction: order numbers, mainland mobile numbers, e-mail addresses, dates and
 * amounts of money, with offsets into the ORIGINAL message (the agent workspace highlights
 * them there). Rules work on a normalised copy (half-width, simplified, lower-case) whose
 * characters remember their original offsets. Overlaps are resolved by a fixed priority so a
 * phone number is never reported inside an order number. Choices are documented per rule.
 */
import { normalizeWithOffsets, originalRange, type MappedText } from './text-basics.js';
import type { Entity, EntityType } from './types.js';

export interface EntityOptions {
  /** The moment relative dates (今天, 上周五) are resolved against. */
  now: Date;
  /** The shop's time zone as minutes east of UTC; mainland China (UTC+8, no DST) by default. */
  utcOffsetMinutes: number;
}

/** `now` has no default value: it is read from the clock on every call unless injected. */
export const DEFAULT_ENTITY_OPTIONS = {
  utcOffsetMinutes: 8 * 60,
} satisfies Omit<EntityOptions, 'now'>;

/** Lower wins when two candidates overlap; ties go to the longer candidate. */
const PRIORITY: Record<string, number> = {
  email: 0, order_after_keyword: 1, phone: 2, order_bare: 3, date: 4, amount: 5,
};

/**
 * Order numbers of this shop are 12–20 digits. After a keyword (订单/订单号/单号/order no)
 * spaces and dashes inside are accepted, because customers paste them grouped
 * ("2026 1111 0000 1234"); a bare number must be one unbroken run so that a phone number
 * and an amount next to each other are not glued into an "order".
 */
const ORDER_AFTER_KEYWORD =
  /(?:订单编号|订单号码|订单号|订单|单号|order\s*(?:no\.?|number|id)?)\s*(?:[:是为]\s*)?#?\s*(\d(?:[ -]?\d){11,19})(?!\d)/g;
const ORDER_BARE = /(?<!\d|\d\.)\d{12,20}(?!\d|\.\d)/g;

/** Mainland mobile: 1[3-9]x + 8 digits, optional +86 / 0086, grouped 3-4-4 by space or dash. */
const PHONE = /(?<!\d)(?:(?:\+|00)86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)/g;

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/g;

/**
 * Dates. "11.11" is NOT a date: in a shop it is as likely ¥11.11 (and 双11 is caught by its
 * own rule). Years in full dates must have four digits; 11月11日 takes the current year.
 */
const CN_DIGITS = '零〇一二两三四五六七八九十';
const FULL_DATE = /(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*[日号])?(?!\d)/g;
const MONTH_DAY = new RegExp(`(?<![\\d${CN_DIGITS}])([\\d${CN_DIGITS}]{1,3})月([\\d${CN_DIGITS}]{1,3})[日号]`, 'g');
const DOUBLE_DAY = /双\s*(11|12|十一|十二)/g;
const RELATIVE_DAY = /大前天|前天|昨天|昨日|今天|今日|明天|明日|后天/g;
const DAY_OFFSETS: Record<string, number> = {
  大前天: -3, 前天: -2, 昨天: -1, 昨日: -1, 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2,
};
const WEEK_DAY = /(上上|上|这|本|下)个?(?:周|星期|礼拜)([一二三四五六日天1-7])/g;
const WEEK_OFFSETS: Record<string, number> = { 上上: -14, 上: -7, 这: 0, 本: 0, 下: 7 };
const WEEKDAY_NUMBERS: Record<string, number> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7,
};

/**
 * Amounts: ¥199, rmb 199, 199元, 199.5块, 1,299元, 1.5万元, 一百二十元, 3块5. 块 is also a
 * measure word (两块手表), so after 块 only a small set of characters may follow; 元 must not
 * start 元旦 / 元宵 / 元件.
 */
const NUMBER = `\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|[${CN_DIGITS}百千万]+`;
const AMOUNT_PREFIX = new RegExp(`(?:¥|rmb|人民币)\\s*(${NUMBER})`, 'g');
const AMOUNT_SUFFIX = new RegExp(
  `(?<![\\d.,${CN_DIGITS}百千])(${NUMBER})\\s*(万)?\\s*(?:元(?![旦宵素件器])|块(?:钱)?(?:(\\d)毛?)?(?![\\p{Script=Han}])|块(?:钱)?(?=[的吗呢啊了吧呀哦嘛左多都还也就是到]|$)|rmb|人民币)`,
  'gu');
const TEN_THOUSAND = 10_000;

interface Candidate { type: EntityType; rule: string; from: number; to: number; value: string | number }

export function extractEntities(text: string, options: Partial<EntityOptions> = {}): Entity[] {
  const opts: EntityOptions = { ...DEFAULT_ENTITY_OPTIONS, ...options, now: options.now ?? new Date() };
  const mapped = normalizeWithOffsets(text);
  const candidates: Candidate[] = [
    ...findEmails(mapped.text),
    ...findOrders(mapped.text),
    ...findPhones(mapped.text),
    ...findDates(mapped.text, opts),
    ...findAmounts(mapped.text),
  ];
  return resolveOverlaps(candidates).map((c) => toEntity(text, mapped, c));
}

function matches(regex: RegExp, text: string): RegExpExecArray[] {
  return [...text.matchAll(regex)];
}

function findEmails(text: string): Candidate[] {
  return matches(EMAIL, text).map((m) => ({
    type: 'email', rule: 'email', from: m.index, to: m.index + m[0].length, value: m[0],
  }));
}

function findOrders(text: string): Candidate[] {
  const keyed = matches(ORDER_AFTER_KEYWORD, text).map((m): Candidate => {
    const from = m.index + m[0].length - m[1].length;
    return { type: 'order_number', rule: 'order_after_keyword', from, to: from + m[1].length, value: m[1].replace(/\D/g, '') };
  });
  const bare = matches(ORDER_BARE, text).map((m): Candidate => ({
    type: 'order_number', rule: 'order_bare', from: m.index, to: m.index + m[0].length, value: m[0],
  }));
  return [...keyed, ...bare];
}

function findPhones(text: string): Candidate[] {
  return matches(PHONE, text).map((m) => ({
    type: 'phone', rule: 'phone', from: m.index, to: m.index + m[0].length, value: `${m[1]}${m[2]}${m[3]}`,
  }));
}

/** Calendar arithmetic in the shop's zone, independent of the server's own time zone. */
function shopToday(opts: EntityOptions): Date {
  const shifted = new Date(opts.now.getTime() + opts.utcOffsetMinutes * 60_000);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

function findDates(text: string, opts: EntityOptions): Candidate[] {
  const today = shopToday(opts);
  const year = today.getUTCFullYear();
  const out: Candidate[] = [];
  const push = (m: RegExpExecArray, value: string | null) => {
    if (value) out.push({ type: 'date', rule: 'date', from: m.index, to: m.index + m[0].length, value });
  };
  for (const m of matches(FULL_DATE, text)) push(m, isoDate(Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of matches(MONTH_DAY, text)) {
    push(m, isoDate(year, parseChineseNumber(m[1]), parseChineseNumber(m[2])));
  }
  for (const m of matches(DOUBLE_DAY, text)) {
    const month = parseChineseNumber(m[1]);
    push(m, isoDate(year, month, month));
  }
  for (const m of matches(RELATIVE_DAY, text)) push(m, addDays(today, DAY_OFFSETS[m[0]]));
  // Chinese weeks start on Monday: 上周五 is Friday of the week before this Monday-based week.
  const weekday = today.getUTCDay() === 0 ? 7 : today.getUTCDay();
  for (const m of matches(WEEK_DAY, text)) {
    const target = WEEKDAY_NUMBERS[m[2]] ?? Number(m[2]);
    push(m, addDays(today, WEEK_OFFSETS[m[1]] + target - weekday));
  }
  return out;
}

function findAmounts(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matches(AMOUNT_PREFIX, text)) {
    const value = parseAmount(m[1]);
    if (Number.isFinite(value)) out.push({ type: 'amount', rule: 'amount', from: m.index, to: m.index + m[0].length, value });
  }
  for (const m of matches(AMOUNT_SUFFIX, text)) {
    let value = parseAmount(m[1]);
    if (m[2]) value *= TEN_THOUSAND;
    if (m[3]) value += Number(m[3]) / 10; // 3块5 = 3.5 元
    if (Number.isFinite(value) && value > 0) {
      out.push({ type: 'amount', rule: 'amount', from: m.index, to: m.index + m[0].length, value });
    }
  }
  return out;
}

function parseAmount(raw: string): number {
  if (/\d/.test(raw)) return Number(raw.replace(/,/g, ''));
  return parseChineseNumber(raw);
}

const CN_DIGIT_VALUES: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * 一百二十 → 120, 两百 → 200, 一百零五 → 105, and the colloquial 一千五 → 1500 / 三百五 → 350
 * (a trailing digit right after a unit counts in the next lower unit). Arabic digits pass.
 */
export function parseChineseNumber(raw: string): number {
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/[十百千万]/.test(raw)) { // 二〇二六: digit by digit
    const digits = [...raw].map((c) => CN_DIGIT_VALUES[c]);
    return digits.some((d) => d === undefined) ? NaN : Number(digits.join(''));
  }
  let total = 0, section = 0, digit = 0, lastUnit = 0, zeroSeen = false, digitAfterUnit = false;
  for (const ch of raw) {
    if (ch in CN_DIGIT_VALUES) {
      digit = CN_DIGIT_VALUES[ch];
      if (digit === 0) zeroSeen = true;
      digitAfterUnit = lastUnit > 0;
    } else if (ch in CN_UNITS) {
      const unit = CN_UNITS[ch];
      section += (digit || (unit === CN_UNITS['十'] ? 1 : 0)) * unit;
      digit = 0; lastUnit = unit; zeroSeen = false; digitAfterUnit = false;
    } else if (ch === '万') {
      total += (section + digit) * TEN_THOUSAND;
      section = 0; digit = 0; lastUnit = TEN_THOUSAND; zeroSeen = false; digitAfterUnit = false;
    } else {
      return NaN;
    }
  }
  const colloquial = digit > 0 && digitAfterUnit && !zeroSeen && lastUnit >= 100;
  return total + section + (colloquial ? (digit * lastUnit) / 10 : digit);
}

function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const ranked = [...candidates].sort((a, b) =>
    PRIORITY[a.rule] - PRIORITY[b.rule] || (b.to - b.from) - (a.to - a.from) || a.from - b.from);
  const kept: Candidate[] = [];
  for (const c of ranked) {
    if (kept.every((k) => c.to <= k.from || c.from >= k.to)) kept.push(c);
  }
  return kept.sort((a, b) => a.from - b.from);
}

function toEntity(original: string, mapped: MappedText, c: Candidate): Entity {
  const { start, end } = originalRange(mapped, c.from, c.to);
  return { type: c.type, text: original.slice(start, end), value: c.value, start, end };
}
