/**
 * The stateless chat API remembers a session's clarification like a conversation does:
 * 是的 answers the one question asked, a follow-up leans on its top candidate; and its fallback:
 * 好的，转吧 accepts the person offered.
 * Real bot over a real SQLite demo database, fastify inject, the real access guard.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { guardedApp } from '../auth/test-operators.js';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import { chatRoutes } from './routes.js';

let database: TestDatabase;
let bot: BotApi;
let app: FastifyInstance;

beforeAll(async () => {
  database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  await loadDemoIfEmpty(knowledge);
  bot = await createBot({ knowledge, settings: parseBotSettings({}) });
  app = guardedApp(database).app;
  await chatRoutes(app, { botById: async () => bot, botFor: async () => bot });
});

afterAll(async () => {
  await app.close();
  bot.close();
  await database.dispose();
});

const chat = async (sessionId: string, text: string) => (await app.inject({ method: 'POST', url: '/api/v1/chat', payload: { sessionId, text } })).json();

describe('POST /api/v1/chat after a clarification', () => {
  it('换个大一码 → 您是想问「怎么申请换货？」吗？ → 是的 answers it', async () => {
    const asked = await chat('s-yes', '换个大一码');
    expect(asked.action).toBe('clarify');
    expect(asked.reply).toContain('「怎么申请换货？」');
    const answered = await chat('s-yes', '是的呀');
    expect(answered.action).toBe('answer');
    expect(answered.entryId).toBe('shop-exchange-process');
  });

  it('是的 in another session confirms nothing', async () => {
    await chat('s-a', '换个大一码');
    const other = await chat('s-b', '是的');
    expect(other.entryId).not.toBe('shop-exchange-process');
  });

  it('那运费呢 after the clarification is the exchange fee', async () => {
    await chat('s-fee', '换个大一码');
    const fee = await chat('s-fee', '那运费呢');
    expect(fee.entryId).toBe('shop-exchange-shipping-fee');
  });
});

describe('POST /api/v1/chat after a fallback', () => {
  it('帮我看看这份合同 falls back offering a person; 好的，转吧 in the same session accepts it, in another it does not', async () => {
    expect((await chat('s-offer', '帮我看看这份合同')).action).toBe('fallback');
    expect((await chat('s-other', '好的，转吧')).action).not.toBe('handoff');
    expect((await chat('s-offer', '好的，转吧')).action).toBe('handoff');
  });
});
