/**
 * Offers and the hand-off timers on a real server (SQLite and PostgreSQL) with real agent and
 * customer sockets: the least-loaded online agent is offered a waiting customer, an offer not
 * taken in time (or declined) moves to the next agent, a disconnect grace that began before a
 * restart still returns the conversations after it, and two instances on one PostgreSQL fire
 * a due timer once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BOT_ID } from '../auth/access.js';
import { signInOn, type SignedIn } from '../auth/test-operators.js';
import { TestAgent } from '../channels/agent/test-client.js';
import { startServer, tempDataDir, TestCustomer, WAIT, type RunningServer } from '../channels/web/test-client.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import { TEST_BACKENDS } from '../store/testing.js';

/** The smallest offer timeout and grace the settings allow (HandoffSettingsSchema). */
const OFFER_SECONDS = 5;
const GRACE_SECONDS = 5;
const MS_PER_SECOND = 1000;
/** Past a timeout, with room for the sweeper's tick and a busy machine. */
const TIMER_WAIT = { timeout: (OFFER_SECONDS + 10) * MS_PER_SECOND, interval: 100 };

type Agent = SignedIn & { id: string; email: string };

describe.each(TEST_BACKENDS.map((b) => b.name))('offers and hand-off timers on %s', (backend) => {
  let edge: EdgeServer;
  let admin: SignedIn;
  let supervisor: SignedIn;
  const clients: Array<{ close(): void }> = [];
  let agentCount = 0;

  const api = async (who: SignedIn, method: string, path: string, body?: unknown, url = edge.url) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };

  /** A fresh agent of the shop, online on a socket (each test has its own people). */
  async function onlineAgent(name: string, url = edge.url): Promise<{ who: Agent; socket: TestAgent }> {
    agentCount += 1;
    const email = `${name}-${agentCount}@shop.cn`;
    const signed = await signInOn(edge.server.accounts, email, 'agent');
    const who = { ...signed, email, id: (await edge.server.accounts.findUserByEmail(email))!.id };
    const socket = new TestAgent(url, { token: who.token });
    clients.push(socket);
    await socket.connected();
    expect(await socket.emit('presence:set', { status: 'online' })).toMatchObject({ ok: true });
    return { who, socket };
  }

  async function queuedCustomer(words: string, url = edge.url): Promise<string> {
    const customer = new TestCustomer(url);
    clients.push(customer);
    const opened = await customer.open();
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const { replies } = await customer.say(opened.conversationId, words);
    expect(replies.map((m) => m.text).join('\n')).toMatch(/您是下一位|您前面还有/);
    return opened.conversationId;
  }

  const offersOf = async (who: Agent) => ((await api(who, 'GET', '/api/v1/agent/offers')).json.offers as Array<{ conversationId: string; expiresAt: string }>).map((o) => o.conversationId);
  const historyOf = async (conversationId: string, kind: string) =>
    edge.server.database.db
      .selectFrom('handoff_history as hh')
      .innerJoin('handoffs as h', 'h.id', 'hh.handoff_id')
      .select(['hh.details', 'hh.actor'])
      .where('h.conversation_id', '=', conversationId)
      .where('hh.kind', '=', kind)
      .execute();

  /** Everyone of this test goes offline and every live conversation is closed, so the next test starts from an empty desk. */
  async function cleanUp(agents: Agent[]): Promise<void> {
    for (const who of agents) await api(who, 'PUT', '/api/v1/agent/presence', { status: 'offline' });
    const all = (await api(supervisor, 'GET', '/api/v1/agent/conversations?view=all')).json.conversations as Array<{ id: string }>;
    for (const c of all) await api(supervisor, 'POST', `/api/v1/agent/conversations/${c.id}/close`, { tags: [] });
  }

  beforeAll(async () => {
    edge = await startEdgeServer(backend, { demo: true });
    admin = await signInOn(edge.server.accounts, 'boss@shop.cn', 'admin');
    supervisor = await signInOn(edge.server.accounts, 'zuzhang@shop.cn', 'supervisor');
    const saved = await api(admin, 'PUT', `/api/v1/bot/handoff?botId=${DEFAULT_BOT_ID}`, { offerTimeoutSeconds: OFFER_SECONDS, disconnectGraceSeconds: GRACE_SECONDS });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await edge?.dispose();
  });

  it('offers a waiting customer to the least-loaded online agent: fewest conversations, then longest idle, within each one’s limit', async () => {
    const a = await onlineAgent('ajie');
    const b = await onlineAgent('bingbing');

    // Both free and never assigned: one of them is offered the first customer; they take it.
    const first = await queuedCustomer('转人工，快递三天没动了😤');
    let x: typeof a | undefined;
    await vi.waitFor(async () => {
      const [offersA, offersB] = [await offersOf(a.who), await offersOf(b.who)];
      expect([...offersA, ...offersB]).toEqual([first]);
      x = offersA.includes(first) ? a : b;
    }, WAIT);
    const y = x === a ? b : a;
    await vi.waitFor(() => expect(x!.socket.events('offer').map((o) => o.conversationId)).toContain(first), WAIT);
    expect(x!.socket.events('offer').find((o) => o.conversationId === first)).toMatchObject({ agentId: x!.who.id, expiresAt: expect.any(String) });
    expect((await api(x!.who, 'POST', `/api/v1/agent/conversations/${first}/accept`)).status).toBe(200);
    expect(await offersOf(x!.who)).toEqual([]);

    // x has one now: the next customer goes to y, and x hears nothing of it.
    const second = await queuedCustomer('人工！！衣服洗了一次就掉色');
    await vi.waitFor(async () => expect(await offersOf(y.who)).toEqual([second]), WAIT);
    expect(await offersOf(x!.who)).toEqual([]);
    expect(x!.socket.events('offer').map((o) => o.conversationId)).not.toContain(second);
    expect((await api(y.who, 'POST', `/api/v1/agent/conversations/${second}/accept`)).status).toBe(200);

    // One each: x has been idle longer (assigned first), so x is offered the third.
    const third = await queuedCustomer('找真人客服 发票开错了');
    await vi.waitFor(async () => expect(await offersOf(x!.who)).toEqual([third]), WAIT);
    expect(await offersOf(y.who)).toEqual([]);
    expect((await api(x!.who, 'POST', `/api/v1/agent/conversations/${third}/accept`)).status).toBe(200);

    // y has fewer, but y's own limit is 1 and they are full: the fourth goes to x.
    expect(await y.socket.emit('presence:set', { status: 'online', maxConcurrent: 1 })).toMatchObject({ ok: true });
    const fourth = await queuedCustomer('转人工 优惠券用不了啊');
    await vi.waitFor(async () => expect(await offersOf(x!.who)).toEqual([fourth]), WAIT);
    expect(await offersOf(y.who)).toEqual([]);
    await cleanUp([a.who, b.who]);
  });

  it('an offer not accepted in time moves to the next agent; the customer stays in the queue for anyone', async () => {
    const a = await onlineAgent('chenchen');
    const b = await onlineAgent('dongdong');
    const customer = await queuedCustomer('在吗在吗 转人工 退款一直没到账');
    let first: Agent | undefined;
    await vi.waitFor(async () => {
      const offeredA = (await offersOf(a.who)).includes(customer);
      const offeredB = (await offersOf(b.who)).includes(customer);
      expect(offeredA !== offeredB).toBe(true);
      first = offeredA ? a.who : b.who;
    }, WAIT);
    const next = first === a.who ? b : a;
    // Nobody answers: after the timeout the other agent is offered it, and the first is not anymore.
    await vi.waitFor(async () => expect(await offersOf(next.who)).toEqual([customer]), TIMER_WAIT);
    expect(await offersOf(first!)).toEqual([]);
    await vi.waitFor(() => expect(next.socket.events('offer').map((o) => o.conversationId)).toContain(customer), WAIT);
    expect((await historyOf(customer, 'offer_expired')).map((h) => JSON.parse(h.details).agentId)).toEqual([first!.id]);
    // The first agent can still take it from the queue: the offer to the other is settled.
    expect((await api(first!, 'POST', `/api/v1/agent/conversations/${customer}/accept`)).status).toBe(200);
    expect(await offersOf(next.who)).toEqual([]);
    const offers = await edge.server.database.db.selectFrom('handoff_offers as o').innerJoin('handoffs as h', 'h.id', 'o.handoff_id').select(['o.agent_id', 'o.status']).where('h.conversation_id', '=', customer).orderBy('o.offered_at').execute();
    expect(offers).toEqual([
      { agent_id: first!.id, status: 'expired' },
      { agent_id: next.who.id, status: 'withdrawn' },
    ]);
    await cleanUp([a.who, b.who]);
  });

  it('a declined offer goes to the next agent at once; accepting the offer marks it accepted', async () => {
    const a = await onlineAgent('erya');
    const b = await onlineAgent('fangfang');
    const customer = await queuedCustomer('人工客服 我的订单地址填错了 急急急');
    let first: typeof a | undefined;
    await vi.waitFor(async () => {
      const offeredA = (await offersOf(a.who)).includes(customer);
      const offeredB = (await offersOf(b.who)).includes(customer);
      expect(offeredA !== offeredB).toBe(true);
      first = offeredA ? a : b;
    }, WAIT);
    const next = first === a ? b : a;
    const declined = await api(first!.who, 'POST', `/api/v1/agent/conversations/${customer}/decline`);
    expect(declined.status, JSON.stringify(declined.json)).toBe(200);
    // Well before any timeout.
    await vi.waitFor(async () => expect(await offersOf(next.who)).toEqual([customer]), WAIT);
    const again = await api(first!.who, 'POST', `/api/v1/agent/conversations/${customer}/decline`);
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe('WENDU_OFFER_NOT_FOUND');
    expect((await api(next.who, 'POST', `/api/v1/agent/conversations/${customer}/accept`)).status).toBe(200);
    const statuses = await edge.server.database.db.selectFrom('handoff_offers as o').innerJoin('handoffs as h', 'h.id', 'o.handoff_id').select(['o.agent_id', 'o.status']).where('h.conversation_id', '=', customer).orderBy('o.offered_at').execute();
    expect(statuses).toEqual([
      { agent_id: first!.who.id, status: 'declined' },
      { agent_id: next.who.id, status: 'accepted' },
    ]);
    await cleanUp([a.who, b.who]);
  });

  it('a disconnect grace that began before a restart still returns the conversations after it', async () => {
    const a = await onlineAgent('guagua');
    const customer = await queuedCustomer('转人工 手机屏幕碎了能保修吗😭');
    await vi.waitFor(async () => expect(await offersOf(a.who)).toEqual([customer]), WAIT);
    expect((await api(a.who, 'POST', `/api/v1/agent/conversations/${customer}/accept`)).status).toBe(200);

    a.socket.close();
    const graceOf = async () => (await edge.server.database.db.selectFrom('agent_presence').select('grace_until').where('user_id', '=', a.who.id).executeTakeFirstOrThrow()).grace_until;
    await vi.waitFor(async () => expect(await graceOf()).not.toBeNull(), WAIT);
    // Stopped during the grace, started again on the same data.
    edge = await edge.restart();
    expect(await graceOf()).not.toBeNull();
    await vi.waitFor(async () => expect((await historyOf(customer, 'requeued')).length).toBe(1), TIMER_WAIT);
    const queue = (await api(supervisor, 'GET', '/api/v1/agent/conversations?view=queue')).json.conversations.map((c: { id: string }) => c.id);
    expect(queue).toContain(customer);
    const presence = await edge.server.database.db.selectFrom('agent_presence').select(['status', 'grace_until']).where('user_id', '=', a.who.id).executeTakeFirstOrThrow();
    expect(presence).toEqual({ status: 'offline', grace_until: null });
    await cleanUp([a.who]);
  });

  it.runIf(backend === 'postgres')('two instances on one PostgreSQL fire a due timer once', async () => {
    const other: RunningServer = await startServer(tempDataDir('wendu-offers-second-'), { demo: false, databaseUrl: edge.databaseUrl });
    try {
      const a = await onlineAgent('huahua');
      const b = await onlineAgent('jiajia', other.url);
      const customer = await queuedCustomer('人工 人工 人工!! 东西少发了一件');
      await vi.waitFor(async () => expect([...(await offersOf(a.who)), ...(await offersOf(b.who))]).toEqual([customer]), WAIT);
      // Both sweepers see the offer come due: it expires once and the next agent is offered it once.
      await vi.waitFor(async () => expect((await historyOf(customer, 'offered')).length).toBe(2), TIMER_WAIT);
      // A few more ticks of both sweepers.
      await new Promise((resolve) => setTimeout(resolve, 2 * MS_PER_SECOND));
      expect((await historyOf(customer, 'offer_expired')).length).toBe(1);
      expect((await historyOf(customer, 'offered')).length).toBe(2);

      // A grace that comes due with both instances running returns the conversation once.
      const holder = (await offersOf(a.who)).includes(customer) ? a : b;
      expect((await api(holder.who, 'POST', `/api/v1/agent/conversations/${customer}/accept`, undefined, holder === a ? edge.url : other.url)).status).toBe(200);
      holder.socket.close();
      await vi.waitFor(async () => expect((await historyOf(customer, 'requeued')).length).toBe(1), TIMER_WAIT);
      await new Promise((resolve) => setTimeout(resolve, 2 * MS_PER_SECOND));
      expect((await historyOf(customer, 'requeued')).length).toBe(1);
      const events = await edge.server.database.db
        .selectFrom('messages')
        .select('meta')
        .where('conversation_id', '=', customer)
        .where('sender', '=', 'system')
        .execute();
      expect(events.filter((m) => String(m.meta).includes('handoff.requeued'))).toHaveLength(1);
      await cleanUp([a.who, b.who]);
    } finally {
      await other.server.close();
    }
  });
});
