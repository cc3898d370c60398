/**
 * The Bot: one tenant's answering runtime. It keeps a matcher index built from the knowledge
 * base (rebuilt on every change, so edits and imports answer at once) and turns a customer
 * message into a Decision. Expiry is checked at question time, so an entry stops being served
 * the moment its validity window closes.
 *
 * (Interim skeleton: the matcher and policy land in src/nlu/matcher.ts and src/dialog/policy.ts.)
 */
import type { Channel } from '../kb/schemas.js';
import type { BotSettings } from '../config/settings.js';
import type { Decision } from './decision.js';

export interface ChatRequest {
  text: string;
  sessionId?: string;
  channel?: Channel;
  customer?: Record<string, unknown>;
}

export interface SimilarityResult {
  score: number;
  similar: boolean;
  threshold: number;
}

export interface BotApi {
  decide(req: ChatRequest): Decision;
  similarity(a: string, b: string): SimilarityResult;
  readonly settings: BotSettings;
  close(): void;
}
