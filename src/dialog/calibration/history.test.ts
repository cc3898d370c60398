/**
 * The calibration history store on SQLite and PostgreSQL: what is recorded comes back with the
 * rates worked out from the tallies, oldest first, the newest CALIBRATION_HISTORY_LIMIT only,
 * and kept to its workspace and bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDatabase } from '../../store/testing.js';
import type { Calibration } from './calibrate.js';
import { CalibrationHistory, CALIBRATION_HISTORY_LIMIT } from './history.js';

const START = Date.parse('2026-11-20T08:00:00Z');
const MINUTE_MS = 60_000;

/** A calibration as the bot computes it, with the tallies that matter here. */
function calibrationAt(minute: number, wrong: number): Calibration {
  const tally = { inScope: 200, rightFirst: 170, wrongFirst: 30, answeredRight: 150 - wrong, answeredWrong: wrong, askedBack: 40, nothing: 10, outOfScope: 40, outOfScopeAnswered: 2 };
  const thresholds = { answerThreshold: 0.48, keyWordMissingThreshold: null, answerMargin: 0.4 };
  return {
    status: 'calibrated',
    thresholds,
    defaults: { answerThreshold: 0.6, keyWordMissingThreshold: null, answerMargin: 0.12 },
    targetWrongRate: 0.02,
    maxOutOfScopeAnswered: 0.1,
    prior: { share: 0.1, source: 'setting', servedDecisions: 0, estimate: null },
    onProbes: { calibrated: tally, defaults: tally },
    probes: { leave_one_out: 120, typo: 30, traditional: 20, particles: 15, fragment: 15, learned: 0, out_of_scope: 40 },
    confusablePairs: [{ entryIds: ['shop-refund', 'shop-return'], questions: ['怎么退款', '怎么退货'], confusedProbes: 3, probes: 9, examples: [{ question: '退钱咋弄', entryId: 'shop-refund', rankedFirst: 'shop-return' }] }],
    entryCount: 105,
    computedAt: new Date(START + minute * MINUTE_MS).toISOString(),
    elapsedMs: 3000,
  };
}

describe.each(TEST_BACKENDS)('calibration history ($name)', (backend) => {
  let database: TestDatabase;
  let history: CalibrationHistory;

  beforeAll(async () => {
    database = await backend.open();
    history = new CalibrationHistory(database);
  });
  afterAll(async () => database?.dispose());

  it('gives back what was recorded, with the rates of the tallies, oldest first', async () => {
    // Recorded out of order (two instances finishing at once): read back by when they were computed.
    await history.record('ws-a', 'bot-a', calibrationAt(2, 4));
    await history.record('ws-a', 'bot-a', calibrationAt(1, 10));
    const points = await history.list('ws-a', 'bot-a');
    expect(points.map((p) => p.rates.answeredWrong)).toEqual([10 / 200, 4 / 200]);
    expect(points[1]).toEqual({
      computedAt: calibrationAt(2, 4).computedAt,
      status: 'calibrated',
      entryCount: 105,
      rates: { answeredRight: 146 / 200, answeredWrong: 4 / 200, askedBack: 40 / 200, nothing: 10 / 200, outOfScopeAnswered: 2 / 40 },
      probeCounts: { inScope: 200, outOfScope: 40, byKind: calibrationAt(2, 4).probes },
      thresholds: { answerThreshold: 0.48, keyWordMissingThreshold: null, answerMargin: 0.4 },
      confusablePairs: 1,
    });
  });

  it('keeps to its workspace and bot', async () => {
    expect(await history.list('ws-b', 'bot-a')).toEqual([]);
    expect(await history.list('ws-a', 'bot-b')).toEqual([]);
  });

  it(`shows the newest ${CALIBRATION_HISTORY_LIMIT}, oldest of them first`, async () => {
    const extra = 3;
    for (let minute = 0; minute < CALIBRATION_HISTORY_LIMIT + extra; minute++) await history.record('ws-c', 'bot-c', calibrationAt(minute, minute % 7));
    const points = await history.list('ws-c', 'bot-c');
    expect(points).toHaveLength(CALIBRATION_HISTORY_LIMIT);
    expect(points[0]!.computedAt).toBe(calibrationAt(extra, 0).computedAt);
    expect(points.at(-1)!.computedAt).toBe(calibrationAt(CALIBRATION_HISTORY_LIMIT + extra - 1, 0).computedAt);
  });
});
