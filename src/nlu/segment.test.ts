import { describe, expect, it } from 'vitest';
import { addUserWords, isWholeWord, segment, Segmenter } from './segment.js';

describe('segment', () => {
  it.each<[string, string[]]>([
    ['退款多久到账', ['退款', '多久', '到', '账']],
    ['发票怎么开', ['发票', '怎么', '开']],
    ['我要退货', ['我', '要', '退货']],
    ['vip会员', ['vip', '会员']],
  ])('cuts %s', (text, words) => {
    expect(segment(text)).toEqual(words);
  });

  it('drops whitespace pieces', () => {
    expect(segment('退款 多久 发票')).toEqual(['退款', '多久', '发票']);
  });

  it('does not glue unknown neighbours into words (HMM off)', () => {
    // With HMM on, jieba turns 我退 into one token the knowledge base never saw.
    expect(segment('我退了')).not.toContain('我退');
  });

  it.each([['花呗'], ['自动续费'], ['七天无理由'], ['运费险']])('keeps %s whole once taught', (word) => {
    addUserWords([word]);
    expect(isWholeWord(word)).toBe(true);
    expect(segment(`${word}怎么弄`)[0]).toBe(word);
  });

  it('counts only new words, ignores one-character and blank ones', () => {
    expect(addUserWords(['花呗'])).toBe(0);
    expect(addUserWords(['退', '  ', 'a b'])).toBe(0);
    expect(addUserWords(['温度优选会员日', '温度优选会员日'])).toBe(1);
    expect(isWholeWord('温度优选会员日')).toBe(true);
  });

  it('a taught word does not change how common words are cut', () => {
    addUserWords(['借呗']);
    expect(segment('退款多久到账')).toEqual(['退款', '多久', '到', '账']);
  });

  it('one bot\'s words stay its own: segmenters do not share user dictionaries', () => {
    const shop = new Segmenter();
    const bank = new Segmenter();
    shop.addUserWords(['温度小金库']);
    expect(shop.isWholeWord('温度小金库')).toBe(true);
    expect(bank.isWholeWord('温度小金库')).toBe(false);
  });
});

describe('Segmenter.resetUserWords', () => {
  /** Questions as customers type them, with the words taught below inside them. */
  const QUESTIONS = [
    '温度小金库的钱咋取出来啊😭',
    '花呗分期退款多久到账',
    '运费险理赔怎么弄',
    '退款退到哪了，急！！',
    '七天无理由退货运费谁出',
    '犇犇生鲜的券咋用不了',
    '会员日满100减20还能叠加券不',
    '我的快递到哪了',
  ];
  // Not base words (花呗, 温度小金库, 运费险理赔, 会员日满) and base words whose frequency
  // teaching raises (退款, 到账).
  const TAUGHT = ['花呗', '温度小金库', '运费险理赔', '会员日满', '退款', '到账'];

  it('cuts exactly as a new segmenter after taught words are forgotten', () => {
    const fresh = new Segmenter();
    const reused = new Segmenter();
    reused.addUserWords(TAUGHT);
    expect(reused.segment(QUESTIONS[0])[0]).toBe('温度小金库');
    reused.resetUserWords();
    for (const question of QUESTIONS) expect(reused.segment(question)).toEqual(fresh.segment(question));
    for (const word of TAUGHT) expect(reused.isWholeWord(word)).toBe(fresh.isWholeWord(word));
  });

  it('cuts as a new segmenter taught only the current words after several teach-and-forget rounds', () => {
    const reused = new Segmenter();
    for (const round of [TAUGHT, ['运费险', '花呗分期'], TAUGHT.slice(2)]) {
      reused.resetUserWords();
      reused.addUserWords(round);
    }
    reused.resetUserWords();
    reused.addUserWords(['花呗', '七天无理由']);
    const fresh = new Segmenter();
    fresh.addUserWords(['花呗', '七天无理由']);
    for (const question of QUESTIONS) expect(reused.segment(question)).toEqual(fresh.segment(question));
  });

  it('also forgets a word whose first character the base dictionary does not have', () => {
    const fresh = new Segmenter();
    const reused = new Segmenter();
    reused.addUserWords([...TAUGHT, '犇犇生鲜']);
    expect(reused.isWholeWord('犇犇生鲜')).toBe(true);
    reused.resetUserWords();
    for (const question of QUESTIONS) expect(reused.segment(question)).toEqual(fresh.segment(question));
  });

  it('counts a forgotten word as new when it is taught again', () => {
    const segmenter = new Segmenter();
    expect(segmenter.addUserWords(['温度小金库'])).toBe(1);
    segmenter.resetUserWords();
    expect(segmenter.isWholeWord('温度小金库')).toBe(false);
    expect(segmenter.addUserWords(['温度小金库'])).toBe(1);
    expect(segmenter.isWholeWord('温度小金库')).toBe(true);
  });
});
