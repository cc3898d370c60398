/**
 * The answer rule's key-word evidence (key-word.ts) on a small hand-written shop, with the real matcher: a rare
 * context word no runner-up holds no longer vetoes a first entry that explains most of the question; a key word a
 * runner-up holds (a sibling's), or a question the first entry explains little of, keeps the veto.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMatcher, type Matcher } from '../../nlu/matcher.js';
import { Segmenter } from '../../nlu/segment.js';
import { keyWordHeld, MIN_EXPLAINED_SHARE } from './key-word.js';

const SHOP = [
  { id: 'return-shipping', question: '退货运费谁出？', similarQuestions: ['退货要自己付运费吗', '退回去的邮费谁承担', '退货包邮吗', '七天无理由退货运费'] },
  { id: 'exchange-shipping', question: '换货运费谁出？', similarQuestions: ['换货要自己付运费吗', '换个尺码邮费谁出', '换货包邮吗'] },
  { id: 'how-to-return', question: '怎么申请退货？', similarQuestions: ['我想退货', '退货流程是什么', '东西不想要了怎么退', '在哪里申请退款退货'] },
  { id: 'invoice', question: '怎么开发票？', similarQuestions: ['发票在哪里开', '可以开专票吗', '电子发票怎么申请', '能开发票吗'] },
  { id: 'huabei', question: '可以用花呗分期吗？', similarQuestions: ['支持花呗吗', '能分期付款吗', '花呗分期有手续费吗'] },
  { id: 'member-levels', question: '会员等级怎么升级？', similarQuestions: ['怎么成为vip', '会员有什么好处', '积分怎么升级会员'] },
];

let matcher: Matcher;
beforeAll(() => {
  matcher = createMatcher(SHOP, { segmenter: new Segmenter() });
});

const judge = (query: string) => {
  const ranked = matcher.rank(query, 5);
  return { top: ranked[0], held: keyWordHeld(matcher, query, ranked) };
};

describe('the key word of the answer rule', () => {
  it.each([
    ['送女朋友的花呗分期可以吗', 'huabei'],
    ['会员生日有什么好处', 'member-levels'],
  ])('%s: the matcher’s key word is a context word no runner-up holds, and %s explains most of the question → held', (query, entryId) => {
    const { top, held } = judge(query);
    expect(top.entryId).toBe(entryId);
    // The matcher's own key word (the rarest word) is missing: the old rule vetoed this answer.
    expect(top.features.keyWordMatch).toBe(0);
    expect(top.features.coverageQuery).toBeGreaterThanOrEqual(MIN_EXPLAINED_SHARE);
    expect(held).toBe(true);
  });

  it('换货的邮费谁承担: the first entry (退货运费) lacks 换货, which a runner-up holds (cut there as 换 / 货运费) → a sibling’s key word, the veto stays', () => {
    const { top, held } = judge('换货的邮费谁承担');
    expect(top.entryId).toBe('return-shipping');
    expect(top.features.keyWordMatch).toBe(0);
    expect(held).toBe(false);
  });

  it('女朋友生日送什么礼物: the first entry explains little of the question → the veto stays; nothing ranked → not held', () => {
    const { top, held } = judge('女朋友生日送什么礼物');
    expect(top.features.keyWordMatch).toBe(0);
    expect(top.features.coverageQuery).toBeLessThan(MIN_EXPLAINED_SHARE);
    expect(held).toBe(false);
    expect(keyWordHeld(matcher, '明天会下雨吗', [])).toBe(false);
  });

  it('the matcher’s key word in the matched question is held as before', () => {
    const { top, held } = judge('发票在哪里开');
    expect(top).toMatchObject({ entryId: 'invoice', features: { keyWordMatch: 1 } });
    expect(held).toBe(true);
  });
});
