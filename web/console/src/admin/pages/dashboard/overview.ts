/** What `GET /api/v1/analytics/overview` and `…/unanswered` return (src/analytics/service.ts). */
export type OutcomeAction = 'answer' | 'clarify' | 'fallback' | 'handoff' | 'flow';
export const OUTCOME_ACTIONS: OutcomeAction[] = ['answer', 'clarify', 'fallback', 'handoff', 'flow'];

export interface DaySeries {
  day: string;
  conversations: number;
  customerMessages: number;
  outcomes: Record<OutcomeAction, number>;
  handoffs: number;
  handoffsByReason: Record<string, number>;
  ratings: number;
  ratingAverage: number | null;
  medianWaitSeconds: number | null;
  p90WaitSeconds: number | null;
}

export interface Overview {
  from: string;
  to: string;
  days: DaySeries[];
  totals: {
    conversations: number;
    customerMessages: number;
    outcomes: Record<OutcomeAction, number>;
    handoffs: number;
    handoffsByReason: Record<string, number>;
    wait: { count: number; medianSeconds: number | null; p90Seconds: number | null };
    satisfaction: { count: number; average: number | null; distribution: Record<string, number> };
  };
}

export interface UnansweredQuestion {
  conversationId: string;
  seq: number;
  text: string;
  action: 'fallback' | 'clarify';
  at: string;
  suggestions: Array<{ entryId: string; question: string }>;
  /** The bot answers it directly now (fixed since). */
  answeredNow: boolean;
}

/** The bot's decisions on questions: the denominator of the answer, clarification and fallback rates. */
export function decisionsOf(outcomes: Record<OutcomeAction, number>): number {
  return OUTCOME_ACTIONS.reduce((n, a) => n + outcomes[a], 0);
}
