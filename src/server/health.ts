/**
 * What a load balancer asks (deploy/README.md). Public, and they say nothing but a status word:
 * which dependency failed goes to the log, never to whoever asks.
 *
 * - `GET /healthz` — liveness: 200 once the server has started (503 `starting` before).
 * - `GET /readyz` — readiness: 200 only when the answering index is loaded and the database
 *   and Redis (when configured) answer now; 503 `not_ready` otherwise, so traffic moves to the
 *   instances that can answer while this one is still alive.
 */
import type { FastifyInstance } from 'fastify';

const HTTP_OK = 200;
const HTTP_UNAVAILABLE = 503;

export interface HealthChecks {
  /** The server finished starting (routes, sockets, the default bot's index). */
  started(): boolean;
  /** Each dependency's check, by name (for the log): resolves true when it answers now. */
  dependencies: Record<string, () => Promise<boolean>>;
  log: { warn(details: object, message: string): void };
}

export function healthRoutes(app: FastifyInstance, checks: HealthChecks): void {
  app.get('/healthz', { config: { access: 'public' } }, async (_request, reply) => {
    if (!checks.started()) return reply.status(HTTP_UNAVAILABLE).send({ status: 'starting' });
    return reply.status(HTTP_OK).send({ status: 'ok' });
  });

  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    if (!checks.started()) return reply.status(HTTP_UNAVAILABLE).send({ status: 'not_ready' });
    const names = Object.keys(checks.dependencies);
    const answers = await Promise.all(names.map((name) => checks.dependencies[name]().catch(() => false)));
    const failing = names.filter((_, i) => !answers[i]);
    if (failing.length === 0) return reply.status(HTTP_OK).send({ status: 'ready' });
    checks.log.warn({ failing }, '就绪检查未通过 (readiness check failed)');
    return reply.status(HTTP_UNAVAILABLE).send({ status: 'not_ready' });
  });
}
