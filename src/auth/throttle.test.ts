/**
 * Wrong passwords are throttled per account and per address, over real HTTP, with the
 * in-memory store and with the real Redis (shared between two instances).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { DEFAULT_WORKSPACE_ID } from './access.js';
import { AUTH_API_PREFIX } from './routes.js';
import { authTestApp, GOOD_PASSWORD, type AuthTestApp } from './test-app.js';
import { LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS, LOGIN_THROTTLE_WINDOW_SECONDS, LoginThrottle } from './throttle.js';
import { TEST_REDIS_URL } from '../events/testing.js';

const REDIS_URL = TEST_REDIS_URL;
const sqlite = TEST_BACKENDS.find((b) => b.name === 'sqlite')!;
const WRONG = '是不是这个密码啊？？';

async function login(t: AuthTestApp, email: string, password: string, address = '198.51.100.20') {
  return t.app.inject({ method: 'POST', url: `${AUTH_API_PREFIX}/login`, payload: { email, password }, remoteAddress: address });
}

describe('login throttle (memory store)', () => {
  let database: TestDatabase;
  let t: AuthTestApp;
  beforeEach(async () => {
    database = await sqlite.open();
    t = await authTestApp(database, { throttle: new LoginThrottle() });
    await t.accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'amy@shop.cn', role: 'admin', password: GOOD_PASSWORD }, 'cli');
  });
  afterEach(async () => {
    await t.close();
    await database.dispose();
  });

  it('after too many wrong passwords for one account, even the right one waits (429 + Retry-After)', async () => {
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT; i++) expect((await login(t, 'amy@shop.cn', WRONG, `198.51.100.${i}`)).statusCode).toBe(401);
    // Another address, the right password, different case: still the same account, still throttled.
    const blocked = await login(t, 'AMY@shop.cn', GOOD_PASSWORD, '203.0.113.99');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('WENDU_LOGIN_THROTTLED');
    const retry = blocked.json().error.details.retryAfterSeconds;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(LOGIN_THROTTLE_WINDOW_SECONDS);
    expect(blocked.headers['retry-after']).toBe(String(retry));
    // Other accounts are not affected.
    await t.accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'bob@shop.cn', role: 'agent', password: GOOD_PASSWORD }, 'cli');
    expect((await login(t, 'bob@shop.cn', GOOD_PASSWORD)).statusCode).toBe(200);
  });

  it('a success resets the account’s count', async () => {
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT - 1; i++) await login(t, 'amy@shop.cn', WRONG);
    expect((await login(t, 'amy@shop.cn', GOOD_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT - 1; i++) expect((await login(t, 'amy@shop.cn', WRONG)).statusCode).toBe(401);
    expect((await login(t, 'amy@shop.cn', GOOD_PASSWORD)).statusCode).toBe(200);
  });

  it('one address guessing many accounts is throttled too', async () => {
    const address = '192.0.2.66';
    for (let i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i++) {
      expect((await login(t, `guess${i}@shop.cn`, WRONG, address)).statusCode).toBe(401);
    }
    const blocked = await login(t, 'amy@shop.cn', GOOD_PASSWORD, address);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.details.scope).toBe('address');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The real owner from their own address still gets in.
    expect((await login(t, 'amy@shop.cn', GOOD_PASSWORD, '198.51.100.77')).statusCode).toBe(200);
  });
});

describe('login throttle (Redis store, shared by two instances)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
  });
  afterAll(async () => {
    redis.disconnect();
  });

  it('failures counted by one instance block the account on the other', async () => {
    const keyPrefix = `wendu-test-${randomBytes(6).toString('hex')}`;
    const one = new LoginThrottle({ redis, keyPrefix });
    const two = new LoginThrottle({ redis, keyPrefix });
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT; i++) await (i % 2 ? one : two).attempt('amy@shop.cn', `10.0.0.${i}`);
    await expect(one.attempt('amy@shop.cn', '10.0.1.1')).rejects.toMatchObject({ code: 'WENDU_LOGIN_THROTTLED' });
    await expect(two.attempt('amy@shop.cn', '10.0.1.2')).rejects.toMatchObject({ code: 'WENDU_LOGIN_THROTTLED' });
    await one.succeeded('amy@shop.cn', '10.0.1.1');
    await expect(two.attempt('amy@shop.cn', '10.0.1.3')).resolves.toBeUndefined();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });
});
