/**
 * A message as the customer's own client receives it (widget, HTTP conversation API, socket,
 * resume and history): text, content, sender, seq and the few meta fields a client acts on —
 * and none of the bot's internals. The decision record (every candidate with its features and
 * confidence, the thresholds, the rule, the explanation), a flow's trace, the phrase keys used
 * for rotation and an operator rule's matched detail stay for operators and agents, who read the
 * stored message (agent socket, transcript and operator APIs).
 *
 * An allow-list, not a deny-list: a meta field added for operators tomorrow stays with them
 * unless it is added here on purpose. It also keeps the customer's frames small — the decision
 * record was ~2.9 KB of a ~3.4 KB bot message (docs/performance.md, "Third pass").
 */
import type { Message, MessageMeta } from './schemas.js';

/**
 * What a customer's client may read of `meta`: the customer message a reply answers (`replyTo`,
 * the widget's 👍/👎 and ordering), the entry and kind of reply (`entryId`, `action`, as in
 * docs/realtime.md), a system message's kind and its rating scale (the widget's rating form),
 * and the customer's own ticket number for a left message.
 */
export const CUSTOMER_META_KEYS = ['replyTo', 'entryId', 'action', 'kind', 'scale', 'ticketId'] as const;

function customerMeta(meta: MessageMeta): MessageMeta {
  const shown: Record<string, unknown> = {};
  for (const key of CUSTOMER_META_KEYS) if (meta[key] !== undefined) shown[key] = meta[key];
  return shown as MessageMeta;
}

/** The one projection of a message for its customer. */
export function customerMessage(message: Message): Message {
  return { ...message, meta: customerMeta(message.meta) };
}

export function customerMessages(messages: readonly Message[]): Message[] {
  return messages.map(customerMessage);
}
