/**
 * The conversation over plain HTTP against a real server (real SQLite folder, demo knowledge
 * and flows): open, context follow-ups, idempotent retries, paging, read marks, site events,
 * and the customer-id fence (x-wendu-customer).
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, TEST_BOT_SECRET, textOf, type RunningServer } from '../web/test-client.js';
import { signProfile } from '../../conversation/customer-profile.js';
import { CONVERSATIONS_API_PREFIX, CUSTOMER_HEADER } from './routes.js';
import { MAX_MESSAGE_TEXT_LENGTH, type Message } from '../../conversation/schemas.js';

/** The per-IP limit also covers these routes; this suite makes more requests than a customer would. */
const GENEROUS_BURST = 1000;
let running: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir('wendu-http-');
  running = await startServer(dataDir, { chatRateLimit: { burst: GENEROUS_BURST } });
});

afterAll(async () => {
  await running?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Opened {
  conversationId: string;
  customerId: string;
  externalId: string;
  created: boolean;
  lastSeq: number;
  messages: Message[];
}

async function call(method: string, path: string, body?: unknown, customerId?: string) {
  const res = await fetch(`${running.url}${CONVERSATIONS_API_PREFIX}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(customerId ? { [CUSTOMER_HEADER]: customerId } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function open(body: unknown = {}): Promise<Opened> {
  const res = await call('POST', '', body);
  expect(res.status).toBe(201);
  return res.body as unknown as Opened;
}

async function send(c: Opened, text: string, clientMessageId = randomUUID()) {
  const res = await call('POST', `/${c.conversationId}/messages`, { text, clientMessageId }, c.customerId);
  return res as { status: number; body: { message: Message; replies: Message[]; duplicate: boolean } & Record<string, unknown> };
}

const entryOf = (replies: Message[]) => replies.find((m) => m.meta.entryId)?.meta.entryId;

describe('HTTP conversation API', () => {
  it('opens with a welcome on the api channel, and resumes without a second one', async () => {
    const c = await open({ profile: { name: '小李' } });
    expect(c.created).toBe(true);
    expect(c.messages.length).toBeGreaterThan(0);
    expect(c.lastSeq).toBe(c.messages[c.messages.length - 1].seq);
    const again = await call('POST', '', { conversationId: c.conversationId, profile: { externalId: c.externalId } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ conversationId: c.conversationId, created: false, messages: [] });
    expect((await running.server.conversations.get(c.conversationId)).channel).toBe('api');
  });

  it('understands follow-ups in context: 我想退货 → 运费谁出 → 那换货呢', async () => {
    const c = await open();
    expect(entryOf((await send(c, '我想退货')).body.replies)).toBe('shop-return-process');
    const fee = await send(c, '运费谁出');
    expect(fee.status).toBe(201);
    expect(entryOf(fee.body.replies), textOf(fee.body.replies)).toBe('shop-return-shipping-fee');
    const exchange = await send(c, '那换货呢');
    expect(entryOf(exchange.body.replies), textOf(exchange.body.replies)).toMatch(/^shop-exchange-/);
  });

  it('customers get the conversation, never the bot\'s internals (decision trace, phrase keys)', async () => {
    const c = await open();
    const { body } = await send(c, '发票怎么开呀');
    expect(entryOf(body.replies)).toBe('shop-invoice-how');
    for (const m of body.replies) {
      expect(m.meta).not.toHaveProperty('decision');
      expect(m.meta).not.toHaveProperty('phrases');
    }
    expect(body.replies[0].meta).toMatchObject({ action: 'answer', replyTo: body.message.seq });
    // The log a resuming customer reads is the same.
    const page = await call('GET', `/${c.conversationId}/messages?after=0`, undefined, c.customerId);
    expect(JSON.stringify(page.body)).not.toMatch(/"decision"|"candidates"|"thresholds"/);
    // Operators still see why: the stored message keeps the trace.
    const stored = (await running.server.conversations.messagesAfter(c.conversationId, 0, 50)).find((m) => m.sender === 'bot' && m.meta.entryId);
    expect(stored?.meta).toHaveProperty('decision');
  });

  it('a retried clientMessageId answers 200 with the stored message and the same replies', async () => {
    const c = await open();
    const id = randomUUID();
    const first = await send(c, '能开專用發票嗎', id);
    expect(first.status).toBe(201);
    expect(first.body.duplicate).toBe(false);
    const retry = await send(c, '能开專用發票嗎', id);
    expect(retry.status).toBe(200);
    expect(retry.body.duplicate).toBe(true);
    expect(retry.body.message).toEqual(first.body.message);
    expect(retry.body.replies).toEqual(first.body.replies);
    const page = await call('GET', `/${c.conversationId}/messages?after=0&limit=200`, undefined, c.customerId);
    const log = page.body.messages as Message[];
    expect(log.filter((m) => m.clientMessageId === id)).toHaveLength(1);
    expect(log.map((m) => m.seq)).toEqual(log.map((_, i) => i + 1));
  });

  it('pages with after and limit, marks read, and takes site events', async () => {
    const c = await open();
    await send(c, '包邮吗');
    const first = await call('GET', `/${c.conversationId}/messages?after=0&limit=1`, undefined, c.customerId);
    expect(first.status).toBe(200);
    expect((first.body.messages as Message[]).map((m) => m.seq)).toEqual([1]);
    expect(first.body.hasMore).toBe(true);
    const lastSeq = first.body.lastSeq as number;
    const rest = await call('GET', `/${c.conversationId}/messages?after=1`, undefined, c.customerId);
    expect((rest.body.messages as Message[]).at(-1)!.seq).toBe(lastSeq);
    expect(rest.body.hasMore).toBe(false);

    expect(await call('POST', `/${c.conversationId}/read`, { seq: lastSeq }, c.customerId)).toEqual({ status: 200, body: { lastReadSeq: lastSeq } });
    const event = await call('POST', `/${c.conversationId}/events`, { name: 'return-requested' }, c.customerId);
    expect(event.status).toBe(200);
    expect(textOf(event.body.messages as Message[])).toContain('退货');
  });

  it('refuses a missing or wrong x-wendu-customer with 403, an unknown conversation with 404', async () => {
    const c = await open();
    const other = await open();
    expect((await call('GET', `/${c.conversationId}/messages`)).status).toBe(403);
    const wrong = await call('POST', `/${c.conversationId}/messages`, { text: '我看看', clientMessageId: randomUUID() }, other.customerId);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: { code: 'WENDU_FORBIDDEN' } });
    const unknown = await call('GET', '/cv-doesnotexist2345678/messages', undefined, c.customerId);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'WENDU_CONVERSATION_NOT_FOUND' } });
  });

  it("an unsigned open naming a customer's externalId gets a new anonymous visitor: not their id, chats, or name (issue 6, finding 10)", async () => {
    const profile = { externalId: `shop-${randomUUID()}`, name: '王阿姨', tags: ['老客户'], vipLevel: 2, expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    const real = await open({ profile, signature: signProfile(profile, TEST_BOT_SECRET) });
    await send(real, '我上周买的电饭煲还没到，单号多少来着😅');
    const impostor = await open({ profile: { externalId: profile.externalId, name: '王阿姨', tags: ['VIP'] } });
    expect(impostor.customerId).not.toBe(real.customerId);
    expect(impostor.externalId).not.toBe(profile.externalId);
    expect((await send(impostor, '在吗')).status).toBe(201); // still chatting
    expect((await call('GET', `/${real.conversationId}/messages`, undefined, impostor.customerId)).status).toBe(403);
    const attach = await call('POST', '', { conversationId: real.conversationId, profile: { externalId: profile.externalId } });
    expect(attach.status).toBe(403);
    expect(await running.server.conversations.getCustomer(real.customerId)).toMatchObject({ name: '王阿姨', tags: ['老客户'], vipLevel: 2, verified: true });
  });

  it('a signed profile without expiresAt is 400, an expired one 401 WENDU_PROFILE_EXPIRED', async () => {
    const forever = { externalId: `shop-${randomUUID()}`, name: '李哥' };
    const noExpiry = await call('POST', '', { profile: forever, signature: signProfile(forever, TEST_BOT_SECRET) });
    expect(noExpiry.status).toBe(400);
    expect(noExpiry.body).toMatchObject({ error: { code: 'WENDU_VALIDATION' } });
    const stale = { ...forever, expiresAt: '2026-01-01T00:00:00Z' };
    const expired = await call('POST', '', { profile: stale, signature: signProfile(stale, TEST_BOT_SECRET) });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: { code: 'WENDU_PROFILE_EXPIRED' } });
  });

  it('refuses oversize text with 413 WENDU_MESSAGE_TOO_LONG and a send without clientMessageId with 400', async () => {
    const c = await open();
    const long = await send(c, '好'.repeat(MAX_MESSAGE_TEXT_LENGTH + 1));
    expect(long.status).toBe(413);
    expect(long.body).toMatchObject({ error: { code: 'WENDU_MESSAGE_TOO_LONG' } });
    const noId = await call('POST', `/${c.conversationId}/messages`, { text: '在吗' }, c.customerId);
    expect(noId.status).toBe(400);
    expect(noId.body).toMatchObject({ error: { code: 'WENDU_VALIDATION' } });
  });
});
