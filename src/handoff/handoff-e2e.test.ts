/**
 * The hand-off queue and the agent's side end to end, on SQLite and PostgreSQL: a real
 * listening server, agents signed in over HTTP, customers on real sockets. The customers here
 * describe a problem without asking for a person, and the tests then ask the bot's desk
 * directly, exactly as the engine does (engine-handoff-e2e.test.ts covers asking in words).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID, type Role } from '../auth/access.js';
import { signInOn, type SignedIn } from '../auth/test-operators.js';
import { TestCustomer, WAIT } from '../channels/web/test-client.js';
import type { Message } from '../conversation/schemas.js';
import type { AnyDomainEvent } from '../events/types.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import type { SqlDialect } from '../store/dialect.js';
import { HandoffQueue, type HandoffRequest } from './desk.js';
import { DEFAULT_HANDOFF_SETTINGS } from './types.js';

const WORKSPACE_B = 'shop-b';
const VIP_PRIORITY = 10;

interface Agent extends SignedIn {
  id: string;
  name: string;
}

describe.each<SqlDialect>(['sqlite', 'postgres'])('hand-off queue and agent API on %s', (backend) => {
  let edge: EdgeServer;
  let xiaomei: Agent;
  let afei: Agent;
  let boss: Agent;
  let agentB: Agent;
  const customers: TestCustomer[] = [];
  const events: AnyDomainEvent[] = [];

  async function person(email: string, role: Role, name: string, workspaceId = DEFAULT_WORKSPACE_ID): Promise<Agent> {
    const signed = await signInOn(edge.server.accounts, email, role, workspaceId);
    const user = (await edge.server.accounts.findUserByEmail(email))!;
    await edge.server.accounts.updateUser(workspaceId, user.id, { name }, 'test');
    return { ...signed, id: user.id, name };
  }

  async function api(who: SignedIn, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`${edge.url}${path}`, {
      method,
      headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  const presence = async (who: Agent, status: string, maxConcurrent?: number | null) => {
    const res = await api(who, 'PUT', '/api/v1/agent/presence', maxConcurrent === undefined ? { status } : { status, maxConcurrent });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  };
  const desk = async () => (await edge.server.registry.bot(DEFAULT_BOT_ID)).desk;

  /** A customer on a real socket who has said something, as the engine would see them before handing over. */
  async function customerSays(name: string, text: string): Promise<{ customer: TestCustomer; conversationId: string; customerId: string }> {
    const customer = new TestCustomer(edge.url);
    customers.push(customer);
    const opened = await customer.open({ profile: { name } });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    await customer.say(opened.conversationId, text);
    return { customer, conversationId: opened.conversationId, customerId: opened.customerId };
  }

  const askForPerson = async (c: { conversationId: string; customerId: string }, extra: Partial<HandoffRequest> = {}) =>
    (await desk()).request({ conversationId: c.conversationId, customerId: c.customerId, reason: 'customer_request', priority: 0, topic: null, ...extra });

  const customerView = async (c: { conversationId: string; customerId: string }) => {
    const res = await fetch(`${edge.url}/api/v1/conversations/${c.conversationId}`, { headers: { 'x-wendu-customer': c.customerId } });
    expect(res.status).toBe(200);
    return res.json();
  };
  const customerMessages = async (c: { conversationId: string; customerId: string }): Promise<Message[]> => {
    const res = await fetch(`${edge.url}/api/v1/conversations/${c.conversationId}/messages?limit=200`, { headers: { 'x-wendu-customer': c.customerId } });
    return (await res.json()).messages;
  };

  beforeAll(async () => {
    edge = await startEdgeServer(backend);
    xiaomei = await person('xiaomei@shop-a.cn', 'agent', '小美');
    afei = await person('afei@shop-a.cn', 'agent', '阿飞');
    boss = await person('laowang@shop-a.cn', 'supervisor', '王主管');
    agentB = await person('zhang@shop-b.cn', 'agent', '张三', WORKSPACE_B);
    await edge.server.bus.subscribe('*', (event) => {
      events.push(event);
    });
  });
  afterAll(async () => {
    for (const c of customers) c.close();
    await edge?.dispose();
  });
  beforeEach(async () => {
    // Every test starts with nobody online and nothing waiting.
    for (const who of [xiaomei, afei, boss, agentB]) await presence(who, 'offline', null);
    await edge.server.database.db.updateTable('handoffs').set({ status: 'closed' }).where('status', 'in', ['queued', 'assigned']).execute();
  });

  it('never promises a person when nobody is online: offline, recorded, and the customer is told so', async () => {
    const c = await customerSays('李女士', '在吗？？退款怎么还没到');
    expect((await customerView(c)).handoff).toEqual({ status: 'none', position: null, estimatedWaitSeconds: null, agentName: null });
    // The conversation (and where it stands) is only for its own customer.
    const stranger = await fetch(`${edge.url}/api/v1/conversations/${c.conversationId}`, { headers: { 'x-wendu-customer': 'cu-someone-else' } });
    expect(stranger.status).toBe(403);
    const outcome = await askForPerson(c);
    expect(outcome).toMatchObject({ status: 'offline', why: 'no_agent', groupId: 'default' });
    expect(outcome.handoffId).toBeTruthy();
    const row = await edge.server.database.db.selectFrom('handoffs').selectAll().where('id', '=', outcome.handoffId!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'offline', reason: 'customer_request', conversation_id: c.conversationId });
    const { handoff } = await customerView(c);
    expect(handoff).toEqual({ status: 'offline', position: null, estimatedWaitSeconds: null, agentName: null });
    // An agent who is merely away does not count either.
    await presence(xiaomei, 'away');
    expect(await askForPerson(c)).toMatchObject({ status: 'offline', why: 'no_agent' });
  });

  it('refuses to promise a wait longer than the limit (long_wait)', async () => {
    await presence(xiaomei, 'online', 1);
    const strict = new HandoffQueue({
      database: edge.server.database,
      bus: edge.server.bus,
      workspaceId: DEFAULT_WORKSPACE_ID,
      botId: DEFAULT_BOT_ID,
      // One handling time (10 min) is already more than the 5 minutes this shop promises.
      settings: () => ({ ...DEFAULT_HANDOFF_SETTINGS, maxWaitSeconds: 300, defaultHandlingSeconds: 600 }),
    });
    const c = await customerSays('周先生', '退款三天了还没到账');
    expect(await strict.request({ conversationId: c.conversationId, customerId: c.customerId, reason: 'customer_request', priority: 0, topic: null })).toMatchObject({
      status: 'offline',
      why: 'long_wait',
    });
    expect(await strict.activeOf(c.conversationId)).toBeNull();
  });

  it('queues with position and wait estimate, serves VIPs first, and answers a repeated request with the same hand-off', async () => {
    await presence(xiaomei, 'online', 2);
    const first = await customerSays('小陈', '我的快递三天没动了😭');
    const second = await customerSays('阿强', '订单一直显示待发货');
    const vip = await customerSays('黄金会员刘姐', '我是你们老客户了 这次质量不太行');

    const a = await askForPerson(first);
    const b = await askForPerson(second);
    // 300 s default handling × ceil(position / 2 free slots).
    expect(a).toMatchObject({ status: 'queued', position: 1, estimatedWaitSeconds: 300 });
    expect(b).toMatchObject({ status: 'queued', position: 2, estimatedWaitSeconds: 300 });
    const v = await askForPerson(vip, { priority: VIP_PRIORITY, reason: 'policy' });
    expect(v).toMatchObject({ status: 'queued', position: 1 });

    expect((await customerView(vip)).handoff).toEqual({ status: 'queued', position: 1, estimatedWaitSeconds: 300, agentName: null });
    expect((await customerView(first)).handoff).toMatchObject({ status: 'queued', position: 2, estimatedWaitSeconds: 300 });
    expect((await customerView(second)).handoff).toMatchObject({ status: 'queued', position: 3, estimatedWaitSeconds: 600 });

    const again = await askForPerson(first);
    expect(again).toMatchObject({ status: 'queued', handoffId: a.handoffId, position: 2 });

    const queue = await api(xiaomei, 'GET', '/api/v1/agent/conversations?view=queue');
    expect(queue.status).toBe(200);
    const ids = queue.json.conversations.map((r: { id: string }) => r.id);
    expect(ids).toEqual([vip.conversationId, first.conversationId, second.conversationId]);
    const top = queue.json.conversations[0];
    expect(top).toMatchObject({ status: 'queued', reason: 'policy', groupId: 'default', priority: VIP_PRIORITY, agentId: null, customerName: '黄金会员刘姐' });
    expect(top.waitingSeconds).toBeGreaterThanOrEqual(0);
    expect(top.lastMessage.text.length).toBeGreaterThan(0);
    await vi.waitFor(() => {
      const requested = events.filter((e) => e.name === 'handoff.requested' && e.payload.conversationId === vip.conversationId);
      expect(requested).toHaveLength(1);
      expect(requested[0].payload).toMatchObject({ status: 'queued', priority: VIP_PRIORITY, workspaceId: DEFAULT_WORKSPACE_ID });
    }, WAIT);
  });

  it('accept assigns the conversation; the customer sees who, and the agent’s messages reach their socket as sender agent', async () => {
    await presence(xiaomei, 'online');
    const c = await customerSays('王同学', '衣服洗了一次就掉色 我要退货!!');
    await askForPerson(c);
    const accepted = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    expect(accepted.json).toMatchObject({ conversationId: c.conversationId, agentId: xiaomei.id, agentName: '小美' });
    expect((await customerView(c)).handoff).toEqual({ status: 'assigned', position: null, estimatedWaitSeconds: null, agentName: '小美' });
    expect(await (await desk()).activeOf(c.conversationId)).toMatchObject({ status: 'assigned', agentId: xiaomei.id });

    const sent = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/messages`, { text: '您好，我是小美～ 麻烦发一下订单号，我帮您申请退货' });
    expect(sent.status, JSON.stringify(sent.json)).toBe(201);
    await vi.waitFor(() => {
      const got = [...c.customer.bySeq.values()].find((m) => m.sender === 'agent');
      if (!got) throw new Error('agent message not on the socket yet');
      expect(got).toMatchObject({ sender: 'agent', senderId: xiaomei.id, text: '您好，我是小美～ 麻烦发一下订单号，我帮您申请退货' });
    }, WAIT);
    const log = await customerMessages(c);
    expect(log.some((m) => m.sender === 'system' && m.text.includes('小美'))).toBe(true);
    expect(log.filter((m) => m.sender === 'agent')).toHaveLength(1);

    // Another agent may not write into it; a supervisor may.
    expect((await api(afei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/messages`, { text: '我来插一句' })).status).toBe(403);
    expect((await api(boss, 'POST', `/api/v1/agent/conversations/${c.conversationId}/messages`, { text: '主管在跟进，请放心' })).status).toBe(201);
    const mine = await api(xiaomei, 'GET', '/api/v1/agent/conversations?view=mine');
    expect(mine.json.conversations.map((r: { id: string }) => r.id)).toEqual([c.conversationId]);
    // view=all is for supervisors.
    expect((await api(xiaomei, 'GET', '/api/v1/agent/conversations?view=all')).status).toBe(403);
    expect((await api(boss, 'GET', '/api/v1/agent/conversations?view=all')).json.conversations.map((r: { id: string }) => r.id)).toContain(c.conversationId);
  });

  it('respects each agent’s limit of conversations at once', async () => {
    await presence(afei, 'online', 1);
    const one = await customerSays('赵先生', '发票开错了 抬头不对');
    const two = await customerSays('钱女士', '优惠券用不了');
    await askForPerson(one);
    await askForPerson(two);
    expect((await api(afei, 'POST', `/api/v1/agent/conversations/${one.conversationId}/accept`)).status).toBe(200);
    const refused = await api(afei, 'POST', `/api/v1/agent/conversations/${two.conversationId}/accept`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('WENDU_AGENT_AT_CAPACITY');
    expect((await customerView(two)).handoff.status).toBe('queued');
  });

  it('two agents accepting the same conversation at the same moment: exactly one wins, the other gets 409 WENDU_HANDOFF_TAKEN', async () => {
    await presence(xiaomei, 'online', 10);
    await presence(afei, 'online', 10);
    for (let round = 0; round < 5; round++) {
      const c = await customerSays(`顾客${round}`, '退款的事能不能快点处理');
      await askForPerson(c);
      const results = await Promise.all([xiaomei, afei].map((who) => api(who, 'POST', `/api/v1/agent/conversations/${c.conversationId}/accept`)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, JSON.stringify(results.map((r) => r.json))).toEqual([200, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.json.error.code).toBe('WENDU_HANDOFF_TAKEN');
      const winner = results.find((r) => r.status === 200)!;
      const row = await edge.server.database.db.selectFrom('handoffs').select(['agent_id', 'status']).where('conversation_id', '=', c.conversationId).where('status', '=', 'assigned').executeTakeFirstOrThrow();
      expect(row.agent_id).toBe(winner.json.agentId);
      await vi.waitFor(() => expect(events.filter((e) => e.name === 'handoff.assigned' && e.payload.conversationId === c.conversationId)).toHaveLength(1), WAIT);
    }
  });

  it('transfer: to a colleague or back to a group’s queue; the internal note never reaches the customer', async () => {
    await presence(xiaomei, 'online');
    await presence(afei, 'online');
    const c = await customerSays('孙阿姨', '上个月买的电饭煲坏了，售后电话打不通');
    await askForPerson(c);
    await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/accept`);
    const NOTE = '内部备注：这位阿姨已经第三次来问了，保修卡在她那儿，直接走换新';
    const toAfei = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/transfer`, { agentId: afei.id, note: NOTE });
    expect(toAfei.status, JSON.stringify(toAfei.json)).toBe(200);
    expect(toAfei.json).toMatchObject({ status: 'assigned', agentId: afei.id });
    expect((await customerView(c)).handoff.agentName).toBe('阿飞');
    // The old agent no longer has it.
    expect((await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/messages`, { text: '还在吗' })).status).toBe(403);

    const back = await api(afei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/transfer`, { groupId: 'default', note: `${NOTE}（转回队列）` });
    expect(back.json).toMatchObject({ status: 'queued', agentId: null });
    expect((await customerView(c)).handoff.status).toBe('queued');

    const d = await desk();
    const active = (await d.activeOf(c.conversationId))!;
    const history = await d.historyOf(active.handoffId);
    expect(history.filter((h) => h.kind === 'transferred').map((h) => h.details.note)).toEqual([NOTE, `${NOTE}（转回队列）`]);
    const everything = JSON.stringify([...(await customerMessages(c)), ...c.customer.bySeq.values()]);
    expect(everything).not.toContain('内部备注');
    expect(everything).not.toContain('保修卡');
    const transferred = events.filter((e) => e.name === 'handoff.transferred' && e.payload.conversationId === c.conversationId);
    expect(JSON.stringify(transferred)).not.toContain('内部备注');
    // Only an online colleague with room can be handed a conversation.
    await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/accept`);
    await presence(afei, 'away');
    const refused = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/transfer`, { agentId: afei.id, note: '' });
    expect(refused.json.error.code).toBe('WENDU_AGENT_UNAVAILABLE');
  });

  it('close stores the handling time and tags, publishes handoff.closed and asks the customer for a 1–5 rating', async () => {
    await presence(xiaomei, 'online');
    const c = await customerSays('吴先生', '密码忘了 手机号也换了 怎么登录啊');
    await askForPerson(c);
    await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/accept`);
    const closed = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/close`, { tags: ['账号找回', '已解决'] });
    expect(closed.status, JSON.stringify(closed.json)).toBe(200);
    expect(closed.json.handlingSeconds).toBeGreaterThanOrEqual(0);
    const row = await edge.server.database.db.selectFrom('handoffs').selectAll().where('id', '=', closed.json.handoffId).executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');
    expect(row.handling_seconds).not.toBeNull();
    expect(JSON.parse(row.close_tags)).toEqual(['账号找回', '已解决']);
    await vi.waitFor(() => {
      const prompt = [...c.customer.bySeq.values()].find((m) => m.sender === 'system' && m.meta.kind === 'handoff.rating_request');
      if (!prompt) throw new Error('no rating prompt yet');
      expect(prompt.text).toMatch(/1.{0,3}5/);
    }, WAIT);
    expect((await customerView(c)).handoff).toEqual({ status: 'closed', position: null, estimatedWaitSeconds: null, agentName: null });
    await vi.waitFor(() => {
      const closedEvent = events.find((e) => e.name === 'handoff.closed' && e.payload.conversationId === c.conversationId);
      expect(closedEvent?.payload).toMatchObject({ agentId: xiaomei.id, tags: ['账号找回', '已解决'] });
    }, WAIT);
    // Closed is closed: a second close finds nothing active.
    expect((await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/close`, {})).json.error.code).toBe('WENDU_HANDOFF_NOT_FOUND');
  });

  it('workspace isolation: an agent of shop B cannot list, accept, message, transfer or close shop A’s hand-offs (404)', async () => {
    await presence(xiaomei, 'online');
    await presence(agentB, 'online');
    const c = await customerSays('A店顾客', 'A店的订单什么时候发货');
    await askForPerson(c);
    for (const view of ['queue', 'mine']) {
      const list = await api(agentB, 'GET', `/api/v1/agent/conversations?view=${view}`);
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.json)).not.toContain(c.conversationId);
      expect(JSON.stringify(list.json)).not.toContain('A店');
    }
    const tries = [
      ['accept', undefined],
      ['messages', { text: '我是B店的' }],
      ['transfer', { groupId: 'default', note: 'x' }],
      ['close', {}],
    ] as const;
    for (const [action, body] of tries) {
      const res = await api(agentB, 'POST', `/api/v1/agent/conversations/${c.conversationId}/${action}`, body);
      expect(res.status, action).toBe(404);
      expect(res.json.error.code, action).toBe('WENDU_CONVERSATION_NOT_FOUND');
    }
    expect((await customerView(c)).handoff.status).toBe('queued');
    // And B's agent cannot be handed A's conversation either.
    await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/accept`);
    const res = await api(xiaomei, 'POST', `/api/v1/agent/conversations/${c.conversationId}/transfer`, { agentId: agentB.id, note: '' });
    expect(res.json.error.code).toBe('WENDU_AGENT_UNAVAILABLE');
  });

  it('a queued and an assigned hand-off survive a server restart', async () => {
    await presence(xiaomei, 'online');
    const waiting = await customerSays('郑小姐', '退款进度查一下 谢谢');
    const served = await customerSays('冯先生', '快递员态度不太好');
    await askForPerson(waiting);
    await askForPerson(served, { reason: 'emotion', priority: 5 });
    await api(xiaomei, 'POST', `/api/v1/agent/conversations/${served.conversationId}/accept`);
    for (const c of customers) c.close();
    customers.length = 0;

    edge = await edge.restart();
    expect((await customerView(waiting)).handoff).toMatchObject({ status: 'queued', position: 1 });
    expect((await customerView(served)).handoff).toMatchObject({ status: 'assigned', agentName: '小美' });
    const mine = await api(xiaomei, 'GET', '/api/v1/agent/conversations?view=mine');
    expect(mine.json.conversations).toEqual([expect.objectContaining({ id: served.conversationId, reason: 'emotion', priority: 5, customerName: '冯先生' })]);
    expect((await api(xiaomei, 'POST', `/api/v1/agent/conversations/${waiting.conversationId}/accept`)).status).toBe(200);
  });
});
