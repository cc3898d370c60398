/** Wait percentiles by nearest rank: what "half of the customers waited at most" means. */
import { describe, expect, it } from 'vitest';
import { percentile } from './service.js';

describe('percentile', () => {
  it.each([
    [[], 0.5, null],
    [[42], 0.5, 42],
    [[42], 0.9, 42],
    [[10, 20, 30, 40], 0.5, 20],
    [[10, 20, 30, 40], 0.9, 40],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 5],
  ])('of %j at %d is %j', (sorted, fraction, expected) => {
    expect(percentile(sorted, fraction)).toBe(expected);
  });
});
