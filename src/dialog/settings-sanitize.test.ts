/**
 * Issue 6, finding 4: promotions saved through the bot settings pass the same sanitiser as
 * knowledge answers — a phishing link or a script planted as a promotion never reaches a customer.
 */
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot } from './bot.js';
import { botSettingsRoutes, BOT_SETTINGS_PATH } from './settings-routes.js';
import { BotSettingsStore } from './settings-store.js';
import { DEFAULT_BOT_ID } from '../auth/access.js';
import { guardedApp } from '../auth/test-operators.js';

const DEFAULT_BOT = { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID };

/** A Double 11 promotion with markup an operator pasted from a web page editor. */
const PASTED_PROMOTION = {
  id: 'double-11',
  content: [
    { type: 'text', text: '<p><b>双11狂欢🎉</b> 满100减20，<img src=x onerror=alert(1)>限时抢！</p>' },
    { type: 'buttons', text: '<i>戳这里</i>', buttons: [{ action: 'link', label: '<b>领券</b>', url: 'https://shop.example.com/coupon?from=bot&id=11' }] },
    { type: 'card', card: { title: '<script>steal()</script>满减专区', text: '全场<span>包邮</span>', url: 'https://shop.example.com/sale' } },
  ],
  categories: [' <b>优惠活动</b> '],
  maxPerConversation: 1,
};
const SANITISED_CONTENT = [
  { type: 'text', text: '双11狂欢🎉 满100减20，限时抢！' },
  { type: 'buttons', text: '戳这里', buttons: [{ action: 'link', label: '领券', url: 'https://shop.example.com/coupon?from=bot&id=11' }] },
  { type: 'card', card: { title: '满减专区', text: '全场包邮', url: 'https://shop.example.com/sale' } },
];

const promotion = (content: unknown[], extra: Record<string, unknown> = {}) => ({ id: 'planted', content, maxPerConversation: 9, ...extra });

/** Promotions an attacker tried to plant, and where the refusal points. */
const REFUSED: Array<[string, unknown, string]> = [
  ['a javascript: link', promotion([{ type: 'link', url: 'javascript:alert(document.cookie)', title: '点我领100元无门槛券' }]), 'promotions.0.content.0.url'],
  ['a data: link', promotion([{ type: 'link', url: 'data:text/html,<script>alert(1)</script>', title: '客服小美给您的红包🧧' }]), 'promotions.0.content.0.url'],
  ['a javascript: button', promotion([{ type: 'buttons', buttons: [{ action: 'link', label: '领取', url: 'javascript:location="http://evil.example"' }] }]), 'promotions.0.content.0.buttons.0.url'],
  ['a data: image', promotion([{ type: 'image', url: 'data:image/svg+xml,<svg onload=alert(1)>' }]), 'promotions.0.content.0.url'],
  ['nothing but a script', promotion([{ type: 'text', text: '<script>location="http://evil.example/login"</script>' }]), 'promotions.0.content'],
  ['nothing but markup', promotion([{ type: 'text', text: '<img src=x onerror=alert(1)><iframe src="http://evil.example"></iframe>' }]), 'promotions.0.content'],
  ['a card whose title is only markup', promotion([{ type: 'card', card: { title: '<b></b>', url: 'https://shop.example.com' } }]), 'promotions.0.content.0.card.title'],
  ['an id that is only markup', promotion([{ type: 'text', text: '领券' }], { id: '<script></script>' }), 'promotions.0.id'],
];

describe.each(TEST_BACKENDS)('promotions in bot settings on $name', (backend) => {
  let database: TestDatabase;
  let store: BotSettingsStore;

  const storedRow = async () =>
    JSON.parse((await database.db.selectFrom('bots').select('settings').where('id', '=', DEFAULT_BOT_ID).executeTakeFirstOrThrow()).settings) as {
      promotions?: unknown[];
      answerThreshold?: number;
    };

  beforeEach(async () => {
    database = await backend.open();
    store = new BotSettingsStore(database, DEFAULT_BOT);
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('stores a pasted promotion as plain, safe content — in the database, not only in memory', async () => {
    const saved = await store.update({ promotions: [PASTED_PROMOTION] }, 'user:xiaoliu@shop.cn');
    expect(saved.promotions).toEqual([{ ...PASTED_PROMOTION, content: SANITISED_CONTENT, categories: ['优惠活动'] }]);
    expect((await storedRow()).promotions).toEqual(saved.promotions);
    expect((await store.load()).promotions).toEqual(saved.promotions);
  });

  it.each(REFUSED)('refuses %s and keeps what was stored', async (_, planted, path) => {
    await store.update({ answerThreshold: 0.7, promotions: [PASTED_PROMOTION] }, 'user:xiaoliu@shop.cn');
    const err = await store.update({ promotions: [planted] }, 'user:xiaoliu@shop.cn').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WENDU_VALIDATION', details: { issues: expect.arrayContaining([expect.objectContaining({ path })]) } });
    expect((await storedRow()).promotions).toEqual([{ ...PASTED_PROMOTION, content: SANITISED_CONTENT, categories: ['优惠活动'] }]);
  });

  it('sanitises promotions written before saving sanitised them, and leaves out one that was only a script', async () => {
    const legacy = { answerThreshold: 0.7, promotions: [PASTED_PROMOTION, promotion([{ type: 'text', text: '<script>location="http://evil.example"</script>' }])] };
    await database.db.updateTable('bots').set({ settings: JSON.stringify(legacy) }).where('id', '=', DEFAULT_BOT_ID).execute();
    const loaded = await store.load();
    expect(loaded.answerThreshold).toBe(0.7);
    expect(loaded.promotions).toEqual([{ ...PASTED_PROMOTION, content: SANITISED_CONTENT, categories: ['优惠活动'] }]);
  });
});

describe('PATCH /api/v1/bot/settings with promotions', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await TEST_BACKENDS[0].open();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('serves the sanitised promotion and refuses a planted one with a validation issue', async () => {
    const store = new BotSettingsStore(database, DEFAULT_BOT);
    const bot = await createBot({ knowledge: new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID }), settings: parseBotSettings({}) });
    const guarded = guardedApp(database);
    await botSettingsRoutes(guarded.app, { botFor: async () => ({ bot, settings: store }) });
    const supervisor = await guarded.signIn('xiaoliu@shop.cn', 'supervisor');
    const app = { inject: (options: InjectOptions) => guarded.injectAs(supervisor, options), close: () => guarded.app.close() };
    try {
      const ok = await app.inject({ method: 'PATCH', url: BOT_SETTINGS_PATH, payload: { promotions: [PASTED_PROMOTION] } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().settings.promotions[0].content).toEqual(SANITISED_CONTENT);
      expect(bot.settings.promotions[0].content).toEqual(SANITISED_CONTENT);

      for (const [, planted, path] of REFUSED) {
        const res = await app.inject({ method: 'PATCH', url: BOT_SETTINGS_PATH, payload: { promotions: [planted] } });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'WENDU_VALIDATION', details: { issues: expect.arrayContaining([expect.objectContaining({ path })]) } });
      }
      const shown = (await app.inject({ method: 'GET', url: BOT_SETTINGS_PATH })).json().settings.promotions;
      expect(shown.map((p: { id: string }) => p.id)).toEqual(['double-11']);
      expect(JSON.stringify(shown)).not.toMatch(/<|javascript:|data:/i);
    } finally {
      await app.close();
      bot.close();
    }
  });
});
