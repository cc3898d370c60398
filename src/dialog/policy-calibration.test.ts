/**
 * The policy with a calibration in its context (src/dialog/calibration/): the calibrated
 * thresholds decide instead of the settings' when calibration is on, a missing key word raises
 * the bar instead of vetoing, the trace says whose thresholds decided, and a small knowledge
 * base's conservative fallback decides as such. The real matcher over a small shop.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBotSettings, type BotSettings } from '../config/settings.js';
import type { KnowledgeEntry } from '../kb/schemas.js';
import type { Matcher } from '../nlu/matcher.js';
import { CONSERVATIVE_THRESHOLDS } from './calibration/answer-rule.js';
import type { Calibration } from './calibration/index.js';
import { decide } from './policy.js';
import { smallKnowledgeBase } from './testing.js';

const SHOP = [
  { id: 'return-shipping', question: '退货运费谁出？', similarQuestions: ['退货要自己付运费吗', '退回去的邮费谁承担', '退货包邮吗'], answer: '质量问题的退货运费由我们承担。' },
  { id: 'invoice', question: '怎么开发票？', similarQuestions: ['发票在哪里开', '电子发票怎么申请', '能开发票吗'], answer: '订单完成后在「我的订单 > 申请开票」填写抬头即可。' },
  { id: 'delivery-time', question: '下单后多久发货？', similarQuestions: ['什么时候发货', '几天能发货'], answer: '下午 4 点前付款的订单当天发出。' },
  { id: 'coupon-use', question: '优惠券怎么用？', similarQuestions: ['领的券在哪用', '下单时怎么抵扣优惠券', '优惠券为什么用不了'], answer: '结算页勾选可用的优惠券即可抵扣。' },
  { id: 'coupon-get', question: '优惠券在哪里领？', similarQuestions: ['怎么领优惠券', '领券中心在哪', '有没有优惠券可以领'], answer: '首页「领券中心」每天 10 点发券。' },
  { id: 'huabei', question: '可以用花呗分期吗？', similarQuestions: ['支持花呗吗', '能分期付款吗'], answer: '支持花呗分期，3 期免息。' },
];
const NOW = new Date('2026-11-20T10:00:00+08:00');
let matcher: Matcher;
let entries: Map<string, KnowledgeEntry>;

beforeAll(() => {

  ({ entries, matcher } = smallKnowledgeBase(SHOP));

});

/** A calibration as calibrate() returns one; only the fields the policy reads matter here. */
function calibration(thresholds: Calibration['thresholds'], status: Calibration['status'] = 'calibrated'): Calibration {
  const tally = { inScope: 0, answeredRight: 0, answeredWrong: 0, askedBack: 0, nothing: 0, outOfScope: 0, outOfScopeAnswered: 0 };
  return {
    status,
    thresholds,
    defaults: { answerThreshold: 0.6, keyWordMissingThreshold: null, answerMargin: 0.12 },
    targetWrongRate: 0.02,
    maxOutOfScopeAnswered: 0.2,
    onProbes: { calibrated: tally, defaults: tally },
    probes: { leave_one_out: 0, typo: 0, traditional: 0, particles: 0, fragment: 0, learned: 0, out_of_scope: 0 },
    confusablePairs: [],
    entryCount: SHOP.length,
    computedAt: NOW.toISOString(),
    elapsedMs: 0,
  };
}

/** The two coupon entries as a confusable pair, as confusablePairs() lists one. */
const COUPON_PAIR: Calibration['confusablePairs'][number] = {
  entryIds: ['coupon-get', 'coupon-use'],
  questions: ['优惠券在哪里领？', '优惠券怎么用？'],
  confusedProbes: 3,
  probes: 8,
  examples: [{ question: '领的券在哪用', entryId: 'coupon-use', rankedFirst: 'coupon-get' }],
};

function ask(text: string, cal: Calibration | null, overrides: Partial<BotSettings> = {}) {
  return decide(text, { settings: parseBotSettings(overrides), matcher, entries, now: NOW, channel: 'web', variants: { channel: 'web', now: NOW }, calibration: cal });
}

