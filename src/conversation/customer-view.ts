/**
 * A message as the customer's own client receives it (widget, HTTP conversation API, socket):
 * everything the conversation needs — text, content, sender, seq, what it replies to, the entry,
 * the bot's action, a system message's kind — and none of the bot's internals. The decision trace
 * (every candidate with its features and confidence, the thresholds, the explanation), the phrase
 * keys used for rotation and an operator rule's matched detail stay for operators and agents.
 */
import type { Message } from './schemas.js';

/** Meta keys that describe how the bot decided, not what was said: never sent to a customer. */
export const INTERNAL_META_KEYS = ['decision', 'phrases', 'handoffDetail'] as const;

export function customerMessage(message: Message): Message {
  if (!INTERNAL_META_KEYS.some((key) => key in message.meta)) return message;
  const meta = { ...message.meta };
  for (const key of INTERNAL_META_KEYS) delete meta[key];
  return { ...message, meta };
}

export function customerMessages(messages: readonly Message[]): Message[] {
  return messages.map(customerMessage);
}
