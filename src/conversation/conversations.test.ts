import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { TEST_BACKENDS } from '../store/testing.js';
import { ANONYMOUS_EXTERNAL_ID_PREFIX } from './ids.js';
import { CLOCK_START, openConversationFixture, type ConversationFixture } from './test-fixture.js';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  return isWenduError(err) ? err.code : String(err);
}

interface FlowState {
  flow: string;
  slots: Record<string, string>;
}

describe.each(TEST_BACKENDS)('customers and conversations on $name', (backend) => {
  let fx: ConversationFixture;
  beforeEach(async () => {
    fx = await openConversationFixture(backend);
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('gives an anonymous visitor a generated external id', async () => {
    const a = await fx.service.upsertCustomer({ name: '游客' }, { verified: false });
    const b = await fx.service.upsertCustomer({}, { verified: false });
    expect(a.externalId.startsWith(ANONYMOUS_EXTERNAL_ID_PREFIX)).toBe(true);
    expect(a.externalId).not.toBe(b.externalId);
    expect(a).toMatchObject({ name: '游客', tags: [], vipLevel: 0, attributes: {}, verified: false });
  });

  it('creates a verified customer once and updates it from later profiles', async () => {
    const profile = { externalId: 'u-10086', name: '陈小姐', tags: ['老客户'], vipLevel: 3, channel: 'app', attributes: { 城市: '杭州' } };
    const created = await fx.service.upsertCustomer(profile, { verified: true });
    const updated = await fx.service.upsertCustomer({ externalId: 'u-10086', vipLevel: 4 }, { verified: true });
    expect(updated.id).toBe(created.id);
    expect(updated).toMatchObject({ name: '陈小姐', tags: ['老客户'], vipLevel: 4, channel: 'app', attributes: { 城市: '杭州' }, verified: true });
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    expect(await fx.service.getCustomer(created.id)).toEqual(updated);
  });

  it('does not let an unsigned profile claim VIP treatment or a verified customer', async () => {
    const visitor = await fx.service.upsertCustomer({ externalId: 'anon-selfmade', name: '我是VIP', tags: ['VIP'], vipLevel: 9 }, { verified: false });
    expect(visitor).toMatchObject({ name: '我是VIP', tags: [], vipLevel: 0, verified: false });
    await fx.service.upsertCustomer({ externalId: 'u-boss', name: '王总', vipLevel: 5 }, { verified: true });
    // Regression (issue 6, finding 10): naming a known customer's id unsigned gives a NEW
    // anonymous visitor — never their id, never their name or tags.
    const boss = await fx.service.upsertCustomer({ externalId: 'u-boss' }, { verified: true });
    const impostor = await fx.service.upsertCustomer({ externalId: 'u-boss', name: '冒充王总' }, { verified: false });
    expect(impostor.id).not.toBe(boss.id);
    expect(impostor.externalId.startsWith(ANONYMOUS_EXTERNAL_ID_PREFIX)).toBe(true);
    expect(await fx.service.getCustomer(boss.id)).toMatchObject({ name: '王总', vipLevel: 5, verified: true });
    expect(await codeOf(fx.service.upsertCustomer({ name: '没有 id' }, { verified: true }))).toBe('WENDU_VALIDATION');
    expect(await codeOf(fx.service.upsertCustomer({ externalId: 'u-1', vipLevel: 1.5 }, { verified: true }))).toBe('WENDU_VALIDATION');
  });

  it('lets an anonymous visitor come back by the id Wendu gave them, but nobody claim a site id unsigned', async () => {
    const visitor = await fx.service.upsertCustomer({ name: '小美' }, { verified: false });
    const back = await fx.service.upsertCustomer({ externalId: visitor.externalId, name: '小美美' }, { verified: false });
    expect(back).toMatchObject({ id: visitor.id, name: '小美美' });
    // A shop user id typed by hand (guessable) never names a customer: each open is a new visitor,
    // so nobody can pre-claim 'u-10086' before the real customer's signed visit.
    const first = await fx.service.upsertCustomer({ externalId: 'u-10086', name: '陈小姐' }, { verified: false });
    const second = await fx.service.upsertCustomer({ externalId: 'u-10086', name: '也是陈小姐？' }, { verified: false });
    expect(first.id).not.toBe(second.id);
    expect([first.externalId, second.externalId].every((id) => id.startsWith(ANONYMOUS_EXTERNAL_ID_PREFIX))).toBe(true);
    const real = await fx.service.upsertCustomer({ externalId: 'u-10086', name: '陈小姐' }, { verified: true });
    expect(real.id).not.toBe(first.id);
    expect(real.id).not.toBe(second.id);
  });

  it('creates one customer for parallel first visits', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => fx.service.upsertCustomer({ externalId: 'u-rush', name: '抢购的李先生' }, { verified: true })));
    expect(new Set(results.map((c) => c.id)).size).toBe(1);
  });

  it('starts a conversation and announces it', async () => {
    const customer = await fx.service.upsertCustomer({ name: '小李' }, { verified: false });
    const conversation = await fx.service.start({ channel: 'web', customer });
    expect(conversation).toMatchObject({ customerId: customer.id, channel: 'web', status: 'open', lastSeq: 0, stateVersion: 0 });
    expect(await fx.service.get(conversation.id)).toEqual(conversation);
    expect(fx.events.map((e) => e.name)).toEqual(['conversation.started']);
    expect(fx.events[0].payload).toEqual({ conversationId: conversation.id, customerId: customer.id, channel: 'web' });
    expect(await codeOf(fx.service.start({ channel: 'fax' as never, customer }))).toBe('WENDU_VALIDATION');
  });

  it('resumes a conversation for its owner only', async () => {
    const owner = await fx.service.upsertCustomer({ externalId: 'u-owner', name: '张三' }, { verified: true });
    const stranger = await fx.service.upsertCustomer({ name: '路人' }, { verified: false });
    const conversation = await fx.service.start({ channel: 'web', customer: owner });
    await fx.service.append(conversation.id, { sender: 'customer', text: '我的订单还没发货', content: [] });
    const resumed = await fx.service.start({ channel: 'web', customer: owner, conversationId: conversation.id });
    expect(resumed).toMatchObject({ id: conversation.id, lastSeq: 1 });
    expect(await codeOf(fx.service.start({ channel: 'web', customer: stranger, conversationId: conversation.id }))).toBe('WENDU_FORBIDDEN');
    expect(await codeOf(fx.service.start({ channel: 'web', customer: owner, conversationId: 'cv-gone' }))).toBe('WENDU_CONVERSATION_NOT_FOUND');
    expect(await codeOf(fx.service.get('cv-gone'))).toBe('WENDU_CONVERSATION_NOT_FOUND');
    expect(fx.events.filter((e) => e.name === 'conversation.started')).toHaveLength(1);
  });

  it('saves dialog state with optimistic concurrency', async () => {
    const customer = await fx.service.upsertCustomer({}, { verified: false });
    const { id } = await fx.service.start({ channel: 'api', customer });
    expect(await fx.service.loadState<FlowState>(id)).toEqual({ state: null, version: 0 });

    const v1 = await fx.service.saveState(id, { flow: 'order-status', slots: {} } satisfies FlowState, 0);
    expect(v1).toBe(1);
    // Two turns read version 1; the first save wins, the second must reload and retry.
    const v2 = await fx.service.saveState(id, { flow: 'order-status', slots: { orderNo: 'WD20260308001' } }, 1);
    expect(v2).toBe(2);
    const err = await fx.service.saveState(id, { flow: 'return', slots: {} }, 1).catch((e: unknown) => e);
    expect(isWenduError(err) && err.code).toBe('WENDU_STATE_CONFLICT');
    expect(isWenduError(err) && err.details).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect(await fx.service.loadState<FlowState>(id)).toEqual({ state: { flow: 'order-status', slots: { orderNo: 'WD20260308001' } }, version: 2 });
    expect(fx.events.filter((e) => e.name === 'conversation.state_changed').map((e) => e.payload)).toEqual([
      { conversationId: id, version: 1 },
      { conversationId: id, version: 2 },
    ]);
    expect(await codeOf(fx.service.saveState('cv-gone', {}, 0))).toBe('WENDU_CONVERSATION_NOT_FOUND');
    expect(await codeOf(fx.service.loadState('cv-gone'))).toBe('WENDU_CONVERSATION_NOT_FOUND');
  });

  it('lets exactly one of two parallel state saves win', async () => {
    const customer = await fx.service.upsertCustomer({}, { verified: false });
    const { id } = await fx.service.start({ channel: 'web', customer });
    const results = await Promise.allSettled([
      fx.service.saveState(id, { flow: 'a', slots: {} }, 0),
      fx.service.saveState(id, { flow: 'b', slots: {} }, 0),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await fx.service.loadState(id)).version).toBe(1);
  });

  it('counts how often each knowledge entry was answered', async () => {
    const customer = await fx.service.upsertCustomer({}, { verified: false });
    const { id } = await fx.service.start({ channel: 'web', customer });
    const answer = (entryId: string, replyTo: number) =>
      fx.service.append(id, { sender: 'bot', text: '答复', content: [{ type: 'text', text: '答复' }], meta: { replyTo, entryId } });
    await fx.service.append(id, { sender: 'customer', text: '怎么退货', content: [] });
    await answer('kb-return', 1);
    await answer('kb-invoice', 1);
    await answer('kb-return', 1);
    const cutoff = new Date(CLOCK_START + 1000 * 60).toISOString(); // after everything so far
    // An agent quoting an entry is not the bot answering it.
    await fx.service.append(id, { sender: 'agent', text: '人工答复', content: [], meta: { entryId: 'kb-return' } });
    expect(await fx.service.entryAnswerCounts({ limit: 10 })).toEqual([
      { entryId: 'kb-return', count: 2 },
      { entryId: 'kb-invoice', count: 1 },
    ]);
    expect(await fx.service.entryAnswerCounts({ limit: 1 })).toEqual([{ entryId: 'kb-return', count: 2 }]);
    expect(await fx.service.entryAnswerCounts({ since: cutoff, limit: 10 })).toEqual([]);
    expect(await codeOf(fx.service.entryAnswerCounts({ since: '昨天', limit: 10 }))).toBe('WENDU_VALIDATION');
  });
});
