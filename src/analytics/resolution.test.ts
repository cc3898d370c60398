import { describe, expect, it } from 'vitest';
import { botResolved, REOPEN_AFTER_SILENCE_MS, REOPEN_WINDOW_MS, type TrailMessage } from './resolution.js';

const T0 = Date.parse('2026-11-30T02:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const customer = (ms: number): TrailMessage => ({ sender: 'customer', action: null, createdAt: at(ms) });
const bot = (action: string, ms: number): TrailMessage => ({ sender: 'bot', action, createdAt: at(ms) });
const facts = (trail: TrailMessage[], extra: Partial<{ handedOff: boolean; thumbsDown: boolean }> = {}) => ({ handedOff: false, thumbsDown: false, trail, ...extra });

describe('botResolved', () => {
  it('an answer the customer did not come back to is resolved', () => {
    expect(botResolved(facts([bot('welcome', 0), customer(1000), bot('answer', 1500)]))).toBe(true);
    // A follow-up in the same sitting is not coming back.
    expect(botResolved(facts([customer(0), bot('answer', 500), customer(60_000), bot('answer', 60_500)]))).toBe(true);
  });

  it('a hand-off or a 👎 is not resolved', () => {
    expect(botResolved(facts([customer(0), bot('answer', 500)], { handedOff: true }))).toBe(false);
    expect(botResolved(facts([customer(0), bot('answer', 500)], { thumbsDown: true }))).toBe(false);
  });

  it('stopping after a clarification or a fallback is abandoned, not resolved; no question at all is not resolved', () => {
    expect(botResolved(facts([customer(0), bot('answer', 500), customer(1000), bot('clarify', 1500)]))).toBe(false);
    expect(botResolved(facts([customer(0), bot('fallback', 500)]))).toBe(false);
    expect(botResolved(facts([bot('welcome', 0)]))).toBe(false);
  });

  it('coming back after a long silence within the window is not resolved; long after it is a new need', () => {
    const back = REOPEN_AFTER_SILENCE_MS + 1000;
    expect(botResolved(facts([customer(0), bot('answer', 500), customer(500 + back), bot('answer', 1000 + back)]))).toBe(false);
    const muchLater = REOPEN_WINDOW_MS + 10_000;
    expect(botResolved(facts([customer(0), bot('answer', 500), customer(muchLater), bot('answer', muchLater + 500)]))).toBe(true);
  });
});
