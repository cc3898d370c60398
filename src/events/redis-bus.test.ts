import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { describeEventBus } from './bus-contract.js';
import { readerConnectionName, RedisEventBus } from './redis-bus.js';
import { TEST_REDIS_URL, uniqueRedisPrefix } from './testing.js';

const uniqueBusPrefix = () => uniqueRedisPrefix('bus');

const admin = new Redis(TEST_REDIS_URL);
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) await admin.del(`${prefix}:events`);
  await admin.quit();
});

function open(keyPrefix = uniqueBusPrefix()) {
  prefixes.push(keyPrefix);
  return RedisEventBus.open({ url: TEST_REDIS_URL, keyPrefix, onHandlerError: () => {}});
}

describeEventBus('redis', { create: () => open() });

describe('RedisEventBus specifics', () => {
  it('carries events between two instances sharing a prefix, and not to another prefix', async () => {
    const prefix = uniqueBusPrefix();
    const [a, b, other] = await Promise.all([open(prefix), open(prefix), open()]);
    const seenByB: string[] = [];
    const seenByOther: string[] = [];
    await b.subscribe('typing', (e) => {
      seenByB.push(e.payload.conversationId);
    });
    await other.subscribe('typing', (e) => {
      seenByOther.push(e.payload.conversationId);
    });
    await a.publish('typing', { conversationId: 'cv-甲', sender: 'customer', senderId: null, typing: true });
    await other.publish('typing', { conversationId: 'cv-marker', sender: 'customer', senderId: null, typing: true });
    await vi.waitFor(() => expect(seenByB).toEqual(['cv-甲']));
    await vi.waitFor(() => expect(seenByOther).toEqual(['cv-marker']));
    await Promise.all([a.close(), b.close(), other.close()]);
  });

  it('misses nothing published while its connection to Redis was cut', async () => {
    const prefix = uniqueBusPrefix();
    const [a, b] = await Promise.all([open(prefix), open(prefix)]);
    const seen: number[] = [];
    await b.subscribe('conversation.state_changed', (e) => {
      seen.push(e.payload.version);
    });
    await a.publish('conversation.state_changed', { conversationId: 'cv-cut', version: 1 });
    await vi.waitFor(() => expect(seen).toEqual([1]));
    // Kill b's reading connection from the Redis side, as a Redis restart or a network cut would.
    const clients = (await admin.client('LIST')) as string;
    const readers = clients.split('\n').filter((line) => line.includes(` name=${readerConnectionName(prefix)} `));
    expect(readers).toHaveLength(2);
    for (const line of readers) await admin.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]);
    for (let version = 2; version <= 5; version++) await a.publish('conversation.state_changed', { conversationId: 'cv-cut', version });
    await vi.waitFor(() => expect(seen).toEqual([1, 2, 3, 4, 5]), { timeout: 10_000 });
    await Promise.all([a.close(), b.close()]);
  });
});
