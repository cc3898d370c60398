/**
 * The contract of understanding. `nlu` is pure: it receives entries and text and returns
 * rankings — no database, no HTTP — so it can be benchmarked and tested in isolation.
 */

/** What the matcher needs to know of a knowledge entry. */
export interface MatchableEntry {
  id: string;
  question: string;
  similarQuestions: string[];
  /** Customers' phrasings approved through learning, matched below the operator's questions (LEARNED_QUESTION_WEIGHT). */
  learnedQuestions?: string[];
  /** Plain answer text, matched at a lower weight than questions. */
  answerText?: string;
  category?: string | null;
}

/**
 * Why a candidate scored what it did; shown in the decision trace. Keys are the pair features
 * (src/nlu/pair-features.ts: coverageQuery, bigramDice, pinyinDice, …) plus `retrieval` (BM25
 * relative to the best candidate), `fromAnswer` (matched through the answer text), `pairLogit`,
 * `rankScore` and `margin` (rank score over the best other candidate).
 */
export type CandidateFeatures = Record<string, number>;

export interface MatchCandidate {
  entryId: string;
  /** The standard or similar question that matched best. */
  matchedQuestion: string;
  /** Raw ranking score (unbounded, comparable within one query only). */
  score: number;
  /** Calibrated probability in [0,1] that this entry answers the query (see docs/confidence.md). */
  confidence: number;
  features: CandidateFeatures;
}

export type EmotionLabel = 'neutral' | 'positive' | 'negative' | 'angry';

export interface Emotion {
  label: EmotionLabel;
  /** Strength in [0,1]. */
  score: number;
  /** The lexicon words and rules that fired, for the trace. */
  cues: string[];
}

export type EntityType = 'order_number' | 'phone' | 'email' | 'date' | 'amount';

export interface Entity {
  type: EntityType;
  /** The text as the customer wrote it. */
  text: string;
  /** Normalised value: digits for phones and orders, ISO date, number for amounts. */
  value: string | number;
  start: number;
  end: number;
}

/** The result of normalising one message. */
export interface NormalizedText {
  /** Simplified, half-width, lower-case, punctuation collapsed; what matching works on. */
  text: string;
  /** Emoji removed from `text`, kept for emotion. */
  emoji: string[];
  /** The original text, untouched. */
  original: string;
}
