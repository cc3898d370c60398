/**
 * The accounts API: login / logout / me (any signed-in user), users and API keys (admins of
 * the caller's workspace only — another workspace's ids are not found).
 */
import type { FastifyInstance } from 'fastify';
import { WenduError, isWenduError } from '../errors/index.js';
import { principalOf, sessionHashOf } from './guard.js';
import { CreateApiKeySchema, IdParamsSchema, LoginBodySchema } from './schemas.js';
import type { AccountService } from './service.js';

export const AUTH_API_PREFIX = '/api/v1/auth';
export const USERS_PATH = '/api/v1/users';
export const API_KEYS_PATH = '/api/v1/api-keys';

const HTTP_CREATED = 201;
const HTTP_NO_CONTENT = 204;

export async function authRoutes(app: FastifyInstance, { accounts }: { accounts: AccountService }): Promise<void> {
  app.post(`${AUTH_API_PREFIX}/login`, { config: { access: 'public' } }, async (request, reply) => {
    const { email, password } = LoginBodySchema.parse(request.body);
    try {
      return await accounts.login({ email, password, address: request.ip });
    } catch (err) {
      // The error handler sets Retry-After only for its own rate limit; the login throttle says it here.
      const retry = isWenduError(err) && err.code === 'WENDU_LOGIN_THROTTLED' ? (err.details as { retryAfterSeconds?: number }).retryAfterSeconds : undefined;
      if (retry !== undefined) reply.header('retry-after', String(retry));
      throw err;
    }
  });

  app.post(`${AUTH_API_PREFIX}/logout`, { config: { access: 'agent' } }, async (request, reply) => {
    const principal = principalOf(request);
    const tokenHash = sessionHashOf(request);
    // An API key is revoked by an admin (DELETE /api/v1/api-keys/:id), not by logging out.
    if (principal.kind !== 'user' || tokenHash === null) throw new WenduError('WENDU_FORBIDDEN', { reason: 'not_a_session' });
    await accounts.revokeSession(tokenHash);
    return reply.status(HTTP_NO_CONTENT).send();
  });

  app.get(`${AUTH_API_PREFIX}/me`, { config: { access: 'agent' } }, async (request) => {
    const principal = principalOf(request);
    if (principal.kind === 'api_key') return { apiKey: { id: principal.id, role: principal.role, workspaceId: principal.workspaceId, actor: principal.actor } };
    const user = await accounts.getUser(principal.workspaceId, principal.id);
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role, workspaceId: user.workspaceId } };
  });

  app.get(USERS_PATH, { config: { access: 'admin' } }, async (request) => {
    return { users: await accounts.listUsers(principalOf(request).workspaceId) };
  });

  app.post(USERS_PATH, { config: { access: 'admin' } }, async (request, reply) => {
    const principal = principalOf(request);
    const user = await accounts.createUser(principal.workspaceId, request.body as never, principal.actor);
    return reply.status(HTTP_CREATED).send({ user });
  });

  app.patch(`${USERS_PATH}/:id`, { config: { access: 'admin' } }, async (request) => {
    const principal = principalOf(request);
    const { id } = IdParamsSchema.parse(request.params);
    const user = await accounts.updateUser(principal.workspaceId, id, request.body as never, principal.actor, sessionHashOf(request));
    return { user };
  });

  app.get(API_KEYS_PATH, { config: { access: 'admin' } }, async (request) => {
    return { apiKeys: await accounts.listApiKeys(principalOf(request).workspaceId) };
  });

  app.post(API_KEYS_PATH, { config: { access: 'admin' } }, async (request, reply) => {
    const created = await accounts.createApiKey(principalOf(request), CreateApiKeySchema.parse(request.body));
    const { id, name, role, prefix, createdAt } = created.apiKey;
    return reply.status(HTTP_CREATED).send({ key: created.key, apiKey: { id, name, role, prefix, createdAt } });
  });

  app.delete(`${API_KEYS_PATH}/:id`, { config: { access: 'admin' } }, async (request) => {
    const principal = principalOf(request);
    const { id } = IdParamsSchema.parse(request.params);
    return { apiKey: await accounts.revokeApiKey(principal.workspaceId, id, principal.actor) };
  });
}
