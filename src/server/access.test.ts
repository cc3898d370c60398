/**
 * Walks EVERY route the server registered (the list comes from the access guard, so a route
 * added tomorrow is walked tomorrow) and every customer socket event, on SQLite and
 * PostgreSQL:
 * - only the customer side is public;
 * - anonymous callers get 401 everywhere else, agents 403 on supervisor routes, supervisors
 *   403 on admin routes;
 * - an admin of workspace B, using workspace A's real ids in paths and payloads (the IDOR
 *   class of Chatwoot CVE-2026-115725), never gets or changes anything of A's.
 */
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID, type Role } from '../auth/access.js';
import type { DeclaredRoute } from '../auth/guard.js';
import { signInOn, type SignedIn } from '../auth/test-operators.js';
import { CLIENT_EVENTS, CUSTOMER_NAMESPACE } from '../channels/web/protocol.js';
import type { SqlDialect } from '../store/dialect.js';
import { startEdgeServer, type EdgeServer } from './edge-testing.js';

const WORKSPACE_B = 'shop-b';
/** Text only workspace A has: none of it may ever appear in an answer to workspace B. */
const A_MARKERS = ['A店秘密问题', 'A店顾客问法', 'A店秘密答案', 'A店专属流程', 'A店暗号', 'A店二号机器人', 'A店夜间导入', 'amy@shop-a.cn', 'bob@shop-a.cn', 'A店顾客留言', 'A店审核评论'];
/** The customer side: everything else needs an account. */
const PUBLIC_ROUTES = [
  'GET /healthz',
  'HEAD /healthz',
  'GET /readyz',
  'HEAD /readyz',
  'POST /api/v1/chat',
  'POST /api/v1/conversations',
  'GET /api/v1/conversations/:id',
  'HEAD /api/v1/conversations/:id',
  'GET /api/v1/conversations/:id/messages',
  'HEAD /api/v1/conversations/:id/messages',
  'POST /api/v1/conversations/:id/messages',
  'POST /api/v1/conversations/:id/read',
  'POST /api/v1/conversations/:id/events',
  'POST /api/v1/conversations/:id/leave-message',
  'POST /api/v1/conversations/:id/rating',
  'POST /api/v1/conversations/:id/feedback',
  'POST /api/v1/auth/login',
];
/** Logging out ends the caller's own session; walked separately so the walk keeps its tokens. */
const LOGOUT = 'POST /api/v1/auth/logout';
const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;

interface Ids {
  entry: string;
  flow: string;
  synonym: string;
  bot: string;
  user: string;
  apiKey: string;
  ticket: string;
  pendingQuestion: string;
  review: string;
}

const key = (r: Pick<DeclaredRoute, 'method' | 'url'>) => `${r.method} ${r.url}`;
/** The static try-it page's files are public too (registered by @fastify/static). */
const isPage = (r: DeclaredRoute) => r.method !== 'POST' && !r.url.startsWith('/api/') && r.url !== '/healthz' && r.url !== '/readyz';

function fillPath(url: string, ids: Ids): string {
  const byPrefix: Array<[string, string]> = [
    ['/api/v1/kb/entries/', ids.entry],
    ['/api/v1/kb/synonyms/', ids.synonym],
    ['/api/v1/flows/', ids.flow],
    ['/api/v1/bots/', ids.bot],
    ['/api/v1/users/', ids.user],
    ['/api/v1/api-keys/', ids.apiKey],
    ['/api/v1/tickets/', ids.ticket],
    ['/api/v1/kb/pending-questions/', ids.pendingQuestion],
    ['/api/v1/reviews/', ids.review],
    ['/api/v1/kb/lexicon/', 'region-east'],
  ];
  const id = byPrefix.find(([prefix]) => url.startsWith(prefix))?.[1] ?? 'x';
  return url.replace(':id', encodeURIComponent(id)).replace(':version', '1');
}

const FLOW = (id: string, name: string) => ({
  id,
  name,
  trigger: { keywords: ['暗号'] },
  start: 'hi',
  nodes: { hi: { kind: 'end', content: [{ type: 'text', text: `${name}：您好～` }] } },
});

