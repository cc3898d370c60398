/**
 * The dashboard's API (supervisors, their own workspace only):
 * `GET /api/v1/analytics/overview?from=&to=&botId=` (per-day series), `GET /api/v1/analytics/summary?from=&to=&botId=`
 * (the window's totals and breakdowns; `format=csv` for a spreadsheet) and `GET /api/v1/analytics/unanswered?limit=&botId=`.
 */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth/access.js';
import { z } from 'zod';
import { parseOrThrow } from '../errors/validation.js';
import { summaryCsv } from './summary-csv.js';
import type { AnalyticsService, AnswersNow } from './service.js';

const SummaryFormatSchema = z.object({ format: z.enum(['json', 'csv']).default('json') }).passthrough();

export interface AnalyticsRoutesOptions {
  analytics: AnalyticsService;
  /** Asks a bot of the caller's workspace afresh, so questions fixed since show as done. */
  answersNow: (workspaceId: string) => AnswersNow;
}

export async function analyticsRoutes(app: FastifyInstance, { analytics, answersNow }: AnalyticsRoutesOptions): Promise<void> {
  app.get('/api/v1/analytics/overview', { config: { access: 'supervisor' } }, async (request) => analytics.overview(principalOf(request).workspaceId, request.query));
  app.get('/api/v1/analytics/summary', { config: { access: 'supervisor' } }, async (request, reply) => {
    const { format, ...query } = parseOrThrow(SummaryFormatSchema, request.query ?? {});
    const summary = await analytics.summary(principalOf(request).workspaceId, query);
    if (format !== 'csv') return summary;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="wendu-summary-${summary.from}-${summary.to}.csv"`)
      .send(summaryCsv(summary));
  });
  app.get('/api/v1/analytics/unanswered', { config: { access: 'supervisor' } }, async (request) => ({
    questions: await analytics.unanswered(principalOf(request).workspaceId, request.query, answersNow(principalOf(request).workspaceId)),
  }));
}
