/**
 * The customer namespace's contract over a real connection to a real server: signed profiles
 * (and tampering refused), the error acks (validation, oversize text, not opened),
 * typing, read receipts, site events and paging. Payloads in real customer language.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signProfile } from '../../conversation/customer-profile.js';
import { SLOW_ORDER_ID } from '../../demo/order-service.js';
import { MAX_MESSAGE_TEXT_LENGTH, type Message } from '../../conversation/schemas.js';
import { CLIENT_EVENTS, SERVER_EVENTS, type EventAck, type FetchAck, type OpenAck, type SendAck } from './protocol.js';
import { startServer, tempDataDir, TEST_BOT_SECRET, TestCustomer, WAIT, type RunningServer } from './test-client.js';

let running: RunningServer;
let dataDir: string;
const clients: TestCustomer[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  running = await startServer(dataDir);
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
  await running?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function client(auth?: Record<string, unknown>): TestCustomer {
  const c = new TestCustomer(running.url, { auth });
  clients.push(c);
  return c;
}

async function opened(c: TestCustomer, payload: Record<string, unknown> = {}): Promise<OpenAck> {
  const ack = await c.open(payload);
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return ack;
}

/** A threshold no turn of this test reaches: the reply always comes first. */
const NEVER_WITHIN_A_TEST_MS = 600_000;
/** The bot's typing threshold for the slow-flow test: far below the demo flow's 3 s call timeout. */
const TYPING_AFTER_MS = 300;

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('signed customer profiles', () => {
  const profile = () => ({ externalId: `u-${randomUUID()}`, name: '陈小姐', tags: ['VIP', '老客户'], vipLevel: 3, channel: 'app', expiresAt: inAnHour() });

  it('a valid signature opens as the verified customer with the VIP tag', async () => {
    const p = profile();
    const ack = await opened(client(), { profile: p, signature: signProfile(p, TEST_BOT_SECRET) });
    expect(ack.customer).toMatchObject({ externalId: p.externalId, name: '陈小姐', verified: true, vipLevel: 3, tags: ['VIP', '老客户'] });
    const stored = await running.server.conversations.getCustomer(ack.customerId);
    expect(stored).toMatchObject({ verified: true, vipLevel: 3, tags: ['VIP', '老客户'] });
  });

  it('a tampered profile (vipLevel changed after signing) is refused with WENDU_FORBIDDEN', async () => {
    const p = profile();
    const signature = signProfile(p, TEST_BOT_SECRET);
    const ack = await client().open({ profile: { ...p, vipLevel: 9 }, signature });
    expect(ack).toMatchObject({ ok: false, error: { code: 'WENDU_FORBIDDEN' } });
    if (ack.ok) return;
    expect(ack.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('nobody can take over a verified customer by sending their id unsigned (issue 6, finding 10)', async () => {
    const p = profile();
    const real = await opened(client(), { profile: p, signature: signProfile(p, TEST_BOT_SECRET) });
    // The impostor keeps chatting — as a new anonymous visitor, never as 陈小姐.
    const ack = await opened(client(), { profile: { externalId: p.externalId, name: '冒充的人' } });
    expect(ack.customerId).not.toBe(real.customerId);
    expect(ack.externalId).not.toBe(p.externalId);
    expect(ack.customer).toMatchObject({ verified: false, vipLevel: 0, tags: [] });
    const resumeTheirs = await client().open({ conversationId: real.conversationId, profile: { externalId: p.externalId } });
    expect(resumeTheirs).toMatchObject({ ok: false, error: { code: 'WENDU_FORBIDDEN' } });
    expect(await running.server.conversations.getCustomer(real.customerId)).toMatchObject({ name: '陈小姐', verified: true });
  });

  it('a signed profile past its expiresAt is refused with WENDU_PROFILE_EXPIRED, one without it with WENDU_VALIDATION', async () => {
    const stale = { ...profile(), expiresAt: new Date(Date.now() - 60_000).toISOString() };
    expect(await client().open({ profile: stale, signature: signProfile(stale, TEST_BOT_SECRET) })).toMatchObject({ ok: false, error: { code: 'WENDU_PROFILE_EXPIRED' } });
    const { expiresAt: _e, ...forever } = profile();
    expect(await client().open({ profile: forever, signature: signProfile(forever, TEST_BOT_SECRET) })).toMatchObject({ ok: false, error: { code: 'WENDU_VALIDATION' } });
    const tooLong = { ...profile(), expiresAt: new Date(Date.now() + 30 * 24 * 3_600_000).toISOString() };
    expect(await client().open({ profile: tooLong, signature: signProfile(tooLong, TEST_BOT_SECRET) })).toMatchObject({ ok: false, error: { code: 'WENDU_VALIDATION' } });
  });

  it('an unsigned visitor cannot make themselves VIP', async () => {
    const ack = await opened(client(), { profile: { name: '路人甲', vipLevel: 9, tags: ['VIP'] } });
    expect(ack.customer).toMatchObject({ verified: false, vipLevel: 0, tags: [] });
  });
});

describe('errors come back in the ack', () => {
  it('refuses an oversize message with WENDU_MESSAGE_TOO_LONG (Chinese message) and stores nothing', async () => {
    const c = client();
    const { conversationId, lastSeq } = await opened(c);
    const ack = await c.emit<SendAck>(CLIENT_EVENTS.send, { conversationId, clientMessageId: randomUUID(), text: '退'.repeat(MAX_MESSAGE_TEXT_LENGTH + 1) });
    expect(ack).toMatchObject({ ok: false, error: { code: 'WENDU_MESSAGE_TOO_LONG', message: '消息过长，请分几次发送' } });
    expect((await running.server.conversations.get(conversationId)).lastSeq).toBe(lastSeq);
  });

  it('validates payloads: a send without clientMessageId is WENDU_VALIDATION naming the field', async () => {
    const c = client();
    const { conversationId } = await opened(c);
    const ack = await c.emit(CLIENT_EVENTS.send, { conversationId, text: '在吗' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'WENDU_VALIDATION' } });
    if (ack.ok) return;
    expect(JSON.stringify(ack.error.details)).toContain('clientMessageId');
  });

  it('answers in English when the socket asked for it', async () => {
    const c = client({ lang: 'en' });
    const ack = await c.emit(CLIENT_EVENTS.open, { channel: '电话' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'WENDU_VALIDATION', message: 'Invalid request' } });
  });

  it('refuses a conversation this socket did not open, and a resume by another customer', async () => {
    const owner = client();
    const { conversationId } = await opened(owner);
    const stranger = client();
    await opened(stranger);
    const send = await stranger.emit(CLIENT_EVENTS.send, { conversationId, clientMessageId: randomUUID(), text: '我看看别人的订单' });
    expect(send).toMatchObject({ ok: false, error: { code: 'WENDU_FORBIDDEN' } });
    const resume = await stranger.open({ conversationId });
    expect(resume).toMatchObject({ ok: false, error: { code: 'WENDU_FORBIDDEN' } });
  });

  // Rate limits (per address across sockets and HTTP, per conversation): src/server/rate-limits-e2e.test.ts.
});

describe('typing, read receipts, site events and paging', () => {
  it('shows the bot typing during a turn slower than botTypingAfterMs (0 here), never echoes the customer’s own typing, and sends read marks to the room', async () => {
    const c = client();
    const { conversationId } = await opened(c);
    await c.emit(CLIENT_EVENTS.typing, { conversationId, typing: true });
    const { ack } = await c.say(conversationId, '发票怎么开呀');
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    expect(c.typing.filter((t) => t.sender === 'customer')).toEqual([]);
    expect(c.typing.filter((t) => t.sender === 'bot').map((t) => t.typing)).toEqual([true, false]);

    const readAck = await c.emit<{ ok: true; lastReadSeq: number }>(CLIENT_EVENTS.read, { conversationId, seq: c.lastSeq });
    expect(readAck).toEqual({ ok: true, lastReadSeq: c.lastSeq });
    await vi.waitFor(() => expect(c.reads).toContainEqual({ reader: 'customer', lastReadSeq: c.lastSeq }), WAIT);
    const ahead = await c.emit(CLIENT_EVENTS.read, { conversationId, seq: c.lastSeq + 10 });
    expect(ahead).toMatchObject({ ok: false, error: { code: 'WENDU_VALIDATION' } });
  });

  it('sends no typing frame for a reply that comes within botTypingAfterMs', async () => {
    const dir = tempDataDir();
    const quick = await startServer(dir, { botTypingAfterMs: NEVER_WITHIN_A_TEST_MS });
    const c = new TestCustomer(quick.url);
    try {
      const { conversationId } = await opened(c);
      const ack = await c.emit<SendAck>(CLIENT_EVENTS.send, { conversationId, clientMessageId: randomUUID(), text: '发票怎么开呀' });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      await vi.waitFor(() => expect([...c.bySeq.values()].some((m) => m.sender === 'bot' && m.meta.replyTo === ack.seq)).toBe(true), WAIT);
      expect(c.typing).toEqual([]);
    } finally {
      c.close();
      await quick.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows the bot typing while a flow’s call to a slow order system keeps the reply away, and only then', async () => {
    const dir = tempDataDir();
    const slow = await startServer(dir, { botTypingAfterMs: TYPING_AFTER_MS });
    const c = new TestCustomer(slow.url);
    const botTyping = () => c.typing.filter((t) => t.sender === 'bot').map((t) => t.typing);
    const replyTo = async (text: string): Promise<{ typingAtReply: boolean[] }> => {
      const ack = await c.emit<SendAck>(CLIENT_EVENTS.send, { conversationId, clientMessageId: randomUUID(), text });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      let typingAtReply: boolean[] | undefined;
      // Events arrive in order: what typing had come when the first reply did.
      const onMessage = (m: Message) => {
        if (m.sender === 'bot' && m.meta.replyTo === ack.seq) typingAtReply ??= botTyping();
      };
      c.socket.on(SERVER_EVENTS.message, onMessage);
      await vi.waitFor(() => expect([...c.bySeq.values()].some((m) => m.sender === 'bot' && m.meta.replyTo === ack.seq)).toBe(true), WAIT);
      c.socket.off(SERVER_EVENTS.message, onMessage);
      // A `true` is always followed by its `false`: wait for it before the next message.
      await vi.waitFor(() => expect(botTyping().filter((on) => !on).length).toBe(botTyping().filter((on) => on).length), WAIT);
      return { typingAtReply: typingAtReply ?? [] };
    };
    let conversationId = '';
    try {
      conversationId = (await opened(c)).conversationId;
      await replyTo('查订单');
      const before = botTyping().length;
      // The demo flow waits for the order system up to its 3 s call timeout: far past the threshold.
      const { typingAtReply } = await replyTo(SLOW_ORDER_ID);
      expect(typingAtReply.slice(before)).toEqual([true]);
      expect(botTyping().slice(before)).toEqual([true, false]);
    } finally {
      c.close();
      await slow.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an event from the embedding site starts its flow, and the messages arrive in the room', async () => {
    const c = client();
    const { conversationId } = await opened(c);
    const ack = await c.emit<EventAck>(CLIENT_EVENTS.event, { conversationId, name: 'order-status-requested' });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    expect(ack.seqs.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(ack.seqs.every((s) => c.bySeq.has(s))).toBe(true), WAIT);
    expect(c.bySeq.get(ack.seqs[0])!.text).toContain('订单号');
    const unknown = await c.emit<EventAck>(CLIENT_EVENTS.event, { conversationId, name: 'page_scrolled' });
    expect(unknown).toEqual({ ok: true, seqs: [] });
  });

  it('pages the log with messages:fetch', async () => {
    const c = client();
    const { conversationId } = await opened(c);
    await c.say(conversationId, '在吗？');
    const page = await c.emit<FetchAck>(CLIENT_EVENTS.fetch, { conversationId, after: 0, limit: 1 });
    if (!page.ok) throw new Error(JSON.stringify(page));
    expect(page.messages.map((m) => m.seq)).toEqual([1]);
    expect(page.hasMore).toBe(true);
    const rest = await c.emit<FetchAck>(CLIENT_EVENTS.fetch, { conversationId, after: 1 });
    if (!rest.ok) throw new Error(JSON.stringify(rest));
    expect(rest.messages.map((m) => m.seq)).toEqual(c.seqs.slice(1));
    expect(rest.hasMore).toBe(false);
  });
});
