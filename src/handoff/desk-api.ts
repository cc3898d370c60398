/** The hand-off desk as the conversation engine sees it (implemented in desk.ts). */
import type { CustomerHandoffView, GroupAvailability, HandoffReason } from './types.js';

export interface HandoffRequest {
  conversationId: string;
  customerId: string;
  reason: HandoffReason;
  detail?: string;
  /** higher first: VIP / angry customers */
  priority: number;
  topic: { category: string | null; tags: string[] } | null;
}

export type HandoffOutcome =
  | { status: 'queued'; handoffId: string; groupId: string; position: number; estimatedWaitSeconds: number }
  | { status: 'assigned'; handoffId: string; groupId: string; agentName: string }
  | { status: 'offline'; handoffId: string | null; groupId: string; why: 'closed_hours' | 'no_agent' | 'long_wait'; availability: GroupAvailability };

export interface HandoffDesk {
  /** Idempotent: a conversation with an active hand-off gets that one back. */
  request(req: HandoffRequest): Promise<HandoffOutcome>;
  /** What the customer is told (CustomerHandoffView in types.ts). */
  viewOf(conversationId: string): Promise<CustomerHandoffView>;
  /** The active hand-off (queued or assigned), if any. */
  activeOf(conversationId: string): Promise<{ handoffId: string; status: 'queued' | 'assigned'; agentId: string | null } | null>;
}
