/**
 * The answer model: a small logistic regression, fitted per knowledge base on its own probes, of
 * the probability that the first entry of a ranking is the right answer. The answer rule
 * (answer-rule.ts) is then applied to that probability instead of the matcher's confidence.
 *
 * Why: the matcher's confidence was fitted on public pair sets and separates right from wrong
 * first entries poorly on a shop's customers (docs/confidence.md, "Where the answers are lost").
 * What it lacks is *entry support*: a right first entry is usually near several of the operator's
 * phrasings of it, a wrong one wins on a chance overlap with one (the matcher's `support`
 * features). Fitted on the probes, the weights say how much support counts on this knowledge base
 * (the demo's phrasings are many and varied; another trade's may be few and alike).
 *
 * Features of a candidate, against the best other candidate (for the first: its runner-up):
 *   confidenceLogit  the matcher's confidence, as log-odds
 *   lead             its confidence minus the other's
 *   support          the best pair probability of its entry's other questions, as log-odds
 *   supportMean      … their mean, as log-odds
 *   supportLead      its support minus the other's
 *   coverageLead     how much of the query its entry's questions cover together, minus the other's
 *                    (IDF-weighted; the matcher's `entryCoverage`): a customer's words a wrong entry
 *                    matched by one chance overlap are seldom covered by its other phrasings
 *   recalledShare    the share of its entry's questions that recall found among its best (the
 *                    matcher's `recalledShare`): the right entry's phrasings usually echo the
 *                    customer's words several times, a wrong entry is found through one of them
 *   recalledLead     … minus the other's
 *   typicality       its supportMean minus its entry's typicality (typicality.ts: how near its own
 *                    questions are to one another), as log-odds: support judged against what this
 *                    entry's phrasings give each other, not against one bar for every entry
 */
import { fitLogistic, type LogisticModel } from '../../nlu/logistic.js';
import type { AnswerPrior } from './answer-prior.js';
import type { CandidateFeatures } from '../../nlu/types.js';

export const ANSWER_MODEL_FEATURES = ['confidenceLogit', 'lead', 'support', 'supportMean', 'supportLead', 'coverageLead', 'recalledShare', 'recalledLead', 'typicality'] as const;

/**
 * Probabilities are clipped to [PROBABILITY_FLOOR, 1 − PROBABILITY_FLOOR] before log-odds: an
 * entry without another question (support 0) must not weigh as minus infinity.
 */
export const PROBABILITY_FLOOR = 1e-3;

/** What the model reads of a ranked candidate. */
export interface RankedEvidence {
  entryId: string;
  confidence: number;
  features: CandidateFeatures;
}

const logOdds = (p: number) => {
  const q = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p));
  return Math.log(q / (1 - q));
};

/**
 * The model's features of `candidate` against `other` (the best other candidate; none when alone);
 * `typical`: the candidate entry's typicality (typicality.ts; 0 where no table was computed).
 */
export function answerEvidence(candidate: RankedEvidence, other: RankedEvidence | undefined, typical = 0): number[] {
  const support = candidate.features.support ?? 0;
  const supportMean = logOdds(candidate.features.supportMean ?? 0);
  return [
    logOdds(candidate.confidence),
    candidate.confidence - (other?.confidence ?? 0),
    logOdds(support),
    supportMean,
    support - (other?.features.support ?? 0),
    (candidate.features.entryCoverage ?? 0) - (other?.features.entryCoverage ?? 0),
    candidate.features.recalledShare ?? 0,
    (candidate.features.recalledShare ?? 0) - (other?.features.recalledShare ?? 0),
    supportMean - typical,
  ];
}

/** One probe for the fit: its evidence, and whether answering its first entry would be right. */
export interface AnswerModelRow {
  evidence: number[];
  right: boolean;
}

/**
 * Fits the model on the probes (out-of-scope ones are never right to answer); with a prior (answer-prior.ts),
 * the served log-odds are the blend of the fit's and the prior's.
 */
export function fitAnswerModel(rows: readonly AnswerModelRow[], prior: AnswerPrior | null = null): LogisticModel {
  const own = fitLogistic(ANSWER_MODEL_FEATURES, rows.map((r) => r.evidence), rows.map((r) => (r.right ? 1 : 0)));
  if (!prior?.blend) return own;
  const mix = (a: number, b: number) => (1 - prior.blend) * a + prior.blend * b;
  return { features: own.features, weights: own.weights.map((w, i) => mix(w, prior.model.weights[i])), bias: mix(own.bias, prior.model.bias) };
}
