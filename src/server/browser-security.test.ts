/**
 * What browsers get, over real HTTP and real socket.io connections sending Origin headers:
 * helmet's headers on every kind of response, the page's own CSP on the page, and CORS only for
 * the customer API from the sites each bot allows.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, tempDataDir, TestCustomer, type RunningServer } from '../channels/web/test-client.js';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { CONSOLE_CSP, SITE_CSP } from './pages.js';
import { helmetDefaultHeaders } from './browser-security.js';

const SHOP = 'https://shop.example.cn';
/** Configured in Chinese; browsers send the punycode form (`https://www.xn--…com`). */
const OTHER_BOT_SITE_AS_CONFIGURED = 'https://www.另一家店.com';
const OTHER_BOT_SITE = new URL(OTHER_BOT_SITE_AS_CONFIGURED).origin;
const EVIL = 'https://evil.example.com';
/** A second bot of the workspace, created with its own allowed site. */
let botB: string;
/**
 * Room for the customer requests this file makes (about 15), but not for the preflights it
 * also sends: if preflights were charged, the chat after them would be refused.
 */
const CHAT_BUDGET = { burst: 25, refillPerSecond: 0.01 };
const PREFLIGHTS_SENT = 30;
const HTTP_OK = 200;
const HTTP_NO_CONTENT = 204;
const HTTP_NOT_FOUND = 404;

let running: RunningServer;
let dataDir: string;
const clients: TestCustomer[] = [];

beforeAll(async () => {
  dataDir = tempDataDir('wendu-browser-');
  running = await startServer(dataDir, { demo: false, chatRateLimit: CHAT_BUDGET });
  // Stored per bot, as an admin sets them (PUT /api/v1/bots/:id/allowed-origins).
  const { bots } = running.server.registry;
  await bots.setAllowedOrigins(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, { allowedOrigins: [SHOP, 'https://m.shop.example.cn'] }, 'user:admin@shop.example.cn');
  botB = (await bots.create(DEFAULT_WORKSPACE_ID, { name: '另一家店' }, 'user:admin@shop.example.cn')).bot.id;
  await bots.setAllowedOrigins(DEFAULT_WORKSPACE_ID, botB, { allowedOrigins: [OTHER_BOT_SITE_AS_CONFIGURED] }, 'user:admin@shop.example.cn');
});

afterAll(async () => {
  for (const c of clients) c.close();
  await running?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function expectHelmet(res: Response): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('content-security-policy')).toBeTruthy();
  expect(res.headers.get('x-powered-by')).toBeNull();
}

const chat = (origin: string | null, query = '', body: Record<string, unknown> = {}) =>
  fetch(`${running.url}/api/v1/chat${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: JSON.stringify({ text: '亲，能开专票吗🙏', sessionId: 'browser-1', ...body }),
  });

const preflight = (path: string, origin: string) =>
  fetch(`${running.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-wendu-customer, authorization' },
  });

