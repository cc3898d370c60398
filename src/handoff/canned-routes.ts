/** Canned replies over HTTP (src/handoff/canned-replies.ts): every route for agents of the caller's workspace. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import type { CannedReplies } from './canned-replies.js';

export const CANNED_REPLIES_PATH = '/api/v1/canned-replies';
const HTTP_CREATED = 201;
const HTTP_NO_CONTENT = 204;
const IdParams = z.object({ id: z.string().min(1).max(64) });

export async function cannedReplyRoutes(app: FastifyInstance, { canned }: { canned: CannedReplies }): Promise<void> {
  const p = CANNED_REPLIES_PATH;
  app.get(p, { config: { access: 'agent' } }, async (request) => ({ items: await canned.list(principalOf(request), request.query) }));
  app.post(p, { config: { access: 'agent' } }, async (request, reply) => reply.status(HTTP_CREATED).send(await canned.create(principalOf(request), request.body)));
  app.patch(`${p}/:id`, { config: { access: 'agent' } }, async (request) => canned.update(principalOf(request), parseOrThrow(IdParams, request.params).id, request.body));
  app.delete(`${p}/:id`, { config: { access: 'agent' } }, async (request, reply) => {
    await canned.remove(principalOf(request), parseOrThrow(IdParams, request.params).id);
    return reply.status(HTTP_NO_CONTENT).send();
  });
}
