/**
 * A prior for the answer model (answer-model.ts): its weights fitted on customers' phrasings of
 * other knowledge bases, toward which each bot's own fit is pulled. Why: a bot's probes are its own
 * questions, which fail differently from customers' (docs/confidence.md, "Seventh round").
 */
import type { LogisticModel } from '../../nlu/logistic.js';

export interface AnswerPrior {
  model: LogisticModel;
  /** Added to the fit's L2 penalty (per row), centred on the prior's weights. */
  strength: number;
  /** The share of the prior in the served model's log-odds, after the fit (0: the fit alone). */
  blend: number;
}

let inForce: AnswerPrior | null = null;

/** The prior the answer model is fitted with (null: none, weights pulled toward 0). */
export const answerPrior = (): AnswerPrior | null => inForce;

/** Puts a prior in force (benches measuring one; null: none). */
export function useAnswerPrior(prior: AnswerPrior | null): void {
  inForce = prior;
}
