/**
 * The customer's hand-off routes on the HTTP conversation API: leave a message (→ a ticket) and
 * rate the service. Public like the rest of that API, and authorised the same way — by the
 * conversation id plus its customer's id in `x-wendu-customer` (authorizeCustomer). Register
 * without a prefix: the paths here are absolute.
 */
import type { FastifyInstance } from 'fastify';
import type { BotApi } from '../dialog/bot.js';
import { authorizeCustomer, CONVERSATIONS_API_PREFIX } from '../channels/http/routes.js';
import type { ConversationService } from '../conversation/service.js';
import type { RatingService } from './ratings.js';
import type { TicketService } from './tickets.js';

const HTTP_OK = 200;
const HTTP_CREATED = 201;

/** What these routes need of a conversation's bot (the registry's BotRuntime has it). */
export interface HandoffCustomerBot {
  conversations: ConversationService;
  /** For the language of the acknowledgement. */
  bot: Pick<BotApi, 'settings'>;
}

export interface HandoffCustomerRoutesOptions {
  /** The bot a conversation belongs to (WENDU_CONVERSATION_NOT_FOUND when there is no such conversation). */
  botOfConversation: (conversationId: string) => Promise<HandoffCustomerBot>;
  /** The tickets of a workspace. */
  ticketsFor: (workspaceId: string) => TicketService;
  ratings: RatingService;
  /**
   * The conversation's latest closed hand-off, which a rating is about (the hand-off queue knows);
   * absent or null → the conversation itself is rated (src/handoff/ratings.ts).
   */
  closedHandoffOf?: (conversationId: string) => Promise<string | null>;
}

export async function handoffCustomerRoutes(app: FastifyInstance, opts: HandoffCustomerRoutesOptions): Promise<void> {
  const p = CONVERSATIONS_API_PREFIX;

  app.post(`${p}/:id/leave-message`, { config: { access: 'public' } }, async (request, reply) => {
    const { conversation, conversations, bot } = await authorizeCustomer(request, opts.botOfConversation);
    const tickets = opts.ticketsFor(conversations.scope.workspaceId);
    const { ticket, duplicate } = await tickets.leaveMessage(conversations, conversation, request.body, { locale: bot.settings.locale });
    // A retry (same clientMessageId) is answered like a retried message: 200 with the same ticket.
    return reply.status(duplicate ? HTTP_OK : HTTP_CREATED).send({ ticketId: ticket.id, duplicate });
  });

  app.post(`${p}/:id/rating`, { config: { access: 'public' } }, async (request, reply) => {
    const { conversation, conversations } = await authorizeCustomer(request, opts.botOfConversation);
    const handoffId = (await opts.closedHandoffOf?.(conversation.id)) ?? null;
    const rating = await opts.ratings.rate(conversations.scope, conversation, request.body, { handoffId });
    return reply.status(HTTP_OK).send({ score: rating.score, comment: rating.comment });
  });
}
