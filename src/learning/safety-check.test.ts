/**
 * The learning check against self-evaluation, on the demo knowledge base (105 entries): a
 * harmful learned phrasing — a long message full of common words, attached to the wrong entry —
 * is flagged with the other entries' probes it makes worse.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsThresholds } from '../dialog/calibration/answer-rule.js';
import { DEFAULT_BOT_SETTINGS } from '../config/settings.js';
import { answerText, type AnswerBlock } from '../kb/schemas.js';
import type { MatchableEntry } from '../nlu/types.js';
import { checkLearningChange, withLearned } from './safety-check.js';

interface DemoEntry {
  id: string;
  question: string;
  similar_questions?: string[];
  answer: string | AnswerBlock[];
  category?: string;
}
const DEMO: MatchableEntry[] = (JSON.parse(readFileSync('demo/knowledge.json', 'utf8')) as DemoEntry[]).map((e) => ({
  id: e.id,
  question: e.question,
  similarQuestions: e.similar_questions ?? [],
  answerText: typeof e.answer === 'string' ? e.answer : answerText(e.answer),
  category: e.category ?? null,
}));
const SYNONYMS = JSON.parse(readFileSync('demo/synonyms.json', 'utf8')) as string[][];
const THRESHOLDS = settingsThresholds(DEFAULT_BOT_SETTINGS);

describe('checking a learning change against self-evaluation', () => {
  it('flags other entries’ everyday questions approved to the wrong entry, naming the probes they make worse', () => {
    // A supervisor clicking through a mixed cluster: 退货 / 退款 / 快递 / 发票 / 地址 questions filed under gift wrapping.
    const harmful = ['我要退货', '退款啥时候到', '快递到哪了', '发票怎么开', '地址填错了'];
    const check = checkLearningChange(DEMO, { entryId: 'shop-gift-wrapping', phrasings: harmful }, THRESHOLDS, { synonyms: SYNONYMS });
    expect(check.flagged).toBe(true);
    expect(check.worse).toBeGreaterThan(0);
    expect(check.regressions.length).toBeGreaterThan(0);
    expect(check.regressions.every((r) => r.entryId !== 'shop-gift-wrapping')).toBe(true);
    expect(check.regressions.some((r) => r.after === 'shop-gift-wrapping')).toBe(true);
    expect(check.message.zh).toContain('变差');
  });

  it('does not flag a short right phrasing of the entry it belongs to', () => {
    const check = checkLearningChange(DEMO, { entryId: 'shop-gift-wrapping', phrasings: ['能帮忙包成礼物吗'] }, THRESHOLDS, { synonyms: SYNONYMS });
    expect(check.probes).toBeGreaterThan(100);
    expect(check).toMatchObject({ flagged: false, worse: 0, regressions: [] });
    expect(check.message.zh).toContain('自测通过');
  });

  it('flags a long message full of common words attached to the wrong entry', () => {
    const story = '你好我想问一下我的订单怎么退货退款多久到账运费谁出发票怎么开物流到哪了能不能换货地址填错了怎么改';
    const check = checkLearningChange(DEMO, { entryId: 'shop-gift-wrapping', phrasings: [story] }, THRESHOLDS, { synonyms: SYNONYMS });
    expect(check.flagged).toBe(true);
    expect(check.worse).toBeGreaterThan(0);
  });

  it('adds a phrasing the entry already has nowhere twice', () => {
    const [entry] = withLearned(DEMO, { entryId: DEMO[0].id, phrasings: [DEMO[0].question, '啥时候补货呀'] });
    expect(entry.learnedQuestions).toEqual(['啥时候补货呀']);
  });
});
