/**
 * Self-calibration on its own: the probe variants, the probes, the fit and the small-knowledge-base
 * fallback, with the real matcher over a small hand-written shop and over the demo shop's entries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBotSettings } from '../../config/settings.js';
import { createMatcher } from '../../nlu/matcher.js';
import { characterReadings } from '../../nlu/pinyin.js';
import { Segmenter } from '../../nlu/segment.js';
import type { MatchableEntry } from '../../nlu/types.js';
import { PACKAGE_ROOT } from '../../server/package-root.js';
import { answers } from './answer-rule.js';
import { ANSWER_MODEL_FEATURES } from './answer-model.js';
import { CONSERVATIVE_THRESHOLDS } from './answer-rule.js';
import { calibrate, MIN_LEAVE_ONE_OUT_PROBES, SUPPORTING_ENTRY_QUESTIONS } from './calibrate.js';
import { calibrationReport } from './report.js';
import { ANSWER_MARGIN_FLOOR, ANSWER_THRESHOLD_FLOOR, fitThresholds, KEY_WORD_MISSING_FLOOR, hardProbesHold, MAX_HARD_WRONG_SHARE, MAX_OUT_OF_SCOPE_ANSWERED, readWithAnswerModel, wilsonUpperBound } from './fit.js';
import type { ProbeOutcome } from './outcomes.js';
import { buildProbes, OUT_OF_SCOPE_QUESTIONS_PER_ENTRY } from './probes.js';
import { fragmentVariant, HomophoneTable, particlesVariant, seededRandom, traditionalVariant, typoVariant } from './variants.js';

const SHOP: MatchableEntry[] = [
  { id: 'return-shipping', question: '退货运费谁出？', similarQuestions: ['退货要自己付运费吗', '退回去的邮费谁承担', '七天无理由退货运费'], answerText: '质量问题的退货运费由我们承担。' },
  { id: 'exchange-shipping', question: '换货运费谁出？', similarQuestions: ['换货要自己付运费吗', '换个尺码邮费谁出'], answerText: '换货寄回的运费由您承担。' },
  { id: 'invoice', question: '怎么开发票？', similarQuestions: ['发票在哪里开', '电子发票怎么申请', '请问可以开发票吗？'], answerText: '订单完成后在「我的订单 > 申请开票」填写抬头即可。' },
  { id: 'delivery-time', question: '下单后多久发货？', similarQuestions: ['什么时候发货', '几天能发货'], answerText: '下午 4 点前付款的订单当天发出。' },
  { id: 'hotline', question: '客服电话是多少？', similarQuestions: [], answerText: '客服热线 400-820-1234。' },
];

const matcher = createMatcher(SHOP, { segmenter: new Segmenter() });
const analyze = (text: string) => matcher.analyze(text);

describe('customer-like variants of the knowledge base’s own questions', () => {
  // 非 reads like 费 (fei): a knowledge base that has both yields 运非-style typos.
  const table = new HomophoneTable([...SHOP.flatMap((e) => [e.question, ...e.similarQuestions, e.answerText ?? '']), '非常感谢']);

  it('a typo swaps exactly one character of a content word for a homophone found in the knowledge base', () => {
    const question = '退货运费谁出？';
    const typo = typoVariant(question, analyze(question), table, seededRandom(1));
    expect(typo).not.toBeNull();
    const changed = Array.from(question).map((ch, i) => [ch, Array.from(typo!)[i]]).filter(([a, b]) => a !== b);
    expect(changed).toHaveLength(1);
    const [[from, to]] = changed;
    expect(characterReadings(to)).toEqual(characterReadings(from));
    // Deterministic for a seed: the same knowledge base always gets the same probes.
    expect(typoVariant(question, analyze(question), table, seededRandom(1))).toBe(typo);
  });

  it('traditional characters, dropped particles and the key phrase only', () => {
    expect(traditionalVariant('退货运费谁出？')).toBe('退貨運費誰出？');
    expect(traditionalVariant('OK')).toBeNull();
    expect(particlesVariant('请问可以开发票吗？')).toBe('可以开发票');
    expect(particlesVariant('什么时候发货')).toBeNull();
    const fragment = fragmentVariant(analyze('退货要自己付运费吗'));
    expect(fragment).not.toBeNull();
    expect(Array.from(fragment!).length).toBeLessThan(Array.from('退货要自己付运费吗').length);
    expect(fragmentVariant(analyze('发货'))).toBeNull();
  });
});

describe('probes', () => {
  const probes = buildProbes(SHOP, { analyze });

  it('leave-one-out probes hide their own question; variants are asked of the whole index; out-of-scope probes hide their entry', () => {
    const loo = probes.filter((p) => p.kind === 'leave_one_out');
    // Every question of every entry that has another one to be found by (the hotline has none).
    expect(loo).toHaveLength(SHOP.filter((e) => e.similarQuestions.length > 0).reduce((n, e) => n + 1 + e.similarQuestions.length, 0));
    for (const p of loo) expect([...(p.exclude.questions ?? [])]).toEqual([p.text]);
    expect(probes.filter((p) => p.kind === 'typo' || p.kind === 'traditional').every((p) => !p.exclude.questions && !p.exclude.entryIds)).toBe(true);
    const outOfScope = probes.filter((p) => p.kind === 'out_of_scope');
    for (const p of outOfScope) expect([...(p.exclude.entryIds ?? [])]).toEqual([p.entryId]);
    expect(outOfScope.length).toBeLessThanOrEqual(SHOP.length * OUT_OF_SCOPE_QUESTIONS_PER_ENTRY);
  });

  it('customers’ approved phrasings (learned questions) are probes of their own, each left out, never varied; without them the probes are unchanged', () => {
    const learned = SHOP.map((e) => (e.id === 'invoice' ? { ...e, learnedQuestions: ['发票咋整', '怎么开发票？'] } : e.id === 'hotline' ? { ...e, learnedQuestions: ['打电话找谁'] } : e));
    const withLearned = buildProbes(learned, { analyze });
    const learnedProbes = withLearned.filter((p) => p.kind === 'learned');
    // 怎么开发票？ is the operator's own question: probed as theirs, not twice. The hotline has a
    // single question of its own, yet its learned phrasing can be found by it.
    expect(learnedProbes.map((p) => [p.text, p.entryId]).sort()).toEqual([['发票咋整', 'invoice'], ['打电话找谁', 'hotline']].sort());
    for (const p of learnedProbes) expect([...(p.exclude.questions ?? [])]).toEqual([p.text]);
    expect(withLearned.filter((p) => p.source === '发票咋整')).toHaveLength(1);
    const leftOut = (list: typeof probes) => list.filter((p) => p.kind === 'leave_one_out').map((p) => p.text).sort();
    expect(leftOut(withLearned)).toEqual(leftOut(probes));
    // A knowledge base that learnt nothing keeps its probes exactly (its calibration does not move).
    expect(buildProbes(SHOP.map((e) => ({ ...e, learnedQuestions: [] })), { analyze })).toEqual(probes);
  });

  it('learning adds probes and never changes which of the operator’s are drawn, even when the sample is capped', () => {
    const learned = SHOP.map((e) => (e.id === 'invoice' ? { ...e, learnedQuestions: ['发票咋整', '开票找哪里'] } : e.id === 'hotline' ? { ...e, learnedQuestions: ['打电话找谁'] } : e));
    for (const maxInScope of [7, 12, undefined]) {
      const operator = buildProbes(SHOP, { analyze, maxInScope, maxOutOfScope: 3 });
      const withLearned = buildProbes(learned, { analyze, maxInScope, maxOutOfScope: 3 });
      // Before, learned phrasings were shuffled in with the operator's questions: under a cap they
      // pushed some out and drew a different sample, so the fit moved by chance as well as by what was learned.
      expect(withLearned.filter((p) => p.kind !== 'learned')).toEqual(operator);
      expect(withLearned.filter((p) => p.kind === 'learned')).toHaveLength(3);
    }
    expect(buildProbes(learned, { analyze, maxLearned: 2 }).filter((p) => p.kind === 'learned')).toHaveLength(2);
  });

  it('are sampled to the named maximum, the same way every time', () => {
    const few = buildProbes(SHOP, { analyze, maxInScope: 7, maxOutOfScope: 3 });
    expect(few.filter((p) => p.kind !== 'out_of_scope')).toHaveLength(7);
    expect(few.filter((p) => p.kind === 'out_of_scope')).toHaveLength(3);
    expect(buildProbes(SHOP, { analyze, maxInScope: 7, maxOutOfScope: 3 })).toEqual(few);
  });
});

/** An outcome as rankProbe makes one, for the fit's arithmetic. */
function outcome(inScope: boolean, right: boolean, confidence: number, lead: number, keyWordMatched: boolean): ProbeOutcome {
  const entryId = 'asked';
  return {
    probe: { text: '…', kind: inScope ? 'leave_one_out' : 'out_of_scope', entryId, source: '…', exclude: {} },
    inScope,
    top: { entryId: right && inScope ? entryId : 'other', confidence, lead, keyWordMatched, supported: true, evidence: { first: [], runnerUp: null } },
    candidates: [],
  };
}

