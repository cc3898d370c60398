/**
 * Rankings must not move when the matcher is made faster: top-k entries, matched questions,
 * scores, confidences and features on a fixed knowledge base (the demo shop plus a few hundred
 * generated entries full of near-duplicates, so ties and close calls are exercised) are compared
 * with a golden file written by the matcher as it was before the speed work (issue 10).
 *
 * Rewrite the golden file only for an intended change of results:
 *   WENDU_UPDATE_GOLDEN=1 npx vitest run src/nlu/matcher-regression.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMatcher } from './matcher.js';
import type { MatchableEntry } from './types.js';

const GOLDEN = new URL('./fixtures/matcher-golden.json', import.meta.url);
const UPDATE = process.env.WENDU_UPDATE_GOLDEN === '1';
const TOP_K = 5;
/** Results are rounded to 4 decimals; a different summation order may move the last digit. */
const FLOAT_NOISE = 2e-4;

const read = (file: string) => JSON.parse(readFileSync(new URL(`../../demo/${file}`, import.meta.url), 'utf8'));
type Block = { text?: string; alt?: string };
const demoKb: { id: string; question: string; similar_questions: string[]; answer: string | Block[]; tags?: string[] }[] = read('knowledge.json');
const demoQueries: { query: string }[] = read('eval-queries.json');

/** A seeded generator, so the generated knowledge base is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PRODUCTS = ['蓝牙耳机', '扫地机器人', '空气炸锅', '电动牙刷', '保温杯', '羽绒服', '运动鞋', '机械键盘', '投影仪', '加湿器', '破壁机', '儿童手表', '行李箱', '智能门锁', '电热水壶', '瑜伽垫', '充电宝', '护眼台灯', '洗碗机', '婴儿推车'];
const INTENTS: { key: string; question: string; similar: string[]; answer: string }[] = [
  { key: 'connect', question: '{p}怎么连接手机？', similar: ['{p}连不上手机咋办', '{p}配对方法'], answer: '打开{p}的配对模式，在手机设置里搜索并连接。' },
  { key: 'warranty', question: '{p}保修多久？', similar: ['{p}质保几年', '{p}坏了保修吗'], answer: '{p}整机保修一年，主要部件保修两年。' },
  { key: 'exchange', question: '{p}坏了能换新吗？', similar: ['{p}有质量问题可以换吗', '收到的{p}是坏的'], answer: '签收 15 天内有质量问题可以换新。' },
  { key: 'gift', question: '买{p}有没有赠品？', similar: ['{p}送什么东西', '{p}有礼品吗'], answer: '活动期间购买{p}赠送配件一份。' },
  { key: 'return', question: '{p}支持七天无理由退货吗？', similar: ['{p}不喜欢能退吗', '{p}拆封了还能退吗'], answer: '未使用且不影响二次销售的{p}支持七天无理由退货。' },
  { key: 'ship', question: '{p}什么时候发货？', similar: ['{p}几天能发出', '{p}怎么还不发货'], answer: '{p}付款后 48 小时内发货。' },
  { key: 'invoice', question: '{p}能开发票吗？', similar: ['买{p}可以开专票吗'], answer: '{p}可以开具电子普通发票和增值税专用发票。' },
  { key: 'price', question: '{p}多少钱？', similar: ['{p}价格是多少', '{p}现在什么价'], answer: '{p}的价格以商品页为准，活动期间有优惠。' },
  { key: 'manual', question: '{p}说明书在哪里下载？', similar: ['{p}的说明书丢了'], answer: '在官网服务页输入{p}型号即可下载说明书。' },
  { key: 'install', question: '{p}需要上门安装吗？', similar: ['{p}包安装吗', '{p}自己能装吗'], answer: '{p}免费上门安装，下单后客服会联系您预约。' },
  { key: 'color', question: '{p}有几种颜色？', similar: ['{p}有黑色的吗'], answer: '{p}有黑、白、灰三种颜色。' },
  { key: 'broken-delivery', question: '收到{p}外包装破损怎么办？', similar: ['{p}快递盒子压坏了'], answer: '请拍照后联系客服，我们为您补发或退款。' },
];

function generatedKb(): MatchableEntry[] {
  const random = seeded(20261130);
  const out: MatchableEntry[] = [];
  for (const p of PRODUCTS) {
    for (const intent of INTENTS) {
      // Not every product has every entry, like a real shop.
      if (random() < 0.15) continue;
      const fill = (t: string) => t.replaceAll('{p}', p);
      out.push({ id: `gen-${p}-${intent.key}`, question: fill(intent.question), similarQuestions: intent.similar.map(fill), answerText: fill(intent.answer) });
    }
  }
  return out;
}

/** Customer phrasings of the generated entries: colloquial, typos, traditional, emoji, pinyin. */
const GENERATED_QUERIES = [
  '我买的蓝牙耳机连不上手机啊',
  '藍牙耳機怎麼連手機',
  'lanya erji zenme lian shouji',
  '扫地机器人保修几年呀😭',
  '扫地机气人质保多久',
  '空气炸锅坏了给换新的不',
  '電動牙刷壞了能換嗎',
  '保温杯有赠品吗',
  '羽绒服不喜欢可以退不',
  '运动鞋拆了吊牌还能退吗？？',
  '机械键盘啥时候发货',
  '投影仪开发票',
  '加湿器多少钱一台',
  '破壁机说明书找不到了',
  '儿童手表要上门安装不',
  '行李箱有黑色吗',
  '智能门锁快递盒子压坏了怎么办',
  '电热水壶几天发出',
  '瑜伽垫能开专票不',
  '充电宝质保',
  '护眼台灯配对',
  '洗碗机包安装吗？',
  '婴儿推车价格',
  '发货',
  '怎么退',
  '保修',
  'baoxiu duojiu',
  '我的耳机坏了',
  '东西到了盒子是破的',
  '能便宜点吗',
  '你好',
  '今天天气怎么样',
  '订单123456还没发货',
  '',
];

