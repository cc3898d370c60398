/**
 * Two companies on one server, over real HTTP and sockets: each workspace's bot answers only
 * from its own knowledge; a bot's flows reach a company system only after that workspace's
 * admin allows the host (supervisors cannot); each bot's sites sign customer profiles with the
 * bot's own key, so one company's key never vouches for another's customers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { signInOn, type SignedIn } from '../auth/test-operators.js';
import { startServer, tempDataDir, TestCustomer, textOf, type RunningServer } from '../channels/web/test-client.js';
import { signProfile } from '../conversation/customer-profile.js';

const WORKSPACE_B = 'tea-shop';
const HOUR_MS = 60 * 60 * 1000;

let running: RunningServer;
let dataDir: string;
let orders: Server;
let ordersHost: string;
let adminB: SignedIn;
let supervisorB: SignedIn;
let botB: { id: string; signingSecret: string };
const clients: TestCustomer[] = [];

const api = (who: SignedIn, method: string, path: string, body?: unknown) =>
  fetch(`${running.url}${path}`, {
    method,
    headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const chat = async (text: string, botId?: string) =>
  (await fetch(`${running.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, botId }) })).json();

beforeAll(async () => {
  dataDir = tempDataDir('wendu-workspaces-');
  // A company system the tea shop's flow calls (the network boundary: a real local HTTP server).
  orders = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: '已发货', tea: '明前龙井' }));
  });
  await new Promise<void>((resolve) => orders.listen(0, '127.0.0.1', resolve));
  ordersHost = `127.0.0.1:${(orders.address() as AddressInfo).port}`;

  running = await startServer(dataDir, { demo: true });
  adminB = await signInOn(running.server.accounts, 'li@tea-shop.cn', 'admin', WORKSPACE_B);
  supervisorB = await signInOn(running.server.accounts, 'wang@tea-shop.cn', 'supervisor', WORKSPACE_B);
  const created = await (await api(adminB, 'POST', '/api/v1/bots', { name: '茶叶店客服' })).json();
  botB = { id: created.bot.id, signingSecret: created.signingSecret };
  const entry = await api(supervisorB, 'POST', '/api/v1/kb/entries', {
    question: '龙井怎么泡',
    similarQuestions: ['龙井茶咋泡', '泡龙井水温多少'],
    answer: [{ type: 'text', text: '80℃ 左右的水，先注水三分之一，摇香后再注满～' }],
  });
  expect(entry.status).toBe(201);
  const flow = await api(supervisorB, 'POST', '/api/v1/flows', {
    id: 'tea-order',
    name: '查茶叶订单',
    trigger: { keywords: ['查茶叶订单'] },
    start: 'lookup',
    nodes: {
      lookup: { kind: 'call', method: 'GET', url: `http://${ordersHost}/orders/1`, timeoutMs: 3000, saveAs: { status: 'status' }, next: 'done', onError: 'failed' },
      done: { kind: 'end', content: [{ type: 'text', text: '您的茶叶{{slots.status}}～' }] },
      failed: { kind: 'end', content: [{ type: 'text', text: '订单系统暂时连不上，稍后再试或转人工～' }] },
    },
  });
  expect(flow.status, await flow.clone().text()).toBe(201);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await running?.server.close();
  await new Promise((resolve) => orders?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two workspaces on one server', () => {
  it('each bot answers from its own workspace’s knowledge only', async () => {
    const tea = await chat('龙井茶咋泡呀🍵', botB.id);
    expect(tea.action).toBe('answer');
    expect(tea.reply).toContain('80℃');
    // The demo shop (default workspace) knows invoices, not tea; the tea shop knows no invoices.
    expect((await chat('龙井茶咋泡呀🍵')).reply).not.toContain('80℃');
    expect((await chat('发漂怎么开')).action).toBe('answer');
    expect((await chat('发漂怎么开', botB.id)).action).not.toBe('answer');
  });

  it('lists only the caller’s own bots', async () => {
    const ids = (await (await api(adminB, 'GET', '/api/v1/bots')).json()).items.map((b: { id: string }) => b.id);
    expect(ids).toContain(botB.id);
    expect(ids).not.toContain(DEFAULT_BOT_ID);
  });

  it('calls the company system only after the workspace admin allows its host; supervisors cannot allow it', async () => {
    const customer = new TestCustomer(running.url, { query: { botId: botB.id } });
    clients.push(customer);
    const opened = await customer.open();
    if (!opened.ok) throw new Error(JSON.stringify(opened));

    const refused = await customer.say(opened.conversationId, '查茶叶订单');
    expect(textOf(refused.replies)).toContain('连不上');

    expect((await api(supervisorB, 'PUT', `/api/v1/bots/${botB.id}/call-hosts`, { callHosts: [ordersHost] })).status).toBe(403);
    const allowed = await api(adminB, 'PUT', `/api/v1/bots/${botB.id}/call-hosts`, { callHosts: [ordersHost] });
    expect(allowed.status, await allowed.clone().text()).toBe(200);
    expect((await allowed.json()).callHosts).toEqual([ordersHost]);

    const answered = await customer.say(opened.conversationId, '查茶叶订单');
    expect(textOf(answered.replies)).toContain('您的茶叶已发货');
    // The default bot's list is untouched: another workspace's allow-list never widens it.
    expect((await running.server.registry.bots.get(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID)).callHosts).toEqual([]);
  });

  it('verifies a customer signed with the bot’s own key, and refuses one signed with another bot’s key', async () => {
    const profile = { externalId: 'tea-vip-001', name: '茶友小王', vipLevel: 3, expiresAt: new Date(Date.now() + HOUR_MS).toISOString() };
    const good = new TestCustomer(running.url, { query: { botId: botB.id } });
    const forged = new TestCustomer(running.url, { query: { botId: botB.id } });
    clients.push(good, forged);
    const ok = await good.open({ profile, signature: signProfile(profile, botB.signingSecret) });
    expect(ok).toMatchObject({ ok: true, customer: { name: '茶友小王' } });
    // Signed with the server's (default bot's) key: not this bot's customer.
    const bad = await forged.open({ profile, signature: signProfile(profile, 'wendu-e2e-测试密钥-0123456789') });
    expect(bad).toMatchObject({ ok: false, error: { code: 'WENDU_FORBIDDEN' } });
  });

  it('keeps origins per bot and in the form browsers send', async () => {
    const res = await api(adminB, 'PUT', `/api/v1/bots/${botB.id}/allowed-origins`, { allowedOrigins: ['https://www.茶叶店.com', 'https://tea.example.cn'] });
    expect(res.status).toBe(200);
    expect((await res.json()).allowedOrigins).toEqual([new URL('https://www.茶叶店.com').origin, 'https://tea.example.cn']);
    for (const bad of ['https://tea.example.cn/', 'https://tea.example.cn/shop', 'javascript:alert(1)', '*']) {
      expect((await api(adminB, 'PUT', `/api/v1/bots/${botB.id}/allowed-origins`, { allowedOrigins: [bad] })).status, bad).toBe(400);
    }
  });
});
