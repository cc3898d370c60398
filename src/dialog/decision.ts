/**
 * A Decision is what the bot chose to do with one customer message, and why. Operators see it
 * whole (`POST /api/v1/try`, `wendu ask`); customers only its reply (`POST /api/v1/chat`,
 * src/dialog/routes.ts). Every field is recorded so
 * operators (and the learning loop) can see why the bot said what it said.
 */
import type { AnswerBlock } from '../kb/schemas.js';
import type { Emotion, Entity } from '../nlu/types.js';
import type { OutOfWindowCandidate } from './validity-index.js';

export type DecisionAction = 'answer' | 'clarify' | 'handoff' | 'flow' | 'fallback';

export interface Suggestion {
  entryId: string;
  question: string;
}

export interface TraceCandidate {
  entryId: string;
  question: string;
  matchedQuestion: string;
  score: number;
  confidence: number;
  features: Record<string, number | boolean>;
}

export interface DecisionTrace {
  /** The normalised text the matcher saw. */
  normalized: string;
  /** Sub-questions when the message held several (多问多答). */
  parts: string[];
  candidates: TraceCandidate[];
  /**
   * The answer thresholds in force: `answer` with the key word matched, `keyWordMissing` without
   * (null: never), `calibrated` when the bot's self-calibration set them (docs/confidence.md).
   */
  thresholds: { answer: number; margin: number; clarify: number; keyWordMissing: number | null; calibrated: boolean };
  /** The rule that fired, e.g. `handoff.explicit_request`, `answer.confident`, `clarify.close_candidates`. */
  rule: string;
  /** The (last) question as understood — rewritten with the previous one for a follow-up. */
  resolvedQuestion: string;
  /** Human-readable explanation in Chinese. */
  explanation: string;
  /** Milliseconds spent understanding and deciding. */
  elapsedMs: number;
  /** Expired or not-yet-valid entries the question resembles: never candidates, listed so the operator knows (src/dialog/validity-index.ts). */
  outOfWindow?: OutOfWindowCandidate[];
}

/** One answered part of a multi-question message. */
export interface DecisionPart {
  text: string;
  action: DecisionAction;
  entryId: string | null;
  confidence: number;
  reply: string;
  content: AnswerBlock[];
  suggestions: Suggestion[];
  rule: string;
}

export interface Decision {
  action: DecisionAction;
  /** The reply as plain text (rich content below; text fallback for channels that cannot show it). */
  reply: string;
  content: AnswerBlock[];
  entryId: string | null;
  confidence: number;
  suggestions: Suggestion[];
  emotion: Emotion;
  entities: Entity[];
  /** Present when the message held several questions; `reply` then joins them. */
  parts: DecisionPart[];
  /** Keys of the stock-phrase variants used, so a conversation can avoid repeating them word for word. */
  phrases: string[];
  trace: DecisionTrace;
}
