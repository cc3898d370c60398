import { describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { TurnGate } from './turn-gate.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnGate', () => {
  it('lets in up to its limit, then first come, first served', async () => {
    const gate = new TurnGate({ maxTurnsInFlight: 2, maxQueuedTurns: 10, busyNoticeAfterMs: 1000 });
    const order: string[] = [];
    const a = await gate.enter();
    const b = await gate.enter();
    const waiting = ['退货', '發票', '物流😭'].map((name) => gate.enter().then((release) => (order.push(name), release)));
    await tick();
    expect(gate.load).toEqual({ inFlight: 2, waiting: 3 });
    a();
    a(); // a second release of the same slot frees nothing more
    await tick();
    expect(order).toEqual(['退货']);
    b();
    await tick();
    expect(order).toEqual(['退货', '發票']);
    for (const release of await Promise.all(waiting.slice(0, 2))) release();
    await tick();
    expect(order).toEqual(['退货', '發票', '物流😭']);
    (await waiting[2])();
    expect(gate.load).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('refuses a new message with WENDU_SERVER_BUSY only when the waiting line is full', async () => {
    const gate = new TurnGate({ maxTurnsInFlight: 1, maxQueuedTurns: 1, busyNoticeAfterMs: 1000 });
    const release = await gate.enter();
    expect(() => gate.assertRoom()).not.toThrow();
    const queued = gate.enter();
    await tick();
    let refused: unknown;
    try {
      gate.assertRoom();
    } catch (err) {
      refused = err;
    }
    expect(isWenduError(refused) && refused.code).toBe('WENDU_SERVER_BUSY');
    expect(isWenduError(refused) && refused.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    release();
    (await queued)();
    expect(() => gate.assertRoom()).not.toThrow();
  });

  it('tells a slow message once, and never one whose turn started in time', async () => {
    const gate = new TurnGate({ maxTurnsInFlight: 1, maxQueuedTurns: 10, busyNoticeAfterMs: 20 });
    let told = 0;
    gate.noticeIfSlow(() => (told += 1));
    const started = gate.noticeIfSlow(() => (told += 100));
    started();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(told).toBe(1);
  });
});

/** A turn that works the CPU without yielding, as a whole SQLite turn does (it runs in microtasks). */
function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('TurnGate under a burst of turns that never yield', () => {
  it('admits at most maxTurnsInFlight per turn of the event loop, so the busy notices fire and every turn runs', async () => {
    // Before: each turn waited for its own setImmediate, Node ran the whole batch in one check
    // phase — every turn complete before the next, no queue, no timer, nobody told.
    const gate = new TurnGate({ maxTurnsInFlight: 2, maxQueuedTurns: 1000, busyNoticeAfterMs: 20 });
    let told = 0;
    let deepest = 0;
    const turns = Array.from({ length: 100 }, async () => {
      const started = gate.noticeIfSlow(() => (told += 1));
      const release = await gate.enter();
      started();
      deepest = Math.max(deepest, gate.load.waiting);
      busyFor(2);
      release();
    });
    await Promise.all(turns);
    expect(told).toBeGreaterThan(0);
    expect(deepest).toBeGreaterThan(0);
    expect(gate.load).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('tells a message at once, without waiting busyNoticeAfterMs, when the line ahead already takes longer', async () => {
    const gate = new TurnGate({ maxTurnsInFlight: 1, maxQueuedTurns: 1000, busyNoticeAfterMs: 10 });
    // One measured turn of a few ms, then a line of 50 behind a held slot: ~50 turns' wait ahead.
    (await gate.enter().then((release) => (busyFor(3), release)))();
    const held = await gate.enter();
    const line = Array.from({ length: 50 }, () => gate.enter().then((release) => release()));
    await tick();
    let told = 0;
    gate.noticeIfSlow(() => (told += 1));
    // The next check phase, before any timer could run: told already.
    await tick();
    expect(told).toBe(1);
    held();
    await Promise.all(line);
  });
});

describe('TurnGate and the event loop', () => {
  it('tells at once while the loop has just stalled, and not once the stall is windows past', async () => {
    // Far above what a loaded test machine's scheduling adds to the loop's delay, far below the stall.
    const gate = new TurnGate({ maxTurnsInFlight: 32, maxQueuedTurns: 1000, busyNoticeAfterMs: 400 });
    try {
      // Let the monitor sample once, then stall the loop past busyNoticeAfterMs (nothing queued at the gate).
      await new Promise((resolve) => setTimeout(resolve, 30));
      busyFor(800);
      await new Promise((resolve) => setTimeout(resolve, 20));
      let told = 0;
      const started = gate.noticeIfSlow(() => (told += 1));
      await tick();
      expect(told).toBe(1);
      started();
      // Two whole windows later the stall is history: back to the timer.
      await new Promise((resolve) => setTimeout(resolve, 2_200));
      const later = gate.noticeIfSlow(() => (told += 100));
      await tick();
      expect(told).toBe(1);
      later();
    } finally {
      gate.close();
    }
  });
});
