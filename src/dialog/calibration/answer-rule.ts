/**
 * The answer rule, in one place: the policy applies it to customers' questions and the
 * calibration fit applies it to the probes, so what is fitted is exactly what answers.
 *
 *   answer ⇔ confidence ≥ (key word matched ? answerThreshold : keyWordMissingThreshold)
 *            and lead over the runner-up ≥ answerMargin
 *
 * The key word is graded evidence: without it the bar is higher (`keyWordMissingThreshold`),
 * or unreachable (null) — today's `requireKeyWordMatch` veto is the null case.
 */
import type { BotSettings } from '../../config/settings.js';

export interface AnswerThresholds {
  /** Confidence needed when the question's key word is in the matched question. */
  answerThreshold: number;
  /** Confidence needed when it is not; null: never answer without the key word. */
  keyWordMissingThreshold: number | null;
  /** Lead over the best other entry's confidence. */
  answerMargin: number;
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
