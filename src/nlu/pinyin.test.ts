import { describe, expect, it } from 'vitest';
import { splitPinyin, textPinyin, wordPinyin } from './pinyin.js';

describe('splitPinyin', () => {
  it.each<[string, string[] | null]>([
    ['rengong', ['ren', 'gong']],
    ['huo', ['huo']],
    ['tuihuo', ['tui', 'huo']],
    ['fapiao', ['fa', 'piao']],
    ['xian', ['xian']], // fewest syllables: xian, not xi-an
    ['zhuanrengong', ['zhuan', 'ren', 'gong']],
    ['vip', null],
    ['app', null],
    ['iphone', null],
    ['tui123', null],
    ['', null],
  ])('%s → %j', (run, syllables) => {
    expect(splitPinyin(run)).toEqual(syllables);
  });
});

describe('wordPinyin', () => {
  it.each<[string, string[]]>([
    ['银行', ['yin', 'hang']], // read in context, not 银 xing
    ['发票', ['fa', 'piao']],
    ['退货', ['tui', 'huo']],
    ['绿色', ['lv', 'se']],
    ['rengong', ['ren', 'gong']],
    ['vip', ['vip']],
    ['2026', ['2026']],
  ])('%s → %j', (word, syllables) => {
    expect(wordPinyin(word)).toEqual(syllables);
  });

  it.each([
    ['发漂', '发票'],
    ['退火', '退货'],
    ['花被', '花呗'],
    ['借被', '借呗'],
  ])('homophone typo %s reads like %s (tones dropped)', (typo, word) => {
    expect(wordPinyin(typo)).toEqual(wordPinyin(word));
  });

  it('returns the cached reading on repeat', () => {
    expect(wordPinyin('积分')).toBe(wordPinyin('积分'));
  });
});

describe('textPinyin', () => {
  it('concatenates syllables in order', () => {
    expect(textPinyin(['退', 'huo', '运费'])).toEqual(['tui', 'huo', 'yun', 'fei']);
  });
});