describe('the fit', () => {
  it('answers the most probes within the wrong-answer target, and grades a missing key word instead of vetoing it', () => {
    const outcomes = [1, 2, 3].flatMap(() => [
      // Right with the key word from 0.3 up; wrong ones only below 0.3.
      ...Array.from({ length: 60 }, (_, i) => outcome(true, true, 0.3 + (i % 60) / 100, 0.5, true)),
      ...Array.from({ length: 20 }, (_, i) => outcome(true, false, 0.1 + i / 100, 0.5, true)),
      // Without the key word: right from 0.76 (just above KEY_WORD_MISSING_FLOOR), wrong below.
      ...Array.from({ length: 15 }, (_, i) => outcome(true, true, 0.76 + i / 100, 0.5, false)),
      ...Array.from({ length: 5 }, (_, i) => outcome(true, false, 0.5 + i / 100, 0.5, false)),
      ...Array.from({ length: 30 }, () => outcome(false, false, 0.15, 0.1, true)),
    ]);
    const { thresholds, targetMet } = fitThresholds(outcomes, { targetWrongRate: 0.02, maxOutOfScopeAnswered: MAX_OUT_OF_SCOPE_ANSWERED });
    expect(targetMet).toBe(true);
    const answered = outcomes.filter((o) => answers(thresholds, o.top!));
    const wrong = answered.filter((o) => o.inScope && o.top!.entryId !== o.probe.entryId).length;
    expect(wrong).toBeLessThanOrEqual(Math.floor(0.02 * 300));
    // All 225 right ones answered: the key-word-less ones through a higher bar, not vetoed.
    expect(answered.filter((o) => o.inScope && o.top!.entryId === o.probe.entryId)).toHaveLength(225);
    expect(thresholds.keyWordMissingThreshold).not.toBeNull();
    expect(thresholds.keyWordMissingThreshold!).toBeGreaterThan(thresholds.answerThreshold);
  });

  it('bounds a share from above (Wilson, one-sided 95%), not by the point estimate', () => {
    expect(wilsonUpperBound(0, 0)).toBe(1);
    expect(wilsonUpperBound(1, 4)).toBeGreaterThan(MAX_HARD_WRONG_SHARE);
    expect(wilsonUpperBound(25, 100)).toBeGreaterThan(0.25);
    expect(wilsonUpperBound(25, 100)).toBeLessThan(MAX_HARD_WRONG_SHARE);
    // One wrong of four answered hard probes is a quarter seen, but too few to show it is under a third.
    expect(hardProbesHold(3, 1)).toBe(false);
    expect(hardProbesHold(75, 25)).toBe(true);
    expect(hardProbesHold(0, 0)).toBe(true);
  });

  it('does not answer where the hard probes (leave-one-out) answered are mostly wrong, even when easy variants dilute the pooled rate', () => {
    // New phrasings at 0.90 are wrong 7 times in 10 (as on bq_dev); 4,000 easy variants at 0.95 are right.
    const hard = Array.from({ length: 100 }, (_, i) => outcome(true, i % 10 < 3, 0.9, 0.5, true));
    const easy = Array.from({ length: 4000 }, () => ({ ...outcome(true, true, 0.95, 0.5, true), probe: { text: '…', kind: 'typo' as const, entryId: 'asked', source: '…', exclude: {} } }));
    const outOfScope = Array.from({ length: 100 }, () => outcome(false, false, 0.15, 0.1, true));
    const probes = [...hard, ...easy, ...outOfScope];
    // Pooled, 70 wrong of 4,100 in-scope probes (1.7%) would be within a 2% target.
    expect(70 / 4100).toBeLessThan(0.02);
    const { thresholds, targetMet } = fitThresholds(probes, { targetWrongRate: 0.02, maxOutOfScopeAnswered: MAX_OUT_OF_SCOPE_ANSWERED });
    expect(targetMet).toBe(true);
    expect(hard.filter((o) => answers(thresholds, o.top!))).toHaveLength(0);
    expect(easy.filter((o) => answers(thresholds, o.top!))).toHaveLength(4000);
  });

  it('does not fit on customers’ learned phrasings: answered wrongly with a clear lead, they move neither the thresholds nor the answer model', () => {
    // A learned probe's leave-one-out is the bot before it learned the phrasing, on a phrasing learned because the bot
    // failed on it, labelled by a whole cluster's attach: fitted on, such probes raised every entry's bar (docs/learning.md).
    const learned = (right: boolean) => ({ ...outcome(true, right, 0.9, 0.5, true), probe: { text: '…', kind: 'learned' as const, entryId: 'asked', source: '…', exclude: {} } });
    const wrongLearned = Array.from({ length: 100 }, (_, i) => learned(i % 10 >= 7));
    const graded = [...Array.from({ length: 90 }, (_, i) => outcome(true, true, 0.3 + i / 200, 0.5, true)), ...Array.from({ length: 10 }, (_, i) => outcome(true, false, 0.1 + i / 100, 0.5, true))];
    const outOfScope = Array.from({ length: 30 }, () => outcome(false, false, 0.15, 0.1, true));
    const targets = { targetWrongRate: 0.02, maxOutOfScopeAnswered: MAX_OUT_OF_SCOPE_ANSWERED };
    const without = fitThresholds([...graded, ...outOfScope], targets);
    expect(fitThresholds([...graded, ...wrongLearned, ...outOfScope], targets)).toEqual(without);
    expect(readWithAnswerModel([...graded, ...wrongLearned, ...outOfScope]).model).toEqual(readWithAnswerModel([...graded, ...outOfScope]).model);
    // Answered at 0.9 by those thresholds, the learned ones still show in the report's tally (70 of them wrong).
    expect(wrongLearned.filter((o) => answers(without.thresholds, o.top!))).toHaveLength(100);
  });

  it('counts a first entry the model cannot judge by the conservative bar, in every combination', () => {
    // Graded probes: right from 0.30 up, wrong ones among them up to 0.39. Unsupported ones are read on the
    // matcher's confidence and held to the conservative bar whatever the grid: the one wrong at 0.97 with a
    // clear lead is always answered (it spends the budget), the five wrong at 0.6 never are (they must not
    // push the fitted threshold above 0.6).
    const graded = [...Array.from({ length: 90 }, (_, i) => outcome(true, true, 0.3 + i / 200, 0.5, true)), ...Array.from({ length: 10 }, (_, i) => outcome(true, false, 0.3 + i / 100, 0.5, true))];
    const unsupported = (confidence: number) => {
      const o = outcome(true, false, confidence, 0.5, true);
      return { ...o, top: { ...o.top!, supported: false, unsupported: true } };
    };
    const fixedWrong = [unsupported(0.97)];
    const notAnswered = Array.from({ length: 5 }, () => unsupported(0.6));
    const outOfScope = Array.from({ length: 30 }, () => outcome(false, false, 0.15, 0.1, true));
    // 106 in-scope probes at 2%: 2 wrong allowed, one of them taken by the unsupported probe at 0.97.
    const { thresholds } = fitThresholds([...graded, ...fixedWrong, ...notAnswered, ...outOfScope], { targetWrongRate: 0.02, maxOutOfScopeAnswered: MAX_OUT_OF_SCOPE_ANSWERED });
    expect(answers(thresholds, fixedWrong[0].top!)).toBe(true);
    expect(notAnswered.some((o) => answers(thresholds, o.top!))).toBe(false);
    expect(graded.filter((o) => o.top!.entryId !== o.probe.entryId && answers(thresholds, o.top!))).toHaveLength(1);
    expect(thresholds.answerThreshold).toBeLessThan(0.6);
  });

  it('never lowers the key-word-missing bar below its floor, whatever the probes say', () => {
    const outcomes = Array.from({ length: 100 }, (_, i) => outcome(true, true, 0.3 + (i % 40) / 100, 0.5, false));
    const { thresholds } = fitThresholds(outcomes, { targetWrongRate: 0.02, maxOutOfScopeAnswered: MAX_OUT_OF_SCOPE_ANSWERED });
    expect(thresholds.keyWordMissingThreshold === null || thresholds.keyWordMissingThreshold >= KEY_WORD_MISSING_FLOOR).toBe(true);
  });

  it('never goes below the safety floors, and uses the strictest thresholds when no combination meets the target', () => {
    const easy = Array.from({ length: 100 }, () => outcome(true, true, 0.05, 0.01, true));
    const fit = fitThresholds(easy, { targetWrongRate: 0.02, maxOutOfScopeAnswered: 0.2 });
    expect(fit.thresholds.answerThreshold).toBeGreaterThanOrEqual(ANSWER_THRESHOLD_FLOOR);
    expect(fit.thresholds.answerMargin).toBeGreaterThanOrEqual(ANSWER_MARGIN_FLOOR);
    const hopeless = Array.from({ length: 100 }, () => outcome(true, false, 0.999, 0.9, true));
    const strict = fitThresholds(hopeless, { targetWrongRate: 0.02, maxOutOfScopeAnswered: 0.2 });
    expect(strict.targetMet).toBe(false);
    expect(hopeless.filter((o) => answers(strict.thresholds, o.top!))).toHaveLength(0);
  });
});

