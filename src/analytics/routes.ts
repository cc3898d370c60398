/**
 * The dashboard's API (supervisors, their own workspace only):
 * `GET /api/v1/analytics/overview?from=&to=&botId=` and `GET /api/v1/analytics/unanswered?limit=&botId=`.
 */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth/access.js';
import type { AnalyticsService, AnswersNow } from './service.js';

export interface AnalyticsRoutesOptions {
  analytics: AnalyticsService;
  /** Asks a bot of the caller's workspace afresh, so questions fixed since show as done. */
  answersNow: (workspaceId: string) => AnswersNow;
}

export async function analyticsRoutes(app: FastifyInstance, { analytics, answersNow }: AnalyticsRoutesOptions): Promise<void> {
  app.get('/api/v1/analytics/overview', { config: { access: 'supervisor' } }, async (request) => analytics.overview(principalOf(request).workspaceId, request.query));
  app.get('/api/v1/analytics/unanswered', { config: { access: 'supervisor' } }, async (request) => ({
    questions: await analytics.unanswered(principalOf(request).workspaceId, request.query, answersNow(principalOf(request).workspaceId)),
  }));
}