describe('the policy with a calibration', () => {
  it('开票 (key word not in any question): vetoed by the settings, answered when the calibrated bar without the key word is reached', () => {
    const plain = ask('开票', null);
    expect(plain.trace.rule).toBe('clarify.key_word_missing');
    const top = plain.trace.candidates[0];
    expect(top).toMatchObject({ entryId: 'invoice', features: { keyWordMatch: 0 } });
    const lenient = calibration({ answerThreshold: 0.3, keyWordMissingThreshold: Math.max(0.3, top.confidence - 0.05), answerMargin: 0.02 });
    const d = ask('开票', lenient);
    expect(d).toMatchObject({ action: 'answer', entryId: 'invoice' });
    expect(d.trace.thresholds).toMatchObject({ calibrated: true, answer: 0.3, margin: 0.02, keyWordMissing: lenient.thresholds.keyWordMissingThreshold });
    expect(d.trace.explanation).toMatch(/^本知识库自校准：最佳候选「怎么开发票？」置信度 [\d.]+ ≥ [\d.]+（问题关键词不在匹配问法中，门槛提高到 [\d.]+）（目标错答率 2%）/);
    // A bar above its confidence asks back, and says what bar it missed.
    const strict = ask('开票', calibration({ answerThreshold: 0.3, keyWordMissingThreshold: Math.min(1, top.confidence + 0.05), answerMargin: 0.02 }));
    expect(strict.trace.rule).toBe('clarify.key_word_missing');
    expect(strict.trace.explanation).toMatch(/^本知识库自校准：问题里最关键的词不在匹配的问法中，此时需置信度 ≥ [\d.]+/);
  });

  it('a calibrated threshold above a confident match asks back, with the calibrated number in the trace', () => {
    const d0 = ask('退货运费谁付', null);
    expect(d0).toMatchObject({ action: 'answer', entryId: 'return-shipping' });
    expect(d0.confidence).toBeLessThan(1);
    const high = 1;
    const d = ask('退货运费谁付', calibration({ answerThreshold: high, keyWordMissingThreshold: null, answerMargin: 0.02 }));
    expect(d.action).toBe('clarify');
    expect(d.trace.rule).toBe('clarify.unsure');
    expect(d.trace.explanation).toContain(`< ${Math.round(high * 100) / 100}`);
  });

  it('calibration off: the settings decide, whatever the calibration says', () => {
    const lenient = calibration({ answerThreshold: 0.1, keyWordMissingThreshold: 0.1, answerMargin: 0.02 });
    const d = ask('开票', lenient, { calibration: 'off' });
    expect(d.trace.rule).toBe('clarify.key_word_missing');
    expect(d.trace.thresholds).toMatchObject({ calibrated: false, answer: 0.6, margin: 0.12, keyWordMissing: null });
  });

  it('a small knowledge base’s conservative fallback decides, and the trace says it is not a fit', () => {
    // On this four-entry shop a paraphrase is near-certain (0.999…): the conservative bar still answers it.
    const d = ask('退货运费谁付', calibration(CONSERVATIVE_THRESHOLDS, 'small_knowledge_base'));
    expect(d).toMatchObject({ action: 'answer', entryId: 'return-shipping' });
    expect(d.trace.thresholds).toMatchObject({ calibrated: false, answer: CONSERVATIVE_THRESHOLDS.answerThreshold, margin: CONSERVATIVE_THRESHOLDS.answerMargin, keyWordMissing: null });
    expect(d.trace.explanation).toMatch(/^知识库太小无法校准，用保守阈值：最佳候选「退货运费谁出？」/);
    // The fallback's thresholds are the ones in force: a bar above the match asks back.
    const stricter = ask('退货运费谁付', calibration({ ...CONSERVATIVE_THRESHOLDS, answerThreshold: 1 }, 'small_knowledge_base'));
    expect(stricter.action).toBe('clarify');
    expect(stricter.trace.explanation).toMatch(/^知识库太小无法校准，用保守阈值：/);
  });

  it('two entries the knowledge base confuses are asked back between when both are plausible, answered when the first is clear', () => {
    const lenient = calibration({ answerThreshold: 0.1, keyWordMissingThreshold: 0.75, answerMargin: 0.02 });
    // Clarify limits low enough that 领券's runner-up (优惠券在哪里领？) is worth offering on its own.
    const offerBoth = { clarifyThreshold: 0.1, clarifyRelativeFloor: 0.3 };
    const guessed = ask('领券', lenient, offerBoth);
    expect(guessed).toMatchObject({ action: 'answer', entryId: 'coupon-use' });
    const [first, second] = guessed.trace.candidates;
    expect(second).toMatchObject({ entryId: 'coupon-get' });
    expect(second.confidence).toBeGreaterThanOrEqual(Math.max(offerBoth.clarifyThreshold, first.confidence * offerBoth.clarifyRelativeFloor));

    const paired = { ...lenient, confusablePairs: [COUPON_PAIR] };
    const d = ask('领券', paired, offerBoth);
    expect(d).toMatchObject({ action: 'clarify', entryId: null });
    expect(d.trace.rule).toBe('clarify.confusable_pair');
    expect(d.suggestions.map((s) => s.entryId).slice(0, 2)).toEqual(['coupon-use', 'coupon-get']);
    expect(d.trace.explanation).toContain('常被混淆的一对');
    // The runner-up far behind: the pair does not hold the answer back.
    expect(ask('优惠券怎么用', paired, offerBoth)).toMatchObject({ action: 'answer', entryId: 'coupon-use' });
    // Calibration off: no pairs are known, the settings decide as before.
    expect(ask('领券', paired, { ...offerBoth, calibration: 'off' }).trace.rule).not.toBe('clarify.confusable_pair');
  });
});
