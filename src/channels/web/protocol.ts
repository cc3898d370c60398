/**
 * The customer realtime protocol (socket.io 4, namespace `/customer`) and the request shapes
 * the HTTP conversation API shares with it. docs/realtime.md documents every event here —
 * change both together. Payloads from clients are validated with these zod schemas; text
 * length is checked separately so an oversize message gets its own code (WENDU_MESSAGE_TOO_LONG).
 */
import { z } from 'zod';
import type { ConversationChannel, Customer, Message } from '../../conversation/schemas.js';
import { ConversationChannelSchema, MAX_CLIENT_MESSAGE_ID_LENGTH, MAX_MESSAGE_TEXT_LENGTH } from '../../conversation/schemas.js';
import { AnswerFeedbackSchema } from '../../conversation/answer-feedback.js';
import { WenduError, type ErrorCode } from '../../errors/index.js';
import { parseOrThrow } from '../../errors/validation.js';
import type { OpenedConversation } from '../open-conversation.js';

export const CUSTOMER_NAMESPACE = '/customer';

/** The room every socket that opened a conversation joins; the bus fans messages into it. */
export function conversationRoom(conversationId: string): string {
  return `conv:${conversationId}`;
}

/** Events a customer client emits (each with an ack except `typing` and `read`). */
export const CLIENT_EVENTS = {
  open: 'conversation:open',
  send: 'message:send',
  fetch: 'messages:fetch',
  typing: 'typing',
  read: 'read',
  event: 'event',
  /** 👍/👎 on a bot answer (src/conversation/answer-feedback.ts), like HTTP's POST …/feedback. */
  feedback: 'feedback',
} as const;

/** Events the server emits to a conversation's room. */
export const SERVER_EVENTS = {
  message: 'message',
  typing: 'typing',
  read: 'read',
  /** Where the customer stands with the people (CustomerHandoffView), sent whenever it changes. */
  handoff: 'handoff:status',
  /** To the sender only: the node is saturated, their stored message waits for its turn (BusyNotice). */
  busy: 'busy',
} as const;

/**
 * Sent when a stored (acknowledged) message has waited for a turn longer than the server's
 * busyNoticeAfterMs: it will be answered, in order — the customer should not resend it.
 */
export interface BusyNotice {
  conversationId: string;
  clientMessageId: string;
  message: string;
}

/**
 * The bot's `typing` frames are sent only when it has been working on a message (its turn let in)
 * this long without replying (WENDU_BOT_TYPING_AFTER_MS); a wait in line is the `busy` notice's to
 * tell. About a second is how long a pause reads as part of the exchange rather than a wait; a
 * reply inside it needs no indicator, and the two frames were two of a turn's five socket writes
 * (docs/performance.md, "Fifth pass, the realtime turn").
 */
export const DEFAULT_BOT_TYPING_AFTER_MS = 1000;

export const BUSY_NOTICE_TEXT = {
  zh: '当前咨询人数较多，您的消息已收到，我们会按顺序尽快回复，请稍候。',
  en: "We're busier than usual. Your message has been received and will be answered in turn — please bear with us.",
} as const;

/** Conversation ids are `cv-` + 20 characters; a generous bound keeps junk out of queries. */
export const MAX_CONVERSATION_ID_LENGTH = 64;
/** Event names from the embedding site, e.g. `order_page_opened`. */
export const MAX_EVENT_NAME_LENGTH = 64;
/** HMAC-SHA256 in hex is 64 characters; anything much longer is not a signature. */
export const MAX_SIGNATURE_LENGTH = 128;

const ConversationId = z.string().trim().min(1).max(MAX_CONVERSATION_ID_LENGTH);
const Seq = z.number().int().min(0);

/**
 * Start or resume. The profile is passed on exactly as sent: the signature is verified over
 * these very bytes, and the conversation service validates the fields.
 */
export const OpenConversationSchema = z.object({
  /** The bot the site embeds (`data-bot`); the default bot when absent. */
  botId: z.string().min(1).max(64).optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
  signature: z.string().max(MAX_SIGNATURE_LENGTH).optional(),
  conversationId: ConversationId.optional(),
  channel: ConversationChannelSchema.optional(),
  /** The highest seq the client already has; the answer carries everything after it. */
  lastSeq: Seq.optional(),
});
export type OpenConversationRequest = z.infer<typeof OpenConversationSchema>;

/** The socket's `conversation:open` asks exactly what HTTP's open does (src/channels/open-conversation.ts). */
export const SocketOpenSchema = OpenConversationSchema;

export const SendMessageSchema = z.object({
  /** Makes sending idempotent: a retry with the same id is stored once and acknowledged again. */
  clientMessageId: z.string().trim().min(1).max(MAX_CLIENT_MESSAGE_ID_LENGTH),
  text: z.string(),
});
export const SocketSendSchema = SendMessageSchema.extend({ conversationId: ConversationId });

export const SocketFetchSchema = z.object({
  conversationId: ConversationId,
  after: Seq,
  limit: z.number().int().min(1).optional(),
});

export const SocketTypingSchema = z.object({ conversationId: ConversationId, typing: z.boolean() });
export const ReadSchema = z.object({ seq: Seq });
export const SocketReadSchema = ReadSchema.extend({ conversationId: ConversationId });
export const EventSchema = z.object({ name: z.string().trim().min(1).max(MAX_EVENT_NAME_LENGTH) });
export const SocketEventSchema = EventSchema.extend({ conversationId: ConversationId });
export const SocketFeedbackSchema = AnswerFeedbackSchema.extend({ conversationId: ConversationId });

/**
 * Parse a client payload. Oversize text is refused first with its own code, so a client can
 * tell "split your message" from "your request is malformed".
 */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const text = (payload as { text?: unknown } | null)?.text;
  if (typeof text === 'string' && [...text].length > MAX_MESSAGE_TEXT_LENGTH) {
    throw new WenduError('WENDU_MESSAGE_TOO_LONG', { maxLength: MAX_MESSAGE_TEXT_LENGTH });
  }
  return parseOrThrow(schema, payload);
}

/** What a customer may see about themselves (attributes stay on the server). */
export interface PublicCustomer {
  id: string;
  externalId: string;
  name: string | null;
  tags: string[];
  vipLevel: number;
  verified: boolean;
}

export function publicCustomer(customer: Customer): PublicCustomer {
  const { id, externalId, name, tags, vipLevel, verified } = customer;
  return { id, externalId, name, tags, vipLevel, verified };
}

export interface AckError {
  ok: false;
  error: { code: ErrorCode; message: string; details: unknown };
}

/**
 * The HTTP open's body (OpenedConversation, src/channels/open-conversation.ts) with `ok`, and
 * `messages` called `missed`: every message after the client's lastSeq (0 when absent), at most
 * MAX_RESUME_MESSAGES; `hasMore` → page on with `messages:fetch`.
 */
export type OpenAck = { ok: true } & Omit<OpenedConversation, 'messages'> & { missed: Message[] };

export interface SendAck {
  ok: true;
  seq: number;
  duplicate: boolean;
}

export interface FetchAck {
  ok: true;
  messages: Message[];
  hasMore: boolean;
}

export interface EventAck {
  ok: true;
  /** Seqs of the messages the event caused (they also arrive as `message`). */
  seqs: number[];
}
