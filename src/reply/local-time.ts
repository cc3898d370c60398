/**
 * Wall-clock time in the business's time zone. Night greetings, weekday variants and business
 * hours all depend on the clock where the shop is, not where the server runs.
 */
import { WenduError } from '../errors/index.js';

/** Wendu's customers are Chinese businesses: Beijing time unless a bot says otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const MINUTES_PER_HOUR = 60;
/** `HH:mm`, 00:00–23:59 (24:00 is not a time of day; an overnight window wraps instead). */
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** ISO weekday numbers: 1 = Monday (周一) … 7 = Sunday (周日). */
const ISO_WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface LocalTime {
  /** Minutes since local midnight, 0–1439. */
  minutes: number;
  /** ISO weekday: 1 = Monday (周一) … 7 = Sunday (周日). */
  isoWeekday: number;
}

export interface TimeWindow {
  from: string;
  to: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', weekday: 'short' });
    } catch {
      throw new WenduError('WENDU_CONFIG_INVALID', { timeZone, reason: '未知的时区' });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function localTime(now: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(now).map((p) => [p.type, p.value]));
  return { minutes: Number(parts.hour) * MINUTES_PER_HOUR + Number(parts.minute), isoWeekday: ISO_WEEKDAY[parts.weekday] };
}

export function isHhMm(value: string): boolean {
  return HH_MM.test(value);
}

/** Minutes since midnight of an `HH:mm` string. */
export function parseHhMm(value: string): number {
  const m = HH_MM.exec(value);
  if (!m) throw new WenduError('WENDU_VALIDATION', { issues: [{ path: 'timeWindow', message: `时间应为 HH:mm 格式（00:00–23:59），收到「${value}」`, code: 'custom' }] });
  return Number(m[1]) * MINUTES_PER_HOUR + Number(m[2]);
}

/**
 * Is `minutes` inside [from, to)? A window whose end is before its start runs overnight
 * (22:00–06:00 covers 23:30 and 05:59, not 06:00). from === to is the whole day.
 */
export function inTimeWindow(minutes: number, window: TimeWindow): boolean {
  const from = parseHhMm(window.from);
  const to = parseHhMm(window.to);
  if (from === to) return true;
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}
