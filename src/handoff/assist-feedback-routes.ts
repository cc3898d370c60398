/**
 * `GET /api/v1/assist-feedback` (supervisors): the caller's workspace's agent messages that
 * started from an assist suggestion, newest first — `{ items: [{ conversationId,
 * customerQuestion, entryId, suggestedAnswer, sentText, edited, agentId, at, … }] }`, optionally
 * `?botId=` and `?limit=` (≤ MAX_FEEDBACK_PAGE). Recorded by AssistFeedback (assist-feedback.ts).
 */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import { FeedbackListQuerySchema, type AssistFeedback } from './assist-feedback.js';

export const ASSIST_FEEDBACK_PATH = '/api/v1/assist-feedback';

export async function assistFeedbackRoutes(app: FastifyInstance, { feedback }: { feedback: AssistFeedback }): Promise<void> {
  app.get(ASSIST_FEEDBACK_PATH, { config: { access: 'supervisor' } }, async (request) => {
    const query = parseOrThrow(FeedbackListQuerySchema, request.query);
    return { items: await feedback.list(principalOf(request).workspaceId, query) };
  });
}
