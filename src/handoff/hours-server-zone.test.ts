/**
 * A server whose clock runs in a zone west of UTC (a cloud host left on America/New_York)
 * still opens and closes a Beijing team at Beijing times, holidays and 调休 days included.
 */
import { describe, expect, it } from 'vitest';

process.env.TZ = 'America/New_York';
const { groupAvailability } = await import('./hours.js');
const { HandoffGroupSchema } = await import('./types.js');

const NINE_TO_SIX = [{ from: '09:00', to: '18:00' }];
const PRESALES = HandoffGroupSchema.parse({ id: 'presales', name: '售前', weekly: { '1': NINE_TO_SIX, '2': NINE_TO_SIX, '3': NINE_TO_SIX, '4': NINE_TO_SIX, '5': NINE_TO_SIX } });

describe('hours on a server clock in New York', () => {
  it('the process really is west of UTC', () => {
    expect(new Date('2026-03-10T12:00:00Z').getTimezoneOffset()).toBeGreaterThan(0);
  });

  it.each([
    ['a Tuesday 09:30 in Beijing', '2026-03-10T09:30:00+08:00', true],
    ['国庆 2026-10-01 10:00 in Beijing', '2026-10-01T10:00:00+08:00', false],
    ['调休 Saturday 2026-10-10 10:00 in Beijing', '2026-10-10T10:00:00+08:00', true],
    ['an ordinary Saturday 2026-10-17 10:00 in Beijing', '2026-10-17T10:00:00+08:00', false],
  ])('%s → open=%s', (_name, instant, open) => {
    expect(groupAvailability(PRESALES, new Date(instant)).open).toBe(open);
  });

  it('opens after 国庆 at 09:00 Beijing time', () => {
    expect(groupAvailability(PRESALES, new Date('2026-10-05T10:00:00+08:00')).opensAt).toBe('2026-10-08T01:00:00.000Z');
  });
});
