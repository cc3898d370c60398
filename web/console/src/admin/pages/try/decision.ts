/** The whole Decision `POST /api/v1/try` returns (src/dialog/decision.ts), as the console reads it. */
import type { ReplyBlock } from './rich-content';

export type DecisionAction = 'answer' | 'clarify' | 'handoff' | 'flow' | 'fallback';

export interface TraceCandidate {
  entryId: string;
  question: string;
  matchedQuestion: string;
  score: number;
  confidence: number;
  features: Record<string, number | boolean>;
}

export interface Decision {
  action: DecisionAction;
  reply: string;
  content: ReplyBlock[];
  entryId: string | null;
  confidence: number;
  suggestions: Array<{ entryId: string; question: string }>;
  emotion: { label: string; score: number; cues: string[] };
  entities: Array<{ type: string; text: string; value: string | number }>;
  parts: Array<{ text: string; action: DecisionAction; entryId: string | null; confidence: number; rule: string }>;
  trace: {
    normalized: string;
    parts: string[];
    candidates: TraceCandidate[];
    thresholds: { answer: number; margin: number; clarify: number };
    rule: string;
    resolvedQuestion: string;
    explanation: string;
    elapsedMs: number;
  };
}
