/**
 * The shipped customer-service lexicon per bot: a shop that writes about regions answers a
 * customer naming a city, and an operator who switches the region off changes that at once
 * (the bot re-indexes like after a synonym change), with nothing left behind when it is back on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';

const text = (t: string) => [{ type: 'text' as const, text: t }];
const SHOP = [
  { id: 'jzh-delivery', question: '江浙沪包邮吗', similarQuestions: ['江浙沪一般几天能到'], answer: text('江浙沪包邮，一般 1-2 天送到。'), category: '物流' },
  { id: 'north-delivery', question: '北京天津一般几天能到', similarQuestions: [], answer: text('京津地区 2-3 天。'), category: '物流' },
  { id: 'refund-time', question: '退款几天到账', similarQuestions: ['退的钱多久能到'], answer: text('原路退回，1-3 个工作日到账。'), category: '售后' },
  { id: 'cancel-order', question: '订单怎么取消', similarQuestions: [], answer: text('未发货前在订单页点「取消订单」。'), category: '售后' },
];

describe.each(TEST_BACKENDS)('the shipped lexicon in a bot on $name', (backend) => {
  let database: TestDatabase;
  let knowledge: KnowledgeService;
  let bot: BotApi;

  beforeEach(async () => {
    database = await backend.open();
    knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
    for (const entry of SHOP) await knowledge.create(entry, 'op');
    bot = await createBot({ knowledge, settings: parseBotSettings({}) });
    await bot.ready();
  });
  afterEach(async () => {
    bot.close();
    await database.dispose();
  });

  const top = async (question: string) => (await bot.rank(question, 1))[0]?.entryId;

  it('a city reaches the region the shop wrote about, until the operator switches the region off', async () => {
    expect(await top('杭州几天到啊？')).toBe('jzh-delivery');
    expect(await top('寄到蘇州要幾天😂')).toBe('jzh-delivery');

    await knowledge.setLexiconGroupEnabled('region-east', false, 'op');
    await knowledge.setLexiconGroupEnabled('region-jiangzhehu', false, 'op');
    await bot.ready();
    expect(await top('杭州几天到啊？')).not.toBe('jzh-delivery');

    await knowledge.setLexiconGroupEnabled('region-east', true, 'op');
    await knowledge.setLexiconGroupEnabled('region-jiangzhehu', true, 'op');
    await bot.ready();
    expect(await top('杭州几天到啊？')).toBe('jzh-delivery');
  });

  it('colloquial words of the shipped groups match the shop\'s words, and stop when their group is off', async () => {
    const before = (await bot.rank('下错单了咋撤回', 1))[0];
    expect(before.entryId).toBe('cancel-order');
    await knowledge.setLexiconGroupEnabled('cancel', false, 'op');
    await bot.ready();
    const after = (await bot.rank('下错单了咋撤回', 1))[0];
    expect(after?.confidence ?? 0).toBeLessThan(before.confidence);
  });
});