describe('calibrate', () => {
  it('a knowledge base with few questions falls back to conservative thresholds, stricter than the settings’, and says so', () => {
    const settings = parseBotSettings({});
    const c = calibrate(matcher, SHOP, settings);
    expect(c.probes.leave_one_out).toBeLessThan(MIN_LEAVE_ONE_OUT_PROBES);
    expect(c.status).toBe('small_knowledge_base');
    expect(c.thresholds).toEqual(CONSERVATIVE_THRESHOLDS);
    expect(c.thresholds.answerThreshold).toBeGreaterThan(c.defaults.answerThreshold);
    expect(c.thresholds.answerMargin).toBeGreaterThan(c.defaults.answerMargin);
    expect(c.defaults).toEqual({ answerThreshold: settings.answerThreshold, keyWordMissingThreshold: null, answerMargin: settings.answerMargin });
    // A setting stricter than the fallback wins.
    const strict = calibrate(matcher, SHOP, parseBotSettings({ answerThreshold: 0.98 }));
    expect(strict.thresholds.answerThreshold).toBe(0.98);
    expect(strict.thresholds.answerMargin).toBe(CONSERVATIVE_THRESHOLDS.answerMargin);
    const report = calibrationReport('shop', c, settings);
    expect(report.inForce).toBe('calibration');
    expect(report.summary!.zh).toContain('保守阈值');
    expect(report.summary!.en).toContain('conservative');
  });

  it('on the demo shop’s entries: fitted within the target on its own probes, above the floors', () => {
    const demo: { id: string; question: string; similar_questions: string[]; answer: unknown }[] = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'demo/knowledge.json'), 'utf8'));
    const entries = demo.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similar_questions, answerText: typeof e.answer === 'string' ? e.answer : undefined }));
    const demoMatcher = createMatcher(entries, { segmenter: new Segmenter() });
    const settings = parseBotSettings({ targetWrongRate: 0.02 });
    const c = calibrate(demoMatcher, entries, settings);
    expect(c.status).toBe('calibrated');
    const { calibrated } = c.onProbes;
    expect(calibrated.answeredWrong).toBeLessThanOrEqual(Math.floor(0.02 * calibrated.inScope));
    expect(calibrated.outOfScopeAnswered).toBeLessThanOrEqual(Math.floor(MAX_OUT_OF_SCOPE_ANSWERED * calibrated.outOfScope));
    expect(calibrated.answeredRight + calibrated.answeredWrong + calibrated.askedBack + calibrated.nothing).toBe(calibrated.inScope);
    expect(c.thresholds.answerThreshold).toBeGreaterThanOrEqual(ANSWER_THRESHOLD_FLOOR);
    // A stricter target never answers more wrongly.
    const strict = calibrate(demoMatcher, entries, parseBotSettings({ targetWrongRate: 0 }));
    expect(strict.onProbes.calibrated.answeredWrong).toBe(0);
    expect(strict.onProbes.calibrated.answeredRight).toBeLessThanOrEqual(calibrated.answeredRight);
    console.log('demo calibration', JSON.stringify({ thresholds: c.thresholds, onProbes: c.onProbes, probes: c.probes, confusablePairs: c.confusablePairs.length, elapsedMs: c.elapsedMs }));
    // Every demo entry has three questions or more: its thresholds are bars on the answer model's probability.
    expect(c.thresholds.model?.features).toEqual(ANSWER_MODEL_FEATURES);
    // … and carry the entries' typicality those features read, which the record (history, API) leaves out.
    expect(c.thresholds.typicality).toBeDefined();
    expect(Object.keys(JSON.parse(JSON.stringify(c.thresholds)))).not.toContain('typicality');
    // Cut to two questions per entry, entry support cannot be shown on the probes: the thresholds apply to the confidence.
    const pairs = entries.map((e) => ({ ...e, similarQuestions: e.similarQuestions.slice(0, SUPPORTING_ENTRY_QUESTIONS - 2) }));
    const sparse = calibrate(createMatcher(pairs, { segmenter: new Segmenter() }), pairs, settings);
    expect(sparse.probes.leave_one_out).toBeGreaterThanOrEqual(MIN_LEAVE_ONE_OUT_PROBES);
    expect(sparse.status).not.toBe('small_knowledge_base');
    expect(sparse.thresholds.model).toBeUndefined();
    expect(sparse.thresholds.typicality).toBeUndefined();
  });
});
