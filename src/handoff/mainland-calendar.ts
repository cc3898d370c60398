/**
 * The mainland China working calendar (法定节假日 and 调休 working days), from the maintained
 * `chinese-days` package. Asked by calendar date ('2026-10-01'), never by instant: the caller
 * has already turned "now" into the group's local date.
 *
 * Why the package's published data (`dist/chinese-days.json`, documented in its README) and not
 * its `isHoliday` / `isWorkday` functions: those key their tables in the *process's* local time
 * zone, so on a server west of UTC every answer is a day off (with TZ=America/New_York,
 * `isWorkday` says the 调休 Saturday 2026-10-10 is a day off). The data is the same calendar
 * with no dependency on the server clock's zone; mainland-calendar.test.ts checks that the two
 * agree for every day of 2026.
 *
 * The State Council announces each year's arrangement in November: keep `chinese-days` current,
 * or dates of a year it does not know yet are treated as ordinary weekdays and weekends.
 */
import { createRequire } from 'node:module';
import type { Locale } from '../reply/phrases.js';

interface PublishedCalendar {
  /** date → "English name,中文名,days" for days off. */
  holidays: Record<string, string>;
  /** date → the same, for weekend days made working days (调休上班). */
  workdays: Record<string, string>;
}

const CALENDAR = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as PublishedCalendar;

export interface MainlandDay {
  /** A public holiday (法定节假日，含调休放假的日子): closed. */
  holiday: boolean;
  /** A weekend day made a working day (调休上班): open like a working day. */
  swappedWorkday: boolean;
  /** The festival the day belongs to, e.g. 国庆节 / National Day; null on an ordinary day. */
  festival: Record<Locale, string> | null;
}

function festivalOf(entry: string | undefined): Record<Locale, string> | null {
  if (!entry) return null;
  const [en, zh] = entry.split(',');
  return { zh: zh || en || '', en: en || zh || '' };
}

/** What the mainland calendar says about a local date (YYYY-MM-DD). */
export function mainlandDay(date: string): MainlandDay {
  const holiday = CALENDAR.holidays[date];
  const workday = CALENDAR.workdays[date];
  return { holiday: holiday !== undefined, swappedWorkday: workday !== undefined, festival: festivalOf(holiday ?? workday) };
}
