import { describe, expect, it } from 'vitest';
import { SynonymMap } from './synonyms.js';

describe('SynonymMap', () => {
  const map = new SynonymMap([
    ['退款', '退钱', '返款', '退费'],
    ['快递', '物流', '包裹'],
    ['发票', 'Fapiao ', ''],
    [],
    ['退钱', '还钱'], // 退钱 already belongs to 退款: first group wins
  ]);

  it.each<[string, string]>([
    ['退钱', '退款'],
    ['返款', '退款'],
    ['退款', '退款'],
    ['包裹', '快递'],
    ['fapiao', '发票'],
    ['还钱', '退钱'],
    ['积分', '积分'],
  ])('%s → %s', (word, canonical) => {
    expect(map.canonicalOf(word)).toBe(canonical);
  });

  it('lists every term once, trimmed and lower-cased, blanks dropped', () => {
    expect(map.terms().sort()).toEqual(['fapiao', '还钱', '发票', '包裹', '物流', '返款', '退款', '退费', '退钱', '快递'].sort());
    expect(map.size).toBe(10);
  });

  it('is empty by default', () => {
    expect(new SynonymMap().size).toBe(0);
    expect(new SynonymMap().canonicalOf('退款')).toBe('退款');
  });
});
