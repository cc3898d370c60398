/**
 * A small in-memory token bucket per client (IP address). One process only; several
 * instances behind a load balancer each keep their own buckets, which is fine for shielding
 * the matcher from a flood — it is not a billing quota.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WenduError } from '../errors/index.js';

export interface RateLimitOptions {
  /** Requests a client may make at once before being limited. */
  burst: number;
  /** Tokens returned to each bucket per second. */
  refillPerSecond: number;
  /** Injected clock in milliseconds (tests). */
  now?: () => number;
}

/** Buckets untouched this long are full again anyway, so they are forgotten to bound memory. */
const IDLE_BUCKET_SWEEP_FACTOR = 2;
/** Sweep at most this often so a busy server does not scan the map on every request. */
const SWEEP_INTERVAL_MS = 60_000;
const MS_PER_SECOND = 1000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Seconds until one token is available again (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private lastSweep: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
    this.lastSweep = this.now();
  }

  take(key: string): TakeResult {
    const now = this.now();
    this.sweep(now);
    const { burst, refillPerSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    const refilled = ((now - bucket.updatedAt) / MS_PER_SECOND) * refillPerSecond;
    bucket.tokens = Math.min(burst, bucket.tokens + refilled);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
    }
    const retryAfterSeconds = (1 - bucket.tokens) / refillPerSecond;
    return { allowed: false, retryAfterSeconds, remaining: 0 };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    const fullAfterMs = (this.options.burst / this.options.refillPerSecond) * MS_PER_SECOND * IDLE_BUCKET_SWEEP_FACTOR;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt > fullAfterMs) this.buckets.delete(key);
    }
  }
}

/**
 * Limit requests whose path starts with one of `paths` (e.g. `/api/v1/chat`), per IP.
 * Refused requests get 429 WENDU_RATE_LIMITED with `Retry-After`.
 */
export function registerRateLimit(app: FastifyInstance, paths: string[], options: RateLimitOptions): TokenBucketLimiter {
  const limiter = new TokenBucketLimiter(options);
  const limited = (request: FastifyRequest) => {
    const path = request.url.split('?')[0];
    return paths.some((p) => path === p || path.startsWith(`${p}/`));
  };
  app.addHook('onRequest', async (request) => {
    if (!limited(request)) return;
    const result = limiter.take(request.ip);
    if (!result.allowed) {
      throw new WenduError('WENDU_RATE_LIMITED', {
        retryAfterSeconds: Math.ceil(result.retryAfterSeconds),
      });
    }
  });
  return limiter;
}
