/**
 * The access guard: every route says who may call it (`config: { access }`, see access.ts),
 * and this guard enforces it before anything else runs.
 * - At start-up (`onRoute`): a route that declares no access makes registration throw, so a
 *   new route is protected the day it is written. Routes registered inside a scope marked with
 *   `markPublicScope` (the static pages) count as public.
 * - On each request (`onRequest`): public → pass; otherwise `Authorization: Bearer <token or
 *   API key>` — nothing else (no cookie, no actor header) — else 401 WENDU_UNAUTHENTICATED;
 *   a role below the route's → 403 WENDU_FORBIDDEN. Sets `request.principal`.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyPluginOptions, FastifyRequest, RouteOptions } from 'fastify';
import { WenduError } from '../errors/index.js';
import { roleAllows, type RouteAccess } from './access.js';
import type { AccountService, Authenticated } from './service.js';
import { bearerSecret } from './tokens.js';

export interface AccessGuardOptions {
  /** Who a bearer secret belongs to (AccountService; may be bound late, when the database is open). */
  accounts: Pick<AccountService, 'authenticate'>;
  /**
   * true (default): a route without `config.access` fails start-up. false: such routes are
   * public — ONLY while existing routes are being annotated.
   */
  requireDeclaredAccess?: boolean;
  /**
   * Called after an API key authenticated, before the route runs (hook point for a per-key
   * rate limit: throw a WenduError to refuse the request).
   */
  onApiKeyUsed?: (apiKeyId: string, request: FastifyRequest) => void | Promise<void>;
}

/** A property on a fastify scope; child scopes inherit it through their prototype. */
const PUBLIC_SCOPE = Symbol.for('wendu.publicScope');
/** The presented session token's hash, for logout and "keep my own session". */
const SESSION_HASH = Symbol.for('wendu.sessionHash');

/**
 * Every route registered in `scope` (and in plugins registered inside it) is public — for
 * plugins such as @fastify/static that create routes without letting us set their config.
 */
export function markPublicScope(scope: FastifyInstance): void {
  Object.defineProperty(scope, PUBLIC_SCOPE, { value: true, enumerable: false });
}

/**
 * Wraps a route-creating plugin so that all its routes are public:
 * `app.register(publicPlugin(fastifyStatic), { root, … })`. The plugin then lives in its own
 * scope (its reply decorations, e.g. `sendFile`, are visible only there).
 */
export function publicPlugin<O extends FastifyPluginOptions>(plugin: FastifyPluginAsync<O> | ((...args: any[]) => unknown)): FastifyPluginAsync<O> {
  return async (scope, opts) => {
    markPublicScope(scope);
    await scope.register(plugin as FastifyPluginAsync<O>, opts);
  };
}

function inPublicScope(instance: FastifyInstance): boolean {
  return (instance as unknown as Record<symbol, unknown>)[PUBLIC_SCOPE] === true;
}

export { principalOf } from './access.js';

/** Hash of the session token the request came with (null for API keys and public routes). */
export function sessionHashOf(request: FastifyRequest): string | null {
  return ((request as unknown as Record<symbol, string | undefined>)[SESSION_HASH]) ?? null;
}

function accessOf(request: FastifyRequest): RouteAccess | undefined {
  return request.routeOptions.config?.access;
}

/** A registered route and who may call it (what the route-walking test walks). */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * Installs the guard on `app` — call before registering any route. Returns the live list of
 * every route registered after it, with its access.
 */
export function installAccessGuard(app: FastifyInstance, options: AccessGuardOptions): DeclaredRoute[] {
  const requireDeclared = options.requireDeclaredAccess ?? true;
  const declared: DeclaredRoute[] = [];
  const record = (route: RouteOptions, access: RouteAccess) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) declared.push({ method, url: route.url, access });
  };

  app.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
    const config = (route.config ?? {}) as { access?: RouteAccess };
    if (config.access !== undefined) {
      record(route, config.access);
      return;
    }
    if (inPublicScope(this)) {
      route.config = { ...config, access: 'public' };
      record(route, 'public');
      return;
    }
    if (requireDeclared) {
      const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
      throw new WenduError(
        'WENDU_CONFIG_INVALID',
        { route: `${methods} ${route.url}` },
        `路由 ${methods} ${route.url} 没有声明访问权限 config.access (route declares no access)`,
      );
    }
  });

  app.addHook('onRequest', async (request) => {
    // Unknown paths reach the JSON 404 handler; nothing there to protect.
    if (request.is404) return;
    const access = accessOf(request) ?? (requireDeclared ? undefined : 'public');
    if (access === 'public') return;
    const secret = bearerSecret(request.headers.authorization);
    const found: Authenticated | null = secret ? await options.accounts.authenticate(secret) : null;
    if (!found) throw new WenduError('WENDU_UNAUTHENTICATED');
    // A route that somehow has no access (requireDeclared but missing) is treated as admin-only.
    if (!roleAllows(found.principal.role, access ?? 'admin')) {
      throw new WenduError('WENDU_FORBIDDEN', { required: access ?? 'admin', role: found.principal.role });
    }
    request.principal = found.principal;
    if (found.tokenHash) (request as unknown as Record<symbol, string>)[SESSION_HASH] = found.tokenHash;
    if (found.apiKeyId && options.onApiKeyUsed) await options.onApiKeyUsed(found.apiKeyId, request);
  });
  return declared;
}
