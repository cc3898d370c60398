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
