/**
 * Pending similar questions over HTTP (docs/learning.md): supervisors list what customers' taps
 * taught and approve or dismiss each in one action. Approving adds the phrasing to its entry as
 * a similar question (a new, audited entry version) — the only way a customer's words reach
 * the matcher.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import type { PendingQuestionService } from './pending-questions.js';
import { KB_API_PREFIX } from './routes.js';

export interface PendingQuestionRoutesOptions {
  /** The pending similar questions of the caller's workspace (never another's). */
  pendingFor: (request: FastifyRequest) => PendingQuestionService;
}

const IdParams = z.object({ id: z.string().min(1) });

export async function pendingQuestionRoutes(app: FastifyInstance, { pendingFor }: PendingQuestionRoutesOptions): Promise<void> {
  const p = `${KB_API_PREFIX}/pending-questions`;

  app.get(p, { config: { access: 'supervisor' } }, async (req) => ({ items: await pendingFor(req).list(req.query) }));

  app.post(`${p}/:id/approve`, { config: { access: 'supervisor' } }, async (req) => pendingFor(req).approve(parseOrThrow(IdParams, req.params).id, actorOf(req)));

  app.post(`${p}/:id/dismiss`, { config: { access: 'supervisor' } }, async (req) => pendingFor(req).dismiss(parseOrThrow(IdParams, req.params).id, actorOf(req)));
}
