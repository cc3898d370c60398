/**
 * Agent assist over the real stack: a real SQLite file, the demo shop loaded through the import
 * path, the real bot ranking. Transcripts are written as customers really type (typos, 繁体,
 * emoji, chit-chat between questions).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import type { Message } from '../conversation/schemas.js';
import { createBot, type BotApi } from '../dialog/bot.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { assistFor, DEFAULT_ASSIST_OPTIONS } from './assist.js';
import { isChitChat, requestWeight, topicalText } from './assist-text.js';
import { DEFAULT_SUMMARY_OPTIONS, summarize } from './assist-summary.js';

const sqlite = TEST_BACKENDS.find((b) => b.name === 'sqlite')!;
/** After 双十一 (its entry ends 2026-11-12) and before the year-end sale ends. */
const AFTER_DOUBLE_ELEVEN = new Date('2026-11-25T10:00:00+08:00');
let clock = AFTER_DOUBLE_ELEVEN;
let database: TestDatabase;
let bot: BotApi;

beforeAll(async () => {
  database = await sqlite.open();
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => clock });
  await loadDemoIfEmpty(knowledge);
  bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => clock });
});

afterAll(async () => {
  bot.close();
  await database.dispose();
});

beforeEach(() => {
  clock = AFTER_DOUBLE_ELEVEN;
});

/**
 * A conversation's messages: each customer line gets a bot reply after it, as in a real
 * transcript (bot text must never be mistaken for the customer's). One minute between messages.
 */
function transcript(customerLines: string[], start = AFTER_DOUBLE_ELEVEN): Message[] {
  const messages: Message[] = [];
  const push = (sender: Message['sender'], text: string) => {
    const seq = messages.length + 1;
    messages.push({
      id: `m${seq}`, conversationId: 'c1', seq, sender, senderId: null, clientMessageId: null, text,
      content: [{ type: 'text', text }], meta: {}, createdAt: new Date(start.getTime() + seq * 60_000).toISOString(),
    });
  };
  for (const line of customerLines) {
    push('customer', line);
    push('bot', '亲，订单号 209900000000000001 的退货运费由我们承担，投诉请找人工');
  }
  return messages;
}

const seqOfLine = (index: number) => index * 2 + 1;

