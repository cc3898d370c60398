/**
 * The contract of understanding. `nlu` is pure: it receives entries and text and returns
 * rankings — no database, no HTTP — so it can be benchmarked and tested in isolation.
 */

/** What the matcher needs to know of a knowledge entry. */
export interface MatchableEntry {
  id: string;
  question: string;
  similarQuestions: string[];
  /** Plain answer text, matched at a lower weight than questions. */
  answerText?: string;
  category?: string | null;
}

/** Why a candidate scored what it did; shown in the decision trace. */
export interface CandidateFeatures {
  /** BM25-style word overlap, normalised to [0,1] against the query's own maximum. */
  word: number;
  /** Character bigram overlap (robust to segmentation errors). */
  char: number;
  /** Pinyin overlap (homophone typos: 发漂 → 发票). */
  pinyin: number;
  /** Fraction of the query's weighted words found in the matched question. */
  coverage: number;
  /** Best match came from the answer text rather than a question. */
  fromAnswer: boolean;
}

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
