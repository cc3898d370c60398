/**
 * Nothing lost, nothing duplicated — end to end over real sockets to a real server on a real
 * SQLite folder: idempotent retries (one after the other and at the same moment), resume after
 * a forced disconnect (exactly the missed messages), and a server restart on the same data
 * folder in the middle of a flow.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { signProfile } from '../../conversation/customer-profile.js';
import type { Message } from '../../conversation/schemas.js';
import type { ConversationService } from '../../conversation/service.js';
import { DEMO_ORDERS } from '../../demo/order-service.js';
import { BOT_SECRET_FILE } from '../../config/bot-secret.js';
import { CUSTOMER_HEADER } from '../http/routes.js';
import { CLIENT_EVENTS, type SendAck } from './protocol.js';
import { startServer, tempDataDir, TestCustomer, textOf, WAIT, type RunningServer } from './test-client.js';

const dirs: string[] = [];
const servers: RunningServer[] = [];
const clients: TestCustomer[] = [];

async function start(dataDir = tempDataDir(), overrides = {}, port = 0): Promise<RunningServer> {
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  const running = await startServer(dataDir, overrides, port);
  servers.push(running);
  return running;
}

function client(url: string): TestCustomer {
  const c = new TestCustomer(url);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.server.close()));
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function wholeLog(conversations: ConversationService, conversationId: string): Promise<Message[]> {
  return conversations.messagesAfter(conversationId, 0, 200);
}

/** Every seq from 1 to the newest exactly once, and each client message id stored once. */
function expectGapFree(log: Message[]): void {
  expect(log.map((m) => m.seq)).toEqual(log.map((_, i) => i + 1));
  const ids = log.map((m) => m.clientMessageId).filter((id): id is string => id !== null);
  expect(new Set(ids).size).toBe(ids.length);
}

function expectEachDeliveredOnce(c: TestCustomer): void {
  for (const [seq, count] of c.deliveries) expect(count, `seq ${seq} delivered ${count} times`).toBe(1);
}

describe('idempotent sends', () => {
  it('a retried clientMessageId is stored once, acked with the same seq, and gets the same replies', async () => {
    const running = await start();
    const c = client(running.url);
    const opened = await c.open({});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const id = randomUUID();
    const first = await c.say(opened.conversationId, '退貨運費誰出啊？？', id);
    const firstAck = first.ack;
    if (!firstAck.ok) throw new Error(JSON.stringify(firstAck));
    expect(firstAck.duplicate).toBe(false);
    expect(first.replies.length).toBeGreaterThan(0);

    const retry = await c.say(opened.conversationId, '退貨運費誰出啊？？', id);
    expect(retry.ack).toEqual({ ok: true, seq: firstAck.seq, duplicate: true });
    expect(retry.replies.map((m) => m.id)).toEqual(first.replies.map((m) => m.id));

    const log = await wholeLog(running.server.conversations, opened.conversationId);
    expect(log.filter((m) => m.clientMessageId === id)).toHaveLength(1);
    expect(log.filter((m) => m.meta.replyTo === firstAck.seq)).toHaveLength(first.replies.length);
    expectGapFree(log);
    expectEachDeliveredOnce(c);
  });

  it('two sends with the same id at the same moment (a double tap) store one message', async () => {
    const running = await start();
    const c = client(running.url);
    const opened = await c.open({});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const payload = { conversationId: opened.conversationId, clientMessageId: randomUUID(), text: '发票怎么开' };
    const acks = await Promise.all([c.emit<SendAck>(CLIENT_EVENTS.send, payload), c.emit<SendAck>(CLIENT_EVENTS.send, payload)]);
    if (!acks[0].ok || !acks[1].ok) throw new Error(JSON.stringify(acks));
    expect(acks[0].seq).toBe(acks[1].seq);
    expect(acks.map((a) => (a as SendAck).duplicate).sort()).toEqual([false, true]);
    const seq = acks[0].seq;
    await vi.waitFor(() => expect(c.repliesTo(seq).length).toBeGreaterThan(0), WAIT);
    const log = await wholeLog(running.server.conversations, opened.conversationId);
    expect(log.filter((m) => m.clientMessageId === payload.clientMessageId)).toHaveLength(1);
    expectGapFree(log);
    await vi.waitFor(() => expect(c.seqs).toEqual(log.map((m) => m.seq)), WAIT);
    expectEachDeliveredOnce(c);
  });
});

