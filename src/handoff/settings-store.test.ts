/**
 * Hand-off settings per bot, on SQLite and PostgreSQL: defaults until saved, saved whole with
 * an audit record, refused whole when groups, routes, hours or zones do not hang together,
 * and never visible across workspaces.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { AuditLog } from '../audit/audit-log.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { BotDirectory } from '../workspaces/bots.js';
import { HandoffSettingsStore, type HandoffSettingsChange } from './settings-store.js';
import { SHOP_HANDOFF } from './test-fixture.js';
import { DEFAULT_HANDOFF_SETTINGS } from './types.js';

const ADMIN = 'user:laowang@shop.cn';
describe.each(TEST_BACKENDS)('hand-off settings on $name', (backend) => {
  let database: TestDatabase;
  let store: HandoffSettingsStore;

  beforeEach(async () => {
    database = await backend.open();
    store = new HandoffSettingsStore(database);
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('a bot nobody configured reaches one group around the clock', async () => {
    expect(await store.load(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID)).toEqual(DEFAULT_HANDOFF_SETTINGS);
  });

  it('keeps what an admin saved across a reopen, with defaults filled in, and tells listeners', async () => {
    const heard: HandoffSettingsChange[] = [];
    store.onChange((change) => heard.push(change));
    const saved = await store.update(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, SHOP_HANDOFF, ADMIN);
    expect(saved.groups.map((g) => g.id)).toEqual(['presales', 'aftersales', 'complaints']);
    expect(saved.groups[0]).toMatchObject({ alwaysOpen: false, chineseCalendar: true, timeZone: 'Asia/Shanghai', closures: [] });
    expect(saved.offerTimeoutSeconds).toBe(DEFAULT_HANDOFF_SETTINGS.offerTimeoutSeconds);
    expect(heard).toEqual([{ workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID, settings: saved }]);
    const reopened = await database.reopen();
    try {
      expect(await new HandoffSettingsStore(reopened).load(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID)).toEqual(saved);
    } finally {
      await reopened.close();
    }
  });

  it('replaces the settings whole: a group left out is gone', async () => {
    await store.update(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, SHOP_HANDOFF, ADMIN);
    await store.update(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, { groups: [SHOP_HANDOFF.groups[1]], defaultGroupId: 'aftersales' }, ADMIN);
    const now = await store.load(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID);
    expect(now.groups.map((g) => g.id)).toEqual(['aftersales']);
    expect(now.topicRoutes).toEqual([]);
    expect(now.maxWaitSeconds).toBe(DEFAULT_HANDOFF_SETTINGS.maxWaitSeconds);
  });

  it('records who changed the hours, before and after', async () => {
    await store.update(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, SHOP_HANDOFF, ADMIN);
    const { items } = await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID, { targetType: 'bot_handoff' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actor: ADMIN, action: 'updated', targetId: DEFAULT_BOT_ID, before: DEFAULT_HANDOFF_SETTINGS });
    expect((items[0]!.after as { defaultGroupId: string }).defaultGroupId).toBe('presales');
  });

  const withGroup = (i: number, change: object) => ({ ...SHOP_HANDOFF, groups: SHOP_HANDOFF.groups.map((g, k) => (k === i ? { ...g, ...change } : g)) });
  it.each([
    ['a default group that does not exist', { ...SHOP_HANDOFF, defaultGroupId: 'vip' }, 'defaultGroupId', 'unknown_group'],
    ['a route to a group that does not exist', { ...SHOP_HANDOFF, topicRoutes: [{ category: '物流', groupId: 'logistics' }] }, 'topicRoutes.0.groupId', 'unknown_group'],
    ['a route naming neither category nor tag', { ...SHOP_HANDOFF, topicRoutes: [{ groupId: 'presales' }] }, 'topicRoutes.0', 'empty_route'],
    ['two groups with one id', { ...SHOP_HANDOFF, groups: [...SHOP_HANDOFF.groups, { id: 'presales', name: '售前二组' }] }, 'groups.3.id', 'duplicate_group'],
    ['a range through the night written backwards', withGroup(1, { weekly: { '5': [{ from: '22:00', to: '02:00' }] } }), 'groups.1.weekly.5.0', 'empty_range'],
    ['overlapping ranges on one day', withGroup(0, { weekly: { '1': [{ from: '09:00', to: '12:00' }, { from: '11:30', to: '18:00' }] } }), 'groups.0.weekly.1.1', 'overlapping_ranges'],
    ['a time zone that does not exist', withGroup(2, { timeZone: 'Asia/Beijing' }), 'groups.2.timeZone', 'unknown_time_zone'],
    ['a closure on 2 月 30 日', withGroup(1, { closures: [{ date: '2026-02-30', reason: '团建' }] }), 'groups.1.closures.0.date', 'invalid_date'],
    ['a time like 9 点', withGroup(0, { weekly: { '1': [{ from: '9:00', to: '18:00' }] } }), 'groups.0.weekly.1.0.from', 'invalid_format'],
    ['a field the schema does not know', { ...SHOP_HANDOFF, vipFirst: true }, '', 'unrecognized_keys'],
    ['no groups at all', { ...SHOP_HANDOFF, groups: [] }, 'groups', 'too_small'],
  ])('refuses %s and keeps what was stored', async (_name, input, path, code) => {
    await store.update(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, SHOP_HANDOFF, ADMIN);
    const error = await store.update(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, input, ADMIN).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WENDU_VALIDATION' });
    expect((error as { details: { issues: unknown[] } }).details.issues).toContainEqual(expect.objectContaining({ path, code }));
    expect((await store.load(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID)).defaultGroupId).toBe('presales');
    expect((await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID, { targetType: 'bot_handoff' })).items).toHaveLength(1);
  });

  it('reports every problem at once', async () => {
    const error = await store.update(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, { ...withGroup(2, { timeZone: 'Mars/Olympus' }), defaultGroupId: 'nobody' }, ADMIN).catch((e: unknown) => e);
    expect((error as { details: { issues: Array<{ path: string }> } }).details.issues.map((i) => i.path)).toEqual(['groups.2.timeZone', 'defaultGroupId']);
  });

  it('one workspace never reads or writes another workspace’s bot', async () => {
    const bots = new BotDirectory(database);
    const { bot: other } = await bots.create('shop-b', { name: '乙店小助手' }, 'user:boss@shop-b.cn');
    await store.update('shop-b', other.id, SHOP_HANDOFF, 'user:boss@shop-b.cn');
    await expect(store.load(DEFAULT_WORKSPACE_ID, other.id)).rejects.toMatchObject({ code: 'WENDU_BOT_NOT_FOUND' });
    await expect(store.update(DEFAULT_WORKSPACE_ID, other.id, { groups: [{ id: 'x', name: '抢' }], defaultGroupId: 'x' }, ADMIN)).rejects.toMatchObject({ code: 'WENDU_BOT_NOT_FOUND' });
    await expect(store.load('shop-b', DEFAULT_BOT_ID)).rejects.toMatchObject({ code: 'WENDU_BOT_NOT_FOUND' });
    expect((await store.load('shop-b', other.id)).defaultGroupId).toBe('presales');
    expect(await store.load(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID)).toEqual(DEFAULT_HANDOFF_SETTINGS);
    expect((await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID, { targetType: 'bot_handoff' })).items).toEqual([]);
  });

  it('a bot from before hand-off settings (upgraded database) uses the defaults', async () => {
    const old = await backend.open({ migrateUpTo: '0007-bots-and-conversations' });
    try {
      const upgraded = await old.reopen();
      try {
        expect(await new HandoffSettingsStore(upgraded).load(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID)).toEqual(DEFAULT_HANDOFF_SETTINGS);
      } finally {
        await upgraded.close();
      }
    } finally {
      await old.dispose();
    }
  });
});
