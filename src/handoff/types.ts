/**
 * The hand-off domain's shared vocabulary (issue 7): where a conversation stands with the
 * people behind the bot, and why it was handed over. One list, used by the queue, the agent
 * API, the customer's status, tickets and (later) analytics.
 */

/** none: with the bot · queued: waiting for a person · assigned: a person has it · offline: no person now (leave a message) · closed: the person finished. */
export const HANDOFF_STATUSES = ['none', 'queued', 'assigned', 'offline', 'closed'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** Why a conversation went to a person — stored with every hand-off, for analytics. */
export const HANDOFF_REASONS = ['customer_request', 'knowledge_missing', 'repeated_failure', 'emotion', 'policy', 'flow'] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** An agent's availability; only `online` agents are offered conversations. */
export const AGENT_PRESENCES = ['online', 'busy', 'away', 'offline'] as const;
export type AgentPresence = (typeof AGENT_PRESENCES)[number];

/** What the customer is told about their hand-off (GET /api/v1/conversations/:id → `handoff`). */
export interface CustomerHandoffView {
  status: HandoffStatus;
  /** 1 = next; null unless queued. */
  position: number | null;
  estimatedWaitSeconds: number | null;
  /** The assigned agent's display name; null unless assigned. */
  agentName: string | null;
}
