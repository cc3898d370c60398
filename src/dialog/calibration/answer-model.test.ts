/**
 * The answer model: its features, its fit on probe outcomes, and the rule reading its probability
 * (thresholds with a model) or the matcher's confidence (without), with the real matcher.
 */
import { describe, expect, it } from 'vitest';
import { sigmoid, logit } from '../../nlu/logistic.js';
import { createMatcher } from '../../nlu/matcher.js';
import { Segmenter } from '../../nlu/segment.js';
import type { MatchableEntry } from '../../nlu/types.js';
import { answerEvidence, ANSWER_MODEL_FEATURES, fitAnswerModel, PROBABILITY_FLOOR } from './answer-model.js';
import { answers, CONSERVATIVE_THRESHOLDS, ruleEvidence, thresholdsFor } from './answer-rule.js';

const SHOP: MatchableEntry[] = [
  { id: 'return-shipping', question: '退货运费谁出？', similarQuestions: ['退货要自己付运费吗', '退回去的邮费谁承担', '七天无理由退货运费'] },
  { id: 'exchange-shipping', question: '换货运费谁出？', similarQuestions: ['换货要自己付运费吗'] },
  { id: 'shipping-fee', question: '运费怎么算？', similarQuestions: ['邮费多少钱'] },
  { id: 'invoice', question: '怎么开发票？', similarQuestions: ['发票在哪里开', '电子发票怎么申请'] },
  { id: 'hotline', question: '客服电话是多少？', similarQuestions: [] },
];
const matcher = createMatcher(SHOP, { segmenter: new Segmenter() });

describe('entry support (the matcher’s support features)', () => {
  it('is how near the entry’s other questions are, for the first two candidates only', () => {
    const [first, second, third] = matcher.rank('退货的运费谁来出', 3);
    expect(first.entryId).toBe('return-shipping');
    expect(first.features.supportQuestions).toBe(3);
    expect(first.features.support).toBeGreaterThan(second.features.support ?? 0);
    expect(first.features.supportMean).toBeLessThanOrEqual(first.features.support);
    expect(third.features.support).toBeUndefined();
  });

  it('leaves out a hidden question (a leave-one-out probe is not supported by itself)', () => {
    const question = '退货要自己付运费吗';
    const [seen] = matcher.rank(question, 2);
    const [left] = matcher.rank(question, 2, { exclude: { questions: new Set([question]) } }).filter((c) => c.entryId === 'return-shipping');
    expect(seen.entryId).toBe('return-shipping');
    expect(seen.features.supportQuestions).toBe(3);
    expect(left.features.supportQuestions).toBe(2);
  });

  it('is none for an entry with a single question (floored, not minus infinity)', () => {
    const [first] = matcher.rank('客服电话多少', 2);
    expect(first.entryId).toBe('hotline');
    expect(first.features.supportQuestions).toBe(0);
    const evidence = answerEvidence(first, undefined);
    expect(evidence).toHaveLength(ANSWER_MODEL_FEATURES.length);
    expect(evidence[2]).toBeCloseTo(Math.log(PROBABILITY_FLOOR / (1 - PROBABILITY_FLOOR)));
  });
});

