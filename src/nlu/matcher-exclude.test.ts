/**
 * `rank(query, k, { exclude })`: questions and entries left out of a ranking as if they were not
 * indexed, without rebuilding — what self-calibration's leave-one-out probes rely on.
 */
import { describe, expect, it } from 'vitest';
import { createMatcher } from './matcher.js';
import type { MatchableEntry } from './types.js';

const SHOP: MatchableEntry[] = [
  { id: 'return-process', question: '怎么申请退货？', similarQuestions: ['退货流程是什么', '东西不想要了怎么退', '我要退货'], answerText: '在「我的订单」里点「申请售后」，选择退货并填写原因。' },
  { id: 'return-shipping-fee', question: '退货运费谁承担？', similarQuestions: ['退货邮费谁出', '退回去的运费要我自己付吗'], answerText: '质量问题由商家承担运费；七天无理由退货由买家承担。' },
  { id: 'shipping', question: '运费怎么算，满多少包邮？', similarQuestions: ['邮费多少钱'], answerText: '全场满 99 元包邮，不满收 8 元运费。' },
  { id: 'invoice-how', question: '发票怎么开？', similarQuestions: ['可以开发票吗', '怎么申请电子发票'], answerText: '下单时勾选「开具发票」，或在订单完成后到订单详情里补开。' },
  { id: 'logistics', question: '怎么查物流信息？', similarQuestions: ['我的快递到哪了', '包裹到哪里了'], answerText: '在「我的订单」里点「查看物流」即可看到最新的配送进度。' },
];

const matcher = createMatcher(SHOP);

describe('rank with exclusions', () => {
  it('an excluded question no longer matches itself exactly, but its entry is still found through the others', () => {
    const whole = matcher.rank('退货邮费谁出', 3);
    expect(whole[0]).toMatchObject({ entryId: 'return-shipping-fee', matchedQuestion: '退货邮费谁出' });
    const left = matcher.rank('退货邮费谁出', 3, { exclude: { questions: new Set(['退货邮费谁出']) } });
    expect(left[0].entryId).toBe('return-shipping-fee');
    expect(left[0].matchedQuestion).not.toBe('退货邮费谁出');
    expect(left[0].confidence).toBeLessThan(whole[0].confidence);
  });

  it('excluding a compound standard question also hides the parts it was indexed by', () => {
    const left = matcher.rank('满多少包邮', 5, { exclude: { questions: new Set(['运费怎么算，满多少包邮？']) } });
    expect(left.map((c) => c.matchedQuestion)).not.toContain('满多少包邮');
    expect(left.map((c) => c.matchedQuestion)).not.toContain('运费怎么算，满多少包邮？');
  });

  it('an excluded entry is never a candidate, not even through its answer text', () => {
    const hidden = matcher.rank('发票怎么开？', 5, { exclude: { entryIds: new Set(['invoice-how']) } });
    expect(hidden.map((c) => c.entryId)).not.toContain('invoice-how');
    // And the exclusion lasts for that call only.
    expect(matcher.rank('发票怎么开？', 1)[0].entryId).toBe('invoice-how');
  });

  it('an entry whose every question is excluded is not ranked by its answer text against a hidden question', () => {
    const questions = new Set(['怎么查物流信息？', '我的快递到哪了', '包裹到哪里了']);
    const ranked = matcher.rank('查看物流配送进度', 5, { exclude: { questions } });
    expect(ranked.map((c) => c.entryId)).not.toContain('logistics');
  });
});
