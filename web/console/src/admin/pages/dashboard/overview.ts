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

/** Median and p90 of durations in seconds. */
export interface Spread {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** What `GET /api/v1/analytics/summary` returns (src/analytics/service.ts Summary). */
export interface Summary {
  from: string;
  to: string;
  conversations: number;
  botResolved: number;
  botResolvedRate: number | null;
  handoffs: { total: number; byReason: Record<string, number> };
  answers: number;
  fallbacks: number;
  clarifications: number;
  satisfaction: {
    agents: { count: number; average: number | null };
    bot: { helpful: number; notHelpful: number; helpfulRate: number | null };
  };
  queueWait: Spread;
  firstResponse: Spread;
  handling: Spread;
  byChannel: Record<string, { conversations: number; botResolved: number }>;
  byBot: Record<string, { conversations: number; botResolved: number }>;
  byHour: Array<{ hour: number; count: number }>;
  byCategory: Array<{ category: string | null; count: number }>;
  topEntries: Array<{ entryId: string; question: string | null; count: number }>;
}

/** The fields of `GET /api/v1/learning/unresolved` the dashboard shows (src/learning/inbox.ts). */
export interface UnresolvedClusterBrief {
  id: string;
  label: string;
  size: number;
  conversations: number;
  examples: string[];
}

/** One point of `GET /api/v1/calibration/history` (src/dialog/calibration/history.ts). */
export interface CalibrationHistoryPoint {
  computedAt: string;
  status: 'calibrated' | 'small_knowledge_base' | 'target_unreachable';
  entryCount: number;
  rates: { answeredRight: number; answeredWrong: number; askedBack: number; nothing: number; outOfScopeAnswered: number };
  probeCounts: { inScope: number; outOfScope: number };
  confusablePairs: number;
}