describe('security headers on every response', () => {
  it('API JSON, errors, 404s and health all carry helmet headers with the API CSP', async () => {
    const responses = [
      await fetch(`${running.url}/healthz`),
      await chat(null),
      await fetch(`${running.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": "坏掉的' }),
      await fetch(`${running.url}/api/v1/不存在`),
      // An operator route, anonymously: 401 — helmeted all the same.
      await fetch(`${running.url}/api/v1/kb/entries`),
    ];
    expect(responses.slice(0, 4).map((r) => r.status)).toEqual([HTTP_OK, HTTP_OK, 400, HTTP_NOT_FOUND]);
    // Worked out once at boot (helmetDefaultHeaders), every one on every response as helmet sets it.
    const helmetHeaders = await helmetDefaultHeaders();
    expect(helmetHeaders.map(([name]) => name)).toEqual(expect.arrayContaining(['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'cross-origin-resource-policy']));
    for (const res of responses) {
      expectHelmet(res);
      for (const [name, value] of helmetHeaders) expect(res.headers.get(name), name).toBe(value);
      expect([CONSOLE_CSP, SITE_CSP]).not.toContain(res.headers.get('content-security-policy'));
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('the pages get their CSP: only their own code, images only from the server or over https; the widget loads on any site', async () => {
    const expected: Record<string, string> = { '/': SITE_CSP, '/demo': SITE_CSP, '/admin': CONSOLE_CSP, '/agent': CONSOLE_CSP };
    for (const [path, policy] of Object.entries(expected)) {
      const res = await fetch(`${running.url}${path}`);
      expect(res.status).toBe(HTTP_OK);
      expectHelmet(res);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toBe(policy);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("img-src 'self' https:");
      expect(csp).not.toMatch(/http:(?!\/)/);
    }
    // The demo shop stands for a strict customer site: no inline styles there.
    expect(SITE_CSP).not.toContain('unsafe-inline');
    const widget = await fetch(`${running.url}/widget.js`);
    expect(widget.status).toBe(HTTP_OK);
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    // The built pages are served under clean paths only; the favicon never 404s.
    expect((await fetch(`${running.url}/admin.html`)).status).toBe(HTTP_NOT_FOUND);
    expect((await fetch(`${running.url}/favicon.ico`)).status).toBe(HTTP_OK);
  });

});

describe('CORS for the customer API only, from each bot\'s sites', () => {
  it('an allowed site gets allow headers; a foreign site gets none; no Origin and same-origin just work', async () => {
    const allowed = await chat(SHOP);
    expect(allowed.status).toBe(HTTP_OK);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowed.headers.get('vary')).toContain('Origin');

    const evil = await chat(EVIL);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    const serverToServer = await chat(null);
    expect(serverToServer.status).toBe(HTTP_OK);
    expect(serverToServer.headers.get('access-control-allow-origin')).toBeNull();

    const sameOrigin = await chat(running.url);
    expect(sameOrigin.status).toBe(HTTP_OK);

    // Refusals too, so the widget can read the error (and Retry-After on a 429).
    const refused = await fetch(`${running.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SHOP }, body: '{"text": "半截' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  it('the bot is named by botId (query or body); one bot\'s sites are not another\'s', async () => {
    expect((await chat(OTHER_BOT_SITE)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await chat(OTHER_BOT_SITE, `?botId=${botB}`)).headers.get('access-control-allow-origin')).toBe(OTHER_BOT_SITE);
    expect((await chat(OTHER_BOT_SITE, '', { botId: botB })).headers.get('access-control-allow-origin')).toBe(OTHER_BOT_SITE);
    expect((await chat(SHOP, `?botId=${botB}`)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await chat(SHOP, '?botId=没有这个机器人')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('preflights: allowed for the customer API from an allowed site, never for operator routes', async () => {
    const ok = await preflight('/api/v1/conversations', SHOP);
    expect(ok.status).toBe(HTTP_NO_CONTENT);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    // Only the headers the customer API reads; never Authorization (that is the operator's).
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type, x-wendu-customer');

    const messages = await preflight(`/api/v1/conversations/c-123/messages?botId=${botB}`, OTHER_BOT_SITE);
    expect(messages.headers.get('access-control-allow-origin')).toBe(OTHER_BOT_SITE);

    // Preflights cost nothing from the customer's message budget.
    for (let i = 0; i < PREFLIGHTS_SENT; i++) expect((await preflight('/api/v1/chat', SHOP)).status).toBe(HTTP_NO_CONTENT);
    expect((await chat(SHOP)).status).toBe(HTTP_OK);

    const evil = await preflight('/api/v1/chat', EVIL);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-methods')).toBeNull();

    for (const operatorPath of ['/api/v1/kb/entries', '/api/v1/bot/settings', '/api/v1/kb/import', '/api/v1/nlu/similarity']) {
      const res = await preflight(operatorPath, SHOP);
      expect(res.headers.get('access-control-allow-origin'), operatorPath).toBeNull();
      expect(res.headers.get('access-control-allow-methods'), operatorPath).toBeNull();
      const read = await fetch(`${running.url}${operatorPath}`, { headers: { origin: SHOP } });
      expect(read.headers.get('access-control-allow-origin'), operatorPath).toBeNull();
    }
  });
});

describe('customer sockets and Origin', () => {
  function connectFrom(origin: string | null, query?: Record<string, string>): Promise<{ socket: Socket; error: { code: string } | null }> {
    const c = new TestCustomer(running.url, { headers: origin ? { origin } : {}, query });
    clients.push(c);
    c.socket.io.reconnection(false);
    return new Promise((resolve) => {
      c.socket.once('connect', () => resolve({ socket: c.socket, error: null }));
      c.socket.once('connect_error', (err: Error & { data?: { code: string } }) => resolve({ socket: c.socket, error: err.data ?? { code: err.message } }));
    });
  }

  it('refuses a foreign site with WENDU_ORIGIN_NOT_ALLOWED; admits allowed sites, same-origin and Origin-less clients', async () => {
    expect((await connectFrom(EVIL)).error).toMatchObject({ code: 'WENDU_ORIGIN_NOT_ALLOWED' });
    expect((await connectFrom(OTHER_BOT_SITE)).error).toMatchObject({ code: 'WENDU_ORIGIN_NOT_ALLOWED' });
    expect((await connectFrom(SHOP)).error).toBeNull();
    expect((await connectFrom(OTHER_BOT_SITE, { botId: botB })).error).toBeNull();
    expect((await connectFrom(running.url)).error).toBeNull();
    expect((await connectFrom(null)).error).toBeNull();
  });

  it('long-polling from an allowed site gets allow headers; a foreign site none', async () => {
    const poll = (origin: string, query = '') => fetch(`${running.url}/socket.io/?EIO=4&transport=polling${query}`, { headers: { origin } });
    const allowed = await poll(SHOP);
    expect(allowed.status).toBe(HTTP_OK);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect((await poll(OTHER_BOT_SITE, `&botId=${botB}`)).headers.get('access-control-allow-origin')).toBe(OTHER_BOT_SITE);
    expect((await poll(EVIL)).headers.get('access-control-allow-origin')).toBeNull();
  });
});
