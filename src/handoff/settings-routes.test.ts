/**
 * GET/PUT /api/v1/bot/handoff behind the real access guard, on SQLite and PostgreSQL:
 * supervisors read, admins write, each sees the groups' availability at a fixed clock, and a
 * workspace never reaches another workspace's bot.
 */
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { principalOf } from '../auth/access.js';
import { guardedApp, type GuardedApp, type SignedIn } from '../auth/test-operators.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { BotDirectory } from '../workspaces/bots.js';
import { HANDOFF_SETTINGS_PATH, handoffSettingsRoutes } from './settings-routes.js';
import { HandoffSettingsStore } from './settings-store.js';
import { SHOP_HANDOFF } from './test-fixture.js';

/** 2026-10-01 10:00 in Beijing: 国庆. 售前 and 投诉 follow the calendar and are closed; 售后 too (it follows it by default). */
const NATIONAL_DAY_MORNING = new Date('2026-10-01T10:00:00+08:00');
const SHOP_A = 'shop-a';
const SHOP_B = 'shop-b';

describe.each(TEST_BACKENDS)('/api/v1/bot/handoff on $name', (backend) => {
  let database: TestDatabase;
  let guarded: GuardedApp;
  let bots: BotDirectory;
  let admin: SignedIn;
  let supervisor: SignedIn;
  let agent: SignedIn;
  const as = (who: SignedIn, options: InjectOptions) => guarded.injectAs(who, options);

  beforeEach(async () => {
    database = await backend.open();
    bots = new BotDirectory(database);
    guarded = guardedApp(database);
    await handoffSettingsRoutes(guarded.app, {
      store: new HandoffSettingsStore(database),
      // As the server does: the caller's workspace's named bot, else its first.
      botFor: async (request, botId) => {
        const { workspaceId } = principalOf(request);
        const bot = botId ? await bots.get(workspaceId, botId) : await bots.ensureFirst(workspaceId, 'system');
        return { workspaceId, botId: bot.id };
      },
      now: () => NATIONAL_DAY_MORNING,
    });
    admin = await guarded.signIn('laowang@shop-a.cn', 'admin', SHOP_A);
    supervisor = await guarded.signIn('xiaoliu@shop-a.cn', 'supervisor', SHOP_A);
    agent = await guarded.signIn('xiaomei@shop-a.cn', 'agent', SHOP_A);
  });
  afterEach(async () => {
    await guarded.app.close();
    await database.dispose();
  });

  it('a supervisor sees the defaults: one group open around the clock, even on 国庆', async () => {
    const res = await as(supervisor, { method: 'GET', url: HANDOFF_SETTINGS_PATH });
    expect(res.statusCode).toBe(200);
    expect(res.json().settings.groups).toEqual([expect.objectContaining({ id: 'default', name: '人工客服', alwaysOpen: true })]);
    expect(res.json().availability).toEqual({ default: { open: true, opensAt: null, hoursText: '7×24 小时' } });
  });

  it('an admin saves the shop’s hours and sees at once what customers will be told', async () => {
    const put = await as(admin, { method: 'PUT', url: HANDOFF_SETTINGS_PATH, payload: SHOP_HANDOFF });
    expect(put.statusCode).toBe(200);
    const { settings, availability } = put.json();
    expect(settings.defaultGroupId).toBe('presales');
    expect(availability.presales).toEqual({
      open: false,
      opensAt: '2026-10-08T01:00:00.000Z',
      hoursText: '周一至周五 9:00–18:00，周六 10:00–16:00，法定节假日休息（今天国庆节休息）',
    });
    expect(availability.aftersales).toMatchObject({ open: false, opensAt: '2026-10-08T01:00:00.000Z' });
    const get = await as(supervisor, { method: 'GET', url: HANDOFF_SETTINGS_PATH, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(get.json().settings).toEqual(settings);
    expect(get.json().availability.aftersales.hoursText).toBe('Daily 9:00–22:00; closed on public holidays (closed today for National Day)');
  });

  it('only admins change the hours; agents do not even read them here', async () => {
    expect((await as(supervisor, { method: 'PUT', url: HANDOFF_SETTINGS_PATH, payload: SHOP_HANDOFF })).statusCode).toBe(403);
    expect((await as(agent, { method: 'GET', url: HANDOFF_SETTINGS_PATH })).statusCode).toBe(403);
    expect((await guarded.app.inject({ method: 'GET', url: HANDOFF_SETTINGS_PATH })).statusCode).toBe(401);
    expect((await as(supervisor, { method: 'GET', url: HANDOFF_SETTINGS_PATH })).json().settings.groups[0].id).toBe('default');
  });

  it('refuses settings that send customers nowhere, naming the field', async () => {
    const res = await as(admin, { method: 'PUT', url: HANDOFF_SETTINGS_PATH, payload: { ...SHOP_HANDOFF, topicRoutes: [{ category: '物流', groupId: 'logistics' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'WENDU_VALIDATION', details: { issues: [{ path: 'topicRoutes.0.groupId', code: 'unknown_group' }] } });
    expect((await as(admin, { method: 'GET', url: HANDOFF_SETTINGS_PATH })).json().settings.groups[0].id).toBe('default');
  });

  it('names a bot with ?botId=, and another workspace’s bot is not found', async () => {
    await bots.ensureFirst(SHOP_A, admin.actor);
    const { bot: second } = await bots.create(SHOP_A, { name: '甲店售后机器人' }, admin.actor);
    expect((await as(admin, { method: 'PUT', url: `${HANDOFF_SETTINGS_PATH}?botId=${second.id}`, payload: SHOP_HANDOFF })).statusCode).toBe(200);
    expect((await as(admin, { method: 'GET', url: `${HANDOFF_SETTINGS_PATH}?botId=${second.id}` })).json().settings.defaultGroupId).toBe('presales');
    // The workspace's first bot is untouched.
    expect((await as(admin, { method: 'GET', url: HANDOFF_SETTINGS_PATH })).json().settings.defaultGroupId).toBe('default');

    const rival = await guarded.signIn('boss@shop-b.cn', 'admin', SHOP_B);
    const peek = await as(rival, { method: 'GET', url: `${HANDOFF_SETTINGS_PATH}?botId=${second.id}` });
    expect(peek.statusCode).toBe(404);
    expect(peek.json().error.code).toBe('WENDU_BOT_NOT_FOUND');
    const overwrite = await as(rival, { method: 'PUT', url: `${HANDOFF_SETTINGS_PATH}?botId=${second.id}`, payload: { groups: [{ id: 'x', name: '抢单' }], defaultGroupId: 'x' } });
    expect(overwrite.statusCode).toBe(404);
    expect((await as(admin, { method: 'GET', url: `${HANDOFF_SETTINGS_PATH}?botId=${second.id}` })).json().settings.defaultGroupId).toBe('presales');
  });
});
