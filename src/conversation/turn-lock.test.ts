import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../events/testing.js';
import { RedisTurnLock } from './turn-lock.js';

const redis = new Redis(TEST_REDIS_URL);
const otherInstance = new Redis(TEST_REDIS_URL);
afterAll(async () => {
  await redis.quit();
  await otherInstance.quit();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisTurnLock: one conversation, one instance at a time', () => {
  it('never lets two instances’ turns on one conversation overlap, and keeps other conversations apart', async () => {
    const keyPrefix = uniqueRedisPrefix('turn');
    const a = new RedisTurnLock({ redis, keyPrefix });
    const b = new RedisTurnLock({ redis: otherInstance, keyPrefix });
    const timeline: string[] = [];
    const turn = (name: string) => async () => {
      timeline.push(`${name} start`);
      await pause(30);
      timeline.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      a.hold('cv-同一个', turn('a1')),
      b.hold('cv-同一个', turn('b1')),
      a.hold('cv-同一个', turn('a2')),
      b.hold('cv-同一个', turn('b2')),
    ]);
    expect(results).toEqual(['a1', 'b1', 'a2', 'b2']);
    // Each start is followed by its own end before anyone else starts.
    for (let i = 0; i < timeline.length; i += 2) {
      expect(timeline[i + 1]).toBe(timeline[i].replace('start', 'end'));
    }
    // A different conversation is not held up by this one.
    let otherRan = false;
    await Promise.all([a.hold('cv-甲', () => pause(200)), b.hold('cv-乙', async () => void (otherRan = true))]);
    expect(otherRan).toBe(true);
    expect(await redis.keys(`${keyPrefix}:*`)).toEqual([]);
  });

  it('keeps the lock while a long turn runs (renewed past its TTL), and releases it even when the turn fails', async () => {
    const keyPrefix = uniqueRedisPrefix('turn');
    const ttlMs = 150;
    const a = new RedisTurnLock({ redis, keyPrefix, ttlMs });
    const b = new RedisTurnLock({ redis: otherInstance, keyPrefix, ttlMs });
    const order: string[] = [];
    const long = a.hold('cv-慢', async () => {
      await pause(ttlMs * 4);
      order.push('a done');
    });
    await pause(20);
    const waiting = b.hold('cv-慢', async () => void order.push('b ran'));
    await Promise.all([long, waiting]);
    expect(order).toEqual(['a done', 'b ran']);
    await expect(a.hold('cv-慢', async () => Promise.reject(new Error('订单系统超时')))).rejects.toThrow('订单系统超时');
    expect(await redis.exists(`${keyPrefix}:cv-慢`)).toBe(0);
  });

  it('lets the next turn in once a dead holder’s lock lapses, and never releases a lock it no longer holds', async () => {
    const keyPrefix = uniqueRedisPrefix('turn');
    const ttlMs = 200;
    // A holder that died mid-turn: its key is there, nobody renews it.
    await redis.set(`${keyPrefix}:cv-断电`, 'dead-instance-token', 'PX', ttlMs);
    const b = new RedisTurnLock({ redis: otherInstance, keyPrefix, ttlMs, waitMs: ttlMs * 10 });
    const startedAt = Date.now();
    await b.hold('cv-断电', async () => {
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(ttlMs - 20);
      // Someone else's key appears meanwhile (b stalled past its TTL): b's release must not delete it.
      await redis.set(`${keyPrefix}:cv-断电`, 'newer-holder', 'PX', ttlMs * 10);
    });
    expect(await redis.get(`${keyPrefix}:cv-断电`)).toBe('newer-holder');
    await redis.del(`${keyPrefix}:cv-断电`);
  });

  it('runs the turn anyway when Redis does not answer (the state version still guards it)', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    unreachable.on('error', () => {});
    const warnings: string[] = [];
    const lock = new RedisTurnLock({ redis: unreachable, keyPrefix: uniqueRedisPrefix('turn'), log: { warn: (_d, message) => warnings.push(message) } });
    await expect(lock.hold('cv-无锁', async () => '照样回答')).resolves.toBe('照样回答');
    expect(warnings.join()).toContain('turn lock unavailable');
    unreachable.disconnect();
  });
});
