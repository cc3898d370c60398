/** Per-bot settings: stored on both databases, validated whole, applied to the next message over HTTP. */
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_SETTINGS } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot } from './bot.js';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { guardedApp } from '../auth/test-operators.js';
import { botSettingsRoutes, BOT_SETTINGS_PATH } from './settings-routes.js';
import { BotSettingsStore } from './settings-store.js';

const DEFAULT_BOT = { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID };

describe.each(TEST_BACKENDS)('bot settings on $name', (backend) => {
  let database: TestDatabase;
  let store: BotSettingsStore;

  beforeEach(async () => {
    database = await backend.open();
    store = new BotSettingsStore(database, DEFAULT_BOT);
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('starts from the defaults and keeps a change across a reopen', async () => {
    expect(await store.load()).toEqual(DEFAULT_BOT_SETTINGS);
    await store.update({ answerThreshold: 0.75 }, 'user:test@shop.cn');
    await store.update({ maxSuggestions: 2 }, 'user:test@shop.cn');
    const reopened = await database.reopen();
    try {
      expect(await new BotSettingsStore(reopened, DEFAULT_BOT).load()).toMatchObject({ answerThreshold: 0.75, maxSuggestions: 2, clarifyThreshold: DEFAULT_BOT_SETTINGS.clarifyThreshold });
    } finally {
      await reopened.close();
    }
  });

  it.each([[{ answerThreshold: 1.5 }], [{ maxSuggestions: 0 }], [{ noSuchSetting: true }], [[1, 2]]])('refuses %j and keeps what was stored', async (patch) => {
    await store.update({ answerThreshold: 0.7 }, 'user:test@shop.cn');
    await expect(store.update(patch, 'user:test@shop.cn')).rejects.toMatchObject({ code: 'WENDU_VALIDATION' });
    expect((await store.load()).answerThreshold).toBe(0.7);
  });
});

describe('PATCH /api/v1/bot/settings', () => {
  it('applies to the very next message without a restart', async () => {
    const database = await TEST_BACKENDS[0].open();
    const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
    await loadDemoIfEmpty(knowledge);
    const store = new BotSettingsStore(database, DEFAULT_BOT);
    const bot = await createBot({ knowledge, settings: await store.load() });
    const guarded = guardedApp(database);
    await botSettingsRoutes(guarded.app, { botFor: async () => ({ bot, settings: store }) });
    const supervisor = await guarded.signIn('xiaoliu@shop.cn', 'supervisor');
    const app = { inject: (options: InjectOptions) => guarded.injectAs(supervisor, options), close: () => guarded.app.close() };
    try {
      expect((await bot.decide({ text: '怎么申请退货？' })).action).toBe('answer');
      // An operator who wants the bot to confirm everything raises the bar above any confidence.
      const res = await app.inject({ method: 'PATCH', url: BOT_SETTINGS_PATH, payload: { answerThreshold: 1 } });
      expect(res.statusCode).toBe(200);
      expect(res.json().settings.answerThreshold).toBe(1);
      const after = await bot.decide({ text: '怎么申请退货？' });
      expect(after.action).toBe('clarify');
      expect(after.suggestions[0].entryId).toBe('shop-return-process');
      const bad = await app.inject({ method: 'PATCH', url: BOT_SETTINGS_PATH, payload: { clarifyThreshold: -1 } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('WENDU_VALIDATION');
      expect((await app.inject({ method: 'GET', url: BOT_SETTINGS_PATH })).json().settings.answerThreshold).toBe(1);
    } finally {
      await app.close();
      bot.close();
      await database.dispose();
    }
  });
});
