/**
 * The agents' namespace `/agent` on a real server (SQLite and PostgreSQL), with real socket.io
 * clients for customers and agents: who may connect, the hand-off events and the conversation
 * live both ways (messages, typing, assist), workspace isolation, and the disconnect grace
 * period that gives a gone agent's conversations back to the queue at their place.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BOT_ID } from '../../auth/access.js';
import { operatorApi, signInOn, type SignedIn } from '../../auth/test-operators.js';
import { startEdgeServer, type EdgeServer } from '../../server/edge-testing.js';
import { TEST_BACKENDS } from '../../store/testing.js';
import { TestCustomer, WAIT } from '../web/test-client.js';
import { TestAgent } from './test-client.js';

/** The smallest grace the settings allow (HandoffSettingsSchema): the grace tests wait it out. */
const GRACE_SECONDS = 5;
const MS_PER_SECOND = 1000;
/** Past the grace, with room for a busy machine. */
const GRACE_WAIT = { timeout: (GRACE_SECONDS + 10) * MS_PER_SECOND, interval: 100 };

describe.each(TEST_BACKENDS.map((b) => b.name))('the agent socket on %s', (backend) => {
  let edge: EdgeServer;
  let admin: SignedIn;
  let supervisor: SignedIn;
  let xiaomei: SignedIn & { id: string };
  let rival: SignedIn & { id: string };
  const clients: Array<{ close(): void }> = [];

  const api = operatorApi(() => edge.url);

  async function agentSocket(who: SignedIn | null): Promise<TestAgent> {
    const agent = new TestAgent(edge.url, who ? { token: who.token } : undefined);
    clients.push(agent);
    await agent.connected();
    return agent;
  }

  async function online(who: SignedIn): Promise<TestAgent> {
    const agent = await agentSocket(who);
    const ack = await agent.emit('presence:set', { status: 'online' });
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true, presence: { status: 'online' } });
    return agent;
  }

  /** A customer who asked for a person and is queued. */
  async function queuedCustomer(words = '转人工'): Promise<{ customer: TestCustomer; conversationId: string; customerId: string }> {
    const customer = new TestCustomer(edge.url);
    clients.push(customer);
    const opened = await customer.open();
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const { replies } = await customer.say(opened.conversationId, words);
    expect(replies.map((m) => m.text).join('\n')).toMatch(/您是下一位|您前面还有/);
    return { customer, conversationId: opened.conversationId, customerId: opened.customerId };
  }

  /** The stored end of the user's disconnect grace (null: none running). */
  const graceOf = async (userId: string) => (await edge.server.database.db.selectFrom('agent_presence').select('grace_until').where('user_id', '=', userId).executeTakeFirst())?.grace_until ?? null;

  const withId = async (who: SignedIn, email: string) => ({ ...who, id: (await edge.server.accounts.findUserByEmail(email))!.id });

  beforeAll(async () => {
    edge = await startEdgeServer(backend, { demo: true });
    admin = await signInOn(edge.server.accounts, 'boss@shop.cn', 'admin');
    supervisor = await signInOn(edge.server.accounts, 'zuzhang@shop.cn', 'supervisor');
    xiaomei = await withId(await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent'), 'xiaomei@shop.cn');
    rival = await withId(await signInOn(edge.server.accounts, 'xiaozhang@rival.cn', 'agent', 'rival'), 'xiaozhang@rival.cn');
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await edge?.dispose();
  });

  it('refuses a connection without a token or with a wrong one', async () => {
    for (const auth of [undefined, { token: 'not-a-real-token' }, { token: 42 }]) {
      const stranger = new TestAgent(edge.url, auth);
      clients.push(stranger);
      const refusal = await stranger.connected().then(
        () => null,
        (err: Error & { data?: { code: string } }) => err.data,
      );
      expect(refusal, JSON.stringify(auth)).toMatchObject({ code: 'WENDU_UNAUTHENTICATED' });
      expect(stranger.socket.connected).toBe(false);
    }
  });

  it('lets an API key watch the workspace, but not take part as a person', async () => {
    const authenticated = await edge.server.accounts.authenticate(admin.token);
    const { key } = await edge.server.accounts.createApiKey(authenticated!.principal, { name: '值班大屏', role: 'supervisor' });
    const screen = await agentSocket({ token: key, headers: {}, actor: 'api_key:值班大屏' });
    expect(await screen.emit('presence:set', { status: 'online' })).toMatchObject({ ok: false, error: { code: 'WENDU_FORBIDDEN' } });
    screen.close();
  });

  it('goes online, hears the request, and then has the conversation live both ways with assist', async () => {
    const agent = await online(xiaomei);
    const boss = await agentSocket(supervisor);
    const outsider = await online(rival);

    const { customer, conversationId } = await queuedCustomer('转人工！！我要找真人');
    await vi.waitFor(() => expect(agent.events('handoff.requested').map((e) => e.conversationId)).toContain(conversationId), WAIT);
    expect(agent.events('handoff.requested').find((e) => e.conversationId === conversationId)).toMatchObject({ status: 'queued', reason: 'customer_request', position: expect.any(Number) });

    const accepted = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${conversationId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    await vi.waitFor(() => expect(agent.events('handoff.assigned').map((e) => e.conversationId)).toContain(conversationId), WAIT);

    // The customer's message reaches the agent live, with assist computed for it.
    const text = '鞋子买大了咋退啊，订单号202611110001234567 😭';
    const sent = await customer.emit<{ ok: true; seq: number }>('message:send', { conversationId, clientMessageId: randomUUID(), text });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    await vi.waitFor(() => expect(agent.events('message').some((p) => p.conversationId === conversationId && p.message.seq === sent.seq && p.message.text === text)).toBe(true), WAIT);
    await vi.waitFor(() => expect(agent.events('assist').some((p) => p.conversationId === conversationId && p.seq === sent.seq)).toBe(true), WAIT);
    const { assist } = agent.events('assist').find((p) => p.seq === sent.seq);
    expect(assist.suggestions.length).toBeGreaterThan(0);
    expect(assist.suggestions[0]).toMatchObject({ entryId: expect.any(String), question: expect.any(String), answer: expect.any(String) });
    expect(JSON.stringify(assist.entities)).toContain('202611110001234567');
    // The supervisor watches it too.
    await vi.waitFor(() => expect(boss.events('message').some((p) => p.message.seq === sent.seq)).toBe(true), WAIT);

    // The customer typing shows on the agent's side; the agent's typing on the customer's.
    await customer.emit('typing', { conversationId, typing: true });
    await vi.waitFor(() => expect(agent.events('typing')).toContainEqual({ conversationId, sender: 'customer', typing: true }), WAIT);
    expect(await agent.emit('typing', { conversationId, typing: true })).toEqual({ ok: true });
    await vi.waitFor(() => expect(customer.typing).toContainEqual({ sender: 'agent', typing: true }), WAIT);

    // The agent answers over the socket; a retry with the same id is stored once.
    const clientMessageId = randomUUID();
    const answer = await agent.emit<{ ok: true; seq: number }>('message:send', { conversationId, clientMessageId, text: '亲，您好～ 我来帮您办理退货，请稍等我查一下订单' });
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    const retry = await agent.emit<{ ok: true; seq: number }>('message:send', { conversationId, clientMessageId, text: '亲，您好～ 我来帮您办理退货，请稍等我查一下订单' });
    expect(retry).toMatchObject({ ok: true, seq: answer.seq });
    await vi.waitFor(() => expect(customer.bySeq.get(answer.seq)).toMatchObject({ sender: 'agent', senderId: xiaomei.id }), WAIT);

    // Read marks both ways.
    expect(await agent.emit('read', { conversationId, seq: sent.seq })).toEqual({ ok: true, lastReadSeq: sent.seq });
    await customer.emit('read', { conversationId, seq: answer.seq });
    await vi.waitFor(() => expect(agent.events('read')).toContainEqual({ conversationId, reader: 'customer', lastReadSeq: answer.seq }), WAIT);

    // Refused like the HTTP route: an empty message, another workspace's agent, bad payloads.
    expect(await agent.emit('message:send', { conversationId, clientMessageId: randomUUID(), text: '   ' })).toMatchObject({ ok: false, error: { code: 'WENDU_VALIDATION' } });
    expect(await outsider.emit('message:send', { conversationId, clientMessageId: randomUUID(), text: '你好' })).toMatchObject({ ok: false, error: { code: 'WENDU_CONVERSATION_NOT_FOUND' } });
    expect(await outsider.emit('typing', { conversationId, typing: true })).toMatchObject({ ok: false, error: { code: 'WENDU_CONVERSATION_NOT_FOUND' } });
    expect(await agent.emit('presence:set', { status: 'sleeping' })).toMatchObject({ ok: false, error: { code: 'WENDU_VALIDATION' } });

    // Workspace isolation: the other company's agent heard nothing of this conversation.
    expect(JSON.stringify(outsider.received)).not.toContain(conversationId);

    const closed = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${conversationId}/close`, { tags: ['退货'] });
    expect(closed.status).toBe(200);
    await vi.waitFor(() => expect(agent.events('handoff.closed').map((e) => e.conversationId)).toContain(conversationId), WAIT);
    expect(JSON.stringify(outsider.received)).not.toContain(conversationId);
    for (const socket of [agent, boss, outsider]) socket.close();
  });

  it('an agent who does not come back within the grace loses their conversations to the queue, at their place', async () => {
    const grace = await api(admin, 'PUT', `/api/v1/bot/handoff?botId=${DEFAULT_BOT_ID}`, { disconnectGraceSeconds: GRACE_SECONDS });
    expect(grace.status, JSON.stringify(grace.json)).toBe(200);
    const agent = await online(xiaomei);
    const boss = await agentSocket(supervisor);
    const first = await queuedCustomer('人工客服在吗？？');
    const second = await queuedCustomer('我要投诉，转人工');
    const accepted = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${first.conversationId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);

    agent.close();
    await vi.waitFor(async () => expect(await graceOf(xiaomei.id)).not.toBeNull(), WAIT);
    // Within the grace, nothing moves.
    expect((await api(supervisor, 'GET', '/api/v1/agent/conversations?view=all')).json.conversations.find((c: { id: string }) => c.id === first.conversationId)).toMatchObject({ status: 'assigned', agentId: xiaomei.id });

    await vi.waitFor(() => expect(boss.events('handoff.requeued').map((e) => e.conversationId)).toContain(first.conversationId), GRACE_WAIT);
    expect(boss.events('handoff.requeued').find((e) => e.conversationId === first.conversationId)).toMatchObject({ fromAgentId: xiaomei.id, why: 'agent_disconnected' });
    const queue = (await api(supervisor, 'GET', '/api/v1/agent/conversations?view=queue')).json.conversations.map((c: { id: string }) => c.id);
    // Back ahead of the customer who came after them.
    expect(queue.indexOf(first.conversationId)).toBeGreaterThanOrEqual(0);
    expect(queue.indexOf(first.conversationId)).toBeLessThan(queue.indexOf(second.conversationId));
    const view = await fetch(`${edge.url}/api/v1/conversations/${first.conversationId}`, { headers: { 'x-wendu-customer': first.customerId } });
    expect((await view.json()).handoff).toMatchObject({ status: 'queued', agentName: null });
    // …and told so on their socket.
    await vi.waitFor(() => expect([...first.customer.bySeq.values()].some((m) => m.sender === 'system' && m.meta.kind === 'handoff.requeued')).toBe(true), WAIT);
    // And the agent is offline, so no new customer is promised to them.
    expect((await api(xiaomei, 'GET', '/api/v1/agent/conversations?view=mine')).json.conversations).toEqual([]);
    const presence = await edge.server.database.db.selectFrom('agent_presence').select('status').where('user_id', '=', xiaomei.id).executeTakeFirstOrThrow();
    expect(presence.status).toBe('offline');
    boss.close();
  });

  it('a restart starts no grace: an assigned conversation stays with its agent', async () => {
    const agent = await online(xiaomei);
    const { conversationId } = await queuedCustomer('人工人工人工');
    expect((await api(xiaomei, 'POST', `/api/v1/agent/conversations/${conversationId}/accept`)).status).toBe(200);
    const before = edge.server;
    edge = await edge.restart();
    expect(before.app.server.listening).toBe(false);
    expect(await graceOf(xiaomei.id)).toBeNull();
    // The old server's shutdown closed the socket; the new one never saw it. Neither moves anything.
    await new Promise((resolve) => setTimeout(resolve, (GRACE_SECONDS + 1) * MS_PER_SECOND));
    expect(agent.socket.connected).toBe(false);
    const mine = (await api(xiaomei, 'GET', '/api/v1/agent/conversations?view=mine')).json.conversations;
    expect(mine.map((c: { id: string }) => c.id)).toContain(conversationId);
    agent.close();
  });

  it('an agent who reconnects within the grace keeps their conversations', async () => {
    const agent = await online(xiaomei);
    const { conversationId } = await queuedCustomer('找个人工客服帮我看看呗');
    const accepted = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${conversationId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);

    agent.close();
    await vi.waitFor(async () => expect(await graceOf(xiaomei.id)).not.toBeNull(), WAIT);
    const back = await agentSocket(xiaomei);
    await vi.waitFor(async () => expect(await graceOf(xiaomei.id)).toBeNull(), WAIT);
    // Past the grace: still theirs, still online.
    await new Promise((resolve) => setTimeout(resolve, (GRACE_SECONDS + 1) * MS_PER_SECOND));
    const mine = (await api(xiaomei, 'GET', '/api/v1/agent/conversations?view=mine')).json.conversations;
    expect(mine.map((c: { id: string }) => c.id)).toContain(conversationId);
    expect(back.events('handoff.requeued')).toEqual([]);
    back.close();
  });
});
