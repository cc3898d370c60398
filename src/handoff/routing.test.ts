/** Topic → skill group: category routes before tag routes, operator order within each, else the default group. */
import { describe, expect, it } from 'vitest';
import { chooseGroup, routeToGroup, type HandoffTopic } from './routing.js';
import { DEFAULT_HANDOFF_SETTINGS, HandoffSettingsSchema } from './types.js';

const SETTINGS = HandoffSettingsSchema.parse({
  groups: [
    { id: 'general', name: '综合', alwaysOpen: true },
    { id: 'presales', name: '售前' },
    { id: 'aftersales', name: '售后' },
    { id: 'complaints', name: '投诉' },
    { id: 'vip', name: 'VIP 专席' },
  ],
  defaultGroupId: 'general',
  topicRoutes: [
    { tag: 'VIP', groupId: 'vip' },
    { category: '售后', groupId: 'aftersales' },
    { category: '售前', groupId: 'presales' },
    { tag: '投诉', groupId: 'complaints' },
    { category: '物流', tag: '投诉', groupId: 'complaints' },
    { category: '物流', groupId: 'aftersales' },
  ],
});

describe('chooseGroup', () => {
  it.each<[string, HandoffTopic | null, string, string]>([
    ['退货退款 is 售后', { category: '售后', tags: ['退货'] }, 'aftersales', 'category'],
    ['优惠券 is 售前', { category: '售前', tags: [] }, 'presales', 'category'],
    ['the category wins over an earlier tag route', { category: '售后', tags: ['VIP'] }, 'aftersales', 'category'],
    ['a tag routes when no category route matches', { category: '账号', tags: ['vip'] }, 'vip', 'tag'],
    ['full-width tag still matches', { category: null, tags: ['ＶＩＰ'] }, 'vip', 'tag'],
    ['a route naming category and tag needs both', { category: '物流', tags: ['投诉'] }, 'complaints', 'category'],
    ['…and with the category alone the next route decides', { category: '物流', tags: ['催单'] }, 'aftersales', 'category'],
    ['tag-only routes keep the operator order', { category: null, tags: ['投诉', 'VIP'] }, 'vip', 'tag'],
    ['an unknown topic goes to the default group', { category: '闲聊', tags: ['表情包😂'] }, 'general', 'default'],
    ['no topic at all (the customer just said 转人工)', null, 'general', 'default'],
  ])('%s', (_name, topic, groupId, rule) => {
    expect(chooseGroup(SETTINGS, topic).id).toBe(groupId);
    expect(routeToGroup(SETTINGS, topic).matchedBy.rule).toBe(rule);
  });

  it('records which route matched', () => {
    expect(routeToGroup(SETTINGS, { category: '售前', tags: [] }).matchedBy).toEqual({ rule: 'category', routeIndex: 2 });
  });

  it('the default settings send everything to the one 7×24 group', () => {
    expect(chooseGroup(DEFAULT_HANDOFF_SETTINGS, { category: '售后', tags: ['退货'] })).toMatchObject({ id: 'default', alwaysOpen: true });
  });

  it('a route to a group that no longer exists falls back to the default group', () => {
    const stale = { ...SETTINGS, topicRoutes: [{ category: '售后', groupId: 'gone' }] };
    expect(routeToGroup(stale, { category: '售后', tags: [] })).toMatchObject({ group: { id: 'general' }, matchedBy: { rule: 'default' } });
  });
});
