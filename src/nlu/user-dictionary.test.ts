import { describe, expect, it } from 'vitest';
import { MAX_TERM_LENGTH, MIN_TERM_ENTRIES, mineUserWords } from './user-dictionary.js';

describe('mineUserWords', () => {
  it('finds a shop term jieba shatters when it recurs across entries', () => {
    const mined = mineUserWords([
      ['花呗怎么还款', '花呗逾期了怎么办'],
      ['花呗额度能提高吗'],
      ['借呗利息多少'],
    ]);
    expect(mined).toContain('花呗');
    expect(mined).not.toContain('借呗'); // one entry only
  });

  it(`needs ${MIN_TERM_ENTRIES} different entries, not two questions of one entry`, () => {
    expect(mineUserWords([['花呗怎么还款', '花呗逾期了']])).toEqual([]);
  });

  it('never starts a term with a stop-word character', () => {
    const mined = mineUserWords([['我的呗呗呢'], ['我的呗呗呢']]);
    for (const term of mined) expect(term.startsWith('我')).toBe(false);
  });

  it(`ignores runs longer than ${MAX_TERM_LENGTH} characters`, () => {
    const longRun = '甲乙丙丁戊'; // five single characters jieba cannot join
    expect(mineUserWords([[longRun], [longRun]])).toEqual([]);
  });

  it('returns nothing for words jieba already knows', () => {
    expect(mineUserWords([['退款多久'], ['退款怎么办']])).toEqual([]);
  });
});
