/**
 * The bot end to end over the real stack: a real SQLite file, the real knowledge service with
 * the demo shop loaded through the import path, the real matcher and policy.
 */
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { DEMO_DIR, loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import { measurePhrasings, readPhrasingSet } from './phrasing-set.js';
import { PHRASES } from '../reply/phrases.js';
import { contentText } from '../content/fallback-text.js';

const sqlite = TEST_BACKENDS.find((b) => b.name === 'sqlite')!;
let database: TestDatabase;
let knowledge: KnowledgeService;
let bot: BotApi;
let clock = new Date('2026-11-25T10:00:00+08:00');

beforeAll(async () => {
  database = await sqlite.open();
  knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => clock });
  await loadDemoIfEmpty(knowledge);
  bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => clock });
});

afterAll(async () => {
  bot.close();
  await database.dispose();
});

const ask = (text: string, channel?: 'web' | 'wechat') => bot.decide({ text, channel });

describe('hand-off always wins', () => {
  it.each([
    '转人工',
    '人工客服',
    '找真人',
    '别让机器人回答',
    '叫你们经理来',
    '轉人工！！',
    '我要跟人说话',
    '怎么退货？算了直接给我转人工',
  ])('%s → handoff', async (text) => {
    const d = await ask(text);
    expect(d.action).toBe('handoff');
    expect(d.trace.rule).toBe('handoff.explicit_request');
    expect(d.reply).toMatch(/人工/);
  });

  it('an angry customer is handed over with an apology', async () => {
    const d = await ask('你们这什么垃圾服务，再不处理我就投诉到12315！！');
    expect(d.action).toBe('handoff');
    expect(d.trace.rule).toBe('handoff.angry');
    expect(d.emotion.label).toBe('angry');
    expect(d.reply).toMatch(/抱歉/);
  });

  it('an accusation without shouting is angry; a calm question about complaining is answered, not handed over', async () => {
    const accused = await ask('你们就是骗子，虚假宣传，退钱！');
    expect(accused.action).toBe('handoff');
    expect(accused.trace.rule).toBe('handoff.angry');
    const calm = await ask('我想投诉一下快递员态度');
    expect(calm.emotion.label).toBe('negative');
    expect(calm.action).not.toBe('handoff');
    expect(calm.entryId ?? calm.suggestions[0]?.entryId).toBe('shop-courier-complaint');
  });
});

describe('answers in real customer language', () => {
  it.each([
    ['怎么申请退货？', 'shop-return-process'],
    ['退貨運費誰承擔？', 'shop-return-shipping-fee'],
    ['发票怎么开', 'shop-invoice-how'],
    ['怎么取消自动续费', 'shop-auto-renew-cancel'],
    ['忘记密码了咋办', 'shop-forgot-password'],
  ])('%s → %s', async (text, entryId) => {
    const d = await ask(text);
    expect(d.action).toBe('answer');
    expect(d.entryId).toBe(entryId);
    expect(d.confidence).toBeGreaterThanOrEqual(bot.settings.answerThreshold);
    expect(d.trace.rule).toBe('answer.confident');
    expect(d.trace.candidates[0].entryId).toBe(entryId);
    expect(d.trace.candidates[0].features).toHaveProperty('coverageQuery');
  });

  it('a homophone typo still finds the entry (answered or offered first)', async () => {
    const d = await ask('发漂怎么开😭');
    const offered = d.entryId ?? d.suggestions[0]?.entryId;
    expect(offered).toBe('shop-invoice-how');
    expect(d.emotion.label).not.toBe('positive');
  });

  it('serves the channel-specific answer where there is one', async () => {
    const web = await ask('怎么查物流信息', 'web');
    const wechat = await ask('怎么查物流信息', 'wechat');
    expect(web.entryId).toBe('shop-logistics-tracking');
    expect(wechat.entryId).toBe('shop-logistics-tracking');
    expect(wechat.reply).not.toBe(web.reply);
  });

  it('answers several questions in one message (多问多答)', async () => {
    const d = await ask('怎么申请退货？退款多久到账？');
    expect(d.parts.map((p) => p.text)).toHaveLength(2);
    expect(d.parts.map((p) => p.entryId)).toEqual(['shop-return-process', 'shop-refund-time']);
    expect(d.action).toBe('answer');
    expect(d.reply).toContain('关于「');
  });

  it('answers a bare 在吗 as small talk instead of guessing', async () => {
    const d = await ask('在吗？');
    expect(d.trace.rule).toBe('smalltalk.presence');
    expect(d.entryId).toBeNull();
  });

  it('opens with an apology when the customer is upset', async () => {
    const d = await ask('退款多久到账啊，等得好着急😭');
    expect(['negative', 'angry']).toContain(d.emotion.label);
    const openings = [...PHRASES.empathyNegative.zh, ...PHRASES.empathyAngry.zh].map((v) => contentText(v.content));
    expect(openings.some((o) => d.reply.startsWith(o))).toBe(true);
  });
});

