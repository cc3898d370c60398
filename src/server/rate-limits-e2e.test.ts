/**
 * Rate limits against a real server over real HTTP and real socket.io connections, with the
 * budgets in memory and in the real Redis (unique key prefix per server). Every client here
 * connects from 127.0.0.1; X-Forwarded-For is what a proxy — or an attacker — would add.
 */
import { signInOn } from '../auth/test-operators.js';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS, type OpenAck, type SendAck } from '../channels/web/protocol.js';
import { startServer, tempDataDir, TestCustomer, type AckResult, type RunningServer } from '../channels/web/test-client.js';
import type { ServerConfigInput } from '../config/server-config.js';
import { TEST_REDIS_URL } from '../events/testing.js';

/** So slow that nothing refills during a test. */
const NO_REFILL = 0.01;
const HTTP_OK = 200;
const HTTP_TOO_MANY = 429;

const servers: Array<{ running: RunningServer; dataDir: string }> = [];
const clients: TestCustomer[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const { running, dataDir } of servers.splice(0)) {
    await running.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

const STORES: Array<{ name: string; config: Partial<ServerConfigInput> }> = [
  { name: 'memory', config: {} },
  { name: 'redis', config: { redisUrl: TEST_REDIS_URL } },
];

describe.each(STORES)('rate limits ($name store)', ({ config: storeConfig }) => {
  async function start(overrides: Partial<ServerConfigInput>): Promise<RunningServer> {
    const dataDir = tempDataDir('wendu-limits-');
    const running = await startServer(dataDir, { demo: false, ...storeConfig, ...overrides }, 0, { rateLimitKeyPrefix: `wendu-test:${randomUUID()}` });
    servers.push({ running, dataDir });
    return running;
  }

  function customer(running: RunningServer, headers?: Record<string, string>): TestCustomer {
    const c = new TestCustomer(running.url, { headers });
    clients.push(c);
    return c;
  }

  function chat(running: RunningServer, text: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${running.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ text, sessionId: `s-${randomUUID()}` }),
    });
  }

  async function openedId(c: TestCustomer): Promise<string> {
    const ack = await c.open({});
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    return ack.conversationId;
  }

  function expectLimited(ack: AckResult<unknown>, budget: string): void {
    expect(ack).toMatchObject({ ok: false, error: { code: 'WENDU_RATE_LIMITED', details: { budget } } });
  }

  async function expect429(res: Response, budget: string): Promise<void> {
    expect(res.status).toBe(HTTP_TOO_MANY);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { error: { code: string; details: { budget: string; retryAfterSeconds: number } } };
    expect(body.error.code).toBe('WENDU_RATE_LIMITED');
    expect(body.error.details.budget).toBe(budget);
    expect(body.error.details.retryAfterSeconds).toBe(Number(res.headers.get('retry-after')));
  }

  it('one address: three sockets and HTTP draw from ONE budget (more sockets buy no more messages)', async () => {
    const burst = 6;
    const running = await start({ chatRateLimit: { burst, refillPerSecond: NO_REFILL } });
    const sockets = [customer(running), customer(running), customer(running)];
    const ids = [];
    for (const s of sockets) ids.push(await openedId(s)); // 3
    expect((await chat(running, '在吗？我的快递三天没动了')).status).toBe(HTTP_OK); // 4
    expect((await chat(running, '发漂怎么开啊')).status).toBe(HTTP_OK); // 5
    const sent = await sockets[0].emit<SendAck>(CLIENT_EVENTS.send, { conversationId: ids[0], clientMessageId: randomUUID(), text: '退货运费谁出😅' }); // 6
    expect(sent.ok).toBe(true);
    expectLimited(await sockets[1].emit(CLIENT_EVENTS.send, { conversationId: ids[1], clientMessageId: randomUUID(), text: '换个号再问一遍' }), 'address');
    expectLimited(await sockets[2].emit(CLIENT_EVENTS.fetch, { conversationId: ids[2], after: 0 }), 'address');
    expectLimited(await customer(running).open({}), 'address');
    await expect429(await chat(running, '人呢？？？'), 'address');
    // Other routes are not charged to the customer budget.
    expect((await fetch(`${running.url}/healthz`)).status).toBe(HTTP_OK);
  });

  it('trust off: X-Forwarded-For is ignored — forged addresses share the real one\'s budget, on HTTP and socket', async () => {
    const running = await start({ chatRateLimit: { burst: 2, refillPerSecond: NO_REFILL } });
    expect((await chat(running, '你好', { 'x-forwarded-for': '1.1.1.1' })).status).toBe(HTTP_OK);
    expect((await chat(running, '你好呀', { 'x-forwarded-for': '2.2.2.2' })).status).toBe(HTTP_OK);
    await expect429(await chat(running, '再来一次', { 'x-forwarded-for': '3.3.3.3' }), 'address');
    expectLimited(await customer(running, { 'x-forwarded-for': '4.4.4.4' }).open({}), 'address');
  });

  it('trust 1 hop: only the entry our proxy added counts, and HTTP and sockets agree on it', async () => {
    const running = await start({ trustProxy: 1, chatRateLimit: { burst: 2, refillPerSecond: NO_REFILL } });
    // The client is the right-most entry; what it wrote to the left of it is its own invention.
    expect((await chat(running, '查下订单', { 'x-forwarded-for': '9.9.9.9, 203.0.113.5' })).status).toBe(HTTP_OK);
    const viaProxy = customer(running, { 'x-forwarded-for': '8.8.8.8, 203.0.113.5' });
    expect((await viaProxy.open({})).ok).toBe(true);
    await expect429(await chat(running, '查下订单！！', { 'x-forwarded-for': '7.7.7.7, 203.0.113.5' }), 'address');
    // Another client behind the same proxy, and the proxy itself, have their own budgets.
    expect((await chat(running, '我是另一个顾客', { 'x-forwarded-for': '203.0.113.6' })).status).toBe(HTTP_OK);
    expect((await chat(running, '直接访问')).status).toBe(HTTP_OK);
  });

  it('trust by proxy address: hops not in the list are the client, whatever lies beyond them', async () => {
    const running = await start({ trustProxy: ['loopback'], chatRateLimit: { burst: 1, refillPerSecond: NO_REFILL } });
    expect((await chat(running, '在么', { 'x-forwarded-for': '1.1.1.1, 10.0.0.9' })).status).toBe(HTTP_OK);
    await expect429(await chat(running, '在么在么', { 'x-forwarded-for': '2.2.2.2, 10.0.0.9' }), 'address');
    expectLimited(await customer(running, { 'x-forwarded-for': '10.0.0.9' }).open({}), 'address');
    expect((await customer(running, { 'x-forwarded-for': '10.0.0.10' }).open({})).ok).toBe(true);
  });

  it('one conversation cannot be flooded, even from many addresses and both transports', async () => {
    const burst = 3;
    const running = await start({ trustProxy: 1, rateLimits: { conversation: { burst, refillPerSecond: NO_REFILL } } });
    const c = customer(running);
    const opened = (await c.open({})) as OpenAck;
    const { conversationId, customerId } = opened;
    const httpSend = (text: string, address: string) =>
      fetch(`${running.url}/api/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wendu-customer': customerId, 'x-forwarded-for': address },
        body: JSON.stringify({ text, clientMessageId: randomUUID() }),
      });
    expect((await c.say(conversationId, '我要退货')).ack.ok).toBe(true);
    expect((await httpSend('运费谁出', '203.0.113.21')).status).toBe(201);
    expect((await httpSend('那换货呢', '203.0.113.22')).status).toBe(201);
    expectLimited(await c.emit(CLIENT_EVENTS.send, { conversationId, clientMessageId: randomUUID(), text: '快点回我' }), 'conversation');
    await expect429(await httpSend('快点回我！！', '203.0.113.23'), 'conversation');
    // Another conversation is not touched.
    const other = customer(running);
    const otherId = await openedId(other);
    expect((await other.say(otherId, '发票怎么开')).ack.ok).toBe(true);
  });

  it('similarity and import have their own per-address budgets, with Retry-After', async () => {
    const running = await start({ rateLimits: { similarity: { burst: 2, refillPerSecond: NO_REFILL }, import: { burst: 1, refillPerSecond: NO_REFILL } } });
    // Both are operator routes: an agent compares questions, a supervisor imports.
    const operator = await signInOn(running.server.accounts, 'xiaoliu@shop.cn', 'supervisor');
    const similarity = () =>
      fetch(`${running.url}/api/v1/nlu/similarity`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...operator.headers },
        body: JSON.stringify({ a: '发漂怎么开', b: '发票在哪里开' }),
      });
    expect((await similarity()).status).toBe(HTTP_OK);
    expect((await similarity()).status).toBe(HTTP_OK);
    await expect429(await similarity(), 'similarity');
    // The chat budget is separate.
    expect((await chat(running, '发票在哪开')).status).toBe(HTTP_OK);

    const importFile = () => fetch(`${running.url}/api/v1/kb/import`, { method: 'POST', headers: operator.headers });
    // The first is refused for what it is (no file) — but it is counted.
    expect((await importFile()).status).not.toBe(HTTP_TOO_MANY);
    await expect429(await importFile(), 'import');
  });
});
