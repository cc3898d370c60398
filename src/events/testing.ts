/**
 * Test support: the real Redis of the test environment (.ci/run starts it; override with
 * WENDU_TEST_REDIS_URL) and key prefixes no other test — nor a parallel test file — uses.
 * Not imported by production code.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.WENDU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniqueRedisPrefix = (what = 'bus') => `wendu-test:${what}:${randomBytes(6).toString('hex')}`;

/** Deletes a test's own Redis keys (everything under its unique prefix). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
