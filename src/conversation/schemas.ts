/**
 * The conversation model: customers, conversations, messages and read receipts, with the
 * limits every input is checked against. Zod schemas validate what arrives from outside
 * (the embedding site, the socket, HTTP); the plain types are what the service returns.
 */
import { z } from 'zod';
import { RichBlockSchema, type RichBlock } from '../content/rich-content.js';
import { CHANNELS, type Channel } from '../kb/schemas.js';

/** Same limit as a rich text block, so a message always fits one text block. */
export const MAX_MESSAGE_TEXT_LENGTH = 5000;
/** Blocks in one message: a long answer plus buttons, never a whole catalogue. */
export const MAX_CONTENT_BLOCKS = 20;
/** Client ids are UUIDs or similar; anything longer is not an id. */
export const MAX_CLIENT_MESSAGE_ID_LENGTH = 100;
/** Serialised meta (reply trace, entry id, confidence …) per message. */
export const MAX_META_BYTES = 16 * 1024;
/** Serialised dialog state (context + flow slots) per conversation. */
export const MAX_STATE_BYTES = 256 * 1024;
/** Page size of `messagesAfter` when none is asked for, and the most it returns at once. */
export const DEFAULT_MESSAGES_PAGE_SIZE = 50;
export const MAX_MESSAGES_PAGE_SIZE = 200;

export const MAX_EXTERNAL_ID_LENGTH = 128;
export const MAX_CUSTOMER_NAME_LENGTH = 100;
export const MAX_CUSTOMER_TAGS = 30;
export const MAX_TAG_LENGTH = 40;
/** VIP scales differ per shop (0–5, 1–10 …); 99 leaves room for any of them. */
export const MAX_VIP_LEVEL = 99;
export const MAX_PROFILE_CHANNEL_LENGTH = 40;
/** Serialised free attributes (member number, city, last order …) per customer. */
export const MAX_ATTRIBUTES_BYTES = 8 * 1024;

export const SENDERS = ['customer', 'bot', 'agent', 'system'] as const;
export type Sender = (typeof SENDERS)[number];
/** Who reads: the customer, or the agent side of the conversation (the bot reads nothing). */
export const READER_ROLES = ['customer', 'agent'] as const;
export type ReaderRole = (typeof READER_ROLES)[number];
export const CONVERSATION_STATUSES = ['open', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * What the embedding site says about its customer (signed, see customer-profile.ts) or what
 * the widget sends for an anonymous visitor. `expiresAt` only limits the signature's life and
 * is never stored.
 */
export const CustomerProfileSchema = z.object({
  externalId: z.string().trim().min(1).max(MAX_EXTERNAL_ID_LENGTH),
  name: z.string().trim().max(MAX_CUSTOMER_NAME_LENGTH).optional(),
  tags: z.array(z.string().trim().min(1).max(MAX_TAG_LENGTH)).max(MAX_CUSTOMER_TAGS).optional(),
  vipLevel: z.number().int().min(0).max(MAX_VIP_LEVEL).optional(),
  channel: z.string().trim().min(1).max(MAX_PROFILE_CHANNEL_LENGTH).optional(),
  attributes: z
    .record(z.string(), z.unknown())
    .refine((a) => jsonBytes(a) <= MAX_ATTRIBUTES_BYTES, { message: `属性不能超过 ${MAX_ATTRIBUTES_BYTES} 字节` })
    .optional(),
  expiresAt: z.string().optional(),
});
export type CustomerProfile = z.infer<typeof CustomerProfileSchema>;
/** A profile without `externalId` is an anonymous visitor: an `anon-…` id is generated. */
export type CustomerProfileInput = Omit<CustomerProfile, 'externalId'> & { externalId?: string };

export interface Customer {
  id: string;
  externalId: string;
  name: string | null;
  tags: string[];
  vipLevel: number;
  channel: string | null;
  attributes: Record<string, unknown>;
  /** True once the embedding site has vouched for this customer with a signed profile. */
  verified: boolean;
  createdAt: string;
  updatedAt: string;
}

export const ConversationChannelSchema = z.enum(CHANNELS);
export type ConversationChannel = Channel;

export interface Conversation {
  id: string;
  customerId: string;
  channel: ConversationChannel;
  status: ConversationStatus;
  /** Seq of the newest message (0 before the first one). */
  lastSeq: number;
  stateVersion: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Free data about a message. Two keys have a meaning to the store: `replyTo` (the seq of the
 * customer message a bot/agent/system message answers) and `entryId` (the knowledge entry a
 * bot message answered with). Its size (MAX_META_BYTES) is checked where it is serialised for
 * the row (ConversationService), so a bot reply's decision record is serialised once, not twice.
 */
export const MessageMetaSchema = z
  .object({
    replyTo: z.number().int().positive().optional(),
    entryId: z.string().min(1).max(MAX_EXTERNAL_ID_LENGTH).optional(),
  })
  .catchall(z.unknown());
/** The refusal of a meta over MAX_META_BYTES (issue path `meta`). */
export const META_TOO_LARGE_MESSAGE = `meta 不能超过 ${MAX_META_BYTES} 字节`;
export type MessageMeta = z.infer<typeof MessageMetaSchema>;

/** Text length is checked separately (a coded WENDU_MESSAGE_TOO_LONG), not here. */
export const AppendMessageSchema = z.object({
  sender: z.enum(SENDERS),
  senderId: z.string().min(1).max(MAX_EXTERNAL_ID_LENGTH).optional(),
  clientMessageId: z.string().trim().min(1).max(MAX_CLIENT_MESSAGE_ID_LENGTH).optional(),
  text: z.string(),
  content: z.array(RichBlockSchema).max(MAX_CONTENT_BLOCKS),
  meta: MessageMetaSchema.optional(),
});
export type AppendMessageInput = z.input<typeof AppendMessageSchema>;

export interface Message {
  id: string;
  conversationId: string;
  /** 1, 2, 3 … per conversation, without gaps. */
  seq: number;
  sender: Sender;
  senderId: string | null;
  clientMessageId: string | null;
  text: string;
  content: RichBlock[];
  meta: MessageMeta;
  createdAt: string;
}

export interface AppendResult {
  message: Message;
  /** True when this clientMessageId was stored before: the stored message is returned, nothing new is written. */
  duplicate: boolean;
}

/** One candidate of a bot decision as its reply's trace recorded it (meta.decision.candidates). */
export interface ServedCandidate {
  entryId: string;
  confidence: number;
  features: Record<string, number>;
}

export interface EntryAnswerCount {
  entryId: string;
  count: number;
}
