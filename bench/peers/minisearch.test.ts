import { describe, expect, it } from 'vitest';
import { bm25Tokens, createBm25Peer } from './minisearch.js';

describe('bm25Tokens (what the BM25 peer sees)', () => {
  it('gives jieba search-mode words plus every Han character, without punctuation', () => {
    const tokens = bm25Tokens('招商银行卡怎么解绑？？');
    expect(tokens).toEqual(expect.arrayContaining(['招商银行', '银行', '解绑', '招', '商', '银', '行', '卡', '怎', '么', '解', '绑']));
    expect(tokens.some((t) => /[？?]/.test(t))).toBe(false);
  });

  it('counts a single-character word once, as its unigram', () => {
    const tokens = bm25Tokens('我要退款');
    expect(tokens.filter((t) => t === '我')).toHaveLength(1);
  });

  it('lower-cases Latin letters and keeps digits', () => {
    expect(bm25Tokens('ETC卡 2000元')).toEqual(expect.arrayContaining(['etc', '2000']));
  });
});

describe('createBm25Peer', () => {
  const entries = [
    { id: 'refund', question: '怎么申请退款', similarQuestions: ['钱能退回来吗', '退货退款流程'] },
    { id: 'invoice', question: '怎么开发票', similarQuestions: ['能开增值税发票吗'] },
    { id: 'card', question: '如何更换绑定的银行卡', similarQuestions: [] },
  ];
  const peer = createBm25Peer(entries);

  it('ranks the entry whose question shares the most words first', () => {
    expect(peer.rank('我想退款，钱多久能退回来', 3)[0]).toBe('refund');
    expect(peer.rank('换一张银行卡绑定', 3)[0]).toBe('card');
  });

  it('lists each entry once and at most k of them', () => {
    const ranked = peer.rank('怎么退款开发票', 2);
    expect(ranked).toHaveLength(2);
    expect(new Set(ranked).size).toBe(2);
  });

  it('returns nothing when no word overlaps', () => {
    expect(peer.rank('😂😂', 3)).toEqual([]);
  });
});