describe('resume after a forced disconnect', () => {
  it('reconnecting with lastSeq returns exactly the messages written while away', async () => {
    const running = await start();
    const c = client(running.url);
    const opened = await c.open({});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const { conversationId, customerId, externalId } = opened;
    await c.say(conversationId, '我想退货');
    const heldBefore = c.lastSeq;

    c.socket.io.reconnection(false);
    const gone = new Promise<void>((resolve) => c.socket.once('disconnect', () => resolve()));
    c.socket.io.engine.close();
    await gone;

    // Meanwhile the customer goes on from another device (plain HTTP).
    const res = await fetch(`${running.url}/api/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: customerId },
      body: JSON.stringify({ text: '运费谁出', clientMessageId: randomUUID() }),
    });
    expect(res.status).toBe(201);
    const written = (await res.json()) as { message: Message; replies: Message[] };
    const expected = [written.message, ...written.replies].map((m) => m.seq);
    expect(c.seqs.some((s) => expected.includes(s))).toBe(false);

    c.socket.io.reconnection(true);
    const back = new Promise<void>((resolve) => c.socket.once('connect', () => resolve()));
    c.socket.connect();
    await back;
    const resumed = await c.open({ conversationId, profile: { externalId }, lastSeq: heldBefore });
    if (!resumed.ok) throw new Error(JSON.stringify(resumed));
    expect(resumed.created).toBe(false);
    expect(resumed.missed.map((m) => m.seq)).toEqual(expected);
    expect(resumed.lastSeq).toBe(expected[expected.length - 1]);
    expect(resumed.hasMore).toBe(false);
    expect(textOf(resumed.missed)).toContain('运费');

    // The conversation goes on over the socket, numbered straight after.
    const next = await c.say(conversationId, '那换货呢');
    expect(next.ack).toMatchObject({ ok: true, seq: resumed.lastSeq + 1 });
    expectGapFree(await wholeLog(running.server.conversations, conversationId));
    expectEachDeliveredOnce(c);
  });

  it('a disconnect in the middle of a turn loses nothing: the widget reconnects, resumes and retries', async () => {
    const running = await start();
    const c = client(running.url);
    const opened = await c.open({});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const { conversationId, externalId } = opened;
    c.resumeOnReconnect(() => ({ conversationId, profile: { externalId } }));
    const payload = { conversationId, clientMessageId: randomUUID(), text: '查一下订单' };
    // The ack of this send may be lost with the connection; the widget will retry it.
    c.socket.timeout(WAIT.timeout).emit(CLIENT_EVENTS.send, payload, () => undefined);
    c.socket.io.engine.close();

    await vi.waitFor(() => expect(c.resumes).toHaveLength(1), WAIT);
    expect(c.resumes[0].ok).toBe(true);
    const retried = await c.emit<SendAck>(CLIENT_EVENTS.send, payload);
    if (!retried.ok) throw new Error(JSON.stringify(retried));

    const log = await vi.waitFor(async () => {
      const messages = await wholeLog(running.server.conversations, conversationId);
      expect(messages.filter((m) => m.meta.replyTo === retried.seq).length).toBeGreaterThan(0);
      return messages;
    }, WAIT);
    expect(log.filter((m) => m.clientMessageId === payload.clientMessageId)).toHaveLength(1);
    expectGapFree(log);
    await vi.waitFor(() => expect(c.seqs).toEqual(log.map((m) => m.seq)), WAIT);
  });
});

describe('server restart on the same data folder', () => {
  it('resumes mid-flow with nothing lost or duplicated, and the persisted secret still verifies', async () => {
    const dataDir = tempDataDir();
    // No WENDU_BOT_SECRET: the server generates one and keeps it in the data folder.
    const first = await start(dataDir, { botSecret: null });
    const secret = readFileSync(join(dataDir, BOT_SECRET_FILE), 'utf8').trim();
    const profile = { externalId: 'u-restart-001', name: '王先生', tags: ['VIP'], vipLevel: 2, expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    const signature = signProfile(profile, secret);

    const c = client(first.url);
    const opened = await c.open({ profile, signature });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const { conversationId } = opened;
    c.resumeOnReconnect(() => ({ conversationId, profile, signature }));
    expect(textOf((await c.say(conversationId, '帮我查下订单')).replies)).toContain('订单号');
    const heldBefore = c.lastSeq;
    const logBefore = await wholeLog(first.server.conversations, conversationId);

    await first.server.close();
    servers.splice(servers.indexOf(first), 1);
    const second = await start(dataDir, { botSecret: null }, first.port);

    await vi.waitFor(() => expect(c.resumes).toHaveLength(1), WAIT);
    const resumed = c.resumes[0];
    if (!resumed.ok) throw new Error(JSON.stringify(resumed));
    expect(resumed.customer).toMatchObject({ verified: true, vipLevel: 2, tags: ['VIP'] });
    expect(resumed.missed).toEqual([]);
    expect(resumed.lastSeq).toBe(heldBefore);

    // The flow waits across the restart and calls the new instance's order service.
    const order = DEMO_ORDERS.find((o) => o.status === '待发货')!;
    const answered = await c.say(conversationId, `${order.orderId}`);
    expect(answered.ack).toMatchObject({ ok: true, seq: heldBefore + 1 });
    expect(textOf(answered.replies)).toContain('还没发货');

    const logAfter = await wholeLog(second.server.conversations, conversationId);
    expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
    expectGapFree(logAfter);
    expect(c.seqs).toEqual(logAfter.map((m) => m.seq));
    expectEachDeliveredOnce(c);
  });
});
