import { describe, expect, it } from 'vitest';
import { WenduError } from '../errors/index.js';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_CHAT_BURST,
  loadServerConfig,
} from './server-config.js';

describe('loadServerConfig', () => {
  it('fills every default from the schema and freezes the result', () => {
    const config = loadServerConfig({}, {});
    expect(config).toMatchObject({
      port: 3000,
      // Loopback by default: a fresh install is not on the network until HOST says so.
      host: '127.0.0.1',
      profileMaxLifetimeSeconds: 24 * 3600,
      dataDir: './data',
      databaseUrl: null,
      demo: false,
      logLevel: 'info',
      bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    });
    expect(config.chatRateLimit.burst).toBe(DEFAULT_CHAT_BURST);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.chatRateLimit)).toBe(true);
  });

  it('reads the environment, and CLI overrides win over it', () => {
    const env = { PORT: '8080', WENDU_DATA: '/srv/wendu', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', WENDU_CHAT_BURST: '5' };
    const fromEnv = loadServerConfig({}, env);
    expect(fromEnv.port).toBe(8080);
    expect(fromEnv.dataDir).toBe('/srv/wendu');
    expect(fromEnv.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(fromEnv.chatRateLimit.burst).toBe(5);
    const overridden = loadServerConfig({ port: 9000, dataDir: './客服数据', chatRateLimit: { refillPerSecond: 1 } }, env);
    expect(overridden.port).toBe(9000);
    expect(overridden.dataDir).toBe('./客服数据');
    expect(overridden.chatRateLimit).toEqual({ burst: 5, refillPerSecond: 1 });
  });

  it('lists every bad field at once in WENDU_CONFIG_INVALID', () => {
    let caught: unknown;
    try {
      loadServerConfig({ logLevel: 'loud' as never }, { PORT: '七千', DATABASE_URL: 'mysql://root@localhost/wendu' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WenduError);
    const err = caught as WenduError;
    expect(err.code).toBe('WENDU_CONFIG_INVALID');
    const fields = (err.details as { problems: Array<{ field: string }> }).problems.map((p) => p.field).sort();
    expect(fields).toEqual(['databaseUrl', 'logLevel', 'port']);
    expect(err.message).toContain('WENDU_CONFIG_INVALID');
    expect(err.message).toContain('port');
  });

  it('refuses unknown fields instead of silently ignoring a typo', () => {
    expect(() => loadServerConfig({ prot: 3000 } as never, {})).toThrow(WenduError);
  });

  it('WENDU_TRUST_PROXY takes hop counts or proxy addresses, and refuses "trust everyone"', () => {
    expect(loadServerConfig({}, {}).trustProxy).toBe(false);
    expect(loadServerConfig({}, { WENDU_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadServerConfig({}, { WENDU_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadServerConfig({}, { WENDU_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadServerConfig({}, { WENDU_TRUST_PROXY: ' 10.0.0.0/8, loopback ,192.168.1.7' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback', '192.168.1.7']);
    for (const everyone of ['true', 'TRUE', 'yes']) {
      let caught: unknown;
      try {
        loadServerConfig({}, { WENDU_TRUST_PROXY: everyone });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(WenduError);
      const problems = ((caught as WenduError).details as { problems: Array<{ field: string; message: string }> }).problems;
      expect(problems[0].field).toBe('trustProxy');
      expect(problems[0].message).toContain('代理跳数');
    }
    expect(() => loadServerConfig({}, { WENDU_TRUST_PROXY: '代理服务器' })).toThrow(WenduError);
    expect(() => loadServerConfig({}, { WENDU_TRUST_PROXY: '10.0.0.0/99' })).toThrow(WenduError);
    expect(() => loadServerConfig({ trustProxy: true as never }, {})).toThrow(WenduError);
  });

  it('REDIS_URL must be a redis:// address', () => {
    expect(loadServerConfig({}, { REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadServerConfig({}, {}).redisUrl).toBeNull();
    expect(() => loadServerConfig({}, { REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(WenduError);
  });

  it('several instances: a Redis key prefix (default wendu) and whether this instance takes background jobs', () => {
    expect(loadServerConfig({}, {}).redisKeyPrefix).toBe('wendu');
    expect(loadServerConfig({}, { WENDU_REDIS_PREFIX: 'wendu:hangzhou-1' }).redisKeyPrefix).toBe('wendu:hangzhou-1');
    expect(() => loadServerConfig({}, { WENDU_REDIS_PREFIX: '温度 生产' })).toThrow(WenduError);
    expect(loadServerConfig({}, {}).jobWorkers).toBe(true);
    for (const off of ['0', 'false', 'OFF', ' no ']) expect(loadServerConfig({}, { WENDU_JOB_WORKERS: off }).jobWorkers, off).toBe(false);
    expect(loadServerConfig({}, { WENDU_JOB_WORKERS: '1' }).jobWorkers).toBe(true);
  });

  it('login sessions last 12 h unless WENDU_TOKEN_TTL_HOURS says otherwise (bounded)', () => {
    expect(loadServerConfig({}, {}).tokenTtlHours).toBe(12);
    expect(loadServerConfig({}, { WENDU_TOKEN_TTL_HOURS: '8' }).tokenTtlHours).toBe(8);
    expect(() => loadServerConfig({}, { WENDU_TOKEN_TTL_HOURS: '0' })).toThrow(WenduError);
    expect(() => loadServerConfig({}, { WENDU_TOKEN_TTL_HOURS: '100000' })).toThrow(WenduError);
  });
});
