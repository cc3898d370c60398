/**
 * The learning check ranks the index the bot answers from (BotApi.matching): its entries in force,
 * the shipped lexicon's synonyms and places, the dictionary and tags, its own segmenter. Before
 * 2026-11-30 the check built its indexes with the operator's synonyms only and the process-wide
 * segmenter, so a city the shipped places link to a region reached nothing in the check while the
 * bot answered it (docs/learning.md).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import { createBot, type BotApi } from '../dialog/bot.js';
import { KnowledgeService } from '../kb/service.js';
import { createMatcher } from '../nlu/matcher.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { checkWithBot } from './safety-check.js';

const text = (t: string) => [{ type: 'text' as const, text: t }];
const SHOP = [
  { id: 'jzh-delivery', question: '江浙沪包邮吗', similarQuestions: ['江浙沪一般几天能到'], answer: text('江浙沪包邮，一般 1-2 天送到。'), category: '物流' },
  { id: 'north-delivery', question: '北京天津一般几天能到', similarQuestions: ['京津地区发货快吗'], answer: text('京津地区 2-3 天。'), category: '物流' },
  { id: 'refund-time', question: '退款几天到账', similarQuestions: ['退的钱多久能到'], answer: text('原路退回，1-3 个工作日到账。'), category: '售后' },
  { id: 'cancel-order', question: '订单怎么取消', similarQuestions: ['不想要了怎么取消订单'], answer: text('未发货前在订单页点「取消订单」。'), category: '售后' },
  { id: 'member-card', question: '会员卡怎么办', similarQuestions: ['怎么办理会员'], answer: text('在「我的」页面开通会员。'), category: '会员', tags: ['黑金卡'] },
];
/** Customers' words the shipped lexicon (places, colloquial synonyms) or a tag carries to the shop's. */
const ASKED = ['杭州几天到啊？', '寄到蘇州要幾天😂', '下错单了咋撤回', '黑金卡怎么办', '退的钱多久能到账', '天津发货快吗'];

describe('the learning check’s index is the bot’s', () => {
  let database: TestDatabase;
  let bot: BotApi;

  beforeEach(async () => {
    database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
    const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
    for (const entry of SHOP) await knowledge.create(entry, 'op');
    bot = await createBot({ knowledge, settings: parseBotSettings({}) });
    await bot.ready();
  });
  afterEach(async () => {
    bot.close();
    await database.dispose();
  });

  it('an index built from BotApi.matching ranks every customer phrasing exactly as the bot, and teaches the bot nothing', async () => {
    const ranked = async () => Promise.all(ASKED.map(async (q) => (await bot.rank(q, 3)).map((c) => [c.entryId, c.confidence])));
    const before = await ranked();
    expect(before[0][0][0]).toBe('jzh-delivery');
    const { entries, options } = await bot.matching();
    const check = createMatcher(entries, options);
    expect(ASKED.map((q) => check.rank(q, 3).map((c) => [c.entryId, c.confidence]))).toEqual(before);
    // Building it (and the check's two indexes) changed nothing in the bot's own cutting and ranking.
    await checkWithBot({ bot }, { entryId: 'jzh-delivery', phrasings: ['苏州多久到'] });
    expect(await ranked()).toEqual(before);
  });
});
