/**
 * A customer's data on request and the retention period, on SQLite and PostgreSQL: export gives
 * every message; erase removes the customer everywhere (conversations, messages, hand-offs,
 * ratings, feedback, what learning kept) and nobody else; retention deletes the text of silent
 * conversations and keeps what analytics count.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerFeedbackService } from '../conversation/answer-feedback.js';
import type { Conversation, Customer } from '../conversation/schemas.js';
import { CLOCK_START, openConversationFixture, TEST_SCOPE, type ConversationFixture } from '../conversation/test-fixture.js';
import { UnresolvedInbox } from '../learning/inbox.js';
import { TEST_BACKENDS } from '../store/testing.js';
import { CustomerData } from './customer-data.js';

const DAY_MS = 24 * 3600 * 1000;

describe.each(TEST_BACKENDS)('customer data ($name)', (backend) => {
  let fx: ConversationFixture;
  let data: CustomerData;
  let amy: Customer;
  let bob: Customer;
  let amysChat: Conversation;
  let bobsChat: Conversation;

  beforeEach(async () => {
    fx = await openConversationFixture(backend);
    data = new CustomerData(fx.database);
    amy = await fx.service.upsertCustomer({ externalId: 'amy-001', name: '阿美' }, { verified: true });
    bob = await fx.service.upsertCustomer({ externalId: 'bob-002', name: '小波' }, { verified: true });
    amysChat = await fx.service.start({ channel: 'web', customer: amy });
    bobsChat = await fx.service.start({ channel: 'web', customer: bob });
    for (const [chat, text] of [[amysChat, '我手机13812345678，退款到哪了😭'], [bobsChat, '发票怎么开']] as const) {
      await fx.service.append(chat.id, { sender: 'customer', text, content: [{ type: 'text', text }] });
      await fx.service.append(chat.id, { sender: 'bot', text: '抱歉，没找到答案', content: [{ type: 'text', text: '抱歉，没找到答案' }], meta: { replyTo: 1, action: 'fallback' } });
    }
    await new AnswerFeedbackService(fx.database).vote(fx.service, amysChat, { seq: 2, helpful: false, comment: '没用' });
    const inbox = new UnresolvedInbox(fx.database, { workspaceId: TEST_SCOPE.workspaceId });
    await inbox.recordUnresolved({ botId: TEST_SCOPE.botId, conversationId: amysChat.id, reason: 'fallback', channel: 'web', text: '退款到哪了' });
    await inbox.recordUnresolved({ botId: TEST_SCOPE.botId, conversationId: bobsChat.id, reason: 'fallback', channel: 'web', text: '发票怎么开' });
  });
  afterEach(async () => fx.dispose());

  it('exports everything stored about one customer, by id or external id', async () => {
    const byExternal = await data.exportCustomer(TEST_SCOPE.workspaceId, 'amy-001');
    expect(byExternal.customer).toMatchObject({ externalId: 'amy-001', name: '阿美' });
    expect(byExternal.conversations).toHaveLength(1);
    expect(byExternal.conversations[0].messages.map((m: any) => m.text)).toEqual(['我手机13812345678，退款到哪了😭', '抱歉，没找到答案']);
    expect(byExternal.conversations[0].answerFeedback).toMatchObject([{ helpful: false, comment: '没用' }]);
    expect((await data.exportCustomer(TEST_SCOPE.workspaceId, amy.id)).customer.id).toBe(amy.id);
    await expect(data.exportCustomer(TEST_SCOPE.workspaceId, 'nobody')).rejects.toMatchObject({ code: 'WENDU_CUSTOMER_NOT_FOUND' });
    await expect(data.exportCustomer('another-workspace', 'amy-001')).rejects.toMatchObject({ code: 'WENDU_CUSTOMER_NOT_FOUND' });
  });

  it('erases one customer everywhere and nobody else', async () => {
    expect(await data.eraseCustomer(TEST_SCOPE.workspaceId, 'amy-001')).toEqual({ conversations: 1, messages: 2 });
    const { db } = fx.database;
    expect(await db.selectFrom('customers').select('id').where('id', '=', amy.id).execute()).toEqual([]);
    for (const table of ['messages', 'answer_feedback', 'unresolved_questions'] as const) {
      expect(await db.selectFrom(table).select('conversation_id').where('conversation_id', '=', amysChat.id).execute(), table).toEqual([]);
    }
    expect(await db.selectFrom('conversations').select('id').where('id', '=', amysChat.id).execute()).toEqual([]);
    // Bob and his conversation, message and learned question are untouched; Amy's lone cluster is gone.
    expect((await data.exportCustomer(TEST_SCOPE.workspaceId, 'bob-002')).conversations[0].messages).toHaveLength(2);
    const clusters = await new UnresolvedInbox(fx.database, { workspaceId: TEST_SCOPE.workspaceId }).list();
    expect(clusters.map((c) => c.label)).toEqual(['发票怎么开']);
    await expect(data.eraseCustomer(TEST_SCOPE.workspaceId, 'amy-001')).rejects.toMatchObject({ code: 'WENDU_CUSTOMER_NOT_FOUND' });
  });

  it('after the retention period deletes the text of silent conversations and keeps what analytics count', async () => {
    await fx.database.db.insertInto('workspaces').values({ id: TEST_SCOPE.workspaceId, name: 'shop', created_at: new Date(CLOCK_START).toISOString(), retention_days: null }).onConflict((oc) => oc.column('id').doNothing()).execute();
    expect(await data.applyRetention(new Date(CLOCK_START + 365 * DAY_MS))).toBe(0);
    await data.setRetentionDays(TEST_SCOPE.workspaceId, 30);
    expect(await data.retentionDays(TEST_SCOPE.workspaceId)).toBe(30);
    // A day later nothing is old enough; 31 days later both conversations are.
    expect(await data.applyRetention(new Date(CLOCK_START + DAY_MS))).toBe(0);
    expect(await data.applyRetention(new Date(CLOCK_START + 31 * DAY_MS))).toBe(2);
    const messages = await fx.database.db.selectFrom('messages').select(['sender', 'text', 'meta']).where('conversation_id', '=', amysChat.id).orderBy('seq').execute();
    expect(messages.map((m) => [m.sender, m.text, JSON.parse(m.meta)])).toEqual([
      ['customer', '', {}],
      ['bot', '', { action: 'fallback', replyTo: 1 }],
    ]);
    const feedback = await fx.database.db.selectFrom('answer_feedback').select(['helpful', 'comment']).execute();
    expect(feedback).toEqual([{ helpful: 0, comment: null }]);
    expect(await fx.database.db.selectFrom('unresolved_questions').select('id').execute()).toEqual([]);
    // Already cleared: nothing more to do.
    expect(await data.applyRetention(new Date(CLOCK_START + 32 * DAY_MS))).toBe(0);
  });
});