const PAIRS: [string, string][] = [
  ['退款多久到账', '退钱几天能到'],
  ['发漂怎么开', '发票怎么开'],
  ['退貨運費誰出', '退货运费谁承担'],
  ['蓝牙耳机连不上', '蓝牙耳机怎么连接手机'],
  ['订单123456还没发货', '订单654321还没发货'],
  ['为什么能退货', '为什么不能退货'],
  ['在吗', '在吗'],
  ['', '积分怎么用'],
];

function snapshot() {
  const entries: MatchableEntry[] = [
    ...demoKb.map((e) => ({
      id: e.id,
      question: e.question,
      similarQuestions: e.similar_questions,
      answerText: typeof e.answer === 'string' ? e.answer : e.answer.map((b) => b.text ?? b.alt ?? '').join(' '),
    })),
    ...generatedKb(),
  ];
  const matcher = createMatcher(entries, { synonyms: read('synonyms.json'), userWords: demoKb.flatMap((e) => e.tags ?? []) });
  const queries = [...demoQueries.map((q) => q.query), ...GENERATED_QUERIES];
  return {
    entries: entries.length,
    questions: matcher.questionCount,
    rankings: queries.map((query) => ({ query, top: matcher.rank(query, TOP_K) })),
    pairs: PAIRS.map(([a, b]) => ({ a, b, similarity: matcher.similarity(a, b), ...matcher.pairEvidence(a, b) })),
  };
}

/** One ranking per line, so a diff of the golden file shows which queries moved. */
function goldenText(now: ReturnType<typeof snapshot>): string {
  const lines = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).join(',\n');
  return `{"entries":${now.entries},"questions":${now.questions},"rankings":[\n${lines(now.rankings)}\n],"pairs":[\n${lines(now.pairs)}\n]}\n`;
}

/** Same shape, numbers equal within float noise. */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(FLOAT_NOISE);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length, `${path}: length`).toBe(expected.length);
    expected.forEach((x, i) => expectClose((actual as unknown[])[i], x, `${path}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), `${path}: keys`).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toBe(expected);
  }
}

describe('matcher regression against the golden rankings', () => {
  it('ranks, scores and compares exactly as the golden file says', () => {
    const now = snapshot();
    if (UPDATE || !existsSync(GOLDEN)) {
      expect(UPDATE, 'golden file missing: run with WENDU_UPDATE_GOLDEN=1 to write it').toBe(true);
      writeFileSync(GOLDEN, goldenText(now));
      return;
    }
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8'));
    expect(now.entries).toBe(golden.entries);
    expect(now.questions).toBe(golden.questions);
    // Entry ids and order first, per query, so a failure names the query that moved.
    for (let i = 0; i < golden.rankings.length; i++) {
      const query = golden.rankings[i].query;
      expect(now.rankings[i].top.map((c: { entryId: string }) => c.entryId), query).toEqual(golden.rankings[i].top.map((c: { entryId: string }) => c.entryId));
    }
    expectClose(now, golden, 'snapshot');
  });
});
