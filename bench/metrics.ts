/**
 * The numbers the bench reports. Pure functions, unit-tested in metrics.test.ts, so a change
 * in a score always means a change in a system, never in the arithmetic.
 */

/** MRR counts the gold entry only when it is in the top 10 (MRR@10), as the README defines. */
export const MRR_CUTOFF = 10;

/** 1-based position of `gold` in a best-first list, or null when it is absent. */
export function rankOfGold(rankedIds: readonly string[], gold: string): number | null {
  const i = rankedIds.indexOf(gold);
  return i < 0 ? null : i + 1;
}

export interface RetrievalScores {
  top1: number;
  top3: number;
  /** Mean reciprocal rank, counting only ranks ≤ MRR_CUTOFF. */
  mrr: number;
  queries: number;
}

/** Scores from the gold rank of every query (null = not retrieved). */
export function scoreRetrieval(ranks: readonly (number | null)[]): RetrievalScores {
  if (ranks.length === 0) return { top1: 0, top3: 0, mrr: 0, queries: 0 };
  let top1 = 0;
  let top3 = 0;
  let rr = 0;
  for (const r of ranks) {
    if (r === null) continue;
    if (r === 1) top1 += 1;
    if (r <= 3) top3 += 1;
    if (r <= MRR_CUTOFF) rr += 1 / r;
  }
  const n = ranks.length;
  return { top1: top1 / n, top3: top3 / n, mrr: rr / n, queries: n };
}

export interface ScoredPair {
  score: number;
  same: boolean;
}

/** Accuracy when pairs scoring at or above `threshold` are called "same". */
export function accuracyAt(pairs: readonly ScoredPair[], threshold: number): number {
  if (pairs.length === 0) return 0;
  let correct = 0;
  for (const p of pairs) if ((p.score >= threshold) === p.same) correct += 1;
  return correct / pairs.length;
}

/**
 * The threshold that maximises accuracy on `pairs`. Every cut between two adjacent distinct
 * scores is tried (plus "everything same" and "nothing same"); the threshold returned is the
 * midpoint of the best gap, so it does not sit on a dev score and generalises symmetrically.
 * Ties in accuracy keep the lowest threshold.
 */
export function bestThreshold(pairs: readonly ScoredPair[]): { threshold: number; accuracy: number } {
  if (pairs.length === 0) return { threshold: 0, accuracy: 0 };
  const sorted = [...pairs].sort((x, y) => x.score - y.score);
  const positives = sorted.filter((p) => p.same).length;
  // Cut below everything: all called "same".
  let correct = positives;
  let best = { threshold: sorted[0].score, accuracy: correct / sorted.length };
  let i = 0;
  while (i < sorted.length) {
    // Move the whole group of equal scores below the cut at once.
    const s = sorted[i].score;
    while (i < sorted.length && sorted[i].score === s) {
      correct += sorted[i].same ? -1 : 1;
      i += 1;
    }
    const next = i < sorted.length ? sorted[i].score : s + 1e-6;
    const threshold = i < sorted.length ? (s + next) / 2 : next;
    const accuracy = correct / sorted.length;
    if (accuracy > best.accuracy) best = { threshold, accuracy };
  }
  return best;
}

/** Value at quantile `q` ∈ [0,1] by nearest rank. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