describe('full pinyin and mixed input (src/nlu/pinyin-input.ts)', () => {
  it.each([
    ['wo xiang tuihuo', '我想退货'],
    ['tuihuo', '退货'],
    ['fapiao zenme kai', '发票怎么开'],
    ['怎么开fapiao', '怎么开发票'],
    ['tui huo yun fei shei chu', '退货运费谁出'],
    ['Tuìhuò yùnfèi shéi chū??', '退货运费谁出'],
    ['huabei fenqi keyi ma', '花呗分期可以吗'],
    ['退huo怎么申请', '退货怎么申请'],
    ['zhifu失败了咋办', '支付失败了咋办'],
  ])('%s answers the same entry as %s', async (typed, written) => {
    const [pinyin, characters] = [await ask(typed), await ask(written)];
    expect(characters.action).toBe('answer');
    expect(pinyin.action).toBe('answer');
    expect(pinyin.entryId).toBe(characters.entryId);
    expect(pinyin.trace.normalized.replace(/ /g, '')).toBe(characters.trace.normalized);
  });

  it.each([
    ['可以paypal吗', '可以paypal吗'],
    ['iPhone 15 有货吗', 'iphone 15 有货吗'],
    ['VIP有什么优惠', 'vip有什么优惠'],
    ['5G手机有吗', '5g手机有吗'],
    ['can I return it', 'can i return it'],
    ['you', 'you'],
  ])('English words the service glossary does not hold, or a sentence all in English, stay as written: %s', async (typed, normalized) => {
    const d = await ask(typed);
    expect(d.trace.normalized).toBe(normalized);
  });

  it('an English sentence is not read as pinyin and not answered from a Chinese entry', async () => {
    const d = await ask('how long does shipping take');
    expect(d.trace.normalized).toBe('how long does shipping take');
    expect(d.action).not.toBe('answer');
  });
});

describe('follow-ups in context', () => {
  it('运费谁出 after 我想退货 is the return shipping fee; 那换货呢 then switches to the exchange sibling', async () => {
    const first = await bot.decide({ text: '我想退货' });
    expect(first.entryId).toBe('shop-return-process');
    const fee = await bot.decide({ text: '运费谁出', previous: { question: '我想退货', entryId: first.entryId } });
    expect(fee.entryId).toBe('shop-return-shipping-fee');
    expect(fee.trace.explanation).toContain('结合上一句');
    const sibling = await bot.decide({ text: '那换货呢', previous: { question: '退货运费谁出', entryId: fee.entryId } });
    expect(sibling.entryId).toBe('shop-exchange-shipping-fee');
  });

  it('那换货呢 right after the return process switches to the exchange process', async () => {
    const d = await bot.decide({ text: '那换货呢', previous: { question: '我想退货', entryId: 'shop-return-process' } });
    // The swap into the answering entry's question (怎么申请退货？ → 怎么申请换货) reads far more
    // confidently than the customer's own words swapped (我想换货), so it is answered outright.
    expect(d.trace.explanation).toContain('结合上一句理解为「怎么申请换货」');
    expect(d.action).toBe('answer');
    expect(d.entryId).toBe('shop-exchange-process');
  });

  it('a complete new question ignores the previous turn', async () => {
    const d = await bot.decide({ text: '忘记密码怎么办', previous: { question: '我想退货', entryId: 'shop-return-process' } });
    expect(d.entryId).toBe('shop-forgot-password');
    expect(d.trace.explanation).not.toContain('结合上一句');
  });

  it('the second question of one message leans on the first', async () => {
    const d = await ask('怎么退货？运费谁出？');
    expect(d.parts).toHaveLength(2);
    expect(d.parts[1].entryId).toBe('shop-return-shipping-fee');
  });
});

describe('honest when unsure', () => {
  it.each(['红烧肉怎么做', '帮我写首诗', '比特币还能买吗'])('%s → fallback with the way to a person, no answer', async (text) => {
    const d = await ask(text);
    expect(d.action).toBe('fallback');
    expect(d.entryId).toBeNull();
    expect(d.reply).toContain('转人工');
  });

  it('clarifies between sibling entries with candidates from the ranking', async () => {
    const d = await ask('运费');
    expect(['clarify', 'answer']).toContain(d.action);
    if (d.action === 'clarify') {
      expect(d.suggestions.length).toBeGreaterThanOrEqual(1);
      expect(d.suggestions.length).toBeLessThanOrEqual(bot.settings.maxSuggestions);
      for (const s of d.suggestions) expect(d.reply).toContain(s.question);
    }
  });
});