describe('suggestions: the bot’s top answers for the latest question', () => {
  it.each([
    ['买的鞋不合适咋退', 'shop-return-process'],
    ['发漂怎么开', 'shop-invoice-how'],
    ['退貨運費誰出啊😭', 'shop-return-shipping-fee'],
    ['我的快递三天了还没到？？', 'shop-logistics-stalled'],
    ['亲 在吗，发票咋开呀', 'shop-invoice-how'],
  ])('%s → %s among at most 3, with its answer as text', async (line, entryId) => {
    const assist = await assistFor(bot, transcript(['你好', line]));
    expect(assist.suggestions.length).toBeGreaterThan(0);
    expect(assist.suggestions.length).toBeLessThanOrEqual(DEFAULT_ASSIST_OPTIONS.maxSuggestions);
    expect(assist.suggestions.map((s) => s.entryId)).toContain(entryId);
    expect(assist.suggestionsFor).toEqual({ seq: seqOfLine(1), text: line });
    for (const s of assist.suggestions) {
      expect(s.question).toBeTruthy();
      expect(s.answer.length).toBeGreaterThan(10);
      expect(s.answer).not.toMatch(/\{\{|<[a-z]/); // templates filled, plain text
      expect(s.confidence).toBeGreaterThanOrEqual(DEFAULT_ASSIST_OPTIONS.minSuggestionConfidence);
    }
  });

  it.each([
    [['买的鞋不合适咋退', '在吗'], 'shop-return-process'],
    [['发漂怎么开', '？？'], 'shop-invoice-how'],
    [['发漂怎么开', '好的👌'], 'shop-invoice-how'],
    [['退貨運費誰出', '嗯嗯 收到'], 'shop-return-shipping-fee'],
    [['买的鞋不合适咋退', '转人工'], 'shop-return-process'],
    [['发票咋开', '亲在不在呀～～', '人呢？？'], 'shop-invoice-how'],
  ])('chit-chat last (%j) falls back to the question before it', async (lines, entryId) => {
    const assist = await assistFor(bot, transcript(lines));
    expect(assist.suggestionsFor).toEqual({ seq: seqOfLine(0), text: lines[0] });
    expect(assist.suggestions[0].entryId).toBe(entryId);
  });

  it.each([
    [['买的鞋不合适咋退', '我等了好久了'], 'shop-return-process'],
    [['发漂怎么开', '真的很生气！！'], 'shop-invoice-how'],
    [['发漂怎么开', '订单号202611110001234567'], 'shop-invoice-how'],
  ])('venting or a bare number last (%j) is not matched to some entry', async (lines, entryId) => {
    const assist = await assistFor(bot, transcript(lines));
    expect(assist.suggestionsFor?.seq).toBe(seqOfLine(0));
    expect(assist.suggestions[0].entryId).toBe(entryId);
    expect(assist.suggestions.map((s) => s.entryId)).not.toContain('shop-account-stolen');
  });

  it('a conversation of only venting has nothing to suggest', async () => {
    const assist = await assistFor(bot, transcript(['我等了好久了', '真的很生气']));
    expect(assist.suggestions).toEqual([]);
  });

  it('a conversation of only chit-chat has nothing to suggest', async () => {
    const assist = await assistFor(bot, transcript(['你好', '在吗', '好的']));
    expect(assist.suggestions).toEqual([]);
    expect(assist.suggestionsFor).toBeNull();
  });

  it('a new question after an old one is what the suggestions answer', async () => {
    const assist = await assistFor(bot, transcript(['发漂怎么开', '好的', '那退货运费谁出']));
    expect(assist.suggestions[0].entryId).toBe('shop-return-shipping-fee');
  });

  it('never offers an expired entry, and offers it while it is valid', async () => {
    const asked = transcript(['双十一有啥活动啊']);
    const after = await assistFor(bot, asked);
    expect(after.suggestions.map((s) => s.entryId)).not.toContain('shop-double-eleven-2026');
    clock = new Date('2026-11-05T10:00:00+08:00');
    const during = await assistFor(bot, asked);
    expect(during.suggestions.map((s) => s.entryId)).toContain('shop-double-eleven-2026');
  });

  it('bot.rank never refuses a stored message: empty ranks nothing, control characters are dropped', async () => {
    expect(await bot.rank('   ', 3)).toEqual([]);
    expect(await bot.rank('发漂\u0007怎么开', 0)).toEqual([]);
    const [top] = await bot.rank('发漂\u0007怎么开', 1);
    expect(top.entryId).toBe('shop-invoice-how');
  });
});

describe('chit-chat and topical text', () => {
  it.each(['在吗', '？？', '好的', '好的👌', '嗯嗯', '亲在不在', '哈喽～', '謝謝', '!!!'])('%s is chit-chat', (text) => {
    expect(isChitChat(text)).toBe(true);
    expect(topicalText(text)).toBeNull();
  });

  it.each([
    ['你好，发票怎么开', '发票怎么开'],
    ['怎么退货？算了直接给我转人工', '怎么退货'],
    ['人工客服', null],
    ['鞋码偏小', '鞋码偏小'],
  ])('%s → %s', (text, topical) => {
    expect(topicalText(text)).toBe(topical);
  });
});

describe('emotion and the warning when it turns negative', () => {
  it.each([
    ['calm, then impatient', ['发票怎么开', '？？？人呢'], 'negative', true],
    ['calm, then furious', ['退货运费谁出', '你们这什么垃圾服务，再不处理我就投诉到12315！！'], 'angry', true],
    ['opens angry', ['垃圾客服，气死我了😡'], 'angry', true],
    ['calm, then waiting', ['快递到哪了', '都三天了还没到😭'], 'angry', true],
    ['calm, then sad', ['快递到哪了', '唉😭'], 'negative', true],
    ['calm throughout', ['发票怎么开', '电子发票在哪下载'], 'neutral', false],
    ['upset, then thankful', ['等了好久了！！', '好的谢谢，解决了👍'], 'positive', false],
  ])('%s', async (_name, lines, label, warned) => {
    const assist = await assistFor(bot, transcript(lines as string[]));
    expect(assist.emotion.label).toBe(label);
    if (warned) {
      expect(assist.warning?.zh).toMatch(/顾客情绪/);
      expect(assist.warning?.en).toMatch(/customer/i);
    } else {
      expect(assist.warning).toBeNull();
    }
  });

  it('a conversation already as upset as the latest message is no news', async () => {
    const assist = await assistFor(bot, transcript(['都三天了还没到😭', '等了好几天了还没到😭']));
    expect(assist.emotion.label).not.toBe('neutral');
    expect(assist.warning).toBeNull();
  });

  it('no customer message: neutral, no warning, empty summary', async () => {
    const assist = await assistFor(bot, []);
    expect(assist).toMatchObject({ suggestions: [], suggestionsFor: null, emotion: { label: 'neutral' }, warning: null, entities: [], summary: '' });
  });
});

describe('entities from every customer message', () => {
  it('deduplicated, latest first, with the message they came from', async () => {
    const lines = ['订单号202611110001234567 还没发货', '我手机13812345678', '就是 202611110001234567 这个单！', '昨天下的单'];
    const assist = await assistFor(bot, transcript(lines));
    expect(assist.entities.map((e) => [e.type, e.value, e.seq])).toEqual([
      ['date', '2026-11-24', seqOfLine(3)], // 昨天, as of the message's own day
      ['order_number', '202611110001234567', seqOfLine(2)],
      ['phone', '13812345678', seqOfLine(1)],
    ]);
    // Offsets point into the customer's original message, for highlighting.
    const order = assist.entities[1];
    expect(lines[2].slice(order.start, order.end)).toBe(order.text);
  });

  it('finds full-width and 繁体 order numbers, never the bot’s', async () => {
    const assist = await assistFor(bot, transcript(['訂單號：２０２６１１１１０００１２３４５６７', '手机 138-1234-5678 😊']));
    expect(assist.entities.map((e) => e.value)).toEqual(['13812345678', '202611110001234567']);
    expect(assist.entities.map((e) => e.value)).not.toContain('209900000000000001');
  });
});

describe('summary: what the customer wants, in their words', () => {
  it('the request, the reason, the order number and the mood', async () => {
    const lines = ['你好', '买的鞋不合适', '想退货 咋弄', '订单号202611110001234567', '等了好久了！！'];
    const { summary } = await assistFor(bot, transcript(lines));
    expect(summary).toMatch(/^顾客想退货：/);
    expect(summary).toContain('买的鞋不合适');
    expect(summary).toContain('想退货 咋弄');
    expect(summary).toContain('订单号 202611110001234567');
    expect(summary).toMatch(/已等了很久，情绪(不满|激动)$/);
    expect(summary).not.toContain('你好');
    expect(Array.from(summary).length).toBeLessThanOrEqual(DEFAULT_SUMMARY_OPTIONS.maxChars);
  });

  it('an order number already quoted in a kept sentence is not repeated', async () => {
    const { summary } = await assistFor(bot, transcript(['订单202611110001234567怎么还没发货？']));
    expect(summary.split('202611110001234567')).toHaveLength(2);
  });

  it('without an intent word it names the topic of the best answer', async () => {
    const { summary } = await assistFor(bot, transcript(['尺码怎么选']));
    expect(summary).toBe('顾客咨询「售前咨询」：尺码怎么选');
  });

  const rant = [
    '在吗在吗', '我上周买的羽绒服到现在还没发货', '客服一直不回', '你们到底什么时候发货？？',
    '还有我想开个发票 公司报销要用', '抬头写 温度科技有限公司', '另外优惠券为什么没用上 差了三十块',
    '我手机13812345678 订单号202611110001234567', '再不发我就退款了', '真的很生气', '🙄🙄🙄',
  ];

  it.each([
    { maxChars: 120, maxSentences: 3 },
    { maxChars: 60, maxSentences: 3 },
    { maxChars: 40, maxSentences: 2 },
    { maxChars: 200, maxSentences: 5 },
  ])('a long rant stays within %j', ({ maxChars, maxSentences }) => {
    const turns = rant.map((text, i) => ({ seq: i + 1, text, createdAt: AFTER_DOUBLE_ELEVEN.toISOString() }));
    const summary = summarize(turns, [], { maxChars, maxSentences });
    expect(Array.from(summary).length).toBeLessThanOrEqual(maxChars);
    const quoted = summary.split('：').slice(1).join('：').split('；').filter((p) => rant.some((line) => line.includes(p.replace(/…$/, ''))));
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.length).toBeLessThanOrEqual(maxSentences);
    expect(summary).toMatch(/^顾客想(催发货|开发票|退款)/);
    expect(summary).not.toContain('在吗');
    expect(summary).not.toContain('🙄');
  });

  it('keeps the sentences that carry requests over venting', () => {
    const turns = rant.map((text, i) => ({ seq: i + 1, text, createdAt: AFTER_DOUBLE_ELEVEN.toISOString() }));
    const summary = summarize(turns, [], { maxChars: 200 });
    expect(summary).toContain('你们到底什么时候发货');
    expect(summary).not.toContain('客服一直不回');
  });

  it.each([
    ['买的鞋不合适咋退', true],
    ['发漂怎么开', true],
    ['运费谁出呢', true],
    ['订单号202611110001234567', false],
    ['13812345678', false],
    ['哈哈哈', false],
    ['客服一直不回', false],
  ])('requestWeight(%s) > 0 is %s', (sentence, carries) => {
    expect(requestWeight(sentence) > 0).toBe(carries);
  });

  it('English labels on request, the customer’s words as written', async () => {
    const { summary } = await assistFor(bot, transcript(['买的鞋不合适 想退', '订单号202611110001234567', '等了好久了！！']), { locale: 'en' });
    expect(summary).toMatch(/^Customer wants to return an item: 买的鞋不合适 想退; order no\. 202611110001234567; has waited long, upset$/);
  });
});
