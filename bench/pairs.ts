/**
 * Section 2: pair accuracy of Wendu's `similarity`. The threshold is chosen on the dev file of
 * each corpus only, then applied unchanged to the held-out files (AFQMC, a third bank-service
 * corpus, borrows the BQ threshold). The chosen thresholds are written to bench/thresholds.json
 * for the product to read.
 */
import { writeFileSync } from 'node:fs';
import { loadPairs, missingReason, pairsPath, subsample, type LabelledPair } from './data.js';
import { accuracyAt, bestThreshold, type ScoredPair } from './metrics.js';
import { progress } from './options.js';
import type { MatcherLoad } from './systems.js';

export const THRESHOLDS_FILE = new URL('./thresholds.json', import.meta.url);
/** Pairs per file under --quick: a threshold within about a point of the full-data one. */
export const QUICK_PAIRS_PER_FILE = 3000;
const QUICK_PAIRS_SEED = 4_242;

/** Where each threshold is tuned and where it is then measured. */
export const PAIR_PLAN = [
  { corpus: 'bq', dev: 'bq_dev.tsv', evals: ['bq_test.tsv', 'afqmc_dev.jsonl'] },
  { corpus: 'lcqmc', dev: 'lcqmc_dev.tsv', evals: ['lcqmc_test.tsv'] },
] as const;

/** Published neural accuracies (%), for scale; and the targets we set ourselves. */
export const PUBLISHED: Record<string, { model: string; accuracy: number; target?: number }> = {
  'bq_test.tsv': { model: 'BERT', accuracy: 84.8, target: 80 },
  'lcqmc_test.tsv': { model: 'BERT', accuracy: 86.9, target: 83 },
  'afqmc_dev.jsonl': { model: 'BERT-base (test)', accuracy: 73.7 },
};

export interface PairRow {
  file: string;
  heldOut: boolean;
  pairs: number;
  thresholdFrom: string;
  threshold: number;
  accuracy: number;
  /** Accuracy of always answering the majority label: the floor any threshold must beat. */
  majority: number;
  published?: { model: string; accuracy: number; target?: number };
}

export interface PairsResult {
  rows: PairRow[];
  thresholds: Record<string, { threshold: number; devAccuracy: number; devFile: string; devPairs: number }>;
  skipped: string[];
  msPerPair: number;
}

export function runPairs(wendu: MatcherLoad, quick: boolean): PairsResult | { unavailable: string } {
  if (!wendu.ok) return { unavailable: wendu.reason };
  // Pair similarity needs no knowledge base: word weights come from a general corpus.
  const matcher = wendu.module.createMatcher([]);
  let scoredCount = 0;
  let scoringMs = 0;
  const score = (all: LabelledPair[]): ScoredPair[] => {
    const pairs = quick ? subsample(all, QUICK_PAIRS_PER_FILE, QUICK_PAIRS_SEED) : all;
    const t0 = performance.now();
    const out = pairs.map((p) => ({ score: matcher.similarity(p.a, p.b), same: p.same }));
    scoringMs += performance.now() - t0;
    scoredCount += pairs.length;
    return out;
  };
  const result: PairsResult = { rows: [], thresholds: {}, skipped: [], msPerPair: 0 };
  for (const plan of PAIR_PLAN) {
    const missing = missingReason(pairsPath(plan.dev));
    if (missing) {
      result.skipped.push(missing);
      continue;
    }
    progress('pairs', `${plan.dev}: scoring and choosing the threshold`);
    const dev = score(loadPairs(plan.dev));
    // Rounded before use so the product, reading thresholds.json, gets exactly what was measured.
    const threshold = round(bestThreshold(dev).threshold);
    const best = { threshold, accuracy: accuracyAt(dev, threshold) };
    result.thresholds[plan.corpus] = { threshold: best.threshold, devAccuracy: best.accuracy, devFile: plan.dev, devPairs: dev.length };
    result.rows.push(row(plan.dev, false, dev, plan.dev, best.threshold));
    for (const file of plan.evals) {
      const gone = missingReason(pairsPath(file));
      if (gone) {
        result.skipped.push(gone);
        continue;
      }
      progress('pairs', `${file}: scoring with the ${plan.corpus} threshold ${best.threshold.toFixed(3)}`);
      result.rows.push(row(file, true, score(loadPairs(file)), plan.dev, best.threshold));
    }
  }
  result.msPerPair = scoringMs / Math.max(1, scoredCount);
  return result;
}

function row(file: string, heldOut: boolean, scored: ScoredPair[], from: string, threshold: number): PairRow {
  const positives = scored.filter((p) => p.same).length;
  return {
    file,
    heldOut,
    pairs: scored.length,
    thresholdFrom: from,
    threshold,
    accuracy: accuracyAt(scored, threshold),
    majority: Math.max(positives, scored.length - positives) / Math.max(1, scored.length),
    published: PUBLISHED[file],
  };
}

/** Machine-readable thresholds: the product reads `corpora.<name>.threshold`. */
export function writeThresholds(result: PairsResult, matcherSource: string): void {
  const doc = {
    description: 'Pair-similarity thresholds for Wendu matcher.similarity(a, b), each chosen to maximise accuracy on its dev set only. Written by `npm run bench`.',
    generatedAt: new Date().toISOString(),
    matcher: matcherSource,
    corpora: Object.fromEntries(
      Object.entries(result.thresholds).map(([k, v]) => [k, { threshold: v.threshold, devAccuracy: round(v.devAccuracy), devFile: v.devFile, devPairs: v.devPairs }]),
    ),
    heldOut: Object.fromEntries(result.rows.filter((r) => r.heldOut).map((r) => [r.file, { threshold: r.threshold, accuracy: round(r.accuracy) }])),
  };
  writeFileSync(THRESHOLDS_FILE, `${JSON.stringify(doc, null, 2)}\n`);
}

const THRESHOLD_DIGITS = 1e4;
const round = (x: number): number => Math.round(x * THRESHOLD_DIGITS) / THRESHOLD_DIGITS;