/** A valid body per write route, carrying A's ids where a payload can name them. */
function bodyFor(route: DeclaredRoute, ids: Ids): { body?: string; headers?: Record<string, string> } {
  const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
  switch (key(route)) {
    case 'POST /api/v1/kb/entries':
      return json({ id: ids.entry, question: 'B店的问题', answer: [{ type: 'text', text: 'B店的答案' }] });
    case 'PATCH /api/v1/kb/entries/:id':
      return json({ tags: ['B店改的'] });
    case 'POST /api/v1/kb/synonyms':
    case 'PUT /api/v1/kb/synonyms/:id':
      return json({ terms: ['B店词一', 'B店词二'] });
    case 'PUT /api/v1/kb/lexicon/:id':
      return json({ enabled: false });
    case 'POST /api/v1/kb/import': {
      const boundary = '----wendu-access-walk';
      const csv = `id,question,answer\n${ids.entry},B店导入的问题,B店导入的答案\n`;
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="kb.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
      return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
    }
    case 'POST /api/v1/flows':
      return json(FLOW(ids.flow, 'B店流程'));
    case 'PUT /api/v1/flows/:id':
    case 'POST /api/v1/flows/validate':
      return json(FLOW(ids.flow, 'B店流程'));
    case 'POST /api/v1/flows/test':
      return json({ flow: FLOW(ids.flow, 'B店流程'), text: '测试' });
    case 'PATCH /api/v1/bot/settings':
      return json({ answerThreshold: 0.99 });
    case 'POST /api/v1/bots':
      return json({ name: 'B店机器人' });
    case 'PUT /api/v1/bots/:id/allowed-origins':
      return json({ allowedOrigins: ['https://evil.example.com'] });
    case 'PUT /api/v1/bots/:id/call-hosts':
      return json({ callHosts: ['evil.example.com'] });
    case 'POST /api/v1/users':
      return json({ email: 'carol@shop-b.cn', role: 'agent', password: '温度客服2026!abc' });
    case 'PATCH /api/v1/users/:id':
      return json({ role: 'agent', disabled: true });
    case 'PUT /api/v1/users/:id/skills':
      return json({ groups: ['B店售后'] });
    case 'POST /api/v1/api-keys':
      return json({ name: 'B店密钥', role: 'agent' });
    case 'POST /api/v1/tickets/:id/reply':
      return json({ text: 'B店回复' });
    case 'POST /api/v1/tickets/:id/assign':
      return json({ ownerId: ids.user });
    case 'POST /api/v1/try':
      return json({ text: 'A店秘密问题：会员价怎么算', botId: ids.bot });
    case 'POST /api/v1/reviews':
      return json({ kind: 'entry_edit', entryId: ids.entry, patch: { answer: 'B店提议的答案' } });
    case 'POST /api/v1/reviews/:id/comments':
      return json({ text: 'B店评论' });
    case 'POST /api/v1/reviews/:id/reject':
      return json({ comment: 'B店驳回' });
    case 'PUT /api/v1/reviews/settings':
      return json({ required: true, fourEyes: true });
    case 'POST /api/v1/nlu/similarity':
      return json({ a: '会员价怎么算', b: '退货运费谁出' });
    default:
      return route.method === 'GET' || route.method === 'HEAD' || route.method === 'DELETE' ? {} : json({});
  }
}

