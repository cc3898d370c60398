/**
 * Rate limits: named budgets kept by `rate-limiter-flexible`, in this process by default or in
 * Redis when REDIS_URL is set (then every instance draws from the same budgets).
 *
 * A budget is "a burst, then refilled at a steady rate" (the numbers operators set; see
 * DEFAULT_RATE_BUDGETS in src/config/server-config.ts). rate-limiter-flexible counts in fixed
 * windows, so a budget becomes `burst` points per `burst / refillPerSecond` seconds: the same
 * long-run rate and the same burst, with the wait at the end of a window instead of spread out.
 *
 * Which budget a request draws from is decided here, for HTTP (registerRateLimits) and — through
 * the same RateLimits object and the same client address — for the customer sockets, so opening
 * more sockets or switching between HTTP and socket never buys more messages.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateBudgetConfig, ServerConfig } from '../config/server-config.js';
import { WenduError } from '../errors/index.js';
import { REDIS_RECONNECT } from '../store/redis-reconnect.js';

export const RATE_BUDGETS = ['address', 'conversation', 'signal', 'apiKey', 'import', 'similarity'] as const;
/**
 * - `address`: everything a customer does (chat HTTP, conversation API, socket open/send/fetch/event), per client address;
 * - `conversation`: messages and events into one conversation, from any address or transport;
 * - `signal`: socket typing indicators and read marks, per address (so they never eat sends);
 * - `apiKey`: every request made with one API key (the auth module consumes it);
 * - `import`: `POST /api/v1/kb/import`, per address; `similarity`: `POST /api/v1/nlu/similarity`, per address.
 */
export type RateBudget = (typeof RATE_BUDGETS)[number];

const MS_PER_SECOND = 1000;
/** Redis keys start with this (then the budget name), so one Redis can serve other things too. */
export const DEFAULT_KEY_PREFIX = 'wendu:rate';
/** Boot waits this long for Redis before refusing to start: a silent per-process fallback would hide the misconfiguration. */
const REDIS_CONNECT_TIMEOUT_MS = 5000;


export interface RateLimitsOptions {
  budgets: Readonly<Record<RateBudget, RateBudgetConfig>>;
  /** Shared store; absent → budgets live in this process. */
  redis?: Redis | null;
  /** Redis key prefix (tests use a unique one each). */
  keyPrefix?: string;
}

/** The window rate-limiter-flexible counts in: whole seconds (Redis expiries are whole seconds). */
export function windowSeconds(budget: RateBudgetConfig): number {
  return Math.max(1, Math.ceil(budget.burst / budget.refillPerSecond));
}

export class RateLimits {
  private readonly limiters: Record<RateBudget, RateLimiterAbstract>;

  constructor(options: RateLimitsOptions) {
    const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    const build = (name: RateBudget): RateLimiterAbstract => {
      const shape = { points: options.budgets[name].burst, duration: windowSeconds(options.budgets[name]), keyPrefix: `${prefix}:${name}` };
      if (!options.redis) return new RateLimiterMemory(shape);
      return new RateLimiterRedis({
        ...shape,
        storeClient: options.redis,
        // While Redis is away each instance keeps limiting on its own instead of letting everyone through.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(shape),
      });
    };
    this.limiters = Object.fromEntries(RATE_BUDGETS.map((name) => [name, build(name)])) as Record<RateBudget, RateLimiterAbstract>;
  }

  /**
   * Take `points` from `key`'s budget, or throw WENDU_RATE_LIMITED
   * with `details.retryAfterSeconds`; over HTTP the error handler adds `Retry-After`.
   */
  async consume(budget: RateBudget, key: string, points = 1): Promise<void> {
    try {
      await this.limiters[budget].consume(key, points);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw refusal(budget, err.msBeforeNext);
      throw err;
    }
  }
}

function refusal(budget: RateBudget, msBeforeNext: number): WenduError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / MS_PER_SECOND));
  return new WenduError('WENDU_RATE_LIMITED', { retryAfterSeconds, budget });
}

