import { describe, expect, it } from 'vitest';
import { REDIS_RECONNECT_FIRST_DELAY_MS, REDIS_RECONNECT_MAX_DELAY_MS, redisReconnectDelay } from './redis-reconnect.js';

describe('redisReconnectDelay', () => {
  it('starts short, doubles, and never waits longer than the cap however long Redis is away', () => {
    expect(redisReconnectDelay(1)).toBe(REDIS_RECONNECT_FIRST_DELAY_MS);
    expect(redisReconnectDelay(2)).toBe(2 * REDIS_RECONNECT_FIRST_DELAY_MS);
    const delays = Array.from({ length: 1000 }, (_, i) => redisReconnectDelay(i + 1));
    expect(Math.max(...delays)).toBe(REDIS_RECONNECT_MAX_DELAY_MS);
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1])).toBe(true);
  });
});
