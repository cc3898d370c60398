/**
 * Knowledge health on a small real knowledge base (SQLite, the real matcher): an entry past its
 * valid-to, one expiring in three days, one answered lately and the rest never matched, one with
 * a high 👎 share, and two entries written so alike the matcher cannot tell them apart.
 */
import { randomUUID } from 'node:crypto';
import { ConversationService } from '../conversation/service.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import { createBot, type BotApi } from '../dialog/bot.js';
import { KnowledgeService } from '../kb/service.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { knowledgeHealth, MIN_VOTES_FOR_RATE } from './health.js';

const NOW = new Date('2026-11-30T10:00:00+08:00');
const DAY_MS = 24 * 3600 * 1000;

describe('knowledge health', () => {
  let database: TestDatabase;
  let knowledge: KnowledgeService;
  let bot: BotApi;

  beforeAll(async () => {
    database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
    knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => NOW });
    const entry = (id: string, question: string, similarQuestions: string[], extra: Record<string, unknown> = {}) => knowledge.create({ id, question, similarQuestions, answer: `${question}的答案`, ...extra }, 'test');
    await entry('return', '怎么申请退货？', ['退货流程是什么', '我想退货']);
    await entry('return-copy', '如何申请退货？', ['退货怎么申请']);
    await entry('invoice', '发票怎么开？', ['能开发票吗', '开票']);
    await entry('double11', '去年双11活动规则', ['双十一满减'], { validTo: new Date(NOW.getTime() - 30 * DAY_MS).toISOString() });
    await entry('flash-sale', '本周秒杀什么时候开始', ['秒杀几点开始'], { validTo: new Date(NOW.getTime() + 3 * DAY_MS).toISOString() });
    await entry('shipping', '几天能到货', ['多久发货', '快递几天到']);
    bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => NOW });
    // The invoice answer was given yesterday; the shipping answer got mostly 👎.
    const conversations = new ConversationService(database, new MemoryEventBus(), { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID }, () => new Date(NOW.getTime() - DAY_MS));
    const customer = await conversations.upsertCustomer({ externalId: 'c1' }, { verified: false });
    const chat = await conversations.start({ channel: 'web', customer });
    await conversations.append(chat.id, { sender: 'customer', text: '能开票不', content: [{ type: 'text', text: '能开票不' }] });
    await conversations.append(chat.id, { sender: 'bot', text: '发票在订单页申请', content: [{ type: 'text', text: '发票在订单页申请' }], meta: { replyTo: 1, entryId: 'invoice', action: 'answer' } });
    const ins = database.db;
    for (let i = 0; i < MIN_VOTES_FOR_RATE; i++) {
      await ins.insertInto('answer_feedback').values({ id: randomUUID(), workspace_id: DEFAULT_WORKSPACE_ID, bot_id: DEFAULT_BOT_ID, conversation_id: randomUUID(), message_seq: 2, entry_id: 'shipping', helpful: i < 2 ? 1 : 0, comment: null, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }).execute();
    }
  });
  afterAll(async () => {
    bot.close();
    await database.dispose();
  });

  it('lists expiring, expired, never matched, often 👎 and near-duplicate entries', async () => {
    const health = await knowledgeHealth({ knowledge, bot, database, workspaceId: DEFAULT_WORKSPACE_ID, now: () => NOW });
    expect(health.published).toBe(6);
    expect(health.expired.map((e) => e.entryId)).toEqual(['double11']);
    expect(health.expiringSoon.map((e) => e.entryId)).toEqual(['flash-sale']);
    expect(health.neverMatched.map((e) => e.entryId).sort()).toEqual(['flash-sale', 'return', 'return-copy', 'shipping']);
    expect(health.oftenThumbsDown).toEqual([{ entryId: 'shipping', question: '几天能到货', votes: MIN_VOTES_FOR_RATE, thumbsDown: 3 }]);
    const pairs = health.nearDuplicates.map((p) => [p.a.entryId, p.b.entryId].sort().join(' ~ '));
    expect(pairs).toContain('return ~ return-copy');
    expect(pairs.some((p) => p.includes('invoice'))).toBe(false);
    expect(health.scanned).toBe(6);
  });
});