/** Budgets of a validated server config: the chat budget is the per-address one. */
export function budgetsOf(config: Pick<ServerConfig, 'chatRateLimit' | 'rateLimits'>): Record<RateBudget, RateBudgetConfig> {
  return { address: config.chatRateLimit, ...config.rateLimits };
}

export interface OpenedRateLimits {
  limits: RateLimits;
  /** The Redis client the budgets live in (null: in memory) — the login throttle shares it. */
  redis: Redis | null;
  /** Disconnects Redis (if any). */
  close(): Promise<void>;
}

/** The server's limits: in Redis when `redisUrl` is set (refusing to start if it cannot be reached), else in memory. */
export async function openRateLimits(
  config: Pick<ServerConfig, 'chatRateLimit' | 'rateLimits' | 'redisUrl'>,
  options: { keyPrefix?: string; log?: { warn(details: object, message: string): void } } = {},
): Promise<OpenedRateLimits> {
  const { keyPrefix, log } = options;
  const budgets = budgetsOf(config);
  if (!config.redisUrl) return { limits: new RateLimits({ budgets, keyPrefix }), redis: null, close: async () => {} };
  // No offline queue: while Redis is unreachable a command fails at once and the in-process insurance answers.
  const redis = new Redis(config.redisUrl, { lazyConnect: true, ...REDIS_RECONNECT, enableOfflineQueue: false, connectTimeout: REDIS_CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 1 });
  // ioredis reconnects by itself; without a listener each failed attempt would be an unhandled 'error' event.
  redis.on('error', (err: Error) => log?.warn({ err: err.message }, '限流用的 Redis 暂时不可用，各实例先各自限流 (rate-limit Redis unavailable)'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`无法连接 REDIS_URL 指定的 Redis (cannot reach REDIS_URL): ${(err as Error).message}`);
  }
  return {
    limits: new RateLimits({ budgets, redis, keyPrefix }),
    redis,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Paths whose every request (any route under them, unknown ones included) draws from the client's `address` budget. */
export const CUSTOMER_RATE_LIMITED_PATHS = ['/api/v1/chat', '/api/v1/conversations'] as const;

/** Routes (method + route pattern) with a budget of their own, and the key each is counted by. */
const ROUTE_BUDGETS: ReadonlyArray<{ method: string; url: string; budget: RateBudget; key: (request: FastifyRequest) => string }> = [
  { method: 'POST', url: '/api/v1/conversations/:id/messages', budget: 'conversation', key: conversationIdOf },
  { method: 'POST', url: '/api/v1/conversations/:id/events', budget: 'conversation', key: conversationIdOf },
  // Each left message writes to the log and makes a ticket a person must read: the same budget as messages.
  { method: 'POST', url: '/api/v1/conversations/:id/leave-message', budget: 'conversation', key: conversationIdOf },
  { method: 'POST', url: '/api/v1/kb/import', budget: 'import', key: (request) => request.ip },
  { method: 'POST', url: '/api/v1/nlu/similarity', budget: 'similarity', key: (request) => request.ip },
];

function conversationIdOf(request: FastifyRequest): string {
  return String((request.params as { id?: unknown } | undefined)?.id ?? '');
}

function underCustomerPaths(url: string): boolean {
  const path = url.split('?')[0];
  return CUSTOMER_RATE_LIMITED_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's rate-limit budgets (e.g. `app.rateLimits.consume('apiKey', keyId)` from the auth hook). */
    rateLimits: RateLimits;
  }
}

/** Charge HTTP requests to their budgets (before the body is read) and expose `app.rateLimits`. */
export function registerRateLimits(app: FastifyInstance, limits: RateLimits): void {
  app.decorate('rateLimits', limits);
  app.addHook('onRequest', async (request) => {
    // A CORS preflight is answered from headers alone; charging it would halve a widget's budget.
    if (request.method === 'OPTIONS') return;
    if (underCustomerPaths(request.url)) await limits.consume('address', request.ip);
    const route = request.routeOptions.url;
    if (!route) return;
    for (const entry of ROUTE_BUDGETS) {
      if (entry.method === request.method && entry.url === route) await limits.consume(entry.budget, entry.key(request));
    }
  });
}
