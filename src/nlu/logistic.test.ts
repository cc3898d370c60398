import { describe, expect, it } from 'vitest';
import { fitLogistic, logit, sigmoid } from './logistic.js';

describe('logistic regression', () => {
  it.each([
    [0, 0.5],
    [Math.log(3), 0.75],
    [-Math.log(3), 0.25],
  ])('sigmoid(%d) = %d', (z, p) => {
    expect(sigmoid(z)).toBeCloseTo(p);
  });

  it('fits a separable toy set: overlap says yes, a missing key word says no', () => {
    // [word overlap, key word missing]
    const rows = [
      [0.9, 0], [0.8, 0], [0.95, 0], [0.7, 0], [0.85, 0],
      [0.2, 1], [0.1, 1], [0.3, 1], [0.6, 1], [0.15, 0],
    ];
    const labels = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    const model = fitLogistic(['overlap', 'keyMissing'], rows, labels);
    expect(model.features).toEqual(['overlap', 'keyMissing']);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
    const p = rows.map((x) => sigmoid(logit(model, x)));
    p.forEach((pi, i) => expect(pi > 0.5 ? 1 : 0).toBe(labels[i]));
  });

  it('orders predictions by the evidence', () => {
    const rows = [[0], [0.2], [0.4], [0.5], [0.6], [0.8], [1], [0.3], [0.7], [0.45]];
    const labels = [0, 0, 0, 1, 1, 1, 1, 0, 1, 0];
    const model = fitLogistic(['overlap'], rows, labels);
    const ps = [0, 0.25, 0.5, 0.75, 1].map((x) => sigmoid(logit(model, [x])));
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThan(ps[i - 1]);
  });

  it('stays finite on perfectly separable data (L2 keeps weights bounded)', () => {
    const model = fitLogistic(['x'], [[0], [1]], [0, 1]);
    expect(Number.isFinite(model.weights[0])).toBe(true);
    expect(Number.isFinite(model.bias)).toBe(true);
  });

  it('learns the base rate as the bias when features say nothing', () => {
    const rows = Array.from({ length: 40 }, () => [0]);
    const labels = rows.map((_, i) => (i % 4 === 0 ? 1 : 0));
    expect(sigmoid(fitLogistic(['x'], rows, labels).bias)).toBeCloseTo(0.25, 2);
  });
});