describe.each<SqlDialect>(['sqlite', 'postgres'])('access to every route on %s', (backend) => {
  let edge: EdgeServer;
  let routes: readonly DeclaredRoute[];
  let as: Record<'adminA' | 'supervisorA' | 'agentA' | 'adminB', SignedIn>;
  let ids: Ids;
  /** Workspace A's data as its own admin sees it before the walk. */
  let before: Record<string, unknown>;

  const request = (who: SignedIn | null, route: DeclaredRoute, extra: { path?: string; query?: string } = {}) => {
    const { body, headers } = bodyFor(route, ids);
    return fetch(`${edge.url}${extra.path ?? fillPath(route.url, ids)}${extra.query ?? ''}`, {
      method: route.method,
      headers: { ...headers, ...(who ? who.headers : {}) },
      body,
    });
  };
  const asAdminA = async (path: string) => (await fetch(`${edge.url}${path}`, { headers: as.adminA.headers })).json();
  const snapshotA = async () => ({
    entry: await asAdminA(`/api/v1/kb/entries/${ids.entry}`),
    flow: await asAdminA(`/api/v1/flows/${ids.flow}`),
    synonyms: await asAdminA('/api/v1/kb/synonyms'),
    lexicon: await asAdminA('/api/v1/kb/lexicon'),
    bot: await asAdminA(`/api/v1/bots/${ids.bot}`),
    settings: (await asAdminA(`/api/v1/bot/settings?botId=${ids.bot}`)).settings,
    users: await asAdminA('/api/v1/users'),
    apiKeys: await asAdminA('/api/v1/api-keys'),
    ticket: await asAdminA(`/api/v1/tickets/${ids.ticket}`),
    pendingQuestions: await asAdminA('/api/v1/kb/pending-questions'),
    review: await asAdminA(`/api/v1/reviews/${ids.review}`),
    reviewSettings: await asAdminA('/api/v1/reviews/settings'),
  });

  beforeAll(async () => {
    edge = await startEdgeServer(backend);
    routes = edge.server.routes;
    const accounts = edge.server.accounts;
    as = {
      adminA: await signInOn(accounts, 'amy@shop-a.cn', 'admin', DEFAULT_WORKSPACE_ID),
      supervisorA: await signInOn(accounts, 'bob@shop-a.cn', 'supervisor', DEFAULT_WORKSPACE_ID),
      agentA: await signInOn(accounts, 'xiaomei@shop-a.cn', 'agent', DEFAULT_WORKSPACE_ID),
      adminB: await signInOn(accounts, 'zhang@shop-b.cn', 'admin', WORKSPACE_B),
    };
    const post = async (path: string, value: unknown) => {
      const res = await fetch(`${edge.url}${path}`, { method: 'POST', headers: { ...as.adminA.headers, 'content-type': 'application/json' }, body: JSON.stringify(value) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return res.json();
    };
    const entry = await post('/api/v1/kb/entries', { question: 'A店秘密问题：会员价怎么算', answer: [{ type: 'text', text: 'A店秘密答案：黄金会员八八折' }] });
    const flow = await post('/api/v1/flows', FLOW('a-only-flow', 'A店专属流程'));
    const synonym = await post('/api/v1/kb/synonyms', { terms: ['A店暗号', 'A店口令'] });
    const bot = await post('/api/v1/bots', { name: 'A店二号机器人' });
    const apiKey = await post('/api/v1/api-keys', { name: 'A店夜间导入', role: 'supervisor' });
    const users = await asAdminA('/api/v1/users');
    // A customer of A's default bot leaves a message: a ticket of workspace A.
    const opened = await (await fetch(`${edge.url}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
    const left = await fetch(`${edge.url}/api/v1/conversations/${opened.conversationId}/leave-message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wendu-customer': opened.customerId },
      body: JSON.stringify({ contact: '13812345678', text: 'A店顾客留言：会员卡丢了怎么办' }),
    });
    expect(left.status).toBe(201);
    // A customer of A confirmed a 您是想问 suggestion: a pending similar question of workspace A
    // (recorded through A's own service, as A's engine does).
    const pendingA = edge.server.registry.workspace(DEFAULT_WORKSPACE_ID).pendingQuestions;
    await pendingA.record({ kind: 'confirmed', botId: DEFAULT_BOT_ID, conversationId: opened.conversationId, entryId: entry.id, text: 'A店顾客问法：会员价咋算呀' });
    const [pendingQuestion] = await pendingA.list();
    // An agent of A proposed a revision of A's entry, with a comment: a review item of workspace A.
    const proposed = await fetch(`${edge.url}/api/v1/reviews`, {
      method: 'POST',
      headers: { ...as.agentA.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'entry_edit', entryId: entry.id, patch: { answer: 'A店秘密答案：会员九折' }, comment: 'A店审核评论：折扣改了' }),
    });
    expect(proposed.status, await proposed.clone().text()).toBe(201);
    ids = {
      entry: entry.id,
      flow: flow.id,
      synonym: String(synonym.id),
      bot: bot.bot.id,
      user: users.users.find((u: { email: string }) => u.email === 'bob@shop-a.cn').id,
      apiKey: apiKey.apiKey.id,
      ticket: (await left.json()).ticketId,
      pendingQuestion: pendingQuestion.id,
      review: (await proposed.json()).id,
    };
    before = await snapshotA();
  });
  afterAll(async () => edge?.dispose());

  it('knows every route, and only the customer side and the pages are public', () => {
    expect(routes.length).toBeGreaterThan(30);
    const publicOnes = routes.filter((r) => r.access === 'public' && !isPage(r)).map(key).sort();
    expect(publicOnes).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('answers 401 to anonymous callers on every other route', async () => {
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const res = await request(null, route);
      expect(res.status, key(route)).toBe(HTTP_UNAUTHORIZED);
      if (route.method !== 'HEAD') expect((await res.json()).error.code, key(route)).toBe('WENDU_UNAUTHENTICATED');
    }
  });

  it('answers 403 to a role below the route’s', async () => {
    const below: Array<[SignedIn, Role[]]> = [
      [as.agentA, ['supervisor', 'admin']],
      [as.supervisorA, ['admin']],
    ];
    for (const [who, tooHigh] of below) {
      for (const route of routes.filter((r) => (tooHigh as string[]).includes(r.access))) {
        const res = await request(who, route);
        expect(res.status, `${who.actor} ${key(route)}`).toBe(HTTP_FORBIDDEN);
      }
    }
  });

  it('never shows or changes workspace A’s data to workspace B’s admin, whatever ids B sends', async () => {
    for (const route of routes.filter((r) => r.access !== 'public' && key(r) !== LOGOUT)) {
      // The bot settings routes name their bot in the query.
      const query = route.url === '/api/v1/bot/settings' ? `?botId=${ids.bot}` : '';
      const res = await request(as.adminB, route, { query });
      const text = await res.text();
      for (const marker of A_MARKERS) expect(text, `${key(route)} leaked ${marker}`).not.toContain(marker);
      // Ids of bots, users, keys, tickets, pending questions and reviews are global: B naming A's is always 404. Entry and flow ids
      // are per workspace, so B may have made its own `faq-1` — checked by A's snapshot below.
      if (/^\/api\/v1\/(bots|users|api-keys|tickets|kb\/pending-questions|reviews)\/:id/.test(route.url) || query) expect(res.status, `${key(route)}: ${text}`).toBe(HTTP_NOT_FOUND);
    }
    // What B did landed in B: A's entry, flow, synonyms, bot, settings, users, keys, tickets and pending questions are as they were.
    expect(await snapshotA()).toEqual(before);
    // B's own import of A's entry id created B's own entry.
    const bEntry = await (await fetch(`${edge.url}/api/v1/kb/entries/${ids.entry}`, { headers: as.adminB.headers })).json();
    expect(bEntry.question).toMatch(/^B店/);
  });

  it('lets B’s customers reach only B’s bot: a bot id is 404 to chat unless it exists', async () => {
    const res = await fetch(`${edge.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '在吗', botId: 'bot-does-not-exist' }) });
    expect(res.status).toBe(HTTP_NOT_FOUND);
    expect((await res.json()).error.code).toBe('WENDU_BOT_NOT_FOUND');
  });

  it('refuses every customer socket event on a conversation the socket has not opened', async () => {
    const socket = connect(`${edge.url}${CUSTOMER_NAMESPACE}`, { transports: ['websocket'], query: { botId: DEFAULT_BOT_ID } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      for (const event of Object.values(CLIENT_EVENTS).filter((e) => e !== CLIENT_EVENTS.open)) {
        const ack = await socket.timeout(5000).emitWithAck(event, { conversationId: 'cv-someone-elses-conversation', clientMessageId: 'c1', text: '在吗', seq: 1, after: 0, typing: true, name: 'page_view' });
        expect(ack, event).toMatchObject({ ok: false });
        expect(['WENDU_FORBIDDEN', 'WENDU_VALIDATION'], event).toContain(ack.error.code);
      }
    } finally {
      socket.close();
    }
  });

  it('logs out only the caller’s own session', async () => {
    const other = await signInOn(edge.server.accounts, 'amy@shop-a.cn', 'admin', DEFAULT_WORKSPACE_ID);
    const out = await fetch(`${edge.url}/api/v1/auth/logout`, { method: 'POST', headers: other.headers });
    expect(out.status).toBeLessThan(300);
    expect((await fetch(`${edge.url}/api/v1/auth/me`, { headers: other.headers })).status).toBe(HTTP_UNAUTHORIZED);
    expect((await fetch(`${edge.url}/api/v1/auth/me`, { headers: as.adminA.headers })).status).toBe(200);
  });
});
