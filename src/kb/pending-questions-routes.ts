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
  /** The learning check against the caller's workspace, under its bot's answer rule (`botId`, else the first). */
  checkFor?: (request: FastifyRequest, botId?: string) => Promise<(change: LearningChange) => Promise<LearningCheck>>;
}

const IdParams = z.object({ id: z.string().min(1) });
const ApproveQuery = z.object({ botId: z.string().min(1).max(64).optional(), dryRun: z.enum(['0', '1', 'true', 'false']).optional() }).passthrough();

export async function pendingQuestionRoutes(app: FastifyInstance, { pendingFor, decisionsFor, checkFor }: PendingQuestionRoutesOptions): Promise<void> {
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

  // The record, with `check` (other entries' self-test questions made worse, flagged) as for an
  // inbox attach; `?dryRun=1` answers the check alone and changes nothing. A pending record is then
  // decided by the review queue like `decide` does.
  app.post(`${p}/:id/approve`, { config: { access: 'supervisor' } }, async (req) => {
    const { botId, dryRun } = parseOrThrow(ApproveQuery, req.query ?? {});
    const id = parseOrThrow(IdParams, req.params).id;
    const pending = pendingFor(req);
    const check = checkFor ? await checkFor(req, botId) : undefined;
    const dry = dryRun === '1' || dryRun === 'true';
    const decisions = decisionsFor?.(req);
    if (dry || !decisions || (await pending.get(id)).status !== 'pending') return pending.approve(id, actorOf(req), { check, dryRun: dry });
    const checked = await pending.approve(id, actorOf(req), { check, dryRun: true });
    await decisions.approve(id);
    return { ...(await pending.get(id)), ...(checked.check ? { check: checked.check } : {}) };
  });

  app.post(`${p}/:id/dismiss`, { config: { access: 'supervisor' } }, async (req) => decide(req, 'dismiss'));
}
