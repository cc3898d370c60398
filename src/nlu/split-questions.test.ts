import { describe, expect, it } from 'vitest';
import { splitQuestions } from './split-questions.js';

describe('splitQuestions', () => {
  it.each<[string, string[]]>([
    ['怎么退货？运费谁出？', ['怎么退货', '运费谁出']],
    ['怎麼退貨？運費誰出？', ['怎麼退貨', '運費誰出']],
    ['怎么退货?运费谁出?', ['怎么退货', '运费谁出']],
    ['怎么退货！！运费谁出；几天能退款', ['怎么退货', '运费谁出', '几天能退款']],
    ['怎么退货\n运费谁出', ['怎么退货', '运费谁出']],
    ['这件衣服什么时候发货', ['这件衣服什么时候发货']],
    // commas, spaces, emoji and conjunctions split only between two questions
    ['你好，请问怎么退货，运费谁出，谢谢', ['请问怎么退货', '运费谁出']],
    ['怎么退货 运费谁出', ['怎么退货', '运费谁出']],
    ['怎么退货😭😭运费谁出', ['怎么退货', '运费谁出']],
    ['怎么退货还有运费谁出', ['怎么退货', '运费谁出']],
    ['亲，在吗？我想问下这个衣服什么时候发货？另外可以开发票吗？谢谢！', ['我想问下这个衣服什么时候发货', '可以开发票吗']],
    ['几号发货啊，顺便问下有没有赠品', ['几号发货啊', '有没有赠品']],
    ['这个还有货吗', ['这个还有货吗']],
    ['退货以及换货怎么弄', ['退货以及换货怎么弄']],
    ['我在北京，怎么退货', ['我在北京，怎么退货']],
    // never cut URLs, e-mail, numbers
    ['https://shop.com/item?id=123 这个链接打不开？还有优惠吗', ['https://shop.com/item?id=123 这个链接打不开', '还有优惠吗']],
    ['价格是199.5吗？1,299的那款呢', ['价格是199.5吗', '1,299的那款呢']],
    ['我的邮箱是a.b@qq.com，发票发了吗', ['我的邮箱是a.b@qq.com，发票发了吗']],
    // greetings and fillers
    ['你好', ['你好']],
    ['你好！在吗？', ['你好！在吗？']],
    ['👍👍', ['👍👍']],
    ['在嗎？怎麼退貨', ['怎麼退貨']],
    ['ｈｉ～请问包邮吗？？', ['请问包邮吗']],
    // a topic fragment followed by a clause is one question (那换货呢 + what is asked about it)
    ['那换货呢，运费也是我出吗', ['那换货呢，运费也是我出吗']],
    ['那換貨呢？運費誰出？', ['那換貨呢，運費誰出']],
    ['要是拆封了的话呢 还能退吗😭', ['要是拆封了的话呢，还能退吗😭']],
    ['怎么退货？那换货呢', ['怎么退货', '那换货呢']],
    ['怎么退货呢，运费谁出', ['怎么退货呢', '运费谁出']],
    // short fragments are merged unless they are complete short questions
    ['怎么退货？运费呢？', ['怎么退货', '运费呢']],
    ['怎么退货？发票？', ['怎么退货', '发票']],
    ['退货。怎么弄', ['退货，怎么弄']],
    ['七天无理由退货怎么操作。急', ['七天无理由退货怎么操作，急']],
    // numbered lists and the part limit
    ['1.怎么退货 2.运费谁出 3.几天到 4.发票怎么开', ['怎么退货', '运费谁出', '几天到，发票怎么开']],
    ['', []],
  ])('%j → %j', (message, expected) => {
    expect(splitQuestions(message)).toEqual(expected);
  });

  it('respects maxParts and minPartLength options', () => {
    const message = '怎么退货？运费谁出？几天到？发票怎么开？';
    expect(splitQuestions(message)).toHaveLength(3);
    expect(splitQuestions(message, { maxParts: 5 })).toEqual(['怎么退货', '运费谁出', '几天到', '发票怎么开']);
    expect(splitQuestions(message, { maxParts: 1 })).toEqual(['怎么退货，运费谁出，几天到，发票怎么开']);
    expect(splitQuestions('包装破了。能换吗', { minPartLength: 2 })).toEqual(['包装破了', '能换吗']);
    expect(splitQuestions('包装破了。能换吗', { minPartLength: 5 })).toEqual(['包装破了，能换吗']);
  });
});
