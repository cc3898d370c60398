/**
 * What the conversation engine remembers between two customer messages. Stored as JSON with
 * the conversation (ConversationService.saveState), so it survives restarts and can be read by
 * any instance.
 */
import type { FlowState } from '../flows/types.js';
import type { PreviousTurn } from './context.js';

/** Stock-phrase variants remembered per conversation to avoid repeating one word for word. */
export const RECENT_PHRASES_KEPT = 6;
/** Entries recently answered or suggested, kept out of the next 猜你想问. */
export const RECENT_ENTRIES_KEPT = 10;

export interface DialogState {
  /** The previous customer question as understood, for follow-ups. */
  previous: PreviousTurn | null;
  /** The flow waiting for the customer's answer, if any. */
  flow: FlowState | null;
  recentPhrases: string[];
  recentEntries: string[];
  promotionsShown: Record<string, number>;
  /** Fallbacks in a row; at `maxConsecutiveFallbacks` the customer goes to a person. */
  consecutiveFallbacks: number;
  /** Set when the bot handed the customer over (the hand-off queue picks it up). */
  handoff: { at: string; reason: string } | null;
}

export function initialDialogState(): DialogState {
  return { previous: null, flow: null, recentPhrases: [], recentEntries: [], promotionsShown: {}, consecutiveFallbacks: 0, handoff: null };
}

/** Stored state from an older version lacks newer fields; fill them with defaults. */
export function restoreDialogState(stored: Partial<DialogState> | null): DialogState {
  return { ...initialDialogState(), ...(stored ?? {}) };
}

export function remember(list: readonly string[], added: readonly string[], keep: number): string[] {
  return [...list, ...added].slice(-keep);
}
