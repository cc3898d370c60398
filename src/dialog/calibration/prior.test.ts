/**
 * The customers' prior (prior.ts): the probability shift of Saerens et al. (2002), its EM estimate from
 * unlabelled probabilities, and when the traffic's estimate is trusted.
 */
import { describe, expect, it } from 'vitest';
import { estimateRightShare, MIN_SERVED_DECISIONS, shiftPrior, TRAFFIC_WRONG_FIRST_MAX, TRAFFIC_WRONG_FIRST_MIN, wrongFirstPrior } from './prior.js';
import { seededRandom } from './variants.js';

/** A standard normal draw (Box–Muller) from a seeded uniform source. */
const normal = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/**
 * A population whose scores are N(+1, 1) when right and N(−1, 1) when wrong, `right` of them right, read by
 * the exactly calibrated model of a population with prior `trainedRight`: p = σ(2x + log-odds of that prior).
 */
function probabilities(n: number, right: number, trainedRight: number, seed: number): number[] {
  const random = seededRandom(seed);
  const bias = Math.log(trainedRight / (1 - trainedRight));
  return Array.from({ length: n }, () => {
    const x = (random() < right ? 1 : -1) + normal(random);
    return 1 / (1 + Math.exp(-(2 * x + bias)));
  });
}

describe('the customers’ prior', () => {
  it('shifts a probability to a new prior by Bayes’ rule, and leaves it alone at the same prior', () => {
    expect(shiftPrior(0.3, 0.5, 0.5)).toBeCloseTo(0.3, 12);
    // Odds × (new prior odds / old prior odds): 0.5 at prior 0.5 → 0.9 at prior 0.9.
    expect(shiftPrior(0.5, 0.5, 0.9)).toBeCloseTo(0.9, 12);
    expect(shiftPrior(0.6, 0.5, 0.2)).toBeLessThan(0.6);
  });

  it('recovers the share of right first entries of unlabelled traffic by EM, from a model fitted at another share', () => {
    for (const [trueRight, trainedRight] of [[0.9, 0.53], [0.6, 0.53], [0.8, 0.3]]) {
      const estimate = estimateRightShare(probabilities(4000, trueRight, trainedRight, 7), trainedRight);
      expect(Math.abs(estimate - trueRight)).toBeLessThan(0.03);
    }
    // Not merely the mean probability, which stays near the model's own prior.
    const ps = probabilities(4000, 0.9, 0.53, 7);
    expect(Math.abs(ps.reduce((a, b) => a + b, 0) / ps.length - 0.9)).toBeGreaterThan(0.05);
  });

  it('trusts the traffic only from MIN_SERVED_DECISIONS decisions on, within its bounds; the setting otherwise', () => {
    const settings = { wrongFirstShare: 0.1 };
    const enough = probabilities(MIN_SERVED_DECISIONS, 0.75, 0.53, 3);
    const fromTraffic = wrongFirstPrior(settings, enough, 0.53);
    expect(fromTraffic.source).toBe('traffic');
    expect(fromTraffic.share).toBe(fromTraffic.estimate);
    expect(fromTraffic.share).toBeGreaterThan(0.15);
    expect(wrongFirstPrior(settings, enough.slice(1), 0.53)).toEqual({ share: 0.1, source: 'setting', servedDecisions: MIN_SERVED_DECISIONS - 1, estimate: null });
    expect(wrongFirstPrior(settings, null, null)).toMatchObject({ share: 0.1, source: 'setting', servedDecisions: 0 });
    // An estimate beyond the bounds is held at them (the estimate itself is kept for the report).
    const allRight = wrongFirstPrior(settings, probabilities(MIN_SERVED_DECISIONS, 1, 0.53, 5), 0.53);
    expect(allRight.estimate!).toBeLessThan(TRAFFIC_WRONG_FIRST_MIN);
    expect(allRight.share).toBe(TRAFFIC_WRONG_FIRST_MIN);
    const allWrong = wrongFirstPrior(settings, probabilities(MIN_SERVED_DECISIONS, 0, 0.53, 5), 0.53);
    expect(allWrong.estimate!).toBeGreaterThan(TRAFFIC_WRONG_FIRST_MAX);
    expect(allWrong.share).toBe(TRAFFIC_WRONG_FIRST_MAX);
  });
});
