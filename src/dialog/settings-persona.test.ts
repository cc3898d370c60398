/**
 * The bot's name and greeting over the settings API (issue 8): validated with a clear issue at
 * the field, stored sanitised, applied to the bot at once; a refused change keeps what was there.
 */
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { guardedApp } from '../auth/test-operators.js';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot } from './bot.js';
import { botSettingsRoutes, BOT_SETTINGS_PATH } from './settings-routes.js';
import { BotSettingsStore } from './settings-store.js';

describe('PATCH /api/v1/bot/settings with a name and a greeting', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await TEST_BACKENDS[0].open();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('stores them sanitised, serves them at once, and refuses bad ones at the field', async () => {
    const store = new BotSettingsStore(database, { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID });
    const bot = await createBot({ knowledge: new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID }), settings: parseBotSettings({}) });
    const guarded = guardedApp(database);
    await botSettingsRoutes(guarded.app, { botFor: async () => ({ bot, settings: store }) });
    const supervisor = await guarded.signIn('xiaoliu@shop.cn', 'supervisor');
    const inject = (options: InjectOptions) => guarded.injectAs(supervisor, options);
    try {
      const defaults = (await inject({ method: 'GET', url: BOT_SETTINGS_PATH })).json();
      expect(defaults.settings).toMatchObject({ botName: '小温', greeting: null });

      const ok = await inject({ method: 'PATCH', url: BOT_SETTINGS_PATH, payload: { botName: ' <b>阿福</b> ', greeting: '{{customer.name|亲}}～ 歡迎光臨<script>x()</script>，有事找阿福😊' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().settings).toMatchObject({ botName: '阿福', greeting: '{{customer.name|亲}}～ 歡迎光臨，有事找阿福😊' });
      expect(bot.settings.botName).toBe('阿福');
      const row = await database.db.selectFrom('bots').select('settings').where('id', '=', DEFAULT_BOT_ID).executeTakeFirstOrThrow();
      expect(JSON.parse(row.settings)).toMatchObject({ botName: '阿福', greeting: '{{customer.name|亲}}～ 歡迎光臨，有事找阿福😊' });

      for (const [payload, path] of [
        [{ botName: '' }, 'botName'],
        [{ botName: '<img src=x onerror=alert(1)>' }, 'botName'],
        [{ greeting: '好'.repeat(501) }, 'greeting'],
        [{ greeting: '{{customer name}}您好' }, 'greeting'],
      ] as const) {
        const res = await inject({ method: 'PATCH', url: BOT_SETTINGS_PATH, payload });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'WENDU_VALIDATION', details: { issues: expect.arrayContaining([expect.objectContaining({ path })]) } });
      }
      expect(bot.settings.botName).toBe('阿福');

      const cleared = await inject({ method: 'PATCH', url: BOT_SETTINGS_PATH, payload: { greeting: null } });
      expect(cleared.json().settings.greeting).toBeNull();
    } finally {
      bot.close();
      await guarded.app.close();
    }
  });
});
