/**
 * Contacts as customers really type them (labels, spaces, full-width IME digits, +86), and
 * what is not a contact at all.
 */
import { describe, expect, it } from 'vitest';
import { checkedText, parseContact } from './ticket-schemas.js';

describe('parseContact', () => {
  it.each([
    ['13812345678', 'phone', '13812345678'],
    [' 138 1234 5678 ', 'phone', '13812345678'],
    ['138-1234-5678', 'phone', '13812345678'],
    ['+86 139 0000 1111', 'phone', '13900001111'],
    ['８６１３６１２３４５６７８', 'phone', '13612345678'],
    ['手机：15988886666', 'phone', '15988886666'],
    ['电话 (010) 6552 9988', 'phone', '010-65529988'],
    ['0755-8888666转123', 'phone', '0755-8888666-123'],
    ['+852 9123 4567', 'phone', '+85291234567'],
    ['Wang.XiaoLi@QQ.com', 'email', 'wang.xiaoli@qq.com'],
    ['邮箱：amy_chen@163.com', 'email', 'amy_chen@163.com'],
    ['ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｃｎ', 'email', 'test@example.cn'],
    ['微信：wxid_abc123', 'wechat', 'wxid_abc123'],
    ['vx Lily-2026', 'wechat', 'Lily-2026'],
    ['wang_xiaoli88', 'wechat', 'wang_xiaoli88'],
  ])('%s → %s %s', (input, kind, value) => {
    expect(parseContact(input)).toEqual({ kind, value });
  });

  it.each([
    [''],
    ['   '],
    ['晚上打给我'],
    ['1381234567'],
    ['23812345678'],
    ['abc'],
    ['123456'],
    ['wang@'],
    ['@qq.com'],
    ['微信同手机'],
    ['a'.repeat(21)],
  ])('%j is not a contact', (input) => {
    expect(() => parseContact(input)).toThrow(expect.objectContaining({ code: 'WENDU_CONTACT_INVALID' }));
  });
});

describe('checkedText', () => {
  it('trims, refuses empty, counts characters not UTF-16 units', () => {
    expect(checkedText('  在吗？ ', 10)).toBe('在吗？');
    expect(() => checkedText(' \n\t ', 10)).toThrow(expect.objectContaining({ code: 'WENDU_MESSAGE_EMPTY' }));
    expect(checkedText('😭'.repeat(3), 3)).toBe('😭😭😭');
    expect(() => checkedText('😭'.repeat(4), 3)).toThrow(expect.objectContaining({ code: 'WENDU_MESSAGE_TOO_LONG' }));
  });
});
