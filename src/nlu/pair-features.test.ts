import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { PAIR_FEATURES, Profiles, type PairFeatureName } from './pair-features.js';
import { SynonymMap } from './synonyms.js';

const synonyms = new SynonymMap([['退款', '退钱']]);

function features(a: string, b: string): Record<PairFeatureName, number> {
  const profiles = new Profiles();
  const f = profiles.features(profiles.add(analyze(a, synonyms)), profiles.add(analyze(b, synonyms)));
  return Object.fromEntries(PAIR_FEATURES.map((name, i) => [name, f[i]])) as Record<PairFeatureName, number>;
}

const PAIRS: [string, string][] = [
  ['退款多久到账', '退钱几天能到'],
  ['怎么退款', '退款多久到账'],
  ['发漂怎么开', '发票怎么开'],
  ['退貨運費誰出', '退货运费谁承担'],
  ['今天天气怎么样', '发票抬头怎么改'],
  ['', '积分怎么用'],
  ['在吗', '在吗'],
  ['订单123456还没发货', '订单654321还没发货'],
];

describe('pairFeatures', () => {
  it.each(PAIRS)('every feature of (%s, %s) lies in [0,1]', (a, b) => {
    for (const [name, value] of Object.entries(features(a, b))) {
      expect(value, name).toBeGreaterThanOrEqual(0);
      expect(value, name).toBeLessThanOrEqual(1);
    }
  });

  it('question type: 怎么退款 (how) vs 退款多久到账 (when) mismatch', () => {
    expect(features('怎么退款', '退款多久到账').typeMismatch).toBe(1);
    expect(features('怎么退款', '如何退款').typeMismatch).toBe(0); // both "how"
    expect(features('退款', '退款多久到账').typeMismatch).toBe(0); // one side asks nothing
  });

  it('negation: 能退货 vs 不能退货', () => {
    expect(features('为什么能退货', '为什么不能退货').negationMismatch).toBe(1);
    expect(features('为什么没发货', '为什么还没发货').negationMismatch).toBe(0);
  });

  it('numbers that differ', () => {
    expect(features('订单123456还没发货', '订单654321还没发货').numberMismatch).toBe(1);
    expect(features('7天无理由', '7天无理由退货').numberMismatch).toBe(0);
    expect(features('7天无理由', '无理由退货').numberMismatch).toBe(0);
  });

  it('exact after normalisation and synonyms', () => {
    const f = features('退貨運費誰出？', '退货运费谁出');
    expect(f.exact).toBe(1);
    expect(f.coverageQuery).toBe(1);
    expect(f.bigramDice).toBe(1);
    expect(features('退钱多久到账', '退款多久到账').exact).toBe(1);
  });

  it('homophone typo 发漂 matches 发票 by pinyin, not by characters', () => {
    const f = features('发漂怎么开', '发票怎么开');
    expect(f.pinyinDice).toBe(1);
    expect(f.bigramDice).toBeLessThan(1);
    expect(f.coverageQuery).toBe(1); // 发/漂 read fa piao, found across the word 发票
    expect(f.keyWordMatch).toBe(1);
  });

  it('character coverage survives a different segmentation', () => {
    const f = features('退款到账', '退款多久到账');
    expect(f.charCoverageQuery).toBe(1);
    expect(f.charCoverageQuestion).toBeLessThan(1);
  });

  it('an unmatched key word weighs more than an unmatched particle', () => {
    expect(features('发票怎么开', '怎么开').unmatchedQuery).toBeGreaterThan(features('怎么开啊', '怎么开').unmatchedQuery);
  });

  it('off-topic pairs score low everywhere', () => {
    const f = features('今天天气怎么样', '发票抬头怎么改');
    expect(f.coverageQuery).toBeLessThan(0.3);
    expect(f.bigramDice).toBeLessThan(0.3); // only 怎么 is shared
    expect(f.pinyinDice).toBeLessThan(0.3);
    expect(f.exact).toBe(0);
  });
});
