/**
 * The gateway against a real SQLite file in a temp folder and the real bot: health, the try-it
 * page, the error shapes, the chat rate limit, and the demo-only-into-an-empty-folder rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadServerConfig, type ServerConfigInput } from '../config/server-config.js';
import { buildServer, type WenduServer } from './app.js';

const SMALL_BODY_LIMIT = 4096;
const roots: string[] = [];
const servers: WenduServer[] = [];

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wendu-app-'));
  roots.push(dir);
  return dir;
}

async function start(overrides: Partial<ServerConfigInput> = {}): Promise<WenduServer> {
  const config = loadServerConfig({ logLevel: 'silent', dataDir: tempDataDir(), ...overrides }, {});
  const server = await buildServer(config);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('gateway basics', () => {
  it('answers /healthz 200 { status: "ok" } once ready', async () => {
    const { app } = await start();
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 while the index is loaded and the database answers, 503 with nothing but a status when it stops answering', async () => {
    const server = await start();
    const ready = await server.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    // The database going away under a running server: alive still, but not ready for traffic.
    await server.database.close();
    const gone = await server.app.inject('/readyz');
    expect(gone.statusCode).toBe(503);
    expect(gone.json()).toEqual({ status: 'not_ready' });
    expect((await server.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('serves the landing page, the demo shop, the console, the workspace and the widget, each page with a strict CSP', async () => {
    const { app } = await start();
    for (const path of ['/', '/demo', '/admin', '/agent']) {
      const page = await app.inject(path);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('温度');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const widget = await app.inject('/widget.js');
    expect(widget.statusCode).toBe(200);
    expect(widget.headers['content-type']).toContain('javascript');
  });

  it('answers unknown paths with 404 WENDU_NOT_FOUND in the one error shape', async () => {
    const { app } = await start();
    const res = await app.inject('/api/v1/不存在?lang=en');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'WENDU_NOT_FOUND', message: 'Not found', details: { method: 'GET' } },
    });
  });

  it('refuses an oversize body with 413 WENDU_BODY_TOO_LARGE and malformed JSON with 400', async () => {
    const { app } = await start({ bodyLimit: SMALL_BODY_LIMIT });
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      payload: { text: '我买的衣服太大了想换小一码'.repeat(400), sessionId: 'big' },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('WENDU_BODY_TOO_LARGE');
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      headers: { 'content-type': 'application/json' },
      payload: '{"text": "快递到哪了", "sessionId": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('WENDU_INVALID_JSON');
  });

  it('limits chat per IP with 429 WENDU_RATE_LIMITED and leaves other routes alone', async () => {
    const { app } = await start({ chatRateLimit: { burst: 2, refillPerSecond: 0.1 } });
    const chat = () => app.inject({ method: 'POST', url: '/api/v1/chat', payload: { text: '在吗？', sessionId: 'flood' } });
    expect((await chat()).statusCode).toBe(200);
    expect((await chat()).statusCode).toBe(200);
    const third = await chat();
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('WENDU_RATE_LIMITED');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});

describe('data folders and the demo', () => {
  it('starts an empty folder with an empty knowledge base when --demo is not given', async () => {
    const server = await start();
    expect(server.demo).toEqual({ loaded: false, reason: 'not_requested' });
    expect(await server.knowledge.count()).toBe(0);
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/chat', payload: { text: '怎么退货', sessionId: 's1' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().action).not.toBe('answer');
  });

  it('loads the demo into an empty folder and answers from it', async () => {
    const server = await start({ demo: true });
    expect(server.demo.loaded).toBe(true);
    const count = await server.knowledge.count();
    expect(count).toBeGreaterThan(10);
    expect((await server.knowledge.listSynonyms()).length).toBeGreaterThan(0);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      payload: { text: '退货怎么申请啊', sessionId: 'demo-1' },
    });
    expect(res.statusCode).toBe(200);
    const reply = res.json();
    expect(['answer', 'clarify']).toContain(reply.action);
    expect(reply.reply).not.toBe('');
  });

  it('never mixes the demo into a folder that already has knowledge', async () => {
    const dataDir = tempDataDir();
    const first = await start({ dataDir });
    await first.knowledge.create(
      { question: '你们周末上班吗', answer: [{ type: 'text', text: '周末也有客服在线，9:00–21:00。' }] },
      'test',
    );
    await first.close();
    const again = await start({ dataDir, demo: true });
    expect(again.demo).toEqual({ loaded: false, reason: 'not_empty' });
    expect(await again.knowledge.count()).toBe(1);
  });

  it('does not load the demo twice into its own folder', async () => {
    const dataDir = tempDataDir();
    const first = await start({ dataDir, demo: true });
    const count = await first.knowledge.count();
    await first.close();
    const second = await start({ dataDir, demo: true });
    expect(second.demo.loaded).toBe(false);
    expect(await second.knowledge.count()).toBe(count);
  });
});
