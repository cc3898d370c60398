import { describe, expect, it } from 'vitest';
import { extractEmoji, isHanCharacter, mayHoldEmoji, normalizeWithOffsets, toSimplifiedHalfWidth } from './text-basics.js';

describe('toSimplifiedHalfWidth', () => {
  it.each<[string, string]>([
    ['轉人工', '转人工'],
    ['訂單號１２３４５', '订单号12345'],
    ['怎麼還沒發貨？！', '怎么还没发货?!'],
    ['ＡＢＣ＠ＱＱ．ＣＯＭ', 'ABC@QQ.COM'],
    ['￥１９９', '¥199'],
    ['运费谁出', '运费谁出'],
    ['軟體打不開，網路錯誤', '软件打不开,网络错误'], // Taiwan phrases
    ['收不到簡訊驗證碼', '收不到短信验证码'],
    ['帳號被凍結了', '账号被冻结了'], // a variant OpenCC leaves (帐号)
    ['甚麼時候發貨', '什么时候发货'],
    ['這個么', '这个么'], // a simplified 么 beside traditional characters is not Taiwan's 幺
    ['么么哒', '么么哒'],
  ])('%s → %s', (input, expected) => {
    expect(toSimplifiedHalfWidth(input)).toBe(expected);
  });
});

describe('extractEmoji', () => {
  it.each<[string, string, string[]]>([
    ['好的👍🏻谢谢❤️', '好的谢谢', ['👍🏻', '❤️']],
    ['一家人👨‍👩‍👧都用', '一家人都用', ['👨‍👩‍👧']],
    ['😭😭怎么还没到', '怎么还没到', ['😭', '😭']],
    ['国旗🇨🇳', '国旗', ['🇨🇳']],
    ['没有表情', '没有表情', []],
  ])('%s', (input, text, emoji) => {
    expect(extractEmoji(input)).toEqual({ text, emoji });
  });

  it('skips the regexes only for text that cannot hold an emoji or a joiner (every BMP character checked)', () => {
    const emojiPart = /[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u200D\uFE0F\uFE0E]/u;
    const missed: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (emojiPart.test(ch) && !mayHoldEmoji(ch)) missed.push(c.toString(16));
    }
    expect(missed).toEqual([]);
    expect(mayHoldEmoji('😭')).toBe(true);
    expect(mayHoldEmoji('怎么退货，运费谁出？「急」')).toBe(false);
  });
});

describe('isHanCharacter', () => {
  it('says what /\\p{Script=Han}/u says, for every BMP character asked twice and for astral ones', () => {
    const han = /\p{Script=Han}/u;
    const wrong: string[] = [];
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < 0x10000; c++) {
        const ch = String.fromCharCode(c);
        if (isHanCharacter(ch) !== han.test(ch)) wrong.push(c.toString(16));
      }
    }
    expect(wrong).toEqual([]);
    expect(isHanCharacter('𠀀')).toBe(true);
    expect(isHanCharacter('😭')).toBe(false);
  });
});

describe('normalizeWithOffsets', () => {
  it('maps every normalised character back to the original', () => {
    const original = '訂單😡１２';
    const mapped = normalizeWithOffsets(original);
    expect(mapped.text).toBe('订单😡12');
    const at = mapped.text.indexOf('12');
    expect(original.slice(mapped.start[at], mapped.end[at + 1])).toBe('１２');
  });
});
