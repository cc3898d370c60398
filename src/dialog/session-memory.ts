/**
 * What `POST /api/v1/chat` remembers per `sessionId`: the previous question (for follow-ups)
 * and the phrases just used (so replies rotate). Bounded and short-lived — the stateless API
 * for quick integrations; full conversations with a durable log use /api/v1/conversations.
 */
import type { PreviousTurn } from './context.js';

/** Sessions remembered at once; the oldest is forgotten first. */
export const SESSION_MEMORY_LIMIT = 10_000;
/** A session idle this long starts afresh. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
const RECENT_PHRASES_KEPT = 6;

interface SessionTurn {
  previous: PreviousTurn;
  recentPhrases: string[];
  at: number;
}

export class SessionMemory {
  private readonly sessions = new Map<string, SessionTurn>();

  constructor(
    private readonly limit = SESSION_MEMORY_LIMIT,
    private readonly idleMs = SESSION_IDLE_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  recall(sessionId: string): Omit<SessionTurn, 'at'> | null {
    const turn = this.sessions.get(sessionId);
    if (!turn || this.clock() - turn.at > this.idleMs) return null;
    return turn;
  }

  remember(sessionId: string, previous: PreviousTurn, phrases: string[]): void {
    const recentPhrases = [...(this.sessions.get(sessionId)?.recentPhrases ?? []), ...phrases].slice(-RECENT_PHRASES_KEPT);
    // Re-inserting moves the session to the back: the Map's order is least recently used first.
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, { previous, recentPhrases, at: this.clock() });
    while (this.sessions.size > this.limit) this.sessions.delete(this.sessions.keys().next().value!);
  }
}
