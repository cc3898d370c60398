/**
 * What several Wendu instances share besides the database, opened once at boot from REDIS_URL
 * (deploy/README.md): the event bus, the socket.io adapter, the per-conversation turn lock and a
 * Redis connection the readiness check pings. Without REDIS_URL everything stays in this
 * process: the in-process bus, socket.io's own adapter, no lock (the engine's queue suffices).
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { ServerConfig } from '../config/server-config.js';
import { RedisTurnLock, type ConversationTurnLock } from '../conversation/turn-lock.js';
import type { EventBus } from '../events/bus.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { RedisEventBus } from '../events/redis-bus.js';
import { BullJobs, InProcessJobs, type BackgroundJobs } from '../jobs/index.js';
import { REDIS_RECONNECT } from '../store/redis-reconnect.js';

/** How long boot waits for Redis before refusing to start (a silent single-process fallback would hide the misconfiguration). */
const REDIS_CONNECT_TIMEOUT_MS = 5_000;
/** A readiness ping slower than this counts as "Redis does not answer". */
const REDIS_PING_TIMEOUT_MS = 1_000;

export interface InstanceLinks {
  bus: EventBus;
  turnLock?: ConversationTurnLock;
  /** Background jobs (imports): BullMQ with Redis, else in this process. */
  jobs: BackgroundJobs;
  /** socket.io's adapter across instances (absent: the default in-process one). */
  socketAdapter?: ServerOptions['adapter'];
  /** True when Redis answers a ping (always, without Redis). */
  redisAnswers(): Promise<boolean>;
  /** Stops the job workers and disconnects Redis; the bus is closed by the runtime that uses it. */
  close(): Promise<void>;
}

export interface InstanceLinksOptions {
  log: { warn(details: object, message: string): void };
}

export async function openInstanceLinks(config: Pick<ServerConfig, 'redisUrl' | 'redisKeyPrefix'>, { log }: InstanceLinksOptions): Promise<InstanceLinks> {
  if (!config.redisUrl) {
    const jobs = new InProcessJobs();
    return { bus: new MemoryEventBus(), jobs, redisAnswers: async () => true, close: () => jobs.close() };
  }
  const prefix = config.redisKeyPrefix;
  // Fails fast while Redis is away (the lock then steps aside, readiness says so) instead of queueing.
  const redis = new Redis(config.redisUrl, { lazyConnect: true, ...REDIS_RECONNECT, connectTimeout: REDIS_CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'Redis 暂时不可用 (Redis unavailable)'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`无法连接 REDIS_URL 指定的 Redis (cannot reach REDIS_URL): ${(err as Error).message}`);
  }
  let bus: RedisEventBus;
  try {
    bus = await RedisEventBus.open({ url: config.redisUrl, keyPrefix: `${prefix}:bus`, log });
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  // The adapter's own connection: it blocks in XREAD, which must not hold up the lock's commands.
  const adapterRedis = new Redis(config.redisUrl, REDIS_RECONNECT);
  adapterRedis.on('error', (err: Error) => log.warn({ err: err.message }, 'socket.io 适配器的 Redis 暂时不可用 (socket adapter Redis unavailable)'));
  const jobs = new BullJobs({ url: config.redisUrl, prefix: `${prefix}:jobs` });
  return {
    bus,
    jobs,
    turnLock: new RedisTurnLock({ redis, keyPrefix: `${prefix}:turn`, log }),
    socketAdapter: createAdapter(adapterRedis, { streamName: `${prefix}:socket.io`, channelPrefix: `${prefix}:socket.io`, sessionKeyPrefix: `${prefix}:socket.io:session:` }),
    async redisAnswers() {
      const ping = redis.ping().then(
        (answer) => answer === 'PONG',
        () => false,
      );
      const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), REDIS_PING_TIMEOUT_MS).unref());
      return Promise.race([ping, late]);
    },
    async close() {
      await jobs.close();
      await redis.quit().catch(() => redis.disconnect());
      adapterRedis.disconnect();
    },
  };
}
