/**
 * Issue 7's smaller pieces end to end, on SQLite and PostgreSQL — a real server with the demo
 * knowledge, customers on real sockets, agents over HTTP and the /agent socket:
 * - unread counts in the agent list, moved by `POST …/:id/read` and the socket's `read`;
 * - operator keyword rules and VIP on request hand over before the bot decides;
 * - an agent's message sent from an assist suggestion is kept for the learning loop.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID } from '../auth/access.js';
import { operatorApi, signInOn, type SignedIn } from '../auth/test-operators.js';
import { TestAgent } from '../channels/agent/test-client.js';
import { operatorView, rulesOf, TEST_BOT_SECRET, TestCustomer, textOf } from '../channels/web/test-client.js';
import { signProfile } from '../conversation/customer-profile.js';
import type { Message } from '../conversation/schemas.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import type { SqlDialect } from '../store/dialect.js';

interface Row {
  id: string;
  unread: number;
  reason: string;
  detail: string | null;
  groupId: string;
  priority: number;
}

describe.each<SqlDialect>(['sqlite', 'postgres'])('hand-off extras on %s', (backend) => {
  let edge: EdgeServer;
  let admin: SignedIn;
  let agent: SignedIn & { id: string };
  let bystander: SignedIn;
  const customers: TestCustomer[] = [];
  const agents: TestAgent[] = [];

  const api = operatorApi(() => edge.url);
  const settings = (body: unknown) => api(admin, 'PUT', `/api/v1/bot/handoff?botId=${DEFAULT_BOT_ID}`, body);
  const list = async (who: SignedIn, view: string): Promise<Row[]> => (await api(who, 'GET', `/api/v1/agent/conversations?view=${view}`)).json.conversations;

  async function newCustomer(profile?: Record<string, unknown>): Promise<{ customer: TestCustomer; conversationId: string }> {
    const customer = new TestCustomer(edge.url);
    customers.push(customer);
    const opened = await customer.open(profile ? { profile, signature: signProfile(profile, TEST_BOT_SECRET) } : {});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    return { customer, conversationId: opened.conversationId };
  }

  /** A customer handed to `agent`: asked for a person, accepted. */
  async function withAgent(firstWords: string): Promise<{ customer: TestCustomer; conversationId: string }> {
    const c = await newCustomer();
    await c.customer.say(c.conversationId, firstWords);
    const accepted = await api(agent, 'POST', `/api/v1/agent/conversations/${c.conversationId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    return c;
  }

  /** A customer message while a person has the conversation (no bot reply comes). */
  async function tellPerson(c: { customer: TestCustomer; conversationId: string }, text: string): Promise<number> {
    const sent = await c.customer.emit<{ ok: true; seq: number }>('message:send', { conversationId: c.conversationId, clientMessageId: `p-${Math.random()}`, text });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    return sent.seq;
  }

  beforeAll(async () => {
    edge = await startEdgeServer(backend, { demo: true });
    admin = await signInOn(edge.server.accounts, 'boss@shop.cn', 'admin');
    const signed = await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent');
    agent = { ...signed, id: (await edge.server.accounts.findUserByEmail('xiaomei@shop.cn'))!.id };
    bystander = await signInOn(edge.server.accounts, 'afei@shop.cn', 'agent');
    await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'online', maxConcurrent: 20 });
  });
  afterEach(async () => {
    // Each test leaves nobody waiting or held, and the settings as they were.
    for (const row of await list(admin, 'all')) await api(admin, 'POST', `/api/v1/agent/conversations/${row.id}/close`, {});
    await settings({});
  });
  afterAll(async () => {
    for (const c of customers) c.close();
    for (const a of agents) a.close();
    await edge?.dispose();
  });

  describe('unread counts', () => {
    it('counts customer messages after the read mark; HTTP and the socket move it; only the holder or a supervisor may', async () => {
      const c = await withAgent('转人工，快递三天没动了😤');
      const mine = async () => (await list(agent, 'mine')).find((r) => r.id === c.conversationId)!;
      // Nobody has read anything yet: every customer message counts.
      expect((await mine()).unread).toBe(1);
      await tellPerson(c, '单号是SF1234567890');
      const last = await tellPerson(c, '在吗？？');
      expect((await mine()).unread).toBe(3);

      const read = await api(agent, 'POST', `/api/v1/agent/conversations/${c.conversationId}/read`, { seq: last });
      expect(read.status, JSON.stringify(read.json)).toBe(200);
      expect(read.json.lastReadSeq).toBe(last);
      expect((await mine()).unread).toBe(0);
      // Agent and system messages are not "unread" for the agent.
      await api(agent, 'POST', `/api/v1/agent/conversations/${c.conversationId}/messages`, { text: '您好，我帮您查一下物流～' });
      expect((await mine()).unread).toBe(0);

      const again = await tellPerson(c, '好的谢谢🙏');
      expect((await mine()).unread).toBe(1);
      // The supervisors' view sees the same count.
      expect((await list(admin, 'all')).find((r) => r.id === c.conversationId)?.unread).toBe(1);

      const socket = new TestAgent(edge.url, { token: agent.token });
      agents.push(socket);
      await socket.connected();
      const ack = await socket.emit<{ ok: true; lastReadSeq: number }>('read', { conversationId: c.conversationId, seq: again });
      expect(ack).toMatchObject({ ok: true, lastReadSeq: again });
      expect((await mine()).unread).toBe(0);

      // Another agent of the workspace may not move it; a mark never goes back.
      expect((await api(bystander, 'POST', `/api/v1/agent/conversations/${c.conversationId}/read`, { seq: again })).status).toBe(403);
      expect((await api(agent, 'POST', `/api/v1/agent/conversations/${c.conversationId}/read`, { seq: 1 })).json.lastReadSeq).toBe(again);
      expect((await api(admin, 'POST', `/api/v1/agent/conversations/${c.conversationId}/read`, { seq: again })).status).toBe(200);
      expect((await api(agent, 'POST', `/api/v1/agent/conversations/${c.conversationId}/read`, { seq: 'x' })).status).toBe(400);
    });
  });

  describe('keyword rules and VIP on request', () => {
    it('a keyword sends the customer straight to the rule’s group, filed as policy, before the bot answers', async () => {
      const saved = await settings({
        groups: [
          { id: 'default', name: '人工客服', alwaysOpen: true },
          { id: 'complaints', name: '投诉专员', alwaysOpen: true },
        ],
        keywordRules: [{ keywords: ['投诉', '12315'], groupId: 'complaints' }],
      });
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);

      // Without a keyword: the bot answers as always.
      const plain = await newCustomer();
      const answered = await plain.customer.say(plain.conversationId, '发漂怎么开');
      expect(answered.replies[0]?.meta.action).toBe('answer');

      // Traditional characters and a question the bot could answer: the rule still wins.
      const { customer, conversationId } = await newCustomer();
      const { replies } = await customer.say(conversationId, '发票一直不给开，再这样我要打12315投訴你们');
      expect(replies.map((m) => m.meta.action)).toEqual(['handoff']);
      expect(await rulesOf(operatorView(edge), replies)).toEqual(['handoff.keyword']);
      expect(textOf(replies)).toMatch(/您是下一位|您前面还有/);
      const row = (await list(agent, 'queue')).find((r) => r.id === conversationId);
      expect(row).toMatchObject({ reason: 'policy', groupId: 'complaints' });
      expect(row?.detail).toContain('12315');
    });

    it('refuses a keyword rule naming a group that does not exist', async () => {
      const refused = await settings({ keywordRules: [{ keywords: ['退款'], groupId: 'nobody' }] });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.json)).toContain('keywordRules.0.groupId');
    });

    it('a VIP asking for a person is handed over at the top priority, ahead of others; with vipDirect off only at VIP priority', async () => {
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      const ordinary = await newCustomer();
      await ordinary.customer.say(ordinary.conversationId, '转人工');

      const vip = await newCustomer({ externalId: 'vip-wang-001', name: '王姐', vipLevel: 2, expiresAt });
      const asked = await vip.customer.say(vip.conversationId, '帮我找个真人客服吧');
      const rulesSeen = (replies: Message[]) => rulesOf(operatorView(edge), replies);
      expect((await rulesSeen(asked.replies))[0]).toBe('handoff.vip_request');
      expect(textOf(asked.replies)).toContain('您是下一位');
      const queue = await list(agent, 'queue');
      expect(queue.map((r) => r.id).slice(0, 2)).toEqual([vip.conversationId, ordinary.conversationId]);
      expect(queue[0]).toMatchObject({ reason: 'customer_request', priority: 2 });

      // A VIP in the middle of a form (the order lookup asks for an order number): the request is not taken as an answer.
      const midFlow = await newCustomer({ externalId: 'vip-li-002', name: '李哥', vipLevel: 1, expiresAt });
      const lookup = await midFlow.customer.say(midFlow.conversationId, '查订单');
      expect(lookup.replies.some((m) => m.meta.action === 'flow')).toBe(true);
      const out = await midFlow.customer.say(midFlow.conversationId, '人工');
      expect(await rulesSeen(out.replies)).toEqual(['handoff.vip_request']);

      await settings({ vipDirect: false });
      const vipOff = await newCustomer({ externalId: 'vip-zhao-003', name: '赵总', vipLevel: 3, expiresAt });
      const plain = await vipOff.customer.say(vipOff.conversationId, '转人工');
      expect(plain.replies[0]?.meta.action).toBe('handoff');
      expect((await rulesSeen(plain.replies))[0]).toMatch(/^handoff\./);
      expect((await rulesSeen(plain.replies))[0]).not.toBe('handoff.vip_request');
      expect((await list(agent, 'queue')).find((r) => r.id === vipOff.conversationId)?.priority).toBe(1);
    });
  });

  describe('assist feedback', () => {
    it('keeps what the agent sent from a suggestion — as is or edited, HTTP or socket — for supervisors, newest first', async () => {
      const c = await withAgent('人工客服');
      await tellPerson(c, '买的鞋不合适咋退呀，码数小了');
      const assist = await api(agent, 'GET', `/api/v1/agent/conversations/${c.conversationId}/assist`);
      const [suggestion] = assist.json.suggestions as Array<{ entryId: string; answer: string }>;
      expect(suggestion, JSON.stringify(assist.json)).toBeDefined();

      const asIs = await api(agent, 'POST', `/api/v1/agent/conversations/${c.conversationId}/messages`, { text: suggestion!.answer, fromSuggestion: { entryId: suggestion!.entryId } });
      expect(asIs.status, JSON.stringify(asIs.json)).toBe(201);
      const editedText = `亲，${suggestion!.answer.slice(0, 30)}……尺码不合适的话运费我们来出哈～`;
      expect((await api(agent, 'POST', `/api/v1/agent/conversations/${c.conversationId}/messages`, { text: editedText, fromSuggestion: { entryId: suggestion!.entryId } })).status).toBe(201);
      // A plain message is not feedback.
      expect((await api(agent, 'POST', `/api/v1/agent/conversations/${c.conversationId}/messages`, { text: '稍等我看下' })).status).toBe(201);

      // Over the socket, retried with the same clientMessageId: one message, one record.
      const socket = new TestAgent(edge.url, { token: agent.token });
      agents.push(socket);
      await socket.connected();
      const payload = { conversationId: c.conversationId, clientMessageId: 'fb-sock-1', text: `${suggestion!.answer} 😊`, fromSuggestion: { entryId: suggestion!.entryId } };
      const first = await socket.emit<{ ok: true; seq: number }>('message:send', payload);
      const retry = await socket.emit<{ ok: true; seq: number }>('message:send', payload);
      expect(first.ok && retry.ok && retry.seq === first.seq, JSON.stringify([first, retry])).toBe(true);

      // An entry the bot would never suggest here: refused, and nothing is sent.
      const before = (await api(agent, 'GET', `/api/v1/agent/conversations/${c.conversationId}`)).json.messages.length;
      const bogus = await api(agent, 'POST', `/api/v1/agent/conversations/${c.conversationId}/messages`, { text: '乱填的', fromSuggestion: { entryId: 'no-such-entry' } });
      expect(bogus.status).toBe(400);
      expect((await api(agent, 'GET', `/api/v1/agent/conversations/${c.conversationId}`)).json.messages.length).toBe(before);

      const feedback = await api(admin, 'GET', '/api/v1/assist-feedback');
      expect(feedback.status, JSON.stringify(feedback.json)).toBe(200);
      const mine = (feedback.json.items as Array<Record<string, unknown>>).filter((f) => f.conversationId === c.conversationId);
      expect(mine.map((f) => [f.sentText, f.edited])).toEqual([
        [payload.text, true],
        [editedText, true],
        [suggestion!.answer, false],
      ]);
      expect(mine[2]).toMatchObject({ customerQuestion: '买的鞋不合适咋退呀，码数小了', entryId: suggestion!.entryId, suggestedAnswer: suggestion!.answer, agentId: agent.id });
      expect((await api(agent, 'GET', '/api/v1/assist-feedback')).status).toBe(403);
    });
  });
});
