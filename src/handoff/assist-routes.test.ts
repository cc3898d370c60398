/**
 * `GET /api/v1/agent/conversations/:id/assist` behind the real access guard, over a real
 * conversation: the real engine answers the customer from the demo knowledge, every message is
 * stored in the real database (SQLite and PostgreSQL), and the route reads them back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID, principalOf } from '../auth/access.js';
import { guardedApp, type GuardedApp, type SignedIn } from '../auth/test-operators.js';
import { parseBotSettings } from '../config/settings.js';
import { ConversationService } from '../conversation/service.js';
import { TEST_SCOPE } from '../conversation/test-fixture.js';
import { createBot, type BotApi } from '../dialog/bot.js';
import { ConversationEngine } from '../dialog/engine.js';
import { WenduError } from '../errors/index.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { FlowRunner } from '../flows/runner.js';
import { FlowService } from '../flows/service.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import type { Assist } from './assist.js';
import { AGENT_CONVERSATIONS_PREFIX, assistRoutes, recentMessages } from './assist-routes.js';

describe.each(TEST_BACKENDS)('agent assist route on $name', (backend) => {
  let database: TestDatabase;
  let bot: BotApi;
  let conversations: ConversationService;
  let engine: ConversationEngine;
  let guarded: GuardedApp;
  let agent: SignedIn;
  let conversationId: string;
  /** Ids the resolver was asked for, with the asking agent's workspace: the route passes both. */
  const resolved: { id: string; workspaceId: string }[] = [];

  beforeAll(async () => {
    database = await backend.open();
    const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
    await loadDemoIfEmpty(knowledge);
    bot = await createBot({ knowledge, settings: parseBotSettings({}) });
    conversations = new ConversationService(database, new MemoryEventBus(), TEST_SCOPE);
    engine = new ConversationEngine({
      conversations,
      bot,
      flows: new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID }),
      runner: new FlowRunner({ allowedHosts: [] }),
      botSecret: 'assist-test-secret',
      env: {},
    });

    guarded = guardedApp(database);
    // What the lead's wiring does with the registry: the agent's workspace must own the conversation.
    await guarded.app.register(assistRoutes, {
      async conversationOf(request, id) {
        const { workspaceId } = principalOf(request);
        resolved.push({ id, workspaceId });
        if (workspaceId !== TEST_SCOPE.workspaceId) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId: id });
        const conversation = await conversations.get(id);
        return { bot, messages: await recentMessages(conversations, id), channel: conversation.channel };
      },
    });
    agent = await guarded.signIn(`agent-${backend.name}@wendu.test`, 'agent');

    const { conversation } = await engine.open({ channel: 'web', profile: { name: '小王' } });
    conversationId = conversation.id;
    let n = 0;
    for (const text of ['在吗', '买的鞋不合适咋退', '订单号202611110001234567', '等了好久了！！人呢？？']) {
      await engine.handleCustomerMessage(conversationId, { text, clientMessageId: `c-${++n}` });
    }
  });

  afterAll(async () => {
    await guarded?.app.close();
    bot?.close();
    await database?.dispose();
  });

  const assistPath = (id: string) => `${AGENT_CONVERSATIONS_PREFIX}/${id}/assist`;

  it('gives the agent suggestions, emotion with a warning, entities and a summary', async () => {
    const res = await guarded.injectAs(agent, { method: 'GET', url: assistPath(conversationId) });
    expect(res.statusCode).toBe(200);
    const body = res.json<Assist>();
    expect(resolved.at(-1)).toEqual({ id: conversationId, workspaceId: DEFAULT_WORKSPACE_ID });
    // The impatient last message asks nothing: the suggestions answer the return question.
    expect(body.suggestionsFor?.text).toBe('买的鞋不合适咋退');
    expect(body.suggestions[0]).toMatchObject({ entryId: 'shop-return-process', question: '怎么申请退货？' });
    expect(body.suggestions[0].answer).toContain('申请售后');
    expect(body.suggestions.length).toBeLessThanOrEqual(3);
    expect(['negative', 'angry']).toContain(body.emotion.label);
    expect(body.warning?.zh).toMatch(/顾客情绪/);
    // Entities come from the customer's messages only — never from the bot's replies.
    expect(body.entities.map((e) => [e.type, e.value])).toEqual([['order_number', '202611110001234567']]);
    expect(body.summary).toMatch(/^顾客想退货：买的鞋不合适咋退；订单号 202611110001234567；已等了很久，情绪(不满|激动)$/);
  });

  it('follows the conversation: a new question moves the suggestions', async () => {
    const { conversation } = await engine.open({ channel: 'web', profile: { name: '阿芳' } });
    await engine.handleCustomerMessage(conversation.id, { text: '退货运费谁出', clientMessageId: 'a-1' });
    const first = (await guarded.injectAs(agent, { method: 'GET', url: assistPath(conversation.id) })).json<Assist>();
    expect(first.suggestions[0].entryId).toBe('shop-return-shipping-fee');
    expect(first.warning).toBeNull();
    await engine.handleCustomerMessage(conversation.id, { text: '发漂怎么开', clientMessageId: 'a-2' });
    const second = (await guarded.injectAs(agent, { method: 'GET', url: assistPath(conversation.id) })).json<Assist>();
    expect(second.suggestions[0].entryId).toBe('shop-invoice-how');
  });

  it('refuses anonymous callers', async () => {
    const res = await guarded.app.inject({ method: 'GET', url: assistPath(conversationId) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('WENDU_UNAUTHENTICATED');
  });

  it('an unknown conversation is 404', async () => {
    const res = await guarded.injectAs(agent, { method: 'GET', url: assistPath('conv_nope') });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('WENDU_CONVERSATION_NOT_FOUND');
  });

  it('an agent of another workspace gets 404, not the conversation', async () => {
    const stranger = await guarded.signIn(`stranger-${backend.name}@wendu.test`, 'agent', 'other-shop');
    const res = await guarded.injectAs(stranger, { method: 'GET', url: assistPath(conversationId) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('WENDU_CONVERSATION_NOT_FOUND');
    expect(resolved.at(-1)).toEqual({ id: conversationId, workspaceId: 'other-shop' });
  });

  it('recentMessages reads only the latest messages, oldest first', async () => {
    const all = await recentMessages(conversations, conversationId);
    expect(all.map((m) => m.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.filter((m) => m.sender === 'customer').map((m) => m.text)).toEqual(['在吗', '买的鞋不合适咋退', '订单号202611110001234567', '等了好久了！！人呢？？']);
    const latest = await recentMessages(conversations, conversationId, 2);
    expect(latest.map((m) => m.seq)).toEqual([all.length - 1, all.length]);
  });
});
