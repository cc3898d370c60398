/**
 * Test support: the real Redis of the test environment (.ci/run starts it; override with
 * WENDU_TEST_REDIS_URL) and key prefixes no other test — nor a parallel test file — uses.
 * Not imported by production code.
 */
import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.WENDU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniqueRedisPrefix = (what = 'bus') => `wendu-test:${what}:${randomBytes(6).toString('hex')}`;
