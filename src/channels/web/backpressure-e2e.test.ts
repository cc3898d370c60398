/**
 * Backpressure on a real server (issue 10): with the process's turn gate full, a customer's
 * message is still stored and acknowledged, the customer is told 「当前咨询人数较多…」 instead of
 * waiting in silence, and every acknowledged message is answered once a turn is free — in order.
 * When even the waiting line is full, a new message is refused unstored (WENDU_SERVER_BUSY,
 * which the widget keeps and retries) — and answered after the retry.
 *
 * The first tests hold the gate's only slot themselves (a long turn, deterministically), small
 * limits configured like an operator would (maxTurnsInFlight / maxQueuedTurns / busyNoticeAfterMs).
 * The last one is a real burst with the default limits: before the gate admitted turns once per
 * turn of the event loop, nobody in it was ever told (docs/performance.md, "Backpressure").
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../conversation/schemas.js';
import { BUSY_NOTICE_TEXT, CLIENT_EVENTS, SERVER_EVENTS, type BusyNotice, type OpenAck, type SendAck } from './protocol.js';
import { startServer, tempDataDir, TestCustomer, WAIT, type RunningServer } from './test-client.js';

const QUEUED = 3;
/** The bot's typing threshold where a test needs one: longer than the busy notice's 50 ms. */
const TYPING_AFTER_MS = 300;
let dataDir: string;
let running: RunningServer;
let customers: TestCustomer[];

