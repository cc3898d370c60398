/**
 * The guard at start-up: a route that declares no access stops the server from starting;
 * the static pages (registered through publicPlugin) are public without declaring it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from '../server/error-handler.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { installAccessGuard, publicPlugin } from './guard.js';
import { AccountService } from './service.js';
import { bearerSecret } from './tokens.js';

const sqlite = TEST_BACKENDS.find((b) => b.name === 'sqlite')!;

describe('access guard at start-up', () => {
  let database: TestDatabase;
  let pages: string;
  beforeAll(async () => {
    database = await sqlite.open();
    pages = mkdtempSync(join(tmpdir(), 'wendu-pages-'));
    writeFileSync(join(pages, 'index.html'), '<h1>您好，有什么可以帮您？</h1>');
  });
  afterAll(async () => {
    await database.dispose();
    rmSync(pages, { recursive: true, force: true });
  });

  function app(requireDeclaredAccess?: boolean) {
    const instance = Fastify({ logger: false });
    installErrorHandling(instance);
    installAccessGuard(instance, { accounts: new AccountService(database), ...(requireDeclaredAccess === undefined ? {} : { requireDeclaredAccess }) });
    return instance;
  }

  it('a route without config.access makes start-up fail, naming the route', async () => {
    const instance = app();
    expect(() => instance.get('/api/v1/kb/entries', async () => ({ items: ['所有知识'] }))).toThrow(/GET \/api\/v1\/kb\/entries/);
    await instance.close();
  });

  it('a route without access inside a plugin fails app.ready()', async () => {
    const instance = app();
    const started = (async () => {
      await instance.register(async (scope) => {
        scope.post('/api/v1/flows', async () => ({ ok: true }));
      });
      await instance.ready();
    })();
    await expect(started).rejects.toThrow(/config\.access/);
    await instance.close();
  });

  it('static pages through publicPlugin are public; other routes are still checked', async () => {
    const instance = app();
    await instance.register(publicPlugin(fastifyStatic), { root: pages, prefix: '/', index: ['index.html'], wildcard: false });
    instance.get('/api/v1/secret', { config: { access: 'admin' } }, async () => ({ secret: '不给看' }));
    await instance.ready();
    const page = await instance.inject({ method: 'GET', url: '/index.html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('有什么可以帮您');
    expect((await instance.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    expect((await instance.inject({ method: 'GET', url: '/api/v1/secret' })).statusCode).toBe(401);
    // An unknown path is the JSON 404, not a 401 (nothing to protect there).
    expect((await instance.inject({ method: 'GET', url: '/nope' })).statusCode).toBe(404);
    await instance.close();
  });

  it('with requireDeclaredAccess: false (migration period) undeclared routes start and are public', async () => {
    const instance = app(false);
    instance.get('/legacy', async () => ({ ok: true }));
    await instance.ready();
    expect((await instance.inject({ method: 'GET', url: '/legacy' })).statusCode).toBe(200);
    await instance.close();
  });

  it('reads only `Authorization: Bearer <secret>`', () => {
    expect(bearerSecret('Bearer wdk_abc-DEF_123')).toBe('wdk_abc-DEF_123');
    expect(bearerSecret('bearer  abc')).toBe('abc');
    expect(bearerSecret('Basic YWRtaW46YWRtaW4=')).toBeNull();
    expect(bearerSecret('Bearer abc def')).toBeNull();
    expect(bearerSecret(undefined)).toBeNull();
  });
});
