import { describe, expect, it } from 'vitest';
import { InvertedIndexBuilder, InvertedIndexOverlay, MIN_DOCS_TO_SKIP_COMMON, TouchedDocs, type InvertedIndex } from './inverted-index.js';

function build(docs: string[][]): InvertedIndex {
  const builder = new InvertedIndexBuilder();
  docs.forEach((tokens, i) => builder.add(i, tokens));
  return builder.build();
}

function scoresOf(index: InvertedIndex, tokens: string[], maxDocFraction = 1, boost = 1) {
  const scores = new Float64Array(index.docCount);
  const touched = new TouchedDocs();
  index.accumulate(tokens, boost, scores, touched, maxDocFraction);
  return { scores, touched: touched.list() };
}

describe('InvertedIndex (BM25)', () => {
  const index = build([
    ['退款', '多久', '到账'],
    ['退款', '怎么', '申请'],
    ['发票', '怎么', '开'],
    ['退货', '运费', '谁', '出'],
    ['退款', '到', '哪里'],
  ]);

  it('orders IDF by rarity; unseen tokens get the maximum', () => {
    expect(index.idf('发票')).toBeGreaterThan(index.idf('怎么'));
    expect(index.idf('怎么')).toBeGreaterThan(index.idf('退款'));
    expect(index.idf('从没见过')).toBeGreaterThan(index.idf('发票'));
    expect(index.documentFrequency('退款')).toBe(3);
    expect(index.documentFrequency('从没见过')).toBe(0);
  });

  it('ranks the document sharing the rarest words first and records touched docs once', () => {
    const { scores, touched } = scoresOf(index, ['退款', '多久', '到账']);
    expect(touched.sort()).toEqual([0, 1, 4]);
    expect(scores[0]).toBeGreaterThan(scores[1]);
    expect(scores[2]).toBe(0);
  });

  it('counts a repeated query token once', () => {
    const once = scoresOf(index, ['发票']).scores[2];
    expect(scoresOf(index, ['发票', '发票']).scores[2]).toBeCloseTo(once);
  });

  it('accumulates into existing scores with the boost', () => {
    const single = scoresOf(index, ['发票']).scores[2];
    const scores = new Float64Array(index.docCount);
    const touched = new TouchedDocs();
    index.accumulate(['发票'], 0.5, scores, touched, 1);
    index.accumulate(['发票'], 0.5, scores, touched, 1);
    expect(scores[2]).toBeCloseTo(single);
    expect(touched.list()).toEqual([2]);
  });

  it('skips tokens in more than maxDocFraction of documents, unless the query has one token', () => {
    // A large knowledge base: 退款 in 60% of the questions is too common to score at 0.4.
    const docs = Array.from({ length: MIN_DOCS_TO_SKIP_COMMON }, (_, i) => (i % 5 < 3 ? ['退款', `问题${i}`] : [`问题${i}`]));
    docs.push(['发票']);
    const large = build(docs);
    expect(scoresOf(large, ['退款', '发票'], 0.4).touched).toEqual([MIN_DOCS_TO_SKIP_COMMON]);
    expect(scoresOf(large, ['退款'], 0.4).touched.length).toBe((MIN_DOCS_TO_SKIP_COMMON / 5) * 3);
  });

  it('never skips a token in a small knowledge base (a new bot with a handful of entries)', () => {
    // 退款 is in 3 of 5 documents, yet all of them must still be found.
    expect(scoresOf(index, ['退款', '发票'], 0.4).touched.sort()).toEqual([0, 1, 2, 4]);
  });

  it('prefers the shorter document for the same match (length normalisation)', () => {
    const lengths = build([['积分'], ['积分', '会员', '等级', '怎么', '升级', '规则']]);
    const { scores } = scoresOf(lengths, ['积分']);
    expect(scores[0]).toBeGreaterThan(scores[1]);
  });

  it('an empty index scores nothing', () => {
    const empty = build([]);
    expect(empty.docCount).toBe(0);
    expect(scoresOf(empty, ['退款']).touched).toEqual([]);
  });
});

describe('InvertedIndexOverlay (documents added after the build)', () => {
  const builder = new InvertedIndexBuilder();
  const docs = [
    ['退款', '多久', '到账'],
    ['退款', '怎么', '申请'],
    ['发票', '怎么', '开'],
  ];
  docs.forEach((tokens, i) => builder.add(i, tokens));
  const index = builder.build();
  const overlay = new InvertedIndexOverlay(index);
  const ids = (tokens: string[]) => tokens.map((t) => builder.lexicon.intern(t));
  // Doc 3 repeats doc 0 word for word; doc 4 has a word the build never saw.
  overlay.addIds(3, ids(docs[0]));
  overlay.addIds(4, ids(['寵物', '退款']));

  const scoresOf = (tokens: string[]) => {
    const scores = new Float64Array(5);
    const touched = new TouchedDocs();
    const query = tokens.map((t) => builder.lexicon.find(t));
    index.accumulateIds(query, 1, scores, touched, 1);
    overlay.accumulateIds(query, 1, scores, touched, 1);
    return { scores, touched: touched.list() };
  };

  it('weighs an added document with the build’s IDF and mean length, as the same built document', () => {
    const { scores, touched } = scoresOf(['退款', '多久', '到账']);
    expect(scores[3]).toBeCloseTo(scores[0], 5);
    expect(touched).toContain(3);
    expect(scores[2]).toBe(0);
  });

  it('gives a word the build never saw the IDF it would have at the build’s size', () => {
    const { scores } = scoresOf(['寵物']);
    expect(scores[4]).toBeGreaterThan(0);
    expect(scores[4]).toBeGreaterThan(scoresOf(['退款']).scores[4]);
    expect(index.idfOf(builder.lexicon.find('寵物'))).toBe(-1);
  });
});
