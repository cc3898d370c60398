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

/** Who decides a pending record: the review queue (src/review/), where it is one kind of item. */
export interface PendingQuestionDecisions {
  approve(id: string): Promise<unknown>;
  dismiss(id: string): Promise<unknown>;
}

export interface PendingQuestionRoutesOptions {
  /** The pending similar questions of the caller's workspace (never another's). */
  pendingFor: (request: FastifyRequest) => PendingQuestionService;
  /**
   * The caller's review queue: a pending record decided here is decided there — in its thread
   * and the audit log like every review item (docs/review.md). Without it (route tests), the
   * pending service decides alone.
   */
  decisionsFor?: (request: FastifyRequest) => PendingQuestionDecisions;
}

const IdParams = z.object({ id: z.string().min(1) });

export async function pendingQuestionRoutes(app: FastifyInstance, { pendingFor, decisionsFor }: PendingQuestionRoutesOptions): Promise<void> {
  const p = `${KB_API_PREFIX}/pending-questions`;

  app.get(p, { config: { access: 'supervisor' } }, async (req) => ({ items: await pendingFor(req).list(req.query) }));

  /**
   * A pending record goes to the review queue's decision; a decided one to the pending
   * service, whose rules answer it (approving again is idempotent, a dismissed one cannot be).
   */
  const decide = async (req: FastifyRequest, decision: keyof PendingQuestionDecisions) => {
    const id = parseOrThrow(IdParams, req.params).id;
    const pending = pendingFor(req);
    const decisions = decisionsFor?.(req);
    if (!decisions || (await pending.get(id)).status !== 'pending') return pending[decision](id, actorOf(req));
    await decisions[decision](id);
    return pending.get(id);
  };

  app.post(`${p}/:id/approve`, { config: { access: 'supervisor' } }, async (req) => decide(req, 'approve'));

  app.post(`${p}/:id/dismiss`, { config: { access: 'supervisor' } }, async (req) => decide(req, 'dismiss'));
}