beforeEach(async () => {
  dataDir = tempDataDir('wendu-busy-');
  running = await startServer(dataDir, { maxTurnsInFlight: 1, maxQueuedTurns: QUEUED, busyNoticeAfterMs: 50 });
  customers = [];
});
afterEach(async () => {
  for (const c of customers) c.close();
  await running.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function customer(lang?: 'en'): Promise<{ c: TestCustomer; conversationId: string; notices: BusyNotice[] }> {
  const c = new TestCustomer(running.url, lang ? { auth: { lang } } : {});
  customers.push(c);
  const notices: BusyNotice[] = [];
  c.socket.on(SERVER_EVENTS.busy, (n: BusyNotice) => notices.push(n));
  const opened = (await c.open()) as OpenAck;
  expect(opened.ok).toBe(true);
  return { c, conversationId: opened.conversationId, notices };
}

const botRepliesTo = (c: TestCustomer, seq: number): Message[] => c.repliesTo(seq).filter((m) => m.sender === 'bot');

describe('a saturated node', () => {
  it('stores and acknowledges every message, says it is busy, and answers all once a turn is free', async () => {
    const gate = running.server.registry.turns!;
    const people = [await customer(), await customer(), await customer('en')];
    const release = await gate.enter(); // the one turn in flight: a long one
    const questions = ['退貨要怎麼弄啊', '快递三天了还没到😭', 'how do I get an invoice'];
    const acks = await Promise.all(
      people.map(({ c, conversationId }, i) => c.emit<SendAck>(CLIENT_EVENTS.send, { conversationId, clientMessageId: randomUUID(), text: questions[i] })),
    );
    // Stored and acknowledged while nobody can be answered.
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, duplicate: false });
    await vi.waitFor(() => expect(people.every((p) => p.notices.length === 1)).toBe(true), WAIT);
    expect(people[0].notices[0]).toMatchObject({ conversationId: people[0].conversationId, message: BUSY_NOTICE_TEXT.zh });
    expect(people[2].notices[0].message).toBe(BUSY_NOTICE_TEXT.en);
    expect(gate.load).toEqual({ inFlight: 1, waiting: 3 });
    people.forEach(({ c }, i) => expect(botRepliesTo(c, (acks[i] as SendAck).seq)).toEqual([]));

    release();
    await vi.waitFor(() => people.forEach(({ c }, i) => expect(botRepliesTo(c, (acks[i] as SendAck).seq).length).toBeGreaterThan(0)), WAIT);
    // Answered in arrival order: each reply's seq-time follows the previous customer's.
    const answeredAt = people.map(({ c }, i) => Date.parse(botRepliesTo(c, (acks[i] as SendAck).seq)[0].createdAt));
    expect([...answeredAt].sort((a, b) => a - b)).toEqual(answeredAt);
    expect(gate.load).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('tells a message waiting in line with the busy notice, not with typing frames (typing is for the bot’s own slow work)', async () => {
    await running.server.close();
    running = await startServer(dataDir, { maxTurnsInFlight: 1, maxQueuedTurns: QUEUED, busyNoticeAfterMs: 50, botTypingAfterMs: TYPING_AFTER_MS });
    const gate = running.server.registry.turns!;
    const { c, conversationId, notices } = await customer();
    const release = await gate.enter();
    const ack = await c.emit<SendAck>(CLIENT_EVENTS.send, { conversationId, clientMessageId: randomUUID(), text: '快递三天了还没到😭' });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    await vi.waitFor(() => expect(notices).toHaveLength(1), WAIT);
    // Past the typing threshold while still waiting: typing counted from arrival would be out by now.
    await new Promise((resolve) => setTimeout(resolve, 2 * TYPING_AFTER_MS));
    release();
    await vi.waitFor(() => expect(botRepliesTo(c, ack.seq).length).toBeGreaterThan(0), WAIT);
    expect(c.typing).toEqual([]);
  });

  it('refuses a message unstored when the waiting line is full; the retry is stored and answered', async () => {
    const gate = running.server.registry.turns!;
    const waiting = await Promise.all(Array.from({ length: QUEUED }, () => customer()));
    const late = await customer();
    const release = await gate.enter();
    for (const { c, conversationId } of waiting) {
      expect(await c.emit<SendAck>(CLIENT_EVENTS.send, { conversationId, clientMessageId: randomUUID(), text: '在吗？人工客服呢' })).toMatchObject({ ok: true });
    }
    const clientMessageId = randomUUID();
    const refused = await late.c.emit<SendAck>(CLIENT_EVENTS.send, { conversationId: late.conversationId, clientMessageId, text: '优惠券用不了怎么办' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'WENDU_SERVER_BUSY', details: { retryAfterSeconds: expect.any(Number) } } });
    // Not stored: the conversation holds the welcome only.
    const page = await late.c.emit<{ ok: true; messages: Message[] }>(CLIENT_EVENTS.fetch, { conversationId: late.conversationId, after: 0 });
    expect((page as { messages: Message[] }).messages.filter((m) => m.sender === 'customer')).toEqual([]);

    release();
    await vi.waitFor(() => expect(gate.load).toEqual({ inFlight: 0, waiting: 0 }), WAIT);
    const { ack, replies } = await late.c.say(late.conversationId, '优惠券用不了怎么办', clientMessageId);
    expect(ack).toMatchObject({ ok: true, duplicate: false });
    expect(replies.filter((m) => m.sender === 'bot').length).toBeGreaterThan(0);
  });
});

describe('a real burst on a real server', () => {
  /** Customers who each send one question at the same moment (the realtime benchmark's shape, smaller). */
  const BURST = 150;

  it('tells waiting customers they wait, before their answer, and answers every message', { timeout: 120_000 }, async () => {
    // Default limits, except that "long" is short: the burst, not a held slot, makes the wait.
    await running.server.close();
    running = await startServer(dataDir, { busyNoticeAfterMs: 100 });
    const people = await Promise.all(Array.from({ length: BURST }, () => customer()));
    const toldBeforeAnswer: boolean[] = [];
    const acks = await Promise.all(
      people.map(({ c, conversationId, notices }, i) => {
        const clientMessageId = randomUUID();
        // Recorded when the first reply arrives: had the notice come already?
        c.socket.on(SERVER_EVENTS.message, (m: Message) => {
          if (m.sender === 'bot' && m.meta.replyTo !== undefined && toldBeforeAnswer[i] === undefined) toldBeforeAnswer[i] = notices.some((n) => n.clientMessageId === clientMessageId);
        });
        return c.emit<SendAck>(CLIENT_EVENTS.send, { conversationId, clientMessageId, text: ['退货运费谁出呀', '發票怎麼開', '快递三天了还没到😭'][i % 3] });
      }),
    );
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, duplicate: false });
    await vi.waitFor(() => people.forEach(({ c }, i) => expect(botRepliesTo(c, (acks[i] as SendAck).seq).length).toBeGreaterThan(0)), { timeout: 100_000, interval: 50 });
    const told = people.filter(({ notices }) => notices.length > 0).length;
    console.info(`[backpressure] burst of ${BURST}: ${told} told they wait, all answered`);
    expect(told).toBeGreaterThan(0);
    // Nobody told twice, and nobody told only after the answer came.
    expect(people.every(({ notices }) => notices.length <= 1)).toBe(true);
    people.forEach(({ notices }, i) => {
      if (notices.length > 0) expect(toldBeforeAnswer[i], `customer ${i} told before the answer`).toBe(true);
    });
  });
});
