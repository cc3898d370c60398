import { describe, expect, it } from 'vitest';
import { findPersonal, luhnValid, maskPersonal, validIdCard } from './mask.js';

/** A valid ID card number (GB 11643 checksum) and the same with a wrong check character. */
const ID_VALID = '11010519491231002X';
const ID_BAD_CHECK = '110105194912310021';
/** A Luhn-valid 16-digit card and one off by a digit. */
const CARD_VALID = '6222021234567890128';
const CARD_INVALID = '6222021234567890123';

describe('personal data masking', () => {
  it('checks ID cards and cards for real', () => {
    expect(validIdCard(ID_VALID)).toBe(true);
    expect(validIdCard(ID_BAD_CHECK)).toBe(false);
    expect(validIdCard('110105194913310021')).toBe(false); // month 13
    expect(luhnValid(CARD_VALID)).toBe(true);
    expect(luhnValid(CARD_INVALID)).toBe(false);
    expect(luhnValid('4111111111111111')).toBe(true);
  });

  it('masks mobiles, ID cards, bank cards, e-mails and street addresses in customer language', () => {
    expect(maskPersonal('我手机13812345678收不到验证码😭')).toBe('我手机138****5678收不到验证码😭');
    expect(maskPersonal('+86 138-1234-5678 打不通')).toBe('138****5678 打不通');
    expect(maskPersonal(`身份证${ID_VALID}实名不了`)).toBe('身份证110***********002X实名不了');
    expect(maskPersonal(`退款退到卡号 ${CARD_VALID} 了吗`)).toBe('退款退到卡号 6222***********0128 了吗');
    expect(maskPersonal('卡号4111 1111 1111 1111扣了两次钱')).toBe('卡号4111********1111扣了两次钱');
    expect(maskPersonal('发票发到 zhang.wei@example.com 吧')).toBe('发票发到 z***@example.com 吧');
    expect(maskPersonal('寄到上海市浦东新区张江路88号3栋1201室')).toBe('寄到上海市浦东新区张江路**号*栋****室');
    expect(maskPersonal('地址是阳光花园5栋2单元302')).toBe('地址是阳光花园*栋*单元***');
  });

  it('leaves numbers that fail their check, order numbers and plain questions alone', () => {
    expect(maskPersonal(`身份证${ID_BAD_CHECK}`)).toBe(`身份证${ID_BAD_CHECK}`);
    expect(maskPersonal(`卡号${CARD_INVALID}`)).toBe(`卡号${CARD_INVALID}`);
    expect(maskPersonal('订单2026113012345678怎么还没发货')).toBe('订单2026113012345678怎么还没发货');
    expect(maskPersonal('退货运费谁出？')).toBe('退货运费谁出？');
    expect(findPersonal('在吗 在吗')).toEqual([]);
  });
});