describe('knowledge changes answer at once', () => {
  it('a new entry is served immediately and stops when archived, then comes back on restore', async () => {
    const entry = await knowledge.create(
      { question: '你们支持数字人民币付款吗？', similarQuestions: ['能用数字人民币吗', '数币可以付款吗', 'e-cny支付'], answer: [{ type: 'text', text: '支持，结算时选择「数字人民币」即可。' }], category: '支付' },
      'test',
    );
    expect((await ask('可以用数字人民币付款吗')).entryId).toBe(entry.id);
    await knowledge.archive(entry.id, 'test');
    expect((await ask('可以用数字人民币付款吗')).entryId).not.toBe(entry.id);
    await knowledge.restoreVersion(entry.id, 1, 'test');
    expect((await ask('可以用数字人民币付款吗')).entryId).toBe(entry.id);
  });

  it('an entry is never served outside its validity window', async () => {
    const entry = await knowledge.create(
      { question: '黑五有什么活动？', similarQuestions: ['黑色星期五优惠', '黑五打折吗', '黑五活动规则'], answer: [{ type: 'text', text: '黑五全场满 300 减 50。' }], validFrom: '2026-11-27T00:00:00+08:00', validTo: '2026-11-30T00:00:00+08:00' },
      'test',
    );
    expect((await ask('黑五有什么活动')).entryId).not.toBe(entry.id); // not yet valid
    clock = new Date('2026-11-28T12:00:00+08:00');
    expect((await ask('黑五有什么活动')).entryId).toBe(entry.id);
    clock = new Date('2026-12-01T00:00:00+08:00');
    const expired = await ask('黑五有什么活动');
    expect(expired.entryId).not.toBe(entry.id);
    expect(expired.suggestions.map((s) => s.entryId)).not.toContain(entry.id);
    clock = new Date('2026-11-25T10:00:00+08:00');
  });
});

describe('answers as templates', () => {
  it('fills {{customer.name}} from the embedding site, with the default when unknown, never raw braces', async () => {
    await knowledge.create(
      { id: 'tpl-points-gift', question: '积分能换什么礼品？', similarQuestions: ['积分兑换礼品', '积分换礼物', '积分可以换东西吗'], answer: [{ type: 'text', text: '{{customer.name|亲}}，积分可以在「我的 > 积分商城」兑换礼品～' }] },
      'test',
    );
    const named = await bot.decide({ text: '积分能换什么礼品', customer: { name: '王女士' } });
    expect(named.entryId).toBe('tpl-points-gift');
    expect(named.reply).toMatch(/^王女士，积分/);
    const anonymous = await bot.decide({ text: '积分能换什么礼品' });
    expect(anonymous.reply).toMatch(/^亲，积分/);
    expect(anonymous.reply).not.toContain('{{');
  });
});

/** The target for wrong direct answers: at most 3% of business questions (issue 9). */
const WRONG_ANSWER_TARGET = 0.03;

describe('the demo tuning set (demo/eval-queries.json, real customer phrasings; tuned on, so a quality gate, not an evaluation)', () => {
  it('answers directly only when right, hands over every request for a person, and never answers off-topic', async () => {
    // As the server's bots answer: self-calibrated on the demo's own knowledge (docs/confidence.md).
    const calibrated = await createBot({ knowledge, settings: parseBotSettings({}), now: () => clock, calibration: { debounceMs: 0 } });
    const calibration = await calibrated.calibrated();
    const { tally } = await measurePhrasings(readPhrasingSet(join(DEMO_DIR, 'eval-queries.json')), async (text) => ({ decision: await calibrated.decide({ text }) }));
    calibrated.close();
    // Measured on 2026-11-25: 101 of 176 answered directly, all right, 46 more offered in 您是想问. On 2026-11-29, after
    // small talk, clarifications, validity windows, pinyin input and the anger lexicon: 109 right, 0 wrong, 45 offered.
    // On 2026-11-30 with self-calibration: 125 right, 2 wrong, 29 offered (bench/calibration.ts prints both).
    console.log('tuning-set tally (self-calibrated)', JSON.stringify(tally), JSON.stringify(calibration?.thresholds));
    expect(calibration?.status).toBe('calibrated');
    expect(tally.answeredWrong).toBeLessThanOrEqual(Math.floor(WRONG_ANSWER_TARGET * tally.business));
    expect(tally.answeredRight / tally.business).toBeGreaterThan(0.5);
    expect((tally.answeredRight + tally.offeredRight) / tally.business).toBeGreaterThan(0.75);
    expect(tally.handoffs).toBe(tally.handoffRequests);
    expect(tally.offTopicAnswered).toBe(0);
  });
});

describe('bad input', () => {
  it('refuses empty and oversize messages with coded errors', async () => {
    await expect(ask('   ')).rejects.toMatchObject({ code: 'WENDU_MESSAGE_EMPTY' });
    await expect(ask('退'.repeat(bot.settings.maxMessageLength + 1))).rejects.toMatchObject({ code: 'WENDU_MESSAGE_TOO_LONG', status: 413 });
  });
});

describe('pair similarity', () => {
  it('is symmetric and ranks a paraphrase above an unrelated question', async () => {
    const same = await bot.similarity('退货运费谁出', '退货的运费由谁承担');
    const reverse = await bot.similarity('退货的运费由谁承担', '退货运费谁出');
    const other = await bot.similarity('退货运费谁出', '忘记密码怎么办');
    expect(same.score).toBeCloseTo(reverse.score, 6);
    expect(same.score).toBeGreaterThan(other.score);
    expect(other.similar).toBe(false);
  });
});
