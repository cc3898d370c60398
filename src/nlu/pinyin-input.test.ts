import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.js';
import { INITIALS_DOMINANCE, INITIALS_MIN_SIGHTINGS, PinyinInputReader } from './pinyin-input.js';
import { sharedSegmenter } from './segment.js';

/** A reader that has learnt a small shop's questions, cut by the real segmenter. */
function shopReader(questions: readonly string[]): PinyinInputReader {
  const reader = new PinyinInputReader();
  for (const q of questions) reader.learn(sharedSegmenter().segment(normalize(q).text));
  return reader;
}

const shop = shopReader([
  '退货运费谁出？',
  '怎么申请退货',
  '发票怎么开',
  '可以开增值税专用发票吗',
  '花呗分期怎么用',
  '西安仓库发货吗',
  '银行卡支付失败怎么办',
  '转人工',
]);
const read = (text: string) => shop.read(normalize(text).text);

describe('PinyinInputReader: pinyin runs become the knowledge base’s words', () => {
  it.each<[string, string]>([
    ['tuihuo', '退货'],
    ['fapiao', '发票'],
    ['wo xiang tuihuo', '我想退货'],
    ['fapiao zenme kai', '发票怎么开'],
    ['tui huo yun fei shei chu', '退货运费谁出'],
    ['TUIHUO!!', '退货'], // shouting, punctuation
    ['tui4huo4', '退货'], // tone digits
    ['tuìhuò yùnfèi', '退货运费'], // tone marks
    ['ｆａｐｉａｏ', '发票'], // full-width letters
    ['huabei fenqi', '花呗分期'],
    ['xi an fahuo ma', '西安发货吗'], // a space is a syllable boundary: xi an, not xian
    ['yinhang ka zhifu shibai', '银行卡支付失败'], // 行 read hang as in 银行
  ])('%s → %s', (input, expected) => {
    expect(read(input).replace(/ /g, '')).toBe(expected);
  });

  it.each<[string, string]>([
    ['我想tuihuo', '我想退货'],
    ['怎么开fapiao', '怎么开发票'],
    ['fapiao怎么开😭', '发票怎么开'],
    ['zhifu失败', '支付失败'],
    ['退货 yunfei 谁出', '退货 运费 谁出'],
  ])('mixed %s → %s (only the Latin run changes)', (input, expected) => {
    expect(read(input)).toBe(expected);
  });

  it.each<[string, string]>([
    ['退huo怎么申请', '退货怎么申请'],
    ['花bei分期怎么用', '花呗分期怎么用'],
    ['yin行卡支付失败', '银行卡支付失败'],
  ])('one syllable typed inside a word: %s → %s', (input, expected) => {
    expect(read(input)).toBe(expected);
  });

  it.each(['退货hang', '我要you', '买a还是b'])('one syllable that completes no word stays Latin: %s', (input) => {
    expect(read(input)).toBe(input);
  });

  it('leaves a syllable it has no word for as Latin, so the pinyin grams still see it', () => {
    expect(read('tuihuo nüe')).toBe('退货 nve');
  });
});

describe('PinyinInputReader: English stays English', () => {
  it.each([
    '可以refund吗', // refund is not pinyin
    'iphone 15 有货吗',
    'vip有什么优惠',
    '5g手机有吗',
    'can i return it', // i is not pinyin, so the whole run stays
    'how long does shipping take',
    'you', // one syllable alone is never read: could be English
    'hang on',
    'wang@qq.com 的订单', // e-mails and order numbers are not runs
    'order tuihuo-2026-001',
    '退货',
  ])('%s is unchanged', (input) => {
    expect(read(input)).toBe(normalize(input).text);
  });

  it('an English knowledge base has no Han vocabulary, so nothing converts', () => {
    const english = shopReader(['How do I return an item?', 'Where is my order?', 'Can I pay with Huabei?']);
    expect(english.read('tuihuo')).toBe('tuihuo');
    expect(english.read('wo xiang tuihuo')).toBe('wo xiang tuihuo');
    // pinyin of everyday words (我们, 可以) that the questions never use is not enough
    expect(english.read('women shoes size')).toBe('women shoes size');
    expect(english.read('women')).toBe('women');
    expect(english.read('keyi')).toBe('keyi');
  });

  it('a reading shared by several words goes to the one the questions use most', () => {
    const reader = shopReader(['事实是什么', '实时到账吗', '实时退款', '实时查询物流']);
    expect(reader.read('shishi daozhang')).toBe('实时到账');
  });
});

