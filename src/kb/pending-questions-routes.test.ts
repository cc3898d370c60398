/**
 * The pending similar questions API: a supervisor lists what customers confirmed (?status=),
 * approves one into its entry, dismisses another; an agent may not; another workspace's
 * supervisor cannot see or approve this workspace's. Real fastify app, real access guard, real
 * SQLite; sightings are recorded by the real service as the engine would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { principalOf } from '../auth/access.js';
import { guardedApp, type GuardedApp, type SignedIn } from '../auth/test-operators.js';
import { parseBotSettings } from '../config/settings.js';
import { createBot, type BotApi } from '../dialog/bot.js';
import { checkWithBot } from '../learning/safety-check.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { PendingQuestionService } from './pending-questions.js';
import { pendingQuestionRoutes } from './pending-questions-routes.js';
import { KnowledgeService } from './service.js';

const WORKSPACE_B = 'ws-shop-b';
const P = '/api/v1/kb/pending-questions';

let database: TestDatabase;
let guarded: GuardedApp;
let supervisor: SignedIn;
let agent: SignedIn;
let supervisorB: SignedIn;
let bot: BotApi;
const services = new Map<string, PendingQuestionService>();

function pendingOf(workspaceId: string): PendingQuestionService {
  let service = services.get(workspaceId);
  if (!service) {
    service = new PendingQuestionService(database, { workspaceId, knowledge: new KnowledgeService(database, { workspaceId }) });
    services.set(workspaceId, service);
  }
  return service;
}

beforeAll(async () => {
  database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  guarded = guardedApp(database);
  await pendingQuestionRoutes(guarded.app, {
    pendingFor: (request) => pendingOf(principalOf(request).workspaceId),
    // The workspace's own knowledge, under a real bot's answer rule (opened once the entry exists).
    checkFor: async () => (change) => checkWithBot({ bot }, change),
  });
  supervisor = await guarded.signIn('bob@shop-a.cn', 'supervisor', DEFAULT_WORKSPACE_ID);
  agent = await guarded.signIn('xiaomei@shop-a.cn', 'agent', DEFAULT_WORKSPACE_ID);
  supervisorB = await guarded.signIn('zhang@shop-b.cn', 'supervisor', WORKSPACE_B);
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  await knowledge.create({ id: 'invoice', question: '怎么开发票？', answer: [{ type: 'text', text: '在订单详情里点「申请开票」即可。' }] }, 'demo');
  bot = await createBot({ knowledge, settings: parseBotSettings({}) });
  const pending = pendingOf(DEFAULT_WORKSPACE_ID);
  for (const [conversationId, text] of [['cv-1', '发票咋弄啊'], ['cv-2', '發票咋弄啊'], ['cv-3', '开个票呗😊']]) {
    await pending.record({ kind: 'confirmed', botId: DEFAULT_BOT_ID, conversationId, entryId: 'invoice', text });
  }
});

afterAll(async () => {
  bot.close();
  await guarded.app.close();
  await database.dispose();
});

const listAs = async (who: SignedIn, query = '') => guarded.injectAs(who, { method: 'GET', url: `${P}${query}` });

describe('GET/POST /api/v1/kb/pending-questions', () => {
  it('lists the pending ones, most said first (发票咋弄啊 and 發票咋弄啊 are one, said twice)', async () => {
    const res = await listAs(supervisor);
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items.map((q: { phrasing: string; conversations: number }) => [q.phrasing, q.conversations])).toEqual([
      ['发票咋弄啊', 2],
      ['开个票呗😊', 1],
    ]);
  });

  it('is for supervisors of the workspace only', async () => {
    expect((await listAs(agent)).statusCode).toBe(403);
    expect((await listAs(supervisorB)).json().items).toEqual([]);
    const [first] = (await listAs(supervisor)).json().items;
    const approveByB = await guarded.injectAs(supervisorB, { method: 'POST', url: `${P}/${first.id}/approve` });
    expect(approveByB.statusCode).toBe(404);
    expect(approveByB.json().error.code).toBe('WENDU_PENDING_QUESTION_NOT_FOUND');
  });

  it('approve adds the phrasing to the entry, named after the supervisor, with its learning check (?dryRun=1 checks alone); dismiss files the other', async () => {
    const [said, joked] = (await listAs(supervisor)).json().items;
    const dry = await guarded.injectAs(supervisor, { method: 'POST', url: `${P}/${said.id}/approve?dryRun=1` });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ id: said.id, status: 'pending', dryRun: true, check: { flagged: false, worse: 0 } });
    expect((await new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID }).get('invoice')).learnedQuestions).toEqual([]);
    const approved = await guarded.injectAs(supervisor, { method: 'POST', url: `${P}/${said.id}/approve` });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: supervisor.actor, check: { flagged: false } });
    const entry = await new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID }).get('invoice');
    expect(entry.learnedQuestions).toEqual(['发票咋弄啊']);
    expect(entry.similarQuestions).toEqual([]);

    const dismissed = await guarded.injectAs(supervisor, { method: 'POST', url: `${P}/${joked.id}/dismiss` });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed' });
    expect((await listAs(supervisor)).json().items).toEqual([]);
    expect((await listAs(supervisor, '?status=dismissed')).json().items.map((q: { phrasing: string }) => q.phrasing)).toEqual(['开个票呗😊']);
    expect((await listAs(supervisor, '?status=nonsense')).statusCode).toBe(400);
  });
});
