/**
 * The calendar data we read is the calendar `chinese-days` computes, for every day of 2026 —
 * and, unlike its functions, does not depend on the server's clock zone.
 */
import { describe, expect, it } from 'vitest';
import { mainlandDay } from './mainland-calendar.js';

// chinese-days builds its tables in the process's zone when it is first imported: give it
// Beijing time (where its answers are right) before importing it, so it can be the reference.
process.env.TZ = 'Asia/Shanghai';
const { isHoliday, isWorkday } = (await import('chinese-days')).default;

const DAYS_2026 = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());

describe('mainland calendar', () => {
  it('agrees with isHoliday / isWorkday on every day of 2026', () => {
    for (const date of DAYS_2026) {
      const day = mainlandDay(date);
      const workday = day.swappedWorkday || (!isWeekend(date) && !day.holiday);
      expect({ date, workday, holiday: !workday }).toEqual({ date, workday: isWorkday(date), holiday: isHoliday(date) });
    }
  });

  it.each([
    ['2026-10-01', { holiday: true, swappedWorkday: false, festival: { zh: '国庆节', en: 'National Day' } }],
    ['2026-10-10', { holiday: false, swappedWorkday: true, festival: { zh: '国庆节', en: 'National Day' } }],
    ['2026-02-14', { holiday: false, swappedWorkday: true, festival: { zh: '春节', en: 'Spring Festival' } }],
    ['2026-03-10', { holiday: false, swappedWorkday: false, festival: null }],
    ['2026-03-14', { holiday: false, swappedWorkday: false, festival: null }],
  ])('%s', (date, expected) => {
    expect(mainlandDay(date)).toEqual(expected);
  });
});
