import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_CACHE_SIZE, createMatcher } from './matcher.js';
import type { MatchableEntry } from './types.js';

/** A small shop knowledge base, written the way operators write one. */
const SHOP: MatchableEntry[] = [
  { id: 'return-process', question: '怎么申请退货？', similarQuestions: ['退货流程是什么', '东西不想要了怎么退', '我要退货'], answerText: '在「我的订单」里点「申请售后」，选择退货并填写原因。' },
  { id: 'return-shipping-fee', question: '退货运费谁承担？', similarQuestions: ['退货邮费谁出', '退回去的运费要我自己付吗'], answerText: '质量问题由商家承担运费；七天无理由退货由买家承担，有运费险的可以理赔。' },
  { id: 'refund-time', question: '退款多久到账？', similarQuestions: ['钱什么时候退回来', '退款几天能到'], answerText: '商家同意退款后，原路退回一般 1–3 个工作日到账，银行卡最长 7 个工作日。' },
  { id: 'exchange', question: '怎么申请换货？', similarQuestions: ['尺码不合适能换吗', '换个颜色怎么弄'], answerText: '在订单详情里申请售后，选择换货，寄回后商家会重新发出。' },
  { id: 'invoice-how', question: '发票怎么开？', similarQuestions: ['可以开发票吗', '怎么申请电子发票'], answerText: '下单时勾选「开具发票」，或在订单完成后到订单详情里补开。' },
  { id: 'invoice-title', question: '发票抬头开错了怎么修改？', similarQuestions: ['发票抬头写错了', '公司名称开错了能重开吗'], answerText: '发票开具后 30 天内可在订单详情里申请换开，填写正确的抬头和税号。' },
  { id: 'logistics', question: '怎么查物流信息？', similarQuestions: ['我的快递到哪了', '包裹到哪里了', '查一下物流'], answerText: '在「我的订单」里点「查看物流」即可看到最新的配送进度。' },
  { id: 'change-address', question: '下单后怎么修改收货地址？', similarQuestions: ['地址填错了怎么办', '能改一下收货地址吗'], answerText: '订单发货前可以在订单详情里修改地址；已发货的请联系快递改派。' },
  { id: 'huabei', question: '可以用花呗分期付款吗？', similarQuestions: ['支持花呗吗', '花呗分期有手续费吗'], answerText: '支持花呗分期，3 期、6 期、12 期可选，部分商品免息。' },
  { id: 'points', question: '会员积分怎么用？', similarQuestions: ['积分能抵现吗', '积分可以换什么'], answerText: '下单时可用积分抵扣，100 积分抵 1 元，也可以在积分商城兑换礼品。' },
];
const SYNONYMS = [
  ['退款', '退钱', '返款'],
  ['快递', '物流', '包裹'],
  ['运费', '邮费'],
];

const matcher = createMatcher(SHOP, { synonyms: SYNONYMS });

describe('createMatcher on a shop knowledge base', () => {
  it('counts entries and indexed questions (answers included)', () => {
    expect(matcher.entryCount).toBe(10);
    const questions = SHOP.reduce((n, e) => n + 1 + e.similarQuestions.length, 0);
    expect(matcher.questionCount).toBe(questions + SHOP.length);
  });

  it.each<[string, string, string]>([
    // why, customer query, expected entry
    ['exact standard question', '退货运费谁承担？', 'return-shipping-fee'],
    ['colloquial', '东西不要了想退掉', 'return-process'],
    ['colloquial refund wait', '我的钱啥时候退回来啊', 'refund-time'],
    ['synonym 退钱', '退钱要几天', 'refund-time'],
    ['traditional characters', '退貨運費誰出', 'return-shipping-fee'],
    ['homophone typo 发漂', '发漂怎么开', 'invoice-how'],
    ['pinyin 退huo', '退huo怎么申请', 'return-process'],
    ['emoji', '我的快递到哪了😭😭', 'logistics'],
    ['full-width and punctuation', '發票抬頭寫錯了！！怎麼改？', 'invoice-title'],
    ['question word decides: how vs when', '怎么退款', 'refund-time'],
    ['exchange', '衣服尺码不合适想换一件', 'exchange'],
    ['address', '收货地址写错了', 'change-address'],
    ['taught word 花呗', '花呗能分期吗', 'huabei'],
    ['points', '积分能当钱用吗', 'points'],
    ['logistics synonym', '物流到哪了', 'logistics'],
    ['full pinyin', 'wo xiang tuihuo', 'return-process'],
    ['full pinyin with tones', 'fāpiào zěnme kāi', 'invoice-how'],
    ['mixed pinyin', '积分neng di xian ma', 'points'],
  ])('%s: %s → %s', (_why, query, expected) => {
    const [top] = matcher.rank(query, 3);
    expect(top?.entryId).toBe(expected);
  });

  it('returns candidates best first with confidences in [0,1] and the trace features', () => {
    const ranked = matcher.rank('发票抬头开错了', 5);
    expect(ranked.length).toBeGreaterThan(1);
    expect(ranked.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i].score).toBeLessThanOrEqual(ranked[i - 1].score);
    for (const c of ranked) {
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(c.features).toHaveProperty('rankScore');
      expect(c.features).toHaveProperty('margin');
      expect(typeof c.matchedQuestion).toBe('string');
    }
    expect(new Set(ranked.map((c) => c.entryId)).size).toBe(ranked.length);
  });

  it('is more confident for an exact question than for a paraphrase, and low for off-topic', () => {
    const exact = matcher.rank('发票抬头开错了怎么修改？', 1)[0];
    const offTopic = matcher.rank('今天天气怎么样', 1)[0];
    expect(exact.entryId).toBe('invoice-title');
    expect(exact.confidence).toBeGreaterThan(0.7);
    expect(offTopic?.confidence ?? 0).toBeLessThan(0.3);
    expect(exact.confidence).toBeGreaterThan(offTopic?.confidence ?? 0);
  });

  it('returns nothing for a query sharing no token with the knowledge base', () => {
    expect(matcher.rank('ｘｙｚｚｙ', 5)).toEqual([]);
  });

  it('rank of an empty knowledge base is []', () => {
    const empty = createMatcher([]);
    expect(empty.rank('退款多久到账', 5)).toEqual([]);
    expect(empty.entryCount).toBe(0);
    expect(empty.questionCount).toBe(0);
  });
});

