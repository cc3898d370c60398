/**
 * Whether the bot resolved a conversation on its own (issue 11): the customer got an answer and
 * did not need anything else — no hand-off, no 👎, not abandoned after a question the bot could
 * not answer (a customer who stopped replying after 您是想问 or 抱歉没找到 is not "resolved"), and
 * not back with the same need within days (a customer message after a long silence).
 */
import type { OutcomeAction } from './repository.js';

/** A customer writing again after this much silence has come back: the answer did not settle it. */
export const REOPEN_AFTER_SILENCE_MS = 30 * 60 * 1000;
/** ...counted only within this long after the bot's last answer. */
export const REOPEN_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** The decisions that settle a question: an answer, or a flow that did the task (查订单). */
const SETTLING: ReadonlySet<OutcomeAction> = new Set(['answer', 'flow']);

/** One message of a conversation, oldest first: who wrote it, the bot's decision, when. */
export interface TrailMessage {
  sender: string;
  action: string | null;
  createdAt: string;
}

export interface ConversationFacts {
  handedOff: boolean;
  thumbsDown: boolean;
  /** Oldest first. */
  trail: readonly TrailMessage[];
}

export function botResolved({ handedOff, thumbsDown, trail }: ConversationFacts): boolean {
  if (handedOff || thumbsDown) return false;
  const decisions = trail.filter((m) => m.sender === 'bot' && m.action && ['answer', 'flow', 'clarify', 'fallback', 'handoff'].includes(m.action));
  const last = decisions.at(-1);
  // Nothing settled, or the conversation ended on a question the bot could not answer: abandoned.
  if (!last || !SETTLING.has(last.action as OutcomeAction)) return false;
  return !cameBack(trail);
}

/** A customer message after a long silence, within the reopen window after an answer. */
function cameBack(trail: readonly TrailMessage[]): boolean {
  let lastAnswerAt: number | null = null;
  let previousAt: number | null = null;
  for (const m of trail) {
    const at = Date.parse(m.createdAt);
    if (m.sender === 'customer' && lastAnswerAt !== null && previousAt !== null && at - previousAt >= REOPEN_AFTER_SILENCE_MS && at - lastAnswerAt <= REOPEN_WINDOW_MS) return true;
    if (m.sender === 'bot' && m.action && SETTLING.has(m.action as OutcomeAction)) lastAnswerAt = at;
    previousAt = at;
  }
  return false;
}
