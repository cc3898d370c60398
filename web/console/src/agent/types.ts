/** What the workspace reads from the agent API (src/handoff/*-routes.ts), as the browser sees it. */

export type Presence = 'online' | 'busy' | 'away' | 'offline';
export const PRESENCES: readonly Presence[] = ['online', 'busy', 'away', 'offline'];

export type ListView = 'queue' | 'mine' | 'all';

export type HandoffReason = 'customer_request' | 'knowledge_missing' | 'repeated_failure' | 'emotion' | 'policy' | 'flow';

export interface ConversationRow {
  id: string;
  status: 'queued' | 'assigned';
  reason: HandoffReason;
  detail: string | null;
  groupId: string;
  waitingSeconds: number;
  agentId: string | null;
  customerName: string | null;
  unread: number;
  lastMessage: { seq: number; sender: string; text: string; createdAt: string } | null;
}

export interface Button {
  action: 'reply' | 'link';
  label: string;
  text?: string;
  url?: string;
}

export interface Card {
  title: string;
  text?: string;
  imageUrl?: string;
  url?: string;
  buttons?: Button[];
}

/** Rich content blocks (src/content/rich-content.ts); rendered as text and safe elements only. */
export type RichBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string; alt?: string }
  | { type: 'link'; url: string; title: string }
  | { type: 'card'; card: Card }
  | { type: 'buttons'; text?: string; buttons: Button[] }
  | { type: 'carousel'; cards: Card[] }
  | { type: 'file'; url: string; name: string }
  | { type: 'audio'; url: string; transcript?: string }
  | { type: 'video'; url: string; title?: string };

export interface ChatMessage {
  id: string;
  seq: number;
  sender: 'customer' | 'bot' | 'agent' | 'system';
  senderId: string | null;
  text: string;
  content: RichBlock[];
  createdAt: string;
}

export interface CustomerProfile {
  id: string;
  name: string | null;
  verified: boolean;
  tags: string[];
  vipLevel: number;
  attributes: Record<string, unknown>;
  learned: Record<string, unknown>;
}

export interface Transcript {
  conversation: { id: string; channel?: string };
  handoff: { status: string; agentName: string | null };
  customer: CustomerProfile | undefined;
  messages: ChatMessage[];
}

export interface Suggestion {
  entryId: string;
  question: string;
  answer: string;
  confidence: number;
}

export interface Assist {
  suggestions: Suggestion[];
  suggestionsFor: { seq: number; text: string } | null;
  emotion: { label: 'neutral' | 'positive' | 'negative' | 'angry'; score: number };
  warning: { zh: string; en: string } | null;
  entities: Array<{ type: string; text: string; seq: number }>;
  summary: string;
}

export interface Offer {
  offerId: string;
  conversationId: string;
  reason?: string;
  expiresAt: string;
}

export interface Note {
  actor: string;
  text: string;
  at: string;
}

export interface CannedReply {
  id: string;
  shortcut: string;
  text: string;
  shared: boolean;
}

export type TicketStatus = 'open' | 'pending' | 'closed';

export interface Ticket {
  id: string;
  conversationId: string;
  contact: string;
  contactKind: string;
  text: string;
  status: TicketStatus;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TicketEvent {
  seq: number;
  actor: string;
  kind: string;
  text: string | null;
  at: string;
}
