/**
 * How every Redis connection of an instance comes back after Redis restarts or the network
 * blips: retry at once-ish, doubling, but never wait longer than REDIS_RECONNECT_MAX_DELAY_MS
 * between tries. The libraries' own defaults back off much further — ioredis up to 5 s, BullMQ
 * up to 20 s — so after an outage of a few seconds the event bus, the socket.io adapter and the
 * job workers came back seconds after Redis did (measured in src/server/redis-restart-e2e.test.ts:
 * 4.6 s after an 8 s outage; docs/realtime.md). A try costs one refused TCP connect.
 */
/** The first retry waits this long; each further one twice the one before. */
export const REDIS_RECONNECT_FIRST_DELAY_MS = 50;
/** Longest pause between two tries: Redis is used again at most this long after it answers. */
export const REDIS_RECONNECT_MAX_DELAY_MS = 500;

/** ioredis' `retryStrategy`: `times` counts the tries, from 1. */
export function redisReconnectDelay(times: number): number {
  return Math.min(REDIS_RECONNECT_FIRST_DELAY_MS * 2 ** (times - 1), REDIS_RECONNECT_MAX_DELAY_MS);
}

/** Spread into every ioredis and BullMQ connection's options. */
export const REDIS_RECONNECT = { retryStrategy: redisReconnectDelay } as const;
