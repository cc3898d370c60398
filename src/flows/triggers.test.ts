import { describe, expect, it } from 'vitest';
import { findTrigger, matchTrigger } from './triggers.js';
import type { FlowStatus, FlowTrigger } from './schemas.js';

const f = (id: string, trigger: FlowTrigger, status?: FlowStatus) => ({ id, trigger, status });
const FLOWS = [
  f('welcome', { onConversationStart: true }),
  f('order-status', { keywords: ['查订单', '订单状态', '我的订单到哪了'], events: ['order-status-requested'] }),
  f('order-general', { keywords: ['订单'] }),
  f('return-request', { keywords: ['我要退货'], entryIds: ['shop-return-process'], events: ['return-requested'] }),
  f('old-return', { keywords: ['退货'], events: ['return-requested'] }, 'archived'),
];

describe('findTrigger', () => {
  it.each([
    [{ text: '我的訂單到哪了？？' }, 'order-status', 'keyword'],
    [{ text: '订单能合并吗' }, 'order-general', 'keyword'],
    [{ text: '查 订 单' }, 'order-status', 'keyword'],
    [{ entryId: 'shop-return-process', text: '查订单' }, 'return-request', 'entry'],
    [{ event: 'order-status-requested', entryId: 'shop-return-process' }, 'order-status', 'event'],
    [{ conversationStart: true }, 'welcome', 'conversation_start'],
    [{ conversationStart: true, text: '我要退货' }, 'return-request', 'keyword'],
  ])('%j → %s by %s', (input, id, by) => {
    const match = matchTrigger(FLOWS, input);
    expect(match?.flow.id).toBe(id);
    expect(match?.by).toBe(by);
  });

  it('archived and draft flows never trigger; nothing matching gives null', () => {
    expect(findTrigger(FLOWS, { text: '退货运费谁出' })).toBeNull();
    expect(findTrigger([f('draft', { keywords: ['发票'] }, 'draft')], { text: '开发票' })).toBeNull();
    expect(findTrigger(FLOWS, { event: 'return-requested' })?.id).toBe('return-request');
    expect(findTrigger(FLOWS, {})).toBeNull();
  });
});
