/**
 * The bots of the caller's workspace over HTTP. Supervisors see them; only admins create bots
 * and decide which sites may embed a bot (`allowedOrigins`, used by CORS and the customer
 * socket) and which hosts its flows may call (`callHosts`) — flow authors cannot widen that.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import type { WorkspaceRegistry } from './registry.js';

export const BOTS_API_PREFIX = '/api/v1/bots';

const IdParams = z.object({ id: z.string().min(1).max(64) });

export async function botRoutes(app: FastifyInstance, { registry }: { registry: WorkspaceRegistry }): Promise<void> {
  const p = BOTS_API_PREFIX;
  const { bots } = registry;

  app.get(p, { config: { access: 'supervisor' } }, async (request) => ({ items: await bots.list(principalOf(request).workspaceId) }));

  /** The signing key is shown once, here; sites sign customer profiles with it. */
  app.post(p, { config: { access: 'admin' } }, async (request, reply) => {
    const created = await bots.create(principalOf(request).workspaceId, request.body, actorOf(request));
    return reply.status(201).send(created);
  });

  app.get(`${p}/:id`, { config: { access: 'supervisor' } }, async (request) =>
    bots.get(principalOf(request).workspaceId, parseOrThrow(IdParams, request.params).id),
  );

  app.put(`${p}/:id/allowed-origins`, { config: { access: 'admin' } }, async (request) =>
    bots.setAllowedOrigins(principalOf(request).workspaceId, parseOrThrow(IdParams, request.params).id, request.body, actorOf(request)),
  );

  app.put(`${p}/:id/call-hosts`, { config: { access: 'admin' } }, async (request) =>
    bots.setCallHosts(principalOf(request).workspaceId, parseOrThrow(IdParams, request.params).id, request.body, actorOf(request)),
  );
}
