import { describe, expect, it } from 'vitest';
import { accuracyAt, bestThreshold, median, percentile, rankOfGold, scoreRetrieval } from './metrics.js';

describe('rankOfGold', () => {
  it.each([
    [['E1', 'E2', 'E3'], 'E1', 1],
    [['E1', 'E2', 'E3'], 'E3', 3],
    [['E1', 'E2', 'E3'], 'E9', null],
    [[], 'E1', null],
  ])('%j / %s → %s', (ranked, gold, expected) => {
    expect(rankOfGold(ranked, gold)).toBe(expected);
  });
});

describe('scoreRetrieval', () => {
  it('counts top-1, top-3 and reciprocal ranks', () => {
    // ranks 1, 2, 4, miss → top1 1/4, top3 2/4, MRR (1 + 1/2 + 1/4 + 0) / 4
    const s = scoreRetrieval([1, 2, 4, null]);
    expect(s.top1).toBeCloseTo(0.25);
    expect(s.top3).toBeCloseTo(0.5);
    expect(s.mrr).toBeCloseTo(1.75 / 4);
    expect(s.queries).toBe(4);
  });

  it('ignores ranks beyond the MRR cut-off of 10', () => {
    expect(scoreRetrieval([10]).mrr).toBeCloseTo(0.1);
    expect(scoreRetrieval([11]).mrr).toBe(0);
  });

  it('is all zeros without queries', () => {
    expect(scoreRetrieval([])).toEqual({ top1: 0, top3: 0, mrr: 0, queries: 0 });
  });
});

describe('accuracyAt', () => {
  const pairs = [
    { score: 0.9, same: true },
    { score: 0.6, same: true },
    { score: 0.5, same: false },
    { score: 0.1, same: false },
  ];
  it('calls a pair "same" at or above the threshold', () => {
    expect(accuracyAt(pairs, 0.55)).toBe(1);
    expect(accuracyAt(pairs, 0.6)).toBe(1);
    expect(accuracyAt(pairs, 0.61)).toBe(0.75);
    expect(accuracyAt(pairs, 0)).toBe(0.5);
  });
});

describe('bestThreshold', () => {
  it('finds the midpoint of the gap that separates the classes', () => {
    const r = bestThreshold([
      { score: 0.9, same: true },
      { score: 0.6, same: true },
      { score: 0.5, same: false },
      { score: 0.1, same: false },
    ]);
    expect(r.accuracy).toBe(1);
    expect(r.threshold).toBeCloseTo(0.55);
  });

  it('maximises accuracy when the classes overlap', () => {
    const pairs = [
      { score: 0.95, same: true },
      { score: 0.8, same: false },
      { score: 0.7, same: true },
      { score: 0.65, same: true },
      { score: 0.3, same: false },
      { score: 0.2, same: false },
      { score: 0.1, same: true },
    ];
    const r = bestThreshold(pairs);
    expect(r.accuracy).toBeCloseTo(5 / 7);
    expect(accuracyAt(pairs, r.threshold)).toBeCloseTo(r.accuracy);
    expect(r.threshold).toBeCloseTo(0.475);
  });

  it('moves tied scores together, never splitting a tie', () => {
    const pairs = [
      { score: 0.5, same: true },
      { score: 0.5, same: false },
      { score: 0.5, same: true },
      { score: 0.2, same: false },
    ];
    const r = bestThreshold(pairs);
    expect(r.accuracy).toBe(0.75);
    expect(r.threshold).toBeCloseTo(0.35);
  });

  it('can call nothing "same" when every pair is negative', () => {
    const pairs = [
      { score: 0.4, same: false },
      { score: 0.7, same: false },
    ];
    const r = bestThreshold(pairs);
    expect(r.accuracy).toBe(1);
    expect(accuracyAt(pairs, r.threshold)).toBe(1);
  });
});

describe('percentile and median', () => {
  const latencies = [5, 1, 3, 2, 4, 100, 6, 7, 8, 9];
  it('uses nearest rank', () => {
    expect(percentile(latencies, 0.5)).toBe(5);
    expect(percentile(latencies, 0.99)).toBe(100);
    expect(percentile(latencies, 0)).toBe(1);
  });
  it('averages the middle pair for even counts', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
  });
});
