import { describe, expect, it } from 'vitest';
import { condenseQuestion, MAX_CONDENSED_CHARS } from './condense.js';

describe('condenseQuestion', () => {
  it('keeps the clause that asks and drops greetings, story, thanks and emoji', () => {
    expect(condenseQuestion('你好，我上周买的那个杯子今天收到发现裂了，想问下怎么退货呀，谢谢🙏')).toBe('想问下怎么退货呀');
  });

  it('cuts out order numbers and masks phones, e-mails, ID and bank cards instead of keeping one customer\'s data', () => {
    const condensed = condenseQuestion('订单2024112233445566怎么还没发货？？')!;
    expect(condensed).not.toMatch(/2024112233445566/);
    expect(condensed).toContain('怎么还没发货');
    expect(condenseQuestion('我手机13812345678能收到验证码吗')).toBe('我手机138****5678能收到验证码吗');
    expect(condenseQuestion('发到 someone@example.com 可以吗')).toBe('发到 s***@example.com 可以吗');
    // ID cards, bank cards and addresses are masked (src/privacy/mask.ts).
    expect(condenseQuestion('身份证11010519491231002X实名认证不了怎么办')).toBe('身份证110***********002X实名认证不了怎么办');
    expect(condenseQuestion('退到卡4111 1111 1111 1111要几天')).toBe('退到卡4111********1111要几天');
  });

  it('keeps a short subject clause before the question (那个蓝色的，还有货吗)', () => {
    expect(condenseQuestion('那个蓝色的，还有货吗')).toBe('蓝色的，还有货吗');
  });

  it('keeps a message without a question word whole (退货运费) and returns null for thanks only', () => {
    expect(condenseQuestion('退货运费')).toBe('退货运费');
    expect(condenseQuestion('谢谢！')).toBeNull();
    expect(condenseQuestion('🙏🙏')).toBeNull();
    expect(condenseQuestion('   ')).toBeNull();
  });

  it('handles traditional characters and a long rant within the length cap', () => {
    expect(condenseQuestion('親，請問發票怎麼開？')).toBe('發票怎麼開');
    const long = '我跟你说'.repeat(40) + '怎么退款';
    expect(Array.from(condenseQuestion(long)!).length).toBeLessThanOrEqual(MAX_CONDENSED_CHARS);
  });
});