describe('pinyin input on an English knowledge base', () => {
  const english = createMatcher([
    { id: 'return', question: 'How do I return an item?', similarQuestions: ['can I send it back', 'return policy'] },
    { id: 'shipping', question: 'How long does shipping take?', similarQuestions: ['when will my order arrive'] },
  ]);

  it.each(['can I send it back', 'tuihuo', 'hang on, where is my order'])('reads %s as written', (text) => {
    expect(english.analyze(text).normalized.text).toBe(text.toLowerCase().replace(',', ''));
  });

  it('still answers English questions from English entries', () => {
    expect(english.rank('Can I send it back?', 1)[0]?.entryId).toBe('return');
    expect(english.rank('how long does shipping take', 1)[0]?.entryId).toBe('shipping');
  });
});

describe('similarity', () => {
  it.each<[string, string]>([
    ['退款多久到账', '退钱几天能到账'],
    ['发票怎么开', '怎么开发票'],
    ['今天天气怎么样', '发票抬头怎么改'],
    ['怎么退款', '退款多久到账'],
  ])('is symmetric and in [0,1]: %s / %s', (a, b) => {
    const ab = matcher.similarity(a, b);
    expect(ab).toBeCloseTo(matcher.similarity(b, a), 10);
    expect(ab).toBeGreaterThanOrEqual(0);
    expect(ab).toBeLessThanOrEqual(1);
  });

  it('orders a paraphrase above an unrelated question', () => {
    expect(matcher.similarity('退款多久到账', '退钱几天能到账')).toBeGreaterThan(matcher.similarity('退款多久到账', '发票抬头怎么改'));
    expect(matcher.similarity('发票怎么开', '发票怎么开')).toBeGreaterThan(0.8);
  });

  it('pairEvidence names every pair feature', () => {
    const { features, logit } = matcher.pairEvidence('退货运费谁出', '退货邮费谁承担');
    expect(Object.keys(features)).toContain('coverageQuery');
    expect(Number.isFinite(logit)).toBe(true);
  });
});

describe('analysis of recent messages', () => {
  it('analyses a text once while it is recent, and the same again after it was dropped', () => {
    const own = createMatcher(SHOP, { synonyms: SYNONYMS });
    const first = own.analyze('退貨運費誰出？？😡');
    expect(own.analyze('退貨運費誰出？？😡')).toBe(first);
    const ranked = own.rank('退貨運費誰出？？😡', 3);
    for (let i = 0; i < ANALYSIS_CACHE_SIZE; i++) own.analyze(`第${i}个问题怎么退款`);
    const again = own.analyze('退貨運費誰出？？😡');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(own.rank('退貨運費誰出？？😡', 3)).toEqual(ranked);
    expect(ranked[0].entryId).toBe('return-shipping-fee');
  });
});

/**
 * The demo shop (demo/knowledge.json, our own data) against its tuning set (demo/eval-queries.json): tuned on,
 * so a quality gate, not an evaluation (the held-out sets are in `npm run bench`'s answering section).
 * Measured 154/176 = 0.875 when the model was last fitted; a drop below the floor means a change hurt real shop
 * questions.
 */
const DEMO_TOP1_FLOOR = 0.85;

describe('the demo tuning set (tuned on, a quality gate)', () => {
  const read = (file: string) => JSON.parse(readFileSync(new URL(`../../demo/${file}`, import.meta.url), 'utf8'));
  type Block = { text?: string; alt?: string };
  const kb: { id: string; question: string; similar_questions: string[]; answer: string | Block[]; tags?: string[] }[] = read('knowledge.json');
  const queries: { query: string; expect: string }[] = read('eval-queries.json');
  const demo = createMatcher(
    kb.map((e) => ({
      id: e.id,
      question: e.question,
      similarQuestions: e.similar_questions,
      answerText: typeof e.answer === 'string' ? e.answer : e.answer.map((b) => b.text ?? b.alt ?? '').join(' '),
    })),
    { synonyms: read('synonyms.json'), userWords: kb.flatMap((e) => e.tags ?? []) },
  );

  it(`puts the expected entry first for at least ${DEMO_TOP1_FLOOR * 100}% of paraphrases`, () => {
    const answerable = queries.filter((q) => q.expect !== 'handoff' && q.expect !== 'fallback');
    const hits = answerable.filter((q) => demo.rank(q.query, 1)[0]?.entryId === q.expect).length;
    expect(hits / answerable.length).toBeGreaterThanOrEqual(DEMO_TOP1_FLOOR);
  });
});
