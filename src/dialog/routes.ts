/**
 * The answering API: `POST /api/v1/chat` turns one customer message into the customer's reply
 * (what to show, never why: no confidence, scores, rule, emotion or trace); `POST /api/v1/try`
 * gives operators the whole Decision with its trace for the same question (the console's
 * "Try it"); `POST /api/v1/nlu/similarity` tells how alike two questions are (operators use it
 * to find duplicate entries). Inputs are validated here; the bot decides. With a `sessionId`,
 * follow-ups (运费谁出 after 我想退货) are understood against the session's previous question.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import { CHANNELS } from '../kb/schemas.js';
import type { BotApi } from './bot.js';
import type { Decision, Suggestion } from './decision.js';
import { previousTurnOf, replyToClarification } from './clarification.js';
import { SessionMemory } from './session-memory.js';

/**
 * Hard ceiling on a message before the bot's own (operator-tunable) length check: anything
 * longer is refused before it is parsed further.
 */
const MAX_TEXT_CHARS = 10000;

export const ChatRequestSchema = z.object({
  /** The bot to ask (a site's `data-bot`); the default bot when absent. */
  botId: z.string().min(1).max(64).optional(),
  sessionId: z.string().min(1).max(128).optional(),
  text: z.string().max(MAX_TEXT_CHARS, `消息不能超过 ${MAX_TEXT_CHARS} 个字符`),
  channel: z.enum(CHANNELS).optional(),
  customer: z
    .object({ name: z.string().max(100).optional(), tags: z.array(z.string().max(50)).max(50).optional(), vipLevel: z.number().int().min(0).max(99).nullable().optional() })
    .optional(),
});

type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const SimilarityRequestSchema = z.object({
  a: z.string().max(MAX_TEXT_CHARS),
  b: z.string().max(MAX_TEXT_CHARS),
});

export interface ChatRoutesOptions {
  /** A bot by its public id (customers name it; WENDU_BOT_NOT_FOUND when there is none). */
  botById: (botId: string | undefined) => Promise<BotApi>;
  /** The caller's workspace's bot: its first one, or the one named (operators trying questions). */
  botFor: (request: FastifyRequest, botId?: string) => Promise<BotApi>;
}

/** What a customer sees of one answered part of a multi-question message. */
export interface CustomerReplyPart {
  text: string;
  action: Decision['action'];
  reply: string;
  content: Decision['content'];
  suggestions: Suggestion[];
}

/**
 * The customer's view of a Decision: only what is needed to show the reply. Confidence,
 * scores, the rule, emotion, entities and the trace are for operators (`POST /api/v1/try`).
 */
export interface CustomerReply {
  action: Decision['action'];
  reply: string;
  content: Decision['content'];
  entryId: string | null;
  suggestions: Suggestion[];
  parts: CustomerReplyPart[];
}

export function customerReplyOf(decision: Decision): CustomerReply {
  return {
    action: decision.action,
    reply: decision.reply,
    content: decision.content,
    entryId: decision.entryId,
    suggestions: decision.suggestions.map(({ entryId, question }) => ({ entryId, question })),
    parts: decision.parts.map(({ text, action, reply, content, suggestions }) => ({ text, action, reply, content, suggestions: suggestions.map(({ entryId, question }) => ({ entryId, question })) })),
  };
}

export async function chatRoutes(app: FastifyInstance, { botById, botFor }: ChatRoutesOptions): Promise<void> {
  const sessions = new SessionMemory();
  /** One turn with session memory; customers' and operators' sessions never share a key. */
  const decide = async (bot: BotApi, scope: string, body: ChatRequest): Promise<Decision> => {
    const { sessionId, text, channel, customer } = body;
    // Sessions of different bots (and of the try page vs. customers) never share context.
    const sessionKey = sessionId && `${scope}\u0000${sessionId}`;
    const remembered = sessionKey ? sessions.recall(sessionKey) : null;
    // 是的 / a tap after a 您是想问… of this session answers the entry confirmed.
    const clarified = replyToClarification(text, remembered?.previous.offered ?? []);
    const confirmedEntryId = clarified?.kind === 'confirm' ? clarified.entryId : undefined;
    const decision = await bot.decide({ text, channel, customer, sessionId, previous: remembered?.previous, recentPhrases: remembered?.recentPhrases, confirmedEntryId });
    if (sessionKey) sessions.remember(sessionKey, previousTurnOf(decision, text, remembered?.previous), decision.phrases);
    return decision;
  };

  app.post('/api/v1/chat', { config: { access: 'public' } }, async (request) => {
    const body = parseOrThrow(ChatRequestSchema, request.body);
    const decision = await decide(await botById(body.botId), `chat\u0000${body.botId ?? ''}`, body);
    return customerReplyOf(decision);
  });

  app.post('/api/v1/try', { config: { access: 'supervisor' } }, async (request) => {
    const body = parseOrThrow(ChatRequestSchema, request.body);
    const bot = await botFor(request, body.botId);
    // The operator's own workspace scopes the session, so two workspaces never share one.
    return decide(bot, `try\u0000${principalOf(request).workspaceId}\u0000${body.botId ?? ''}`, body);
  });

  app.post('/api/v1/nlu/similarity', { config: { access: 'agent' } }, async (request) => {
    const { a, b } = parseOrThrow(SimilarityRequestSchema, request.body);
    return { a, b, ...(await (await botFor(request)).similarity(a, b)) };
  });
}
