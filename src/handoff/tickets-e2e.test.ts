/**
 * Leave a message and get the answer, end to end: a real listening server on SQLite and on
 * PostgreSQL, customers over real HTTP and a real socket.io connection, agents of two
 * workspaces with real accounts behind the real access guard. Covers the contract
 * (`POST …/leave-message` → 201 { ticketId }, `POST …/rating` → 200, `GET /api/v1/tickets`,
 * `POST /api/v1/tickets/:id/reply`), workspace isolation, refusals that store nothing, and
 * tickets surviving a restart on the same storage.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInOn, type SignedIn } from '../auth/test-operators.js';
import { GENEROUS_RATE_LIMITS, startServer, tempDataDir, TestCustomer, WAIT, type RunningServer } from '../channels/web/test-client.js';
import { CUSTOMER_HEADER } from '../channels/http/routes.js';
import type { Message } from '../conversation/schemas.js';
import type { SqlDialect } from '../store/dialect.js';
import { adminQuery } from '../server/edge-testing.js';
import { TEST_DATABASE_URL } from '../store/testing.js';

const WORKSPACE_B = 'tea-shop';
const HTTP_OK = 200;
const HTTP_CREATED = 201;
const HTTP_BAD_REQUEST = 400;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;
const HTTP_CONFLICT = 409;

/** Storage that outlives one server: a data folder, and on PostgreSQL a database of its own. */
async function newStorage(backend: SqlDialect): Promise<{ dataDir: string; databaseUrl: string | null; dispose(): Promise<void> }> {
  const dataDir = tempDataDir('wendu-tickets-');
  if (backend === 'sqlite') return { dataDir, databaseUrl: null, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const name = `wendu_tickets_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    async dispose() {
      rmSync(dataDir, { recursive: true, force: true });
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

describe.each<SqlDialect>(['sqlite', 'postgres'])('tickets and ratings over HTTP and sockets on %s', (backend) => {
  let storage: Awaited<ReturnType<typeof newStorage>>;
  let running: RunningServer;
  let agentA: SignedIn;
  let agentAId: string;
  let agentB: SignedIn;
  const clients: TestCustomer[] = [];

  const start = () => startServer(storage.dataDir, { demo: false, databaseUrl: storage.databaseUrl });

  function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${running.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  const asAgent = (who: SignedIn, method: string, path: string, body?: unknown) => send(method, path, body, who.headers);

  async function openConversation(botId?: string): Promise<{ conversationId: string; customerId: string }> {
    const response = await send('POST', '/api/v1/conversations', { channel: 'api', ...(botId ? { botId } : {}) });
    expect(response.status).toBe(HTTP_CREATED);
    return response.json();
  }

  async function leave(conversation: { conversationId: string; customerId: string }, body: unknown, customerId = conversation.customerId): Promise<Response> {
    return send('POST', `/api/v1/conversations/${conversation.conversationId}/leave-message`, body, { [CUSTOMER_HEADER]: customerId });
  }

  /** The conversation's log over HTTP, as the customer reads it; `afterWelcome` leaves out the bot's greeting on open. */
  async function messagesOf(conversation: { conversationId: string; customerId: string }, { afterWelcome = true } = {}): Promise<Message[]> {
    const response = await send('GET', `/api/v1/conversations/${conversation.conversationId}/messages?limit=200`, undefined, { [CUSTOMER_HEADER]: conversation.customerId });
    expect(response.status).toBe(HTTP_OK);
    const messages: Message[] = (await response.json()).messages;
    return afterWelcome ? messages.filter((m) => m.meta.action !== 'welcome') : messages;
  }

  async function ticketIds(who: SignedIn, query = ''): Promise<string[]> {
    const response = await asAgent(who, 'GET', `/api/v1/tickets${query}`);
    expect(response.status).toBe(HTTP_OK);
    return (await response.json()).tickets.map((t: { id: string }) => t.id);
  }

  beforeAll(async () => {
    storage = await newStorage(backend);
    running = await start();
    agentA = await signInOn(running.server.accounts, 'xiaomei@shop-a.cn', 'agent');
    agentAId = (await running.server.accounts.findUserByEmail('xiaomei@shop-a.cn'))!.id;
    agentB = await signInOn(running.server.accounts, 'laowang@tea-shop.cn', 'agent', WORKSPACE_B);
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  afterAll(async () => {
    await running?.server.close();
    await storage?.dispose();
  });

  it('a left message is a ticket for its workspace’s agents only; another workspace gets 404 on it', async () => {
    const conversation = await openConversation();
    const response = await leave(conversation, { contact: '微信：wang_xiaoli88', text: '我买的羽绒服到现在还没发货，都一周了😤 订单号 202611110001234567' });
    expect(response.status).toBe(HTTP_CREATED);
    const { ticketId } = await response.json();
    expect(ticketId).toMatch(/^tk-/);

    expect(await ticketIds(agentA)).toContain(ticketId);
    const body = { contact: '13900001111', text: '刚才网卡了，不知道发出去没有', clientMessageId: 'widget-retry-1' };
    const once = await leave(conversation, body);
    const again = await leave(conversation, body);
    expect([once.status, again.status]).toEqual([HTTP_CREATED, HTTP_OK]);
    expect((await again.json()).ticketId).toBe((await once.json()).ticketId);
    const detail = await (await asAgent(agentA, 'GET', `/api/v1/tickets/${ticketId}`)).json();
    expect(detail.ticket).toMatchObject({ id: ticketId, status: 'open', contact: 'wang_xiaoli88', contactKind: 'wechat', conversationId: conversation.conversationId });
    expect(detail.ticket.events.map((e: { kind: string }) => e.kind)).toEqual(['created']);

    expect(await ticketIds(agentB)).not.toContain(ticketId);
    for (const [method, path, body] of [
      ['GET', `/api/v1/tickets/${ticketId}`, undefined],
      ['POST', `/api/v1/tickets/${ticketId}/reply`, { text: '别家的顾客，我来回一下' }],
      ['POST', `/api/v1/tickets/${ticketId}/close`, {}],
    ] as const) {
      const refused = await asAgent(agentB, method, path, body);
      expect(refused.status, `${method} ${path}`).toBe(HTTP_NOT_FOUND);
      expect((await refused.json()).error.code).toBe('WENDU_TICKET_NOT_FOUND');
    }
    // B's attempts left no trace: no answer in the conversation, no change to the ticket.
    expect((await messagesOf(conversation)).map((m) => m.sender)).toEqual(['customer', 'system', 'customer', 'system']);
    expect((await (await asAgent(agentA, 'GET', `/api/v1/tickets/${ticketId}`)).json()).ticket.status).toBe('open');
    // Anonymous callers never see tickets.
    expect((await send('GET', '/api/v1/tickets')).status).toBe(401);
  });

  it('the agent’s answer reaches the customer live on the socket and in the HTTP messages', async () => {
    const customer = new TestCustomer(running.url);
    clients.push(customer);
    const opened = await customer.open({});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const conversation = { conversationId: opened.conversationId, customerId: opened.customerId };
    const left = await leave(conversation, { contact: '138 1234 5678', text: '退款申请提交三天了还没到账，麻烦帮忙看看' });
    expect(left.status).toBe(HTTP_CREATED);
    const { ticketId } = await left.json();
    await vi.waitFor(() => expect([...customer.bySeq.values()].some((m) => m.sender === 'system' && m.meta.ticketId === ticketId)).toBe(true), WAIT);

    const answer = '您好，退款已经原路退回了，银行卡一般 1-3 个工作日到账，请留意短信哦～';
    const replied = await asAgent(agentA, 'POST', `/api/v1/tickets/${ticketId}/reply`, { text: answer });
    expect(replied.status).toBe(HTTP_OK);
    expect((await replied.json()).ticket).toMatchObject({ status: 'pending', ownerId: agentAId });

    await vi.waitFor(() => expect([...customer.bySeq.values()].find((m) => m.sender === 'agent')?.text).toBe(answer), WAIT);
    const live = [...customer.bySeq.values()].find((m) => m.sender === 'agent')!;
    expect(live).toMatchObject({ senderId: agentAId, meta: { ticketId } });
    const logged = (await messagesOf(conversation)).filter((m) => m.sender === 'agent');
    expect(logged.map((m) => [m.seq, m.text, m.senderId])).toEqual([[live.seq, answer, agentAId]]);
    for (const [seq, count] of customer.deliveries) expect(count, `seq ${seq}`).toBe(1);

    expect(await ticketIds(agentA, '?status=pending')).toContain(ticketId);
    expect(await ticketIds(agentA, '?status=open')).not.toContain(ticketId);
    // The customer comes back: "still not there" puts the ticket back in the open list.
    await customer.say(opened.conversationId, '还是没到账啊，银行卡里查不到');
    await vi.waitFor(async () => expect(await ticketIds(agentA, '?status=open')).toContain(ticketId), WAIT);
    const closed = await asAgent(agentA, 'POST', `/api/v1/tickets/${ticketId}/close`, { note: '已到账，顾客确认' });
    expect((await closed.json()).ticket.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'assigned', 'replied', 'customer_replied', 'closed']);
    const late = await asAgent(agentA, 'POST', `/api/v1/tickets/${ticketId}/reply`, { text: '还有别的问题吗？' });
    expect(late.status).toBe(HTTP_CONFLICT);
    expect((await late.json()).error.code).toBe('WENDU_TICKET_CLOSED');
  });

  it('a bad contact or an empty text is a coded 400 and stores nothing', async () => {
    const conversation = await openConversation();
    const before = await ticketIds(agentA);
    const logBefore = await messagesOf(conversation, { afterWelcome: false });
    for (const [body, code] of [
      [{ contact: '晚上打我电话', text: '快递丢了' }, 'WENDU_CONTACT_INVALID'],
      [{ contact: '1381234', text: '快递丢了' }, 'WENDU_CONTACT_INVALID'],
      [{ contact: '13812345678', text: '   ' }, 'WENDU_MESSAGE_EMPTY'],
      [{ contact: '13812345678' }, 'WENDU_VALIDATION'],
      [{ contact: ['13812345678'], text: '快递丢了' }, 'WENDU_VALIDATION'],
    ] as const) {
      const response = await leave(conversation, body);
      expect(response.status, JSON.stringify(body)).toBe(HTTP_BAD_REQUEST);
      expect((await response.json()).error.code).toBe(code);
    }
    expect(await ticketIds(agentA)).toEqual(before);
    expect(await messagesOf(conversation, { afterWelcome: false })).toEqual(logBefore);
  });

  it('another customer’s header (or none) is 403 on leave-message and rating; an unknown conversation 404', async () => {
    const conversation = await openConversation();
    const stranger = await openConversation();
    const before = await ticketIds(agentA);
    for (const headers of [{ [CUSTOMER_HEADER]: stranger.customerId }, {}] as Array<Record<string, string>>) {
      const left = await send('POST', `/api/v1/conversations/${conversation.conversationId}/leave-message`, { contact: '13812345678', text: '我是别人' }, headers);
      expect(left.status).toBe(HTTP_FORBIDDEN);
      const rated = await send('POST', `/api/v1/conversations/${conversation.conversationId}/rating`, { score: 1 }, headers);
      expect(rated.status).toBe(HTTP_FORBIDDEN);
    }
    const unknown = await send('POST', '/api/v1/conversations/cv-nosuchconversation00/leave-message', { contact: '13812345678', text: '在吗' }, { [CUSTOMER_HEADER]: conversation.customerId });
    expect(unknown.status).toBe(HTTP_NOT_FOUND);
    expect(await ticketIds(agentA)).toEqual(before);
    expect(await running.server.database.db.selectFrom('ratings').selectAll().where('conversation_id', '=', conversation.conversationId).execute()).toEqual([]);
  });

  it('a rating is stored (a second one replaces it); a bad score is a 400', async () => {
    const conversation = await openConversation();
    const rate = (body: unknown) => send('POST', `/api/v1/conversations/${conversation.conversationId}/rating`, body, { [CUSTOMER_HEADER]: conversation.customerId });
    const first = await rate({ score: 4 });
    expect(first.status).toBe(HTTP_OK);
    expect(await first.json()).toEqual({ score: 4, comment: null });
    expect((await rate({ score: 5, comment: '客服小姐姐态度超好，问题秒解决👍' })).status).toBe(HTTP_OK);
    for (const score of [0, 6, 3.5, '5', null]) {
      const refused = await rate({ score });
      expect(refused.status, `score ${JSON.stringify(score)}`).toBe(HTTP_BAD_REQUEST);
      expect((await refused.json()).error.code).toBe('WENDU_VALIDATION');
    }
    expect((await rate({ score: 3, comment: '嗯'.repeat(501) })).status).toBe(HTTP_BAD_REQUEST);
    const rows = await running.server.database.db.selectFrom('ratings').selectAll().where('conversation_id', '=', conversation.conversationId).execute();
    expect(rows.map((r) => [Number(r.score), r.comment, r.workspace_id, r.bot_id, r.handoff_id])).toEqual([[5, '客服小姐姐态度超好，问题秒解决👍', 'default', 'default', null]]);
  });

  it('a ticket on another workspace’s bot is that workspace’s, and answers into that bot’s conversation', async () => {
    const adminB = await signInOn(running.server.accounts, 'boss@tea-shop.cn', 'admin', WORKSPACE_B);
    const created = await (await asAgent(adminB, 'POST', '/api/v1/bots', { name: '茶叶店客服' })).json();
    const conversation = await openConversation(created.bot.id);
    const { ticketId } = await (await leave(conversation, { contact: 'tea.lover@163.com', text: '龙井收到有点受潮，能换吗' })).json();
    expect(await ticketIds(agentB)).toContain(ticketId);
    expect(await ticketIds(agentA)).not.toContain(ticketId);
    expect((await asAgent(agentA, 'POST', `/api/v1/tickets/${ticketId}/reply`, { text: '串了' })).status).toBe(HTTP_NOT_FOUND);
    expect((await asAgent(agentB, 'POST', `/api/v1/tickets/${ticketId}/reply`, { text: '给您补寄一罐新的，运费我们出～' })).status).toBe(HTTP_OK);
    expect((await messagesOf(conversation)).filter((m) => m.sender === 'agent').map((m) => m.text)).toEqual(['给您补寄一罐新的，运费我们出～']);
  });

  it('agents take tickets themselves; supervisors assign them to anyone of the workspace', async () => {
    const supervisorA = await signInOn(running.server.accounts, 'zhuguan@shop-a.cn', 'supervisor');
    const colleague = await signInOn(running.server.accounts, 'xiaoli@shop-a.cn', 'agent');
    const colleagueId = (await running.server.accounts.findUserByEmail('xiaoli@shop-a.cn'))!.id;
    const agentBId = (await running.server.accounts.findUserByEmail('laowang@tea-shop.cn'))!.id;
    const { ticketId } = await (await leave(await openConversation(), { contact: '13600001111', text: '尺码不对想换大一号' })).json();
    const assign = (who: SignedIn, ownerId: string) => asAgent(who, 'POST', `/api/v1/tickets/${ticketId}/assign`, { ownerId });

    const taken = await assign(agentA, agentAId);
    expect(taken.status).toBe(HTTP_OK);
    expect((await taken.json()).ticket.ownerId).toBe(agentAId);
    const pushed = await assign(agentA, colleagueId);
    expect(pushed.status).toBe(HTTP_FORBIDDEN);
    const given = await assign(supervisorA, colleagueId);
    expect((await given.json()).ticket).toMatchObject({ ownerId: colleagueId });
    const outsider = await assign(supervisorA, agentBId);
    expect(outsider.status).toBe(HTTP_NOT_FOUND);
    expect((await outsider.json()).error.code).toBe('WENDU_USER_NOT_FOUND');
    expect((await assign(agentB, agentBId)).status).toBe(HTTP_NOT_FOUND);

    expect(await ticketIds(colleague, '?owner=me')).toContain(ticketId);
    expect(await ticketIds(agentA, '?owner=me')).not.toContain(ticketId);
    expect(await ticketIds(agentA, '?owner=none')).not.toContain(ticketId);
    const detail = await (await asAgent(colleague, 'GET', `/api/v1/tickets/${ticketId}`)).json();
    expect(detail.ticket.events.map((e: { kind: string; text: string }) => [e.kind, e.text])).toEqual([
      ['created', '尺码不对想换大一号'],
      ['assigned', agentAId],
      ['assigned', colleagueId],
    ]);
  });

  it('tickets and their history survive a server restart on the same storage', async () => {
    const conversation = await openConversation();
    const { ticketId } = await (await leave(conversation, { contact: '0755-88886666', text: '晚上十一点了还没人，明天记得回我' })).json();
    await running.server.close();
    running = await start();
    // The start-up sweep answers what a crash left unanswered: the left message is not among them.
    expect((await running.server.recovery).found).toBe(0);
    agentA = await signInOn(running.server.accounts, 'xiaomei@shop-a.cn', 'agent');
    expect(await ticketIds(agentA)).toContain(ticketId);
    expect((await asAgent(agentA, 'POST', `/api/v1/tickets/${ticketId}/reply`, { text: '早上好，已经帮您处理啦' })).status).toBe(HTTP_OK);
    const log = await messagesOf(conversation);
    expect(log.map((m) => m.sender)).toEqual(['customer', 'system', 'agent']);
    expect((await (await asAgent(agentA, 'GET', `/api/v1/tickets/${ticketId}`)).json()).ticket.events.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'assigned',
      'replied',
    ]);
  });
});

describe('leaving messages draws from the conversation’s budget', () => {
  it('a conversation that floods leave-message is slowed down like one that floods messages', async () => {
    const BURST = 3;
    const dataDir = tempDataDir('wendu-tickets-limit-');
    const running = await startServer(dataDir, {
      demo: false,
      rateLimits: { ...GENEROUS_RATE_LIMITS.rateLimits, conversation: { burst: BURST, refillPerSecond: 0.001 } },
    });
    try {
      const opened = await (await fetch(`${running.url}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
      const leave = (i: number) =>
        fetch(`${running.url}/api/v1/conversations/${opened.conversationId}/leave-message`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: opened.customerId },
          body: JSON.stringify({ contact: '13812345678', text: `第${i}遍：到底有没有人啊` }),
        });
      const statuses: number[] = [];
      for (let i = 1; i <= BURST + 1; i++) statuses.push((await leave(i)).status);
      expect(statuses).toEqual([...Array(BURST).fill(HTTP_CREATED), 429]);
      expect(await running.server.database.db.selectFrom('tickets').select('id').execute()).toHaveLength(BURST);
    } finally {
      await running.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
