import { describe, expect, it } from 'vitest';
import { neutraliseFormulaCell, restoreFormulaCell } from './formula-cells.js';

describe('formula cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/coupon","点我领100元券")', `'=HYPERLINK("http://evil.example/coupon","点我领100元券")`],
    ['+86 138 0013 8000 是你们客服电话吗', "'+86 138 0013 8000 是你们客服电话吗"],
    ['-满100减20 咋用不了😭', "'-满100减20 咋用不了😭"],
    ['@客服小美 在吗', "'@客服小美 在吗"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
  ])('neutralises %j so a spreadsheet shows it as text', (text, cell) => {
    expect(neutraliseFormulaCell(text)).toBe(cell);
    expect(restoreFormulaCell(cell)).toBe(text);
  });

  it.each(['退款多久到账', "'好的' 是啥意思", "'", "''", '', '1+1=2', '[急]退款', 'a=b'])('leaves %j alone', (text) => {
    expect(neutraliseFormulaCell(text)).toBe(text);
    expect(restoreFormulaCell(text)).toBe(text);
  });

  it('round-trips text that itself starts with apostrophes before a trigger', () => {
    for (const text of ["'=不是公式", "''+1 同问", "'''-_-", "'@客服", "'\t"]) {
      const cell = neutraliseFormulaCell(text);
      expect(cell).toBe(`'${text}`);
      expect(restoreFormulaCell(cell)).toBe(text);
    }
  });
});
