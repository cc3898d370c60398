/**
 * Pending similar questions over HTTP (docs/learning.md): supervisors list what customers' taps
 * taught and approve or dismiss each in one action. Approving adds the phrasing to its entry as
 * a learned question (a new, audited entry version), checked against the self-evaluation like an
 * inbox attach — the only way a customer's words reach the matcher.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import type { LearningChange, LearningCheck } from '../learning/safety-check.js';
import type { PendingQuestionService } from './pending-questions.js';
import { KB_API_PREFIX } from './routes.js';

export interface PendingQuestionRoutesOptions {
  /** The pending similar questions of the caller's workspace (never another's). */
  pendingFor: (request: FastifyRequest) => PendingQuestionService;
  /** The learning check against the caller's workspace, under its bot's answer rule (`botId`, else the first). */
  checkFor: (request: FastifyRequest, botId?: string) => Promise<(change: LearningChange) => Promise<LearningCheck>>;
}

const IdParams = z.object({ id: z.string().min(1) });
const ApproveQuery = z.object({ botId: z.string().min(1).max(64).optional(), dryRun: z.enum(['0', '1', 'true', 'false']).optional() }).passthrough();

export async function pendingQuestionRoutes(app: FastifyInstance, { pendingFor, checkFor }: PendingQuestionRoutesOptions): Promise<void> {
  const p = `${KB_API_PREFIX}/pending-questions`;

  app.get(p, { config: { access: 'supervisor' } }, async (req) => ({ items: await pendingFor(req).list(req.query) }));

  // The record, with `check` (other entries' self-test questions made worse, flagged) as for an
  // inbox attach; `?dryRun=1` answers the check alone and changes nothing.
  app.post(`${p}/:id/approve`, { config: { access: 'supervisor' } }, async (req) => {
    const { botId, dryRun } = parseOrThrow(ApproveQuery, req.query ?? {});
    const check = await checkFor(req, botId);
    return pendingFor(req).approve(parseOrThrow(IdParams, req.params).id, actorOf(req), { check, dryRun: dryRun === '1' || dryRun === 'true' });
  });

  app.post(`${p}/:id/dismiss`, { config: { access: 'supervisor' } }, async (req) => pendingFor(req).dismiss(parseOrThrow(IdParams, req.params).id, actorOf(req)));
}
