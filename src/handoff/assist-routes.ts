/**
 * `GET /api/v1/agent/conversations/:id/assist` (agents): agent assist for one conversation —
 * `{ suggestions: [{ entryId, question, answer, confidence }], suggestionsFor, emotion, warning,
 * entities, summary }` (assist.ts). Which conversations an agent may see, and which bot served
 * them, is the caller's to say through `conversationOf`; this route only reads and assists.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConversationService } from '../conversation/service.js';
import type { Message } from '../conversation/schemas.js';
import { MAX_MESSAGES_PAGE_SIZE } from '../conversation/schemas.js';
import type { BotApi } from '../dialog/bot.js';
import type { Channel } from '../kb/schemas.js';
import { parseOrThrow } from '../errors/validation.js';
import { assistFor } from './assist.js';

export const AGENT_CONVERSATIONS_PREFIX = '/api/v1/agent/conversations';

/**
 * Assist reads the latest messages only: what the customer wants now is in them, and a
 * conversation of thousands of messages must not make every assist call read them all.
 */
export const ASSIST_MAX_MESSAGES = 200;

/** What assist needs of one conversation the requesting agent may see. */
export interface AssistedConversation {
  bot: Pick<BotApi, 'rank' | 'categoryOf' | 'settings'>;
  /** Its messages, oldest first (the latest ASSIST_MAX_MESSAGES are enough; see recentMessages). */
  messages: readonly Message[];
  /** The conversation's channel, whose answer variant is offered; web when unknown. */
  channel?: Channel;
}

export interface AssistRoutesOptions {
  /**
   * The conversation as the requesting agent may see it. Throws WENDU_CONVERSATION_NOT_FOUND
   * for one that does not exist or is outside the agent's workspace (never 403: an agent must
   * not learn that another workspace's conversation id exists), WENDU_FORBIDDEN when the agent
   * may not see this one.
   */
  conversationOf(request: FastifyRequest, conversationId: string): Promise<AssistedConversation>;
}

const ParamsSchema = z.object({ id: z.string().trim().min(1).max(100) });

export async function assistRoutes(app: FastifyInstance, options: AssistRoutesOptions): Promise<void> {
  app.get(`${AGENT_CONVERSATIONS_PREFIX}/:id/assist`, { config: { access: 'agent' } }, async (request) => {
    const { id } = parseOrThrow(ParamsSchema, request.params);
    const { bot, messages, channel } = await options.conversationOf(request, id);
    return assistFor(bot, messages, { locale: bot.settings.locale, ...(channel ? { channel } : {}) });
  });
}

/**
 * The latest `limit` messages of a conversation, oldest first — for `conversationOf` resolvers.
 * Throws WENDU_CONVERSATION_NOT_FOUND for an unknown conversation.
 */
export async function recentMessages(
  conversations: Pick<ConversationService, 'get' | 'messagesAfter'>,
  conversationId: string,
  limit = ASSIST_MAX_MESSAGES,
): Promise<Message[]> {
  const { lastSeq } = await conversations.get(conversationId);
  const messages: Message[] = [];
  let after = Math.max(0, lastSeq - limit);
  while (after < lastSeq) {
    const page = await conversations.messagesAfter(conversationId, after, MAX_MESSAGES_PAGE_SIZE);
    if (page.length === 0) break;
    messages.push(...page);
    after = page[page.length - 1].seq;
  }
  return messages;
}
