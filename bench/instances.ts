/**
 * `npx tsx bench/instances.ts [events]`: what several instances add per message, on the real
 * Redis (REDIS_URL, default redis://127.0.0.1:6379): the event bus's trip from one instance to
 * another, and a turn lock's acquire + release when nobody else holds it. Prints p50 / p99.
 * Standalone (not a section of `npm run bench`, which measures matching).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisTurnLock } from '../src/conversation/turn-lock.js';
import { RedisEventBus } from '../src/events/redis-bus.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const count = Number(process.argv[2] ?? 2000);
const prefix = `wendu-bench:${randomBytes(4).toString('hex')}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const line = (what: string, samples: number[]) => {
  const sorted = [...samples].sort((x, y) => x - y);
  return `| ${what} | ${samples.length} | ${percentile(sorted, 50).toFixed(2)} | ${percentile(sorted, 99).toFixed(2)} |`;
};

const a = await RedisEventBus.open({ url, keyPrefix: `${prefix}:bus` });
const b = await RedisEventBus.open({ url, keyPrefix: `${prefix}:bus` });
const sentAt = new Map<number, number>();
const trips: number[] = [];
let done: () => void = () => {};
const all = new Promise<void>((resolve) => (done = resolve));
await b.subscribe('conversation.state_changed', ({ payload }) => {
  trips.push(performance.now() - sentAt.get(payload.version)!);
  if (trips.length === count) done();
});
// One at a time, as a turn publishes: the trip, not the stream's throughput.
for (let version = 1; version <= count; version++) {
  sentAt.set(version, performance.now());
  await a.publish('conversation.state_changed', { conversationId: 'cv-bench', version });
  if (version % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
await all;

const redis = new Redis(url);
const lock = new RedisTurnLock({ redis, keyPrefix: `${prefix}:turn` });
const holds: number[] = [];
for (let i = 0; i < count; i++) {
  const start = performance.now();
  await lock.hold(`cv-${i % 100}`, async () => undefined);
  holds.push(performance.now() - start);
}

process.stdout.write(`| measure (ms) | n | p50 | p99 |\n| --- | --- | --- | --- |\n${line('event bus: publish on A → handler on B', trips)}\n${line('turn lock: acquire + release, uncontended', holds)}\n`);
const keys = await redis.keys(`${prefix}:*`);
if (keys.length > 0) await redis.del(...keys);
await Promise.all([a.close(), b.close(), redis.quit()]);
