/**
 * Asking for a person through the bot, end to end on SQLite and PostgreSQL — a real server
 * with the demo knowledge, customers on real sockets, agents over HTTP:
 * - nobody online, or outside the group's hours: the customer is told exactly that, with the
 *   hours and a way to leave a message — never 「请稍候」;
 * - an agent online: the customer is queued and told their place and wait; the bot keeps
 *   answering questions meanwhile;
 * - once the agent accepts, the customer's messages go to the agent (the bot stays quiet), the
 *   agent gets assist suggestions for them, and after close the bot answers again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BOT_ID } from '../auth/access.js';
import { operatorApi, signInOn, type SignedIn } from '../auth/test-operators.js';
import { operatorView, rulesOf, TestCustomer, textOf, WAIT } from '../channels/web/test-client.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import type { SqlDialect } from '../store/dialect.js';

const PROMISE_OF_A_PERSON = /请稍候|请稍等|马上为您转接/;

describe.each<SqlDialect>(['sqlite', 'postgres'])('the bot hands over honestly on %s', (backend) => {
  let edge: EdgeServer;
  let admin: SignedIn;
  let agent: SignedIn & { id: string };
  const customers: TestCustomer[] = [];

  const api = operatorApi(() => edge.url);

  const customerIds = new Map<TestCustomer, string>();
  const customerIdOf = (customer: TestCustomer) => customerIds.get(customer) ?? '';

  async function newCustomer(): Promise<{ customer: TestCustomer; conversationId: string }> {
    const customer = new TestCustomer(edge.url);
    customers.push(customer);
    const opened = await customer.open();
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    customerIds.set(customer, opened.customerId);
    return { customer, conversationId: opened.conversationId };
  }

  beforeAll(async () => {
    edge = await startEdgeServer(backend, { demo: true });
    admin = await signInOn(edge.server.accounts, 'boss@shop.cn', 'admin');
    const signed = await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent');
    agent = { ...signed, id: (await edge.server.accounts.findUserByEmail('xiaomei@shop.cn'))!.id };
  });
  afterAll(async () => {
    for (const c of customers) c.close();
    await edge?.dispose();
  });

  it('with nobody online, says so and offers to leave a message — no promise of a person', async () => {
    const { customer, conversationId } = await newCustomer();
    const { replies } = await customer.say(conversationId, '转人工！！');
    const said = textOf(replies) + JSON.stringify(replies.map((m) => m.content));
    expect(said).toContain('没有在线的人工客服');
    expect(said).toContain('我要留言');
    expect(said).not.toMatch(PROMISE_OF_A_PERSON);
  });

  it('hears “that didn’t help” as a failed turn, not a question, and hands over after repeated misses', async () => {
    const { customer, conversationId } = await newCustomer();
    expect((await customer.say(conversationId, '发漂怎么开')).replies[0]?.meta.action).toBe('answer');
    // Plainly let down (没用啊😤 with its steaming face reads angry and goes to a person at once): the
    // bot does not repeat itself — it asks again with the other candidates, or says it has none.
    const first = await customer.say(conversationId, '没用啊');
    expect(first.replies.map((m) => m.meta.action)).toEqual([expect.stringMatching(/^(clarify|fallback)$/)]);
    expect(first.replies[0]?.meta.entryId).toBeUndefined();
    expect(await rulesOf(operatorView(edge), first.replies)).toEqual([expect.stringMatching(/^(clarify|fallback)\./)]);
    const second = await customer.say(conversationId, '还是不行');
    expect(second.replies.some((m) => m.meta.action === 'handoff')).toBe(true);
    expect(textOf(second.replies)).not.toMatch(PROMISE_OF_A_PERSON);
  });

  it('outside the group’s hours, tells the hours and when people are back', async () => {
    // A group that never opens (no weekly hours): what a shop closed at night looks like at night.
    const closed = await api(admin, 'PUT', `/api/v1/bot/handoff?botId=${DEFAULT_BOT_ID}`, {
      groups: [{ id: 'default', name: '人工客服', alwaysOpen: false, weekly: {}, chineseCalendar: false }],
    });
    expect(closed.status, JSON.stringify(closed.json)).toBe(200);
    await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'online' });
    try {
      const { customer, conversationId } = await newCustomer();
      const { replies } = await customer.say(conversationId, '我要找真人客服😤');
      const said = JSON.stringify(replies.map((m) => m.content));
      expect(said).toContain('不在人工客服的服务时间');
      expect(said).toContain('我要留言');
      expect(said).not.toMatch(PROMISE_OF_A_PERSON);
      // The knowledge base quotes the same hours ({{service.hours}}): one source of truth.
      const { hoursText } = (await api(admin, 'GET', `/api/v1/bot/handoff?botId=${DEFAULT_BOT_ID}`)).json.availability.default;
      expect(said).toContain(hoursText);
      const hours = await customer.say(conversationId, '人工客服几点上班');
      expect(textOf(hours.replies)).toContain(hoursText);
    } finally {
      await api(admin, 'PUT', `/api/v1/bot/handoff?botId=${DEFAULT_BOT_ID}`, {});
      await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'offline' });
    }
  });

  it('queues with place and wait, keeps answering meanwhile, gives the person the conversation, and the bot back after close', async () => {
    await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'online' });
    const { customer, conversationId } = await newCustomer();

    const asked = await customer.say(conversationId, '帮我转人工客服');
    expect(textOf(asked.replies)).toMatch(/您是下一位|您前面还有/);
    expect(textOf(asked.replies)).toMatch(/预计等待约 \d+ 分钟/);

    // While queued, a question still gets the bot's answer.
    const meanwhile = await customer.say(conversationId, '发漂怎么开');
    expect(textOf(meanwhile.replies)).toContain('发票');

    const queue = await api(agent, 'GET', '/api/v1/agent/conversations?view=queue');
    expect(queue.json.conversations.map((c: { id: string }) => c.id)).toContain(conversationId);
    const accepted = await api(agent, 'POST', `/api/v1/agent/conversations/${conversationId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);

    // Now the customer talks to the person: stored, no bot reply.
    const toPerson = await customer.emit<{ ok: true; seq: number }>('message:send', { conversationId, clientMessageId: 'to-person-1', text: '买的鞋不合适咋退，订单号202611110001234567' });
    if (!toPerson.ok) throw new Error(JSON.stringify(toPerson));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(customer.repliesTo(toPerson.seq).filter((m) => m.sender === 'bot')).toEqual([]);

    // Taking over, the agent reads the whole transcript, the hand-off and what the customer told the bot.
    const taken = await api(agent, 'GET', `/api/v1/agent/conversations/${conversationId}`);
    expect(taken.status, JSON.stringify(taken.json)).toBe(200);
    expect(taken.json.handoff).toMatchObject({ status: 'assigned' });
    const transcript = taken.json.messages.map((m: { sender: string; text: string }) => `${m.sender}:${m.text}`).join('\n');
    expect(transcript).toContain('customer:帮我转人工客服');
    expect(transcript).toContain('customer:发漂怎么开');
    expect(transcript).toMatch(/bot:.*发票/);
    expect(JSON.stringify(taken.json.customer.learned)).toContain('202611110001234567');
    const bystander = await signInOn(edge.server.accounts, 'afei@shop.cn', 'agent');
    expect((await api(bystander, 'GET', `/api/v1/agent/conversations/${conversationId}`)).status).toBe(404);

    // The agent is helped with that very message.
    const assist = await api(agent, 'GET', `/api/v1/agent/conversations/${conversationId}/assist`);
    expect(assist.status, JSON.stringify(assist.json)).toBe(200);
    expect(assist.json.suggestions.length).toBeGreaterThan(0);
    expect(JSON.stringify(assist.json.entities)).toContain('202611110001234567');

    // An internal note (a supervisor's whisper works the same way) stays between colleagues.
    const note = await api(admin, 'POST', `/api/v1/agent/conversations/${conversationId}/notes`, { text: '内部备注：这位顾客是第三次来问退货，优先处理' });
    expect(note.status, JSON.stringify(note.json)).toBe(201);
    expect((await api(agent, 'GET', `/api/v1/agent/conversations/${conversationId}/notes`)).json.notes.map((n: { text: string }) => n.text)).toContain('内部备注：这位顾客是第三次来问退货，优先处理');

    const sent = await api(agent, 'POST', `/api/v1/agent/conversations/${conversationId}/messages`, { text: '您好，我来帮您办理退货～' });
    expect(sent.status, JSON.stringify(sent.json)).toBeLessThan(300);
    await vi.waitFor(() => {
      expect([...customer.bySeq.values()].some((m) => m.sender === 'agent' && m.text.includes('办理退货'))).toBe(true);
    }, WAIT);

    const history = await fetch(`${edge.url}/api/v1/conversations/${conversationId}/messages?after=0&limit=200`, { headers: { 'x-wendu-customer': customerIdOf(customer) } });
    expect(await history.text()).not.toContain('内部备注');
    expect(JSON.stringify([...customer.bySeq.values()])).not.toContain('内部备注');

    const closed = await api(agent, 'POST', `/api/v1/agent/conversations/${conversationId}/close`, { tags: ['退货'] });
    expect(closed.status, JSON.stringify(closed.json)).toBeLessThan(300);
    const after = await customer.say(conversationId, '发票怎么开呀');
    expect(after.replies.some((m) => m.sender === 'bot')).toBe(true);
    await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'offline' });
  });

  it('tells a waiting customer live when their place in the queue changes', async () => {
    await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'online' });
    try {
      const first = await newCustomer();
      const second = await newCustomer();
      await first.customer.say(first.conversationId, '转人工');
      const waiting = await second.customer.say(second.conversationId, '人工客服！！');
      expect(textOf(waiting.replies)).toContain('您前面还有 1 位');
      const heard: Array<{ status: string; position: number | null }> = [];
      second.customer.socket.on('handoff:status', (view) => heard.push(view));
      expect((await api(agent, 'POST', `/api/v1/agent/conversations/${first.conversationId}/accept`)).status).toBe(200);
      await vi.waitFor(() => expect(heard.at(-1)).toMatchObject({ status: 'queued', position: 1 }), WAIT);
      await api(agent, 'POST', `/api/v1/agent/conversations/${first.conversationId}/close`, {});
      await api(agent, 'POST', `/api/v1/agent/conversations/${second.conversationId}/accept`);
      await vi.waitFor(() => expect(heard.at(-1)).toMatchObject({ status: 'assigned' }), WAIT);
      await api(agent, 'POST', `/api/v1/agent/conversations/${second.conversationId}/close`, {});
    } finally {
      await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'offline' });
    }
  });

  it('an agent of the workspace cannot get assist for a conversation nobody handed to people', async () => {
    const { customer, conversationId } = await newCustomer();
    await customer.say(conversationId, '发漂怎么开');
    const assist = await api(agent, 'GET', `/api/v1/agent/conversations/${conversationId}/assist`);
    expect(assist.status).toBe(404);
  });
});
