/**
 * Entry typicality (how alike an entry's own questions are, by the real matcher's pair model) and the
 * answer model's feature that reads the support against it.
 */
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../nlu/matcher.js';
import { Segmenter } from '../../nlu/segment.js';
import type { MatchableEntry } from '../../nlu/types.js';
import { answerEvidence, ANSWER_MODEL_FEATURES, PROBABILITY_FLOOR } from './answer-model.js';
import { ruleEvidence } from './answer-rule.js';
import { rankProbe } from './outcomes.js';
import { entryTypicality, TYPICALITY_MAX_QUESTIONS } from './typicality.js';

const SHOP: MatchableEntry[] = [
  // Phrasings that repeat each other: every question has a near twin.
  { id: 'return-shipping', question: '退货运费谁出？', similarQuestions: ['退货运费谁来出', '退货的运费谁出', '退货运费由谁出'] },
  // Phrasings that share few words: each is far from the others.
  { id: 'invoice', question: '怎么开发票？', similarQuestions: ['报销凭证在哪里申请', '公司抬头的票据能补吗'] },
  { id: 'hotline', question: '客服电话是多少？', similarQuestions: [] },
];
const matcher = createMatcher(SHOP, { segmenter: new Segmenter() });
const typicality = entryTypicality(matcher, SHOP, PROBABILITY_FLOOR);
const logOdds = (p: number) => Math.log(p / (1 - p));

describe('entry typicality', () => {
  it('is higher for an entry whose questions repeat each other than for one whose questions are varied', () => {
    expect(typicality.of('return-shipping')).toBeGreaterThan(typicality.of('invoice'));
  });

  it('is the mean over the questions of the nearest sibling’s pair probability, as log-odds', () => {
    const qs = ['怎么开发票？', '报销凭证在哪里申请', '公司抬头的票据能补吗'];
    const nearest = qs.map((q) => Math.max(...qs.filter((o) => o !== q).map((o) => matcher.similarity(q, o))));
    expect(typicality.of('invoice')).toBeCloseTo(nearest.reduce((x, p) => x + logOdds(p), 0) / qs.length, 6);
  });

  it('leaves a hidden question out, and reads an entry it has not seen (or one question) as the knowledge base’s mean', () => {
    const hidden = new Set(['报销凭证在哪里申请']);
    expect(typicality.of('invoice', hidden)).not.toBeCloseTo(typicality.of('invoice'), 6);
    const mean = (typicality.of('return-shipping') + typicality.of('invoice')) / 2;
    expect(typicality.of('hotline')).toBeCloseTo(mean, 6);
    expect(typicality.of('added-later')).toBeCloseTo(mean, 6);
  });

  it('compares at most TYPICALITY_MAX_QUESTIONS questions of an entry', () => {
    // Alike questions up to the cap, then varied ones that would pull the mean down were they compared.
    const alike = Array.from({ length: TYPICALITY_MAX_QUESTIONS }, (_, i) => `退货运费谁出${'？'.repeat(i % 3)}${i}`);
    const varied = ['发票抬头写错了怎么改', '会员积分什么时候到账', '快递柜取件码丢了'];
    const capped: MatchableEntry = { id: 'capped', question: alike[0], similarQuestions: [...alike.slice(1), ...varied] };
    const first: MatchableEntry = { id: 'capped', question: alike[0], similarQuestions: alike.slice(1) };
    const withVaried: MatchableEntry = { id: 'capped', question: varied[0], similarQuestions: [...varied.slice(1), ...alike.slice(0, 5)] };
    const m = createMatcher([capped], { segmenter: new Segmenter() });
    const of = (e: MatchableEntry) => entryTypicality(m, [e], PROBABILITY_FLOOR).of('capped');
    expect(of(capped)).toBeCloseTo(of(first), 6);
    expect(of(withVaried)).toBeLessThan(of(first));
  });
});

describe('the answer model’s typicality feature', () => {
  const at = ANSWER_MODEL_FEATURES.indexOf('typicality');

  it('is the candidate’s mean support minus its entry’s typicality', () => {
    const [first, second] = matcher.rank('退货运费要谁出', 2);
    expect(first.entryId).toBe('return-shipping');
    const evidence = answerEvidence(first, second, typicality.of(first.entryId));
    expect(evidence[at]).toBeCloseTo(evidence[ANSWER_MODEL_FEATURES.indexOf('supportMean')] - typicality.of('return-shipping'), 6);
  });

  it('is read the same way by the rule for a customer (whole entry) and, for a probe, without its left-out question', () => {
    const model = { features: [...ANSWER_MODEL_FEATURES], weights: ANSWER_MODEL_FEATURES.map((f) => (f === 'typicality' ? 1 : 0)), bias: 0 };
    const ranked = matcher.rank('退货运费要谁出', 2);
    const read = ruleEvidence({ answerThreshold: 0.5, keyWordMissingThreshold: null, answerMargin: 0, model, typicality }, ranked, true)!;
    const expected = 1 / (1 + Math.exp(-answerEvidence(ranked[0], ranked[1], typicality.of(ranked[0].entryId))[at]));
    expect(read.confidence).toBeCloseTo(expected, 6);
    const question = '退货运费由谁出';
    const probe = rankProbe(matcher, { text: question, kind: 'leave_one_out', entryId: 'return-shipping', source: question, exclude: { questions: new Set([question]) } }, typicality);
    expect(probe.top?.entryId).toBe('return-shipping');
    const supportMean = probe.top!.evidence.first[ANSWER_MODEL_FEATURES.indexOf('supportMean')];
    expect(probe.top!.evidence.first[at]).toBeCloseTo(supportMean - typicality.of('return-shipping', new Set([question])), 6);
  });
});
