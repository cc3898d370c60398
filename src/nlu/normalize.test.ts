import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.js';
import { extractEmoji, toSimplifiedChinese } from './text-basics.js';

describe('normalize', () => {
  it.each<[string, string, string]>([
    // why, customer text, normalised text
    ['full-width letters and punctuation', 'ＶＩＰ会员怎么开通？？', 'vip会员怎么开通'],
    ['full-width digits', '退款１２３元', '退款123元'],
    ['Hong Kong traditional', '退貨運費誰出？', '退货运费谁出'],
    ['Taiwan traditional variants', '發票擡頭怎麼改', '发票抬头怎么改'],
    ['Taiwan 臺/裏', '臺灣的裏面有貨嗎', '台湾的里面有货吗'],
    ['upper case', 'APP登錄不上', 'app登录不上'],
    ['repeated punctuation collapses to one space', '哈哈!!!...好的', '哈哈 好的'],
    ['Chinese punctuation separates', '你好，在吗？我要退款。', '你好 在吗 我要退款'],
    ['whitespace trimmed and collapsed', '  退款   多久\t到账 \n', '退款 多久 到账'],
    ['e-mail survives', '邮箱 Wang.Li@Example.com 收不到', '邮箱 wang.li@example.com 收不到'],
    ['decimal survives', '价格是12.5元吗', '价格是12.5元吗'],
    ['order number with dashes survives', '訂單號：ＡＢ-2024-001', '订单号 ab-2024-001'],
    ['snake_case code survives', '优惠码 vip_2026 用不了', '优惠码 vip_2026 用不了'],
    ['loose dots and dashes drop', '退款 -- 多久 .', '退款 多久'],
  ])('%s: %s', (_why, input, expected) => {
    expect(normalize(input).text).toBe(expected);
  });

  it.each<[string, string, string[]]>([
    ['太慢了😡😡', '太慢了', ['😡', '😡']],
    ['谢谢👍🏻', '谢谢', ['👍🏻']],
    ['收到了❤️好评', '收到了 好评', ['❤️']],
    ['一家人👨‍👩‍👧都喜欢', '一家人 都喜欢', ['👨‍👩‍👧']],
    ['🇨🇳发货吗', '发货吗', ['🇨🇳']],
    ['没有表情', '没有表情', []],
  ])('keeps emoji aside: %s', (input, text, emoji) => {
    const n = normalize(input);
    expect(n.text).toBe(text);
    expect(n.emoji).toEqual(emoji);
    expect(n.original).toBe(input);
  });

  it('extractEmoji leaves text without emoji untouched', () => {
    expect(extractEmoji('退款多久到账')).toEqual({ text: '退款多久到账', emoji: [] });
  });

  it.each([
    ['退款多久到账', '退款多久到账'],
    ['會員積分', '会员积分'],
    ['我這個訂單怎麼還沒發貨', '我这个订单怎么还没发货'],
  ])('toSimplifiedChinese(%s) = %s', (input, expected) => {
    expect(toSimplifiedChinese(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = normalize('退貨運費誰出？？😡 ＡＢ-2024-001').text;
    expect(normalize(once).text).toBe(once);
  });
});
