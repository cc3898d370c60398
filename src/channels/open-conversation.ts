/**
 * Starting or resuming a customer's conversation, and paging its message log — ONE
 * implementation for both customer channels: the socket's `conversation:open` and
 * `messages:fetch` (web/socket.ts) and HTTP's `POST /api/v1/conversations` and
 * `GET …/:id/messages` (http/routes.ts). Each channel only adds its framing (the socket's
 * `ok: true` and `missed`, HTTP's 201/200), so the two cannot drift apart.
 */
import { customerMessages } from '../conversation/customer-view.js';
import { MAX_MESSAGES_PAGE_SIZE, type ConversationChannel, type CustomerProfileInput, type Message } from '../conversation/schemas.js';
import type { ConversationService } from '../conversation/service.js';
import type { ConversationEngine } from '../dialog/engine.js';
import { publicCustomer, type OpenConversationRequest, type PublicCustomer } from './web/protocol.js';

/** What a customer channel asks of a bot's engine. */
export type CustomerEngine = Pick<ConversationEngine, 'open' | 'handleCustomerMessage' | 'handleEvent'>;

/**
 * Most messages one open answer carries (the socket ack's `missed`, the HTTP body's `messages`);
 * the rest are paged (`messages:fetch`, `GET …/messages`). Four pages keep the answer small
 * enough for a phone on a weak network while covering any ordinary reconnect.
 */
export const MAX_RESUME_MESSAGES = 4 * MAX_MESSAGES_PAGE_SIZE;

type LogReader = Pick<ConversationService, 'messagesAfter' | 'get'>;

/** What opening needs of a bot. */
export interface OpeningBot {
  conversations: LogReader;
  engine: Pick<CustomerEngine, 'open'>;
}

/** The validated open request with the channel settled (each channel has its own default). */
export type OpenRequest = Omit<OpenConversationRequest, 'botId' | 'channel'> & { channel: ConversationChannel };

/** What both channels answer to an open: the HTTP body and the socket ack (which calls `messages` `missed`). */
export interface OpenedConversation {
  conversationId: string;
  customerId: string;
  /** Keep it (with the conversation id) to resume as the same anonymous visitor. */
  externalId: string;
  customer: PublicCustomer;
  channel: ConversationChannel;
  created: boolean;
  /** Seq of the newest message when the answer was built. */
  lastSeq: number;
  /**
   * Every message after the client's `lastSeq` (oldest first, at most MAX_RESUME_MESSAGES);
   * without a `lastSeq`, what this open itself said (the welcome of a new conversation).
   */
  messages: Message[];
  /** More messages were missed than fit: page on. */
  hasMore: boolean;
}

export interface OpenOptions {
  /**
   * Runs after the conversation exists and before its log is read — the socket joins the
   * conversation's room here, so a message committed meanwhile arrives twice (the client
   * dedupes by seq) rather than not at all.
   */
  beforeReadingLog?: (opened: { conversationId: string; customerId: string }) => Promise<void>;
}

export async function openConversation(bot: OpeningBot, request: OpenRequest, options: OpenOptions = {}): Promise<OpenedConversation> {
  const opened = await bot.engine.open({
    channel: request.channel,
    // Passed on exactly as sent: the signature is verified over these very bytes.
    profile: request.profile as CustomerProfileInput | undefined,
    signature: request.signature,
    conversationId: request.conversationId,
  });
  const { conversation, customer } = opened;
  await options.beforeReadingLog?.({ conversationId: conversation.id, customerId: customer.id });
  const { messages, hasMore } =
    request.lastSeq === undefined ? { messages: opened.messages, hasMore: false } : await missedSince(bot.conversations, conversation.id, request.lastSeq);
  return {
    conversationId: conversation.id,
    customerId: customer.id,
    externalId: customer.externalId,
    customer: publicCustomer(customer),
    channel: conversation.channel,
    created: opened.created,
    lastSeq: Math.max(conversation.lastSeq, messages.length > 0 ? messages[messages.length - 1].seq : 0),
    messages: customerMessages(messages),
    hasMore,
  };
}

/** Everything after `lastSeq`, a page at a time, up to MAX_RESUME_MESSAGES. */
async function missedSince(conversations: LogReader, conversationId: string, lastSeq: number): Promise<{ messages: Message[]; hasMore: boolean }> {
  const messages: Message[] = [];
  let after = lastSeq;
  while (messages.length < MAX_RESUME_MESSAGES) {
    const page = await conversations.messagesAfter(conversationId, after, Math.min(MAX_MESSAGES_PAGE_SIZE, MAX_RESUME_MESSAGES - messages.length));
    messages.push(...page);
    if (page.length === 0) return { messages, hasMore: false };
    after = page[page.length - 1].seq;
  }
  const { lastSeq: newest } = await conversations.get(conversationId);
  return { messages, hasMore: after < newest };
}

/** One page of a conversation's log after `after` (the socket's `messages:fetch`, HTTP's `GET …/messages`). */
export async function messagesPage(
  conversations: LogReader,
  conversationId: string,
  after: number,
  limit: number,
): Promise<{ messages: Message[]; lastSeq: number; hasMore: boolean }> {
  const messages = await conversations.messagesAfter(conversationId, after, limit);
  const { lastSeq } = await conversations.get(conversationId);
  return { messages: customerMessages(messages), lastSeq, hasMore: messages.length > 0 && messages[messages.length - 1].seq < lastSeq };
}