describe('PinyinInputReader: neighbouring words', () => {
  it('reads a phrase the segmenter cut in two as the phrase, not as its more frequent homophone', () => {
    const reader = shopReader(['能用支付宝吗', '包邮吗', '满多少包邮', '包装破损了', '支付失败']);
    expect(reader.read('zhifubao')).toBe('支付宝');
  });
});

describe('PinyinInputReader: common misspellings (zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing)', () => {
  const misspelt = shopReader(['忘记密码怎么办', '支付失败怎么办', '退款多久到账', '怎么申请退款', '退货运费谁出', '订单能改吗', '成功了吗']);
  const readMisspelt = (text: string) => misspelt.read(normalize(text).text);

  it.each<[string, string]>([
    ['zifu sibai', '支付失败'], // zh → z, sh → s
    ['wanji mima', '忘记密码'], // ang → an: one misspelt word beats 完 + 记 spelt right
    ['zenme tuikuang', '怎么退款'], // an → ang
    ['tuikuan duojiu daozang', '退款多久到账'],
    ['dindan neng gai ma', '订单能改吗'], // ing → in
    ['cenggong le ma', '成功了吗'], // ch → c, eng kept
  ])('%s → %s', (input, expected) => {
    expect(readMisspelt(input)).toBe(expected);
  });

  it('a word spelt right wins over a misspelt reading of another', () => {
    expect(readMisspelt('tuikuan')).toBe('退款');
  });

  it('a syllable Mandarin does not have (sei for shei) stays Latin when no word takes it, the rest still converts', () => {
    expect(readMisspelt('tuihuo yunfei sei')).toBe('退货运费 sei');
  });
});

describe('PinyinInputReader: initials (INITIALS_DOMINANCE, INITIALS_MIN_SIGHTINGS)', () => {
  // Each question the word alone, so it is seen exactly n times (a longer question would count its phrases too).
  const questions = (word: string, n: number) => Array.from({ length: n }, () => word);

  it('tk is 退款 where 退款 dominates the words with those initials', () => {
    const reader = shopReader([...questions('退款', INITIALS_MIN_SIGHTINGS), '提款']);
    expect(reader.read('tk')).toBe('退款');
    expect(reader.read(normalize('tk多久到账').text)).toBe('退款多久到账');
  });

  it('stays tk where two words with those initials are both common', () => {
    const reader = shopReader([...questions('退款', INITIALS_MIN_SIGHTINGS), ...questions('提款', Math.ceil(INITIALS_MIN_SIGHTINGS / INITIALS_DOMINANCE) + 1)]);
    expect(reader.read('tk')).toBe('tk');
  });

  it('stays tk where the word is asked too rarely to say what tk means there', () => {
    const reader = shopReader(questions('退款', INITIALS_MIN_SIGHTINGS - 1));
    expect(reader.read('tk')).toBe('tk');
  });

  it.each(['ok', 'pdf', 'sms', 'tk duojiu'])('%s is not read as initials', (input) => {
    const reader = shopReader([...questions('退款', INITIALS_MIN_SIGHTINGS), ...questions('可能', INITIALS_MIN_SIGHTINGS)]);
    expect(reader.read(input)).toBe(input);
  });
});

describe('PinyinInputReader: knowledge changes after the vocabulary is built', () => {
  const learnAll = (reader: PinyinInputReader, questions: readonly string[]) => {
    for (const q of questions) reader.learn(sharedSegmenter().segment(normalize(q).text));
  };
  const probes = ['tk', 'tuikuan', 'zhifubao', 'zhi fu bao bang ding', 'fapiao', 'sei chu yunfei', 'yinhangka', 'hb fenqi'];

  it('an edit learnt after a Latin message is read as by a reader that learnt everything at once', () => {
    const before = ['退货运费谁出？', '发票怎么开', '花呗分期怎么用', '提款多久到账'];
    const edit = [...Array.from({ length: INITIALS_MIN_SIGHTINGS }, () => '退款'), '支付宝怎么绑定', '银行卡支付失败怎么办'];
    const kept = shopReader(before);
    const readBefore = probes.map((p) => kept.read(p));
    learnAll(kept, edit);
    const atOnce = shopReader([...before, ...edit]);
    expect(probes.map((p) => kept.read(p))).toEqual(probes.map((p) => atOnce.read(p)));
    // The edit was taken in: tk and zhifubao read differently from before it.
    expect(readBefore[0]).toBe('tk');
    expect(kept.read('tk')).toBe('退款');
    expect(kept.read('zhifubao')).toBe('支付宝');
    expect(readBefore[2]).not.toBe('支付宝');
  });
});