describe('the fit and the rule', () => {
  // Right first entries are supported by their other questions, wrong ones are not, at the same confidence.
  const candidate = (confidence: number, support: number) => ({ entryId: `e${support}`, confidence, features: { support, supportMean: support / 2, supportQuestions: 2 } });
  const rows = Array.from({ length: 200 }, (_, i) => {
    const right = i % 2 === 0;
    const confidence = 0.3 + (i % 7) / 20;
    return { evidence: answerEvidence(candidate(confidence, right ? 0.8 : 0.1), candidate(0.1, 0.1)), right };
  });
  const model = fitAnswerModel(rows);

  it('learns that support speaks for the answer where confidence cannot', () => {
    expect(model.features).toEqual(ANSWER_MODEL_FEATURES);
    const p = (support: number) => sigmoid(logit(model, answerEvidence(candidate(0.5, support), candidate(0.1, 0.1))));
    expect(p(0.8)).toBeGreaterThan(0.9);
    expect(p(0.1)).toBeLessThan(0.1);
  });

  it('reads the model’s probability and lead when the thresholds carry a model, the confidence otherwise', () => {
    const ranked = [candidate(0.5, 0.8), candidate(0.1, 0.1)];
    const plain = { answerThreshold: 0.6, keyWordMissingThreshold: null, answerMargin: 0.1 };
    expect(ruleEvidence(plain, ranked, true)).toEqual({ confidence: 0.5, lead: 0.4, keyWordMatched: true });
    const read = ruleEvidence({ ...plain, model }, ranked, false)!;
    expect(read.confidence).toBeGreaterThan(0.9);
    expect(read.lead).toBeGreaterThan(0.8);
    expect(read.keyWordMatched).toBe(false);
    expect(ruleEvidence(plain, [], true)).toBeNull();
  });

  it('holds a first entry the model cannot judge (no other question) to the conservative thresholds, on the confidence', () => {
    const t = { answerThreshold: 0.4, keyWordMissingThreshold: 0.8, answerMargin: 0.1, model };
    const alone = (confidence: number) => [{ entryId: 'alone', confidence, features: {} }, candidate(0.1, 0.1)];
    const read = ruleEvidence(t, alone(0.9), true)!;
    expect(read).toEqual({ confidence: 0.9, lead: 0.8, keyWordMatched: true, unsupported: true });
    expect(thresholdsFor(t, read)).toBe(CONSERVATIVE_THRESHOLDS);
    expect(answers(t, read)).toBe(false);
    expect(answers(t, ruleEvidence(t, alone(0.97), true)!)).toBe(true);
    expect(answers(t, ruleEvidence(t, alone(0.97), false)!)).toBe(false);
    // Without a model the thresholds in force judge every entry alike.
    const plain = { answerThreshold: 0.4, keyWordMissingThreshold: 0.8, answerMargin: 0.1 };
    expect(answers(plain, ruleEvidence(plain, alone(0.9), true)!)).toBe(true);
  });
});

describe('recalled share (the matcher’s recalledShare, read with its lead)', () => {
  it('is the share of the entry’s visible questions recall found: more of the right entry’s than of a sibling’s', () => {
    // Two of the exchange entry's questions share nothing with the message (邮费 is reached through a bridge from 运费).
    const kb: MatchableEntry[] = [
      ...SHOP.filter((e) => e.id !== 'exchange-shipping'),
      { id: 'exchange-shipping', question: '换货运费谁出？', similarQuestions: ['换货要自己付运费吗', '换个尺码邮费谁承担', '换货流程'] },
    ];
    const [first, second] = createMatcher(kb, { segmenter: new Segmenter() }).rank('退货运费要自己付吗', 2);
    expect([first.entryId, second.entryId]).toEqual(['return-shipping', 'exchange-shipping']);
    expect(first.features.recalledShare).toBe(1);
    expect(second.features.recalledShare).toBeLessThan(1);
    const evidence = answerEvidence(first, second);
    expect(evidence[ANSWER_MODEL_FEATURES.indexOf('recalledShare')]).toBe(1);
    expect(evidence[ANSWER_MODEL_FEATURES.indexOf('recalledLead')]).toBeCloseTo(1 - second.features.recalledShare);
  });
});

describe('entry coverage (the matcher’s entryCoverage, read as coverageLead)', () => {
  it('is how much of the query the entry’s questions cover together, and leaves out a hidden question', () => {
    // 邮费 is only in one of return-shipping's questions, 七天无理由 only in another: together they cover more than either.
    const query = '七天无理由退货的邮费谁承担';
    const [first, second] = matcher.rank(query, 2);
    expect(first.entryId).toBe('return-shipping');
    expect(first.features.entryCoverage).toBeGreaterThan(first.features.coverageQuery);
    expect(first.features.entryCoverage).toBeGreaterThan(second.features.entryCoverage);
    const [left] = matcher.rank(query, 2, { exclude: { questions: new Set(['七天无理由退货运费']) } }).filter((c) => c.entryId === 'return-shipping');
    expect(left.features.entryCoverage).toBeLessThan(first.features.entryCoverage);
    const evidence = answerEvidence(first, second);
    expect(evidence[ANSWER_MODEL_FEATURES.indexOf('coverageLead')]).toBeCloseTo(first.features.entryCoverage - second.features.entryCoverage);
  });
});
