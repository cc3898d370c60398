/**
 * The answer rule, in one place: the policy applies it to customers' questions and the
 * calibration fit applies it to the probes, so what is fitted is exactly what answers.
 *
 *   answer ⇔ confidence ≥ (key word matched ? answerThreshold : keyWordMissingThreshold)
 *            and lead over the runner-up ≥ answerMargin
 *
 * The key word is graded evidence: without it the bar is higher (`keyWordMissingThreshold`),
 * or unreachable (null) — today's `requireKeyWordMatch` veto is the null case.
 *
 * On a calibrated knowledge base "confidence" is the answer model's probability that the first
 * entry is right (answer-model.ts, fitted on the probes with the thresholds) and the lead is over
 * the runner-up's probability; otherwise it is the matcher's confidence (`ruleEvidence`).
 *
 * The model weighs the first entry's *other* questions (its support); an entry with none (one
 * question, or a probe's entry with its only other one left out) cannot be judged by it, so such a
 * first candidate is judged on the matcher's confidence with CONSERVATIVE_THRESHOLDS — here, so the
 * policy, the context reading, the probes' fit and the learning safety check all apply it alike.
 */
import type { BotSettings } from '../../config/settings.js';
import { logit, sigmoid, type LogisticModel } from '../../nlu/logistic.js';
import { answerEvidence, type RankedEvidence } from './answer-model.js';
import type { EntryTypicality } from './typicality.js';

export interface AnswerThresholds {
  /** Confidence needed when the question's key word is in the matched question. */
  answerThreshold: number;
  /** Confidence needed when it is not; null: never answer without the key word. */
  keyWordMissingThreshold: number | null;
  /** Lead over the best other entry's confidence. */
  answerMargin: number;
  /**
   * The answer model the thresholds apply to (a calibrated knowledge base's, answer-model.ts):
   * they are then bars on its probability, not on the matcher's confidence. Absent: the confidence.
   */
  model?: LogisticModel;
  /** The entries' typicality the model's features read (typicality.ts); with `model`, from the same calibration. */
  typicality?: EntryTypicality;
}

/**
 * What a knowledge base that cannot be calibrated answers with, and what a first entry the answer
 * model cannot judge (no other question to support it) is held to: only near-exact matches, with a
 * clear lead, and never without the question's key word. The settings' fixed thresholds were set
 * on the demo, whose entries have many similar questions; on a knowledge base of one question per
 * entry they answered wrongly far more often (afqmc_dev: 14%). Chosen on the tuning tasks treated
 * as uncalibrated (bq_dev: 0.95 / 0.30 → 1.2% of real queries answered wrongly, 0.90 → 2.7%;
 * lcqmc_dev in docs/confidence.md).
 */
export const CONSERVATIVE_THRESHOLDS: AnswerThresholds = { answerThreshold: 0.95, keyWordMissingThreshold: null, answerMargin: 0.3 };

/** What the rule looks at of the top candidate. */
export interface TopEvidence {
  confidence: number;
  /** Confidence of the top minus the runner-up's (the top's own confidence when alone). */
  lead: number;
  keyWordMatched: boolean;
  /**
   * The answer model was in force but cannot judge this first entry (it has no other question):
   * `confidence` and `lead` are the matcher's, held to CONSERVATIVE_THRESHOLDS (`thresholdsFor`).
   */
  unsupported?: boolean;
}

/** The thresholds the top candidate is held to: those in force, or the conservative ones where the model cannot judge it. */
export function thresholdsFor(t: AnswerThresholds, top: TopEvidence): AnswerThresholds {
  return top.unsupported ? CONSERVATIVE_THRESHOLDS : t;
}

/** Whether the answer model can judge a first entry: it has at least one other question to support it. */
export function supportedByEntry(first: RankedEvidence): boolean {
  return (first.features.supportQuestions ?? 0) > 0;
}

/** The bar the top candidate must reach, given whether its key word matched (Infinity: never). */
export function confidenceBar(t: AnswerThresholds, keyWordMatched: boolean): number {
  return keyWordMatched ? t.answerThreshold : (t.keyWordMissingThreshold ?? Infinity);
}

export function answers(inForce: AnswerThresholds, top: TopEvidence): boolean {
  const t = thresholdsFor(inForce, top);
  return top.confidence >= confidenceBar(t, top.keyWordMatched) && top.lead >= t.answerMargin;
}

/** Today's fixed thresholds from the bot's settings (calibration off, or not computed yet). */
export function settingsThresholds(settings: BotSettings): AnswerThresholds {
  return {
    answerThreshold: settings.answerThreshold,
    keyWordMissingThreshold: settings.requireKeyWordMatch ? null : settings.answerThreshold,
    answerMargin: settings.answerMargin,
  };
}

/**
 * What the rule reads of a ranking (best first) under thresholds `t`: the answer model's
 * probability and lead when `t` has one and the first entry is supported, the matcher's
 * confidence and lead otherwise (marked `unsupported` when the model could not judge it).
 */
export function ruleEvidence(t: AnswerThresholds, ranked: readonly RankedEvidence[], keyWordMatched: boolean): TopEvidence | null {
  const [first, second] = ranked;
  if (!first) return null;
  const plain = { confidence: first.confidence, lead: first.confidence - (second?.confidence ?? 0), keyWordMatched };
  if (!t.model) return plain;
  if (!supportedByEntry(first)) return { ...plain, unsupported: true };
  const typical = (c: RankedEvidence) => t.typicality?.of(c.entryId) ?? 0;
  return fromEvidence(t.model, answerEvidence(first, second, typical(first)), second ? answerEvidence(second, first, typical(second)) : null, keyWordMatched);
}

/** The same from evidence already computed (the probes keep theirs, see outcomes.ts). */
export function fromEvidence(model: LogisticModel, first: readonly number[], runnerUp: readonly number[] | null, keyWordMatched: boolean): TopEvidence {
  const probability = sigmoid(logit(model, first));
  const other = runnerUp ? sigmoid(logit(model, runnerUp)) : 0;
  return { confidence: probability, lead: probability - other, keyWordMatched };
}
