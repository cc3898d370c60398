/**
 * The two customer channels open and page a conversation through one implementation
 * (open-conversation.ts): for the same input, HTTP's `POST /api/v1/conversations` body and the
 * socket's `conversation:open` ack carry the same fields and values (the ack adds `ok` and calls
 * `messages` `missed`), and `GET …/messages` and `messages:fetch` answer the same page.
 * A real listening server on each backend (SQLite and PostgreSQL), real HTTP and a real socket.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signProfile } from '../conversation/customer-profile.js';
import type { Message } from '../conversation/schemas.js';
import { CONVERSATIONS_API_PREFIX, CUSTOMER_HEADER } from './http/routes.js';
import type { OpenedConversation } from './open-conversation.js';
import { CLIENT_EVENTS, type FetchAck } from './web/protocol.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import { TEST_BACKENDS } from '../store/testing.js';
import { TEST_BOT_SECRET, TestCustomer, type AckResult } from './web/test-client.js';

/** A signed profile is valid this long: well past the end of the suite. */
const PROFILE_VALID_MS = 3_600_000;

describe.each(TEST_BACKENDS.map((b) => b.name))('one conversation-open for the socket and HTTP on %s', (backend) => {
  let running: EdgeServer;
  const clients: TestCustomer[] = [];

  beforeAll(async () => {
    running = await startEdgeServer(backend);
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  afterAll(async () => {
    await running?.dispose();
  });

  function socketCustomer(): TestCustomer {
    const customer = new TestCustomer(running.url);
    clients.push(customer);
    return customer;
  }

  async function httpOpen(body: Record<string, unknown>): Promise<{ status: number; body: OpenedConversation }> {
    const res = await fetch(`${running.url}${CONVERSATIONS_API_PREFIX}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as OpenedConversation };
  }

  async function socketOpen(body: Record<string, unknown>): Promise<OpenedConversation> {
    const ack = await socketCustomer().open(body);
    if (!ack.ok) throw new Error(`open refused: ${JSON.stringify(ack.error)}`);
    const { ok, missed, ...rest } = ack;
    expect(ok).toBe(true);
    return { ...rest, messages: missed };
  }

  function signedProfile(name: string) {
    const profile = { externalId: `shop-${randomUUID()}`, name, tags: ['老客户'], vipLevel: 1, expiresAt: new Date(Date.now() + PROFILE_VALID_MS).toISOString() };
    return { profile, signature: signProfile(profile, TEST_BOT_SECRET) };
  }

  /** Two new conversations differ only in ids, clocks and the welcome's wording (it varies); everything else must match. */
  function withoutIdentity(opened: OpenedConversation) {
    return { ...opened, conversationId: '(new)', messages: opened.messages.map(({ seq, sender, content }) => ({ seq, sender, blocks: content.map((b) => b.type) })) };
  }

  it('a new conversation: the HTTP body and the socket ack carry the same fields and values', async () => {
    const who = signedProfile('陈小姐');
    const input = { ...who, channel: 'web', lastSeq: 0 };
    const overHttp = await httpOpen(input);
    expect(overHttp.status).toBe(201);
    const overSocket = await socketOpen(input);
    expect(Object.keys(overSocket).sort()).toEqual(Object.keys(overHttp.body).sort());
    expect(withoutIdentity(overSocket)).toEqual(withoutIdentity(overHttp.body));
    expect(overHttp.body).toMatchObject({ created: true, channel: 'web', hasMore: false, customer: { name: '陈小姐', verified: true } });
    expect(overHttp.body.messages.length).toBeGreaterThan(0); // the welcome
  });

  it('resuming with the same lastSeq answers exactly the same over both (HTTP now catches up too)', async () => {
    const who = signedProfile('阿杰');
    const first = await httpOpen(who);
    const { conversationId, customerId } = first.body;
    const said = await fetch(`${running.url}${CONVERSATIONS_API_PREFIX}/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: customerId },
      body: JSON.stringify({ text: '我想退货，衣服尺码买错了😭 运费谁出啊', clientMessageId: randomUUID() }),
    });
    expect(said.status).toBe(201);
    const input = { ...who, conversationId, lastSeq: first.body.lastSeq };
    const overHttp = await httpOpen(input);
    expect(overHttp.status).toBe(200);
    const overSocket = await socketOpen(input);
    expect(overSocket).toEqual(overHttp.body);
    expect(overHttp.body).toMatchObject({ conversationId, customerId, created: false, channel: 'api', hasMore: false });
    expect(overHttp.body.messages[0]).toMatchObject({ sender: 'customer', text: '我想退货，衣服尺码买错了😭 运费谁出啊' });
    expect(overHttp.body.messages.map((m) => m.seq)).toEqual(range(first.body.lastSeq + 1, overHttp.body.lastSeq));
  });

  it('HTTP without lastSeq keeps its answer: the welcome when new, nothing on resume', async () => {
    const who = signedProfile('小王');
    const first = await httpOpen(who);
    expect(first.body.messages.length).toBeGreaterThan(0);
    const again = await httpOpen({ ...who, conversationId: first.body.conversationId });
    expect(again).toMatchObject({ status: 200, body: { created: false, messages: [], hasMore: false, lastSeq: first.body.lastSeq } });
  });

  it('GET …/messages and messages:fetch answer the same page', async () => {
    const customer = socketCustomer();
    const opened = await customer.open({});
    if (!opened.ok) throw new Error('open refused');
    await customer.say(opened.conversationId, '在吗 我的快递三天没动了 单号忘了咋查');
    const fetched = (await customer.emit<FetchAck>(CLIENT_EVENTS.fetch, { conversationId: opened.conversationId, after: 1, limit: 2 })) as AckResult<FetchAck>;
    const res = await fetch(`${running.url}${CONVERSATIONS_API_PREFIX}/${opened.conversationId}/messages?after=1&limit=2`, { headers: { [CUSTOMER_HEADER]: opened.customerId } });
    const page = (await res.json()) as { messages: Message[]; lastSeq: number; hasMore: boolean };
    expect(fetched).toEqual({ ok: true, messages: page.messages, hasMore: page.hasMore });
    expect(page.messages.map((m) => m.seq)).toEqual([2, 3]);
    expect(page.hasMore).toBe(page.lastSeq > 3);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
