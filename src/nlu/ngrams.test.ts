import { describe, expect, it } from 'vitest';
import { charBigrams, joinGrams, joinUnits } from './ngrams.js';

describe('ngrams', () => {
  it.each<[string, string[]]>([
    ['发票怎么开', ['发票', '票怎', '怎么', '么开']],
    ['退款', ['退款']],
    ['退', ['退']], // one character is still matchable
    ['', []],
    ['😊好', ['😊好']], // code points, not UTF-16 halves
  ])('charBigrams(%s)', (text, grams) => {
    expect(charBigrams(text)).toEqual(grams);
  });

  it('joinUnits keeps Latin words as one unit', () => {
    expect(joinUnits(['vip', '会', '员'])).toEqual(['vip会', '会员']);
  });

  it.each<[string[], string[]]>([
    [['fa', 'piao'], ['fa_piao']],
    [['tui', 'huo', 'yun'], ['tui_huo', 'huo_yun']],
    [['fa'], ['fa']],
    [[], []],
  ])('joinGrams(%j)', (tokens, grams) => {
    expect(joinGrams(tokens)).toEqual(grams);
  });
});
