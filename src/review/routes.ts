/**
 * The review queue over HTTP (docs/review.md). Agents propose and read and comment on their own
 * proposals; supervisors and admins see every item (drafts, revisions, customers' confirmed
 * phrasings) and approve or reject it; admins set the workspace's review rules.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, principalOf, roleAllows } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import { ApproveBodySchema, CommentBodySchema, ProposalSchema, RejectBodySchema, type Reviewer } from './schemas.js';
import type { ReviewService } from './service.js';

export const REVIEWS_PATH = '/api/v1/reviews';

export interface ReviewRoutesOptions {
  /** The caller's workspace's review queue (never another's). */
  reviewsFor: (request: FastifyRequest) => ReviewService;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });

function reviewerOf(request: FastifyRequest): Reviewer {
  const principal = principalOf(request);
  return { actor: principal.actor, canReview: roleAllows(principal.role, 'supervisor') };
}

export async function reviewRoutes(app: FastifyInstance, { reviewsFor }: ReviewRoutesOptions): Promise<void> {
  const p = REVIEWS_PATH;
  const idOf = (req: FastifyRequest) => parseOrThrow(IdParams, req.params).id;

  /** `{ items }`: pending by default (`?status=approved|rejected`, `?kind=`), oldest first. */
  app.get(p, { config: { access: 'agent' } }, async (req) => ({ items: await reviewsFor(req).list(req.query as Record<string, string>, reviewerOf(req)) }));

  app.post(p, { config: { access: 'agent' } }, async (req, reply) => reply.status(201).send(await reviewsFor(req).propose(parseOrThrow(ProposalSchema, req.body), actorOf(req))));

  // Every operator reads the rules (the console shows 提交审核 instead of 保存 when review is required); admins set them.
  app.get(`${p}/settings`, { config: { access: 'agent' } }, async (req) => ({ settings: await reviewsFor(req).settings() }));

  app.put(`${p}/settings`, { config: { access: 'admin' } }, async (req) => ({ settings: await reviewsFor(req).updateSettings(req.body, actorOf(req)) }));

  app.get(`${p}/:id`, { config: { access: 'agent' } }, async (req) => reviewsFor(req).get(idOf(req), reviewerOf(req)));

  app.post(`${p}/:id/comments`, { config: { access: 'agent' } }, async (req, reply) =>
    reply.status(201).send(await reviewsFor(req).comment(idOf(req), parseOrThrow(CommentBodySchema, req.body).text, reviewerOf(req))),
  );

  app.post(`${p}/:id/approve`, { config: { access: 'supervisor' } }, async (req) => reviewsFor(req).approve(idOf(req), reviewerOf(req), parseOrThrow(ApproveBodySchema, req.body ?? {}).comment));

  app.post(`${p}/:id/reject`, { config: { access: 'supervisor' } }, async (req) => reviewsFor(req).reject(idOf(req), reviewerOf(req), parseOrThrow(RejectBodySchema, req.body ?? {}).comment));
}
