/**
 * The class prior the threshold fit re-weights its probes to: the share of customers' business
 * questions whose first-ranked entry is wrong (fit.ts, `maxWrongProbes`).
 *
 * The operator's setting (`BotSettings.wrongFirstShare`, chosen on the demo tuning set) applies until
 * the bot has traffic; then the share is estimated per knowledge base from its own served decisions,
 * unlabelled, by the EM procedure of Saerens, Latinne & Decaestecker (2002), "Adjusting the outputs of
 * a classifier to new a priori probabilities": the answer model's probabilities of the served first
 * entries are re-weighted to a candidate prior, their mean is the next prior, until it settles. The
 * answer model was fitted on the probes, so its probabilities carry the probes' prior (its training
 * share of right first entries); the procedure moves them to the traffic's.
 *
 * What the traffic counts as "not right" includes off-topic messages that reached the rule (the
 * model was fitted with out-of-scope probes as not right), so the estimate leans to more wrong first
 * entries than the business questions have: the cautious side.
 */
import type { BotSettings } from '../../config/settings.js';
import { logit, sigmoid, type LogisticModel } from '../../nlu/logistic.js';
import { answerEvidence, type RankedEvidence } from './answer-model.js';
import { supportedByEntry } from './answer-rule.js';
import type { EntryTypicality } from './typicality.js';

/** Below this many served decisions the model can judge, the traffic's estimate is not trusted: the setting applies. */
export const MIN_SERVED_DECISIONS = 200;
/**
 * The newest this many served decisions are read (the traffic of the knowledge base as it is now, roughly).
 * The read blocks an in-process SQLite: 500 of 100,000 stored messages took 61–177 ms, 2,000 took 350–400 ms
 * (bench/served-rankings-cost.ts, machine at load 16–25); 500 estimate a share near 0.1 to about ±0.013 (binomial).
 */
export const MAX_SERVED_DECISIONS = 500;
/**
 * The traffic's estimate is kept within these bounds: a few hundred unlabelled probabilities of a model
 * fitted on probes can drift far, and the fit must neither spend the whole wrong-answer budget on an
 * estimate of almost no wrong first entries nor stop answering on one of almost all.
 */
export const TRAFFIC_WRONG_FIRST_MIN = 0.05;
export const TRAFFIC_WRONG_FIRST_MAX = 0.5;
/** EM stops when the prior moves less than this between two steps, or after EM_MAX_STEPS. */
export const EM_TOLERANCE = 1e-6;
export const EM_MAX_STEPS = 200;

export interface WrongFirstPrior {
  /** The share of customers' business questions whose first entry is wrong, as the fit used it. */
  share: number;
  /** setting: BotSettings.wrongFirstShare; traffic: estimated from the served decisions. */
  source: 'setting' | 'traffic';
  /** Served decisions the model could judge (read, whether or not enough to be trusted). */
  servedDecisions: number;
  /** The EM estimate before the bounds (null: not computed — no model, or too few decisions). */
  estimate: number | null;
}

/**
 * A probability of "right" from a model fitted where right had prior `trainedRight`, moved to a
 * population where it has prior `right` (Saerens et al. 2002, eq. 2.4).
 */
export function shiftPrior(p: number, trainedRight: number, right: number): number {
  const r = (right / trainedRight) * p;
  const w = ((1 - right) / (1 - trainedRight)) * (1 - p);
  return r + w > 0 ? r / (r + w) : p;
}

/** The share of right first entries among unlabelled probabilities, by EM from the model's training prior. */
export function estimateRightShare(probabilities: readonly number[], trainedRight: number): number {
  let right = trainedRight;
  for (let step = 0; step < EM_MAX_STEPS; step++) {
    let sum = 0;
    for (const p of probabilities) sum += shiftPrior(p, trainedRight, right);
    const next = sum / probabilities.length;
    const moved = Math.abs(next - right);
    right = next;
    if (moved < EM_TOLERANCE) break;
  }
  return right;
}

/**
 * The prior the fit uses: the traffic's, when at least MIN_SERVED_DECISIONS served first entries were
 * judged by the model (`probabilities`, under the model fitted with right share `trainedRight`), bounded;
 * the setting's otherwise (no model, or too little traffic).
 */
export function wrongFirstPrior(settings: Pick<BotSettings, 'wrongFirstShare'>, probabilities: readonly number[] | null, trainedRight: number | null): WrongFirstPrior {
  const served = probabilities?.length ?? 0;
  const fallback: WrongFirstPrior = { share: settings.wrongFirstShare, source: 'setting', servedDecisions: served, estimate: null };
  if (!probabilities || trainedRight === null || served < MIN_SERVED_DECISIONS || trainedRight <= 0 || trainedRight >= 1) return fallback;
  const estimate = 1 - estimateRightShare(probabilities, trainedRight);
  const share = Math.min(TRAFFIC_WRONG_FIRST_MAX, Math.max(TRAFFIC_WRONG_FIRST_MIN, estimate));
  return { share, source: 'traffic', servedDecisions: served, estimate };
}

/**
 * The answer model's probability of each served decision's first entry (its candidates as the trace
 * recorded them, best first), read with the model and typicality of this calibration; first entries
 * the model cannot judge (no other question, answer-rule.ts) are left out.
 */
export function servedProbabilities(model: LogisticModel, typicality: EntryTypicality | undefined, served: readonly (readonly RankedEvidence[])[]): number[] {
  const typical = (c: RankedEvidence) => typicality?.of(c.entryId) ?? 0;
  const out: number[] = [];
  for (const [first, second] of served) {
    if (!first || !supportedByEntry(first)) continue;
    out.push(sigmoid(logit(model, answerEvidence(first, second, typical(first)))));
  }
  return out;
}
