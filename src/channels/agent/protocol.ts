/**
 * The agents' realtime protocol (socket.io 4, namespace `/agent`; issue 7). docs/handoff.md
 * documents every event here — change both together.
 *
 * Connect with `auth: { token }` (a login token or an API key). The server pushes the
 * workspace's hand-off events to every agent socket of the workspace, and the live messages,
 * typing, read marks and assist of a conversation to the agent who has it (and to the
 * workspace's supervisors). Agents send with acks; errors are the coded acks of the customer
 * channel (`{ ok: false, error: { code, message, details } }`).
 */
import { z } from 'zod';
import { MAX_CLIENT_MESSAGE_ID_LENGTH } from '../../conversation/schemas.js';
import type { Message } from '../../conversation/schemas.js';
import type { EventPayloads } from '../../events/types.js';
import type { Assist } from '../../handoff/assist.js';
import type { PresenceRecord } from '../../handoff/board.js';
import { FromSuggestionSchema } from '../../handoff/assist-feedback.js';
import { AgentMessageSchema, PresenceBodySchema } from '../../handoff/schemas.js';
import { MAX_CONVERSATION_ID_LENGTH } from '../web/protocol.js';

export const AGENT_NAMESPACE = '/agent';

/** Every agent socket of a workspace: the hand-off events (queue, assignments, closes). */
export function workspaceRoom(workspaceId: string): string {
  return `ws:${workspaceId}`;
}

/** Supervisors and admins of a workspace: they see every live conversation's messages. */
export function supervisorsRoom(workspaceId: string): string {
  return `sup:${workspaceId}`;
}

/** Every socket of one user (several tabs, several devices): their conversations' messages. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** Events an agent client emits, each with an ack. */
export const AGENT_CLIENT_EVENTS = {
  presence: 'presence:set',
  send: 'message:send',
  typing: 'typing',
  read: 'read',
} as const;

/** Events the server emits to agents. Hand-off events keep their bus names and payloads. */
export const AGENT_SERVER_EVENTS = {
  requested: 'handoff.requested',
  assigned: 'handoff.assigned',
  transferred: 'handoff.transferred',
  closed: 'handoff.closed',
  requeued: 'handoff.requeued',
  /** To the offered agent only: a queued hand-off is theirs to accept (or decline) until `expiresAt` (the `handoff.offered` payload). */
  offer: 'offer',
  message: 'message',
  typing: 'typing',
  read: 'read',
  assist: 'assist',
} as const;

/** The bus's hand-off events, forwarded to the workspace room as they are. */
export const FORWARDED_HANDOFF_EVENTS = ['handoff.requested', 'handoff.assigned', 'handoff.transferred', 'handoff.closed', 'handoff.requeued'] as const;
export type ForwardedHandoffEvent = (typeof FORWARDED_HANDOFF_EVENTS)[number];
export type HandoffPush<N extends ForwardedHandoffEvent = ForwardedHandoffEvent> = EventPayloads[N];

const ConversationId = z.string().trim().min(1).max(MAX_CONVERSATION_ID_LENGTH);

/** `presence:set` — the same body as PUT /api/v1/agent/presence. */
export const SocketPresenceSchema = PresenceBodySchema;

/** `message:send` — the HTTP message body plus the conversation and an idempotency id. */
export const AgentSendSchema = AgentMessageSchema.extend({
  conversationId: ConversationId,
  /** Makes sending idempotent: a retry with the same id is stored once and acknowledged with the same seq. */
  clientMessageId: z.string().trim().min(1).max(MAX_CLIENT_MESSAGE_ID_LENGTH),
  /** The message started from an assist suggestion: recorded for the learning loop (src/handoff/assist-feedback.ts). */
  fromSuggestion: FromSuggestionSchema.optional(),
}).strict();

export const AgentTypingSchema = z.object({ conversationId: ConversationId, typing: z.boolean() }).strict();
export const AgentReadSchema = z.object({ conversationId: ConversationId, seq: z.number().int().min(0) }).strict();

/** A conversation's message, to the agent who has it (and supervisors). */
export interface MessagePush {
  conversationId: string;
  message: Message;
}

export interface TypingPush {
  conversationId: string;
  sender: Message['sender'];
  typing: boolean;
}

export interface ReadPush {
  conversationId: string;
  reader: 'customer' | 'agent';
  lastReadSeq: number;
}

/** Agent assist for the customer message `seq` (the same body as GET …/assist). */
export interface AssistPush {
  conversationId: string;
  seq: number;
  assist: Assist;
}

export interface PresenceAck {
  ok: true;
  presence: PresenceRecord;
}

export interface AgentSendAck {
  ok: true;
  seq: number;
  message: Message;
}

export interface AgentReadAck {
  ok: true;
  lastReadSeq: number;
}
