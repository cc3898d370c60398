/**
 * The customer's 👍 / 👎 on a bot answer over HTTP (`POST /api/v1/conversations/:id/feedback`):
 * public like the rest of the conversation API and authorised the same way — the conversation
 * id plus its customer's id in `x-wendu-customer` (authorizeCustomer).
 */
import type { FastifyInstance } from 'fastify';
import type { AnswerFeedbackService } from '../../conversation/answer-feedback.js';
import type { ConversationService } from '../../conversation/service.js';
import { authorizeCustomer, CONVERSATIONS_API_PREFIX } from './routes.js';

export interface FeedbackRoutesOptions {
  botOfConversation: (conversationId: string) => Promise<{ conversations: ConversationService }>;
  feedback: AnswerFeedbackService;
}

export async function answerFeedbackRoutes(app: FastifyInstance, opts: FeedbackRoutesOptions): Promise<void> {
  app.post(`${CONVERSATIONS_API_PREFIX}/:id/feedback`, { config: { access: 'public' } }, async (request) => {
    const { conversation, conversations } = await authorizeCustomer(request, opts.botOfConversation);
    const vote = await opts.feedback.vote(conversations, conversation, request.body);
    return { seq: vote.seq, helpful: vote.helpful, comment: vote.comment };
  });
}
