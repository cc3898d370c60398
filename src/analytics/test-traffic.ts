/**
 * Test support: real customer conversations over the HTTP conversation API (docs/realtime.md),
 * so analytics are computed from what the engine really recorded. Not imported by production code.
 */
import { randomUUID } from 'node:crypto';

export interface DrivenConversation {
  conversationId: string;
  customerId: string;
  /** The bot's replies to each message, in order. */
  replies: Array<Array<{ sender: string; text: string; meta?: { action?: string } }>>;
}

const CUSTOMER_HEADER = 'x-wendu-customer';

/** Questions with a known fate against the demo knowledge base. */
export const DEMO_QUESTIONS = {
  /** Answered directly (shop-invoice-how). */
  ANSWERED: '发票怎么开呀',
  /** A bare topic: asked back, offering the coupon entries (shop-coupon-get among them). */
  CLARIFIED: '优惠券',
  /** Nothing in the demo knows it: a fallback. */
  UNKNOWN: '你们老板是谁',
} as const;

/** A new customer opens a conversation and says each of `texts`, one after the other. */
export async function customerSays(baseUrl: string, ...texts: string[]): Promise<DrivenConversation> {
  const opened = await fetch(`${baseUrl}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (!opened.ok) throw new Error(`open failed: ${opened.status} ${await opened.text()}`);
  const { conversationId, customerId } = (await opened.json()) as { conversationId: string; customerId: string };
  const replies: DrivenConversation['replies'] = [];
  for (const text of texts) {
    const sent = await fetch(`${baseUrl}/api/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: customerId },
      body: JSON.stringify({ text, clientMessageId: randomUUID() }),
    });
    if (!sent.ok) throw new Error(`send failed: ${sent.status} ${await sent.text()}`);
    replies.push(((await sent.json()) as { replies: DrivenConversation['replies'][number] }).replies);
  }
  return { conversationId, customerId, replies };
}

/** The customer rates the conversation's (closed) hand-off. */
export async function customerRates(baseUrl: string, conversation: DrivenConversation, score: number, comment?: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/conversations/${conversation.conversationId}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: conversation.customerId },
    body: JSON.stringify({ score, ...(comment ? { comment } : {}) }),
  });
  if (!res.ok) throw new Error(`rating failed: ${res.status} ${await res.text()}`);
}
