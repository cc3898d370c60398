import { describe, expect, it } from 'vitest';
import { extractEntities, parseChineseNumber } from './entities.js';
import type { EntityType } from './types.js';

/** Friday 13 November 2026, 10:00 in Beijing. */
const NOW = new Date('2026-11-13T10:00:00+08:00');

type Expected = [EntityType, string, string | number];

describe('extractEntities', () => {
  it.each<[string, Expected[]]>([
    // message, expected [type, text as written, value] in order of appearance
    ['订单号：2026111100001234，电话13812345678', [['order_number', '2026111100001234', '2026111100001234'], ['phone', '13812345678', '13812345678']]],
    ['訂單號 2026 1111 0000 1234 怎麼還沒發貨', [['order_number', '2026 1111 0000 1234', '2026111100001234']]],
    ['单号是2026-1111-0000-1234呀', [['order_number', '2026-1111-0000-1234', '2026111100001234']]],
    ['帮我查下 202611110000123456 这单', [['order_number', '202611110000123456', '202611110000123456']]],
    ['我电话是13812345678，麻烦回个电话', [['phone', '13812345678', '13812345678']]],
    ['手机号 +86 138-1234-5678', [['phone', '+86 138-1234-5678', '13812345678']]],
    ['打我手机１３９ ００１２ ３４５６吧😭', [['phone', '１３９ ００１２ ３４５６', '13900123456']]],
    ['12345678901 不是手机号也不是订单', []],
    ['发票发到 Foo.Bar@QQ.com 谢谢', [['email', 'Foo.Bar@QQ.com', 'foo.bar@qq.com']]],
    ['2026-11-11买的，11月11日下的单', [['date', '2026-11-11', '2026-11-11'], ['date', '11月11日', '2026-11-11']]],
    ['2026/10/01下单的 2026年9月30号付的款', [['date', '2026/10/01', '2026-10-01'], ['date', '2026年9月30号', '2026-09-30']]],
    ['昨天买的，上周五就该到了', [['date', '昨天', '2026-11-12'], ['date', '上周五', '2026-11-06']]],
    ['上個禮拜天下的單，今天能到嗎', [['date', '上個禮拜天', '2026-11-08'], ['date', '今天', '2026-11-13']]],
    ['前天问过了 明天能发吗', [['date', '前天', '2026-11-11'], ['date', '明天', '2026-11-14']]],
    ['双十一买的，十一月十一号付款', [['date', '双十一', '2026-11-11'], ['date', '十一月十一号', '2026-11-11']]],
    ['价格是11.11吗', []],
    ['2026-02-30 这天', []],
    ['¥199 买的，退多少', [['amount', '¥199', 199]]],
    ['付了￥ 58.8，运费一百二十元？？', [['amount', '￥ 58.8', 58.8], ['amount', '一百二十元', 120]]],
    ['199.5塊錢的那款', [['amount', '199.5塊錢', 199.5]]],
    ['总共1,299元，优惠了3块5', [['amount', '1,299元', 1299], ['amount', '3块5', 3.5]]],
    ['定金1.5万元', [['amount', '1.5万元', 15000]]],
    ['买了两块手表，元旦前能到吗', []],
    ['单号2026111100001234 金额199元 手机13812345678', [
      ['order_number', '2026111100001234', '2026111100001234'], ['amount', '199元', 199], ['phone', '13812345678', '13812345678']]],
  ])('%s', (message, expected) => {
    const entities = extractEntities(message, { now: NOW });
    expect(entities.map((e) => [e.type, e.text, e.value])).toEqual(expected);
    for (const e of entities) expect(message.slice(e.start, e.end)).toBe(e.text);
  });

  it('never reports overlapping entities', () => {
    const entities = extractEntities('订单13812345678901234 13812345678', { now: NOW });
    expect(entities.map((e) => e.type)).toEqual(['order_number', 'phone']);
  });

  it('resolves relative dates in the shop time zone, not the server one', () => {
    // 23:30 UTC on 12 Nov is already 13 Nov in Beijing.
    const lateNight = new Date('2026-11-12T23:30:00Z');
    expect(extractEntities('今天', { now: lateNight })[0].value).toBe('2026-11-13');
    expect(extractEntities('今天', { now: lateNight, utcOffsetMinutes: 0 })[0].value).toBe('2026-11-12');
  });

  it.each<[string, number]>([
    ['一百二十', 120], ['两百', 200], ['一百零五', 105], ['一千五', 1500], ['三百五', 350],
    ['十五', 15], ['两万五', 25000], ['一万二千三百', 12300], ['二〇二六', 2026],
  ])('parseChineseNumber(%s) = %d', (raw, value) => {
    expect(parseChineseNumber(raw)).toBe(value);
  });
});
