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
 */
import type { BotSettings } from '../../config/settings.js';
import { logit, sigmoid, type LogisticModel } from '../../nlu/logistic.js';
import { answerEvidence, type RankedEvidence } from './answer-model.js';

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
}

/** What the rule looks at of the top candidate. */
export interface TopEvidence {
  confidence: number;
  /** Confidence of the top minus the runner-up's (the top's own confidence when alone). */
  lead: number;
  keyWordMatched: boolean;
}

/** The bar the top candidate must reach, given whether its key word matched (Infinity: never). */
export function confidenceBar(t: AnswerThresholds, keyWordMatched: boolean): number {
  return keyWordMatched ? t.answerThreshold : (t.keyWordMissingThreshold ?? Infinity);
}

export function answers(t: AnswerThresholds, top: TopEvidence): boolean {
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
 * probability and lead when `t` has one, the matcher's confidence and lead otherwise.
 */
export function ruleEvidence(t: AnswerThresholds, ranked: readonly RankedEvidence[], keyWordMatched: boolean): TopEvidence | null {
  const [first, second] = ranked;
  if (!first) return null;
  if (!t.model) return { confidence: first.confidence, lead: first.confidence - (second?.confidence ?? 0), keyWordMatched };
  return fromEvidence(t.model, answerEvidence(first, second), second ? answerEvidence(second, first) : null, keyWordMatched);
}

/** The same from evidence already computed (the probes keep theirs, see outcomes.ts). */
export function fromEvidence(model: LogisticModel, first: readonly number[], runnerUp: readonly number[] | null, keyWordMatched: boolean): TopEvidence {
  const probability = sigmoid(logit(model, first));
  const other = runnerUp ? sigmoid(logit(model, runnerUp)) : 0;
  return { confidence: probability, lead: probability - other, keyWordMatched };
}
