/**
 * The conversation over plain HTTP, for channels without sockets (server-to-server
 * integrations, mini-programs that poll). Same engine, same message log, same idempotency as
 * the socket (docs/realtime.md). Register without a prefix: the paths here are absolute.
 *
 * These routes are public (customers have no accounts): a conversation is addressed by its id
 * plus its customer's id in the `x-wendu-customer` header; both are unguessable random ids
 * handed out by `open`, and each bot sees only its own conversations.
 */
import { customerMessage, customerMessages } from '../../conversation/customer-view.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  EventSchema,
  OpenConversationSchema,
  parsePayload,
  ReadSchema,
  SendMessageSchema,
} from '../web/protocol.js';
import type { HandoffDesk } from '../../handoff/desk.js';
import type { CustomerHandoffView } from '../../handoff/types.js';
import { WenduError } from '../../errors/index.js';
import { DEFAULT_MESSAGES_PAGE_SIZE, type Conversation } from '../../conversation/schemas.js';
import type { ConversationService } from '../../conversation/service.js';
import { messagesPage, openConversation, type CustomerEngine } from '../open-conversation.js';

export const CONVERSATIONS_API_PREFIX = '/api/v1/conversations';
/** Carries the customer id (`cu-…`) that `open` returned. */
export const CUSTOMER_HEADER = 'x-wendu-customer';

const HTTP_OK = 200;
const HTTP_CREATED = 201;

/** One bot's conversations and engine. */
export interface ConversationBot {
  conversations: ConversationService;
  engine: CustomerEngine;
  /** Where the conversation stands with a person; absent → always `none`. */
  desk?: Pick<HandoffDesk, 'viewOf'>;
}

const NO_HANDOFF: CustomerHandoffView = { status: 'none', position: null, estimatedWaitSeconds: null, agentName: null };

export interface ConversationRoutesOptions {
  /** A bot by public id (WENDU_BOT_NOT_FOUND when none); the default bot when absent. */
  botById: (botId: string | undefined) => Promise<ConversationBot>;
  /** The bot a conversation belongs to (WENDU_CONVERSATION_NOT_FOUND when there is no such conversation). */
  botOfConversation: (conversationId: string) => Promise<ConversationBot>;
}

const IdParams = z.object({ id: z.string().min(1) });
const PageQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).default(DEFAULT_MESSAGES_PAGE_SIZE),
});

/**
 * The conversation named by `:id`, if the request carries its customer's id in
 * `x-wendu-customer` — the one check of every public route on a conversation (here and in
 * src/handoff/customer-routes.ts). 404 before 403, so ids stay the only secret.
 */
export async function authorizeCustomer<B extends { conversations: Pick<ConversationService, 'get'> }>(
  request: FastifyRequest,
  botOfConversation: (conversationId: string) => Promise<B>,
): Promise<B & { conversation: Conversation }> {
  const { id } = parsePayload(IdParams, request.params);
  const bot = await botOfConversation(id);
  const conversation = await bot.conversations.get(id);
  const header = request.headers[CUSTOMER_HEADER];
  const customerId = Array.isArray(header) ? header[0] : header;
  if (!customerId || customerId !== conversation.customerId) {
    throw new WenduError('WENDU_FORBIDDEN', { conversationId: id, reason: `${CUSTOMER_HEADER} 与会话的顾客不符` });
  }
  return { ...bot, conversation };
}

export async function conversationRoutes(app: FastifyInstance, opts: ConversationRoutesOptions): Promise<void> {
  const p = CONVERSATIONS_API_PREFIX;

  const authorize = (request: FastifyRequest) => authorizeCustomer(request, opts.botOfConversation);

  app.post(p, { config: { access: 'public' } }, async (request, reply) => {
    const body = parsePayload(OpenConversationSchema, request.body ?? {});
    // Without a lastSeq, `messages` is what the open said (the welcome); with one, everything after it.
    const opened = await openConversation(await opts.botById(body.botId), { ...body, channel: body.channel ?? 'api' });
    return reply.status(opened.created ? HTTP_CREATED : HTTP_OK).send(opened);
  });

  /** The conversation and where it stands with a person (queue position, wait, agent). */
  app.get(`${p}/:id`, { config: { access: 'public' } }, async (request) => {
    const { conversation, desk } = await authorize(request);
    return { ...conversation, handoff: desk ? await desk.viewOf(conversation.id) : NO_HANDOFF };
  });

  app.get(`${p}/:id/messages`, { config: { access: 'public' } }, async (request) => {
    const { conversation, conversations } = await authorize(request);
    const { after, limit } = parsePayload(PageQuery, request.query);
    return messagesPage(conversations, conversation.id, after, limit);
  });

  app.post(`${p}/:id/messages`, { config: { access: 'public' } }, async (request, reply) => {
    const { conversation, engine } = await authorize(request);
    const { text, clientMessageId } = parsePayload(SendMessageSchema, request.body);
    const result = await engine.handleCustomerMessage(conversation.id, { text, clientMessageId });
    return reply.status(result.duplicate ? HTTP_OK : HTTP_CREATED).send({ ...result, message: customerMessage(result.message), replies: customerMessages(result.replies) });
  });

  app.post(`${p}/:id/read`, { config: { access: 'public' } }, async (request) => {
    const { conversation, conversations } = await authorize(request);
    const { seq } = parsePayload(ReadSchema, request.body);
    return { lastReadSeq: await conversations.markRead(conversation.id, 'customer', seq) };
  });

  app.post(`${p}/:id/events`, { config: { access: 'public' } }, async (request) => {
    const { conversation, engine } = await authorize(request);
    const { name } = parsePayload(EventSchema, request.body);
    return { messages: customerMessages(await engine.handleEvent(conversation.id, name)) };
  });
}
