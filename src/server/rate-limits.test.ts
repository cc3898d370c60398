/**
 * The RateLimits budgets, one suite run against both stores: in-process memory and the real
 * Redis on 127.0.0.1 (a unique key prefix per test, so runs never share counts). With Redis,
 * two RateLimits objects — two server instances — draw from one budget.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_BUDGETS, loadServerConfig } from '../config/server-config.js';
import { WenduError } from '../errors/index.js';
import { budgetsOf, openRateLimits, RateLimits, windowSeconds, type RateBudget } from './rate-limits.js';
import { TEST_REDIS_URL } from '../events/testing.js';

const SMALL = { burst: 3, refillPerSecond: 0.01 };
const budgets = { ...budgetsOf(loadServerConfig({}, {})), address: SMALL, import: SMALL, conversation: SMALL };

const redis = new Redis(TEST_REDIS_URL);
afterAll(async () => {
  await redis.quit();
});

const STORES: Array<{ name: string; make: (prefix: string) => RateLimits }> = [
  { name: 'memory', make: (keyPrefix) => new RateLimits({ budgets, keyPrefix }) },
  { name: 'redis', make: (keyPrefix) => new RateLimits({ budgets, keyPrefix, redis }) },
];

async function refusalOf(work: Promise<unknown>): Promise<WenduError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WenduError);
  return err as WenduError;
}

async function spend(limits: RateLimits, budget: RateBudget, key: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await limits.consume(budget, key);
}

describe.each(STORES)('RateLimits on $name', ({ make }) => {
  const prefix = () => `wendu-test:${randomUUID()}`;

  it('lets a burst through, then refuses with WENDU_RATE_LIMITED and a retry time', async () => {
    const limits = make(prefix());
    await spend(limits, 'address', '203.0.113.7', SMALL.burst);
    const err = await refusalOf(limits.consume('address', '203.0.113.7'));
    expect(err.code).toBe('WENDU_RATE_LIMITED');
    const details = err.details as { retryAfterSeconds: number; budget: string };
    expect(details.budget).toBe('address');
    expect(details.retryAfterSeconds).toBeGreaterThan(0);
    expect(details.retryAfterSeconds).toBeLessThanOrEqual(windowSeconds(SMALL));
    // Another address, and another budget of the same address, are untouched.
    await limits.consume('address', '198.51.100.1');
    await limits.consume('similarity', '203.0.113.7');
  });
});

describe('RateLimits on Redis, across instances', () => {
  it('two server instances with one Redis share one budget', async () => {
    const keyPrefix = `wendu-test:${randomUUID()}`;
    const config = loadServerConfig({ redisUrl: TEST_REDIS_URL, chatRateLimit: SMALL }, {});
    const first = await openRateLimits(config, { keyPrefix });
    const second = await openRateLimits(config, { keyPrefix });
    try {
      await first.limits.consume('address', '203.0.113.9');
      await second.limits.consume('address', '203.0.113.9');
      await first.limits.consume('address', '203.0.113.9');
      const err = await refusalOf(second.limits.consume('address', '203.0.113.9'));
      expect(err.code).toBe('WENDU_RATE_LIMITED');
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('refuses to start when REDIS_URL cannot be reached, instead of limiting per process unnoticed', async () => {
    const config = loadServerConfig({ redisUrl: 'redis://127.0.0.1:1' }, {});
    await expect(openRateLimits(config)).rejects.toThrow(/REDIS_URL/);
  });
});

describe('budget numbers', () => {
  it('every budget has a documented default, tunable from the environment', () => {
    const config = loadServerConfig({}, { WENDU_SIMILARITY_BURST: '7', WENDU_IMPORT_REFILL_PER_SECOND: '0.5', WENDU_CHAT_BURST: '9' });
    expect(config.rateLimits.similarity).toEqual({ burst: 7, refillPerSecond: DEFAULT_RATE_BUDGETS.similarity.refillPerSecond });
    expect(config.rateLimits.import.refillPerSecond).toBe(0.5);
    expect(budgetsOf(config).address.burst).toBe(9);
    expect(windowSeconds({ burst: 20, refillPerSecond: 2 })).toBe(10);
    expect(() => loadServerConfig({}, { WENDU_API_KEY_BURST: '零' })).toThrow(WenduError);
  });
});
