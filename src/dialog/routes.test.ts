/** The answering API over HTTP (fastify inject) with the real bot on a real SQLite demo database. */
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import type { FastifyInstance } from 'fastify';
import { guardedApp, type SignedIn } from '../auth/test-operators.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { internalKeysIn } from '../conversation/internals-testing.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import { chatRoutes } from './routes.js';
import { SessionMemory } from './session-memory.js';

let database: TestDatabase;
let bot: BotApi;
let app: FastifyInstance;
let agent: SignedIn;
let supervisor: SignedIn;

beforeAll(async () => {
  database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  await loadDemoIfEmpty(knowledge);
  bot = await createBot({ knowledge, settings: parseBotSettings({}) });
  // The real access guard: chat is public, similarity needs an operator (any role).
  const guarded = guardedApp(database);
  app = guarded.app;
  await chatRoutes(app, { botById: async () => bot, botFor: async () => bot });
  agent = await guarded.signIn('xiaomei@shop.cn', 'agent');
  supervisor = await guarded.signIn('laowang@shop.cn', 'supervisor');
});

afterAll(async () => {
  await app.close();
  bot.close();
  await database.dispose();
});

const chat = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/chat', payload: payload as object });
const tryIt = (payload: unknown, who: SignedIn | null = supervisor) =>
  app.inject({ method: 'POST', url: '/api/v1/try', headers: who?.headers ?? {}, payload: payload as object });

describe('POST /api/v1/chat', () => {
  it('answers a customer with the reply only — nothing internal anywhere in it', async () => {
    const res = await chat({ text: '發票怎麼開？', channel: 'web' });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ action: 'answer', entryId: 'shop-invoice-how' });
    for (const key of ['reply', 'content', 'suggestions', 'parts']) expect(d).toHaveProperty(key);
    // A clarification and a multi-question message carry suggestions and parts: still nothing internal.
    const clarified = (await chat({ text: '快递' })).json();
    const several = (await chat({ text: '怎么退货？发票怎么开？' })).json();
    for (const body of [d, clarified, several]) expect(internalKeysIn(body)).toEqual([]);
  });

  it('understands a follow-up within a session, not across sessions', async () => {
    await chat({ sessionId: 's-1', text: '我想退货' });
    expect((await chat({ sessionId: 's-1', text: '运费谁出' })).json().entryId).toBe('shop-return-shipping-fee');
    expect((await chat({ sessionId: 's-2', text: '运费谁出' })).json().entryId).not.toBe('shop-return-shipping-fee');
  });

  it.each([
    [{ text: '' }, 400, 'WENDU_MESSAGE_EMPTY'],
    [{ text: '退'.repeat(1001) }, 413, 'WENDU_MESSAGE_TOO_LONG'],
    [{ text: '退'.repeat(10001) }, 400, 'WENDU_VALIDATION'],
    [{ text: 42 }, 400, 'WENDU_VALIDATION'],
    [{ text: '你好', channel: 'fax' }, 400, 'WENDU_VALIDATION'],
  ])('refuses %j with %i %s', async (payload, status, code) => {
    const res = await chat(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });
});

describe('POST /api/v1/try', () => {
  it('gives a supervisor the whole decision with its trace, with session memory of its own', async () => {
    const res = await tryIt({ text: '發票怎麼開？' });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ action: 'answer', entryId: 'shop-invoice-how' });
    for (const key of ['confidence', 'emotion', 'entities', 'trace']) expect(d).toHaveProperty(key);
    expect(d.trace).toHaveProperty('rule', 'answer.confident');
    expect(d.trace.candidates[0]).toHaveProperty('features');
    await tryIt({ sessionId: 's-1', text: '我想退货' });
    expect((await tryIt({ sessionId: 's-1', text: '运费谁出' })).json().trace.explanation).toContain('结合上一句');
  });

  it('is refused to anonymous callers and to agents', async () => {
    expect((await tryIt({ text: '在吗' }, null)).statusCode).toBe(401);
    expect((await tryIt({ text: '在吗' }, agent)).statusCode).toBe(403);
  });
});

describe('POST /api/v1/nlu/similarity', () => {
  it('scores two questions symmetrically with the features behind it', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/nlu/similarity', headers: agent.headers, payload: { a: '退货运费谁出', b: '退货的运费由谁承担' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.score).toBeGreaterThan(0);
    expect(body.score).toBeLessThanOrEqual(1);
    expect(typeof body.similar).toBe('boolean');
    expect(body.features).toHaveProperty('bigramDice');
  });
});

describe('SessionMemory', () => {
  it('forgets the least recently used session beyond its limit, and idle sessions', () => {
    let now = 0;
    const memory = new SessionMemory(2, 1000, () => now);
    memory.remember('a', { question: '我想退货', entryId: 'x' }, []);
    memory.remember('b', { question: '发票', entryId: null }, []);
    memory.recall('a');
    memory.remember('a', { question: '我想换货', entryId: 'y' }, []);
    memory.remember('c', { question: '积分', entryId: null }, []);
    expect(memory.recall('b')).toBeNull();
    expect(memory.recall('a')?.previous.question).toBe('我想换货');
    now = 5000;
    expect(memory.recall('c')).toBeNull();
  });
});
