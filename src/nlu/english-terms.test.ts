import { describe, expect, it } from 'vitest';
import { EnglishTermReader } from './english-terms.js';
import { normalize } from './normalize.js';
import { sharedSegmenter } from './segment.js';

/** A reader that has learnt a small knowledge base's questions, cut by the real segmenter. */
function readerFor(questions: readonly string[]): (text: string) => string {
  const reader = new EnglishTermReader();
  for (const q of questions) reader.learn(sharedSegmenter().segment(normalize(q).text));
  return (text) => reader.read(normalize(text).text);
}

const shop = readerFor(['怎么取消订单？', '发票怎么开', '退款多久到账', '可以用visa卡付款吗', 'app登录不上怎么办', '商品显示无货，什么时候补货？']);

describe('EnglishTermReader: English service words become the Chinese the knowledge base uses', () => {
  it.each<[string, string]>([
    ['我的order怎么cancel', '我的订单怎么取消'],
    ['能开invoice吗', '能开发票吗'],
    ['Refund多久到账？？', '退款多久到账'],
    ['可以用credit card付款吗', '可以用信用卡付款吗'], // the two-word form before card alone
    ['能exchange吗 size小了', '能换货吗尺码小了'],
    ['ORDER CANCELLED了但是没refund😭', '订单取消了但是没退款'],
  ])('%s → %s', (input, expected) => {
    expect(shop(input)).toBe(expected);
  });

  it.each([
    ['iPhone 15有货吗', 'iphone 15有货吗'], // brand and model stay whole
    ['mate60 pro还有吗', 'mate60 pro还有吗'],
    ['用visa卡付款', '用visa卡付款'], // the knowledge base's own word
    ['app打不开', 'app打不开'],
    ['订单号 ab-order-123', '订单号 ab-order-123'], // glued to digits and dashes: part of an identifier
    ['reorder怎么弄', 'reorder怎么弄'], // only whole words
  ])('leaves %s as written', (input, expected) => {
    expect(shop(input)).toBe(expected);
  });

  it('a knowledge base that uses an English word as written keeps it everywhere', () => {
    const own = readerFor(['怎么申请refund', '退货怎么弄']);
    expect(own('refund多久到')).toBe('refund多久到');
    expect(own('怎么return')).toBe('怎么退货');
  });

  it('a message without Chinese is read only when it is all glossary words', () => {
    expect(shop('Refund')).toBe('退款');
    expect(shop('credit card')).toBe('信用卡');
    expect(shop('can I return it')).toBe('can i return it');
    expect(shop('how long does shipping take')).toBe('how long does shipping take');
  });

  it('an English knowledge base gets nothing replaced', () => {
    const english = readerFor(['How do I cancel my order?', 'Where is my parcel?']);
    expect(english('can i get a refund for my order')).toBe('can i get a refund for my order');
  });
});
