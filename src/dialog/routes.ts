/**
 * The answering API: `POST /api/v1/chat` turns one customer message into a Decision, and
 * `POST /api/v1/nlu/similarity` tells how alike two questions are (operators use it to find
 * duplicate entries). Inputs are validated here; the bot decides. With a `sessionId`, follow-ups
 * (运费谁出 after 我想退货) are understood against the session's previous question.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../errors/validation.js';
import { CHANNELS } from '../kb/schemas.js';
import type { BotApi } from './bot.js';
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

export const SimilarityRequestSchema = z.object({
  a: z.string().max(MAX_TEXT_CHARS),
  b: z.string().max(MAX_TEXT_CHARS),
});

export interface ChatRoutesOptions {
  /** A bot by its public id (customers name it; WENDU_BOT_NOT_FOUND when there is none). */
  botById: (botId: string | undefined) => Promise<BotApi>;
  /** The caller's workspace's first bot (operators comparing questions). */
  botFor: (request: FastifyRequest) => Promise<BotApi>;
}

export async function chatRoutes(app: FastifyInstance, { botById, botFor }: ChatRoutesOptions): Promise<void> {
  const sessions = new SessionMemory();
  app.post('/api/v1/chat', { config: { access: 'public' } }, async (request) => {
    const { sessionId, botId, ...body } = parseOrThrow(ChatRequestSchema, request.body);
    const bot = await botById(botId);
    // Sessions of different bots never share context, even under the same session id.
    const sessionKey = sessionId && `${botId ?? ''}\u0000${sessionId}`;
    const remembered = sessionKey ? sessions.recall(sessionKey) : null;
    const decision = await bot.decide({ ...body, sessionId, previous: remembered?.previous, recentPhrases: remembered?.recentPhrases });
    if (sessionKey) sessions.remember(sessionKey, { question: decision.trace.resolvedQuestion, entryId: decision.entryId }, decision.phrases);
    return decision;
  });

  app.post('/api/v1/nlu/similarity', { config: { access: 'agent' } }, async (request) => {
    const { a, b } = parseOrThrow(SimilarityRequestSchema, request.body);
    return { a, b, ...(await (await botFor(request)).similarity(a, b)) };
  });
}
