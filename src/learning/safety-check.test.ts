/**
 * The learning check against self-evaluation, on the demo knowledge base (105 entries): a learned
 * phrasing that takes other entries' questions' answers is flagged, naming them; one that only
 * reorders a clarification's candidates is listed, not flagged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsThresholds } from '../dialog/calibration/answer-rule.js';
import { DEFAULT_BOT_SETTINGS } from '../config/settings.js';
import { answerText, type AnswerBlock } from '../kb/schemas.js';
import type { MatchableEntry } from '../nlu/types.js';
import { checkLearningChange, FLAG_MIN_ANSWERS_TAKEN, withLearned } from './safety-check.js';

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
  it('flags a phrasing of another entry that takes other entries’ questions’ answers, naming them', () => {
    // A joker confirming 退款多久到账 as the exchange entry: the refund entry's own question is no longer answered.
    const check = checkLearningChange(DEMO, { entryId: 'shop-exchange-process', phrasings: ['退款多久到账'] }, THRESHOLDS, { synonyms: SYNONYMS });
    expect(check.answersTaken).toBeGreaterThanOrEqual(FLAG_MIN_ANSWERS_TAKEN);
    expect(check.flagged).toBe(true);
    expect(check.regressions.every((r) => r.entryId !== 'shop-exchange-process')).toBe(true);
    // Listed first: an answer the exchange entry takes.
    expect(check.regressions[0]).toMatchObject({ after: 'shop-exchange-process' });
    expect(check.regressions[0].regression).not.toBe('lost_first_place');
    expect(check.message.zh).toContain('变差');
  });

  it('does not flag a short right phrasing of the entry it belongs to', () => {
    const check = checkLearningChange(DEMO, { entryId: 'shop-gift-wrapping', phrasings: ['能帮忙包成礼物吗'] }, THRESHOLDS, { synonyms: SYNONYMS });
    expect(check.probes).toBeGreaterThan(100);
    expect(check).toMatchObject({ flagged: false, worse: 0, answersTaken: 0, regressions: [] });
    expect(check.message.zh).toContain('自测通过');
  });

  it('lists, without flagging, questions that only lose first place: they are still clarified, no answer is taken', () => {
    // Everyday questions filed under gift wrapping: weighed as learned phrasings (LEARNED_RANK_OFFSET)
    // they take first place from two self-test questions but cost none its answer.
    const check = checkLearningChange(DEMO, { entryId: 'shop-gift-wrapping', phrasings: ['我要退货', '退款啥时候到', '快递到哪了', '发票怎么开', '地址填错了'] }, THRESHOLDS, { synonyms: SYNONYMS });
    expect(check.worse).toBeGreaterThan(0);
    expect(check.regressions.length).toBe(Math.min(check.worse, 10));
    expect(check.regressions.every((r) => r.regression === 'lost_first_place' && r.entryId !== 'shop-gift-wrapping')).toBe(true);
    expect(check.answersTaken).toBe(0);
    expect(check.flagged).toBe(false);
    expect(check.message.zh).toContain('没有一个的回答被这个条目抢走');
  });

  it('adds a phrasing the entry already has nowhere twice', () => {
    const [entry] = withLearned(DEMO, { entryId: DEMO[0].id, phrasings: [DEMO[0].question, '啥时候补货呀'] });
    expect(entry.learnedQuestions).toEqual(['啥时候补货呀']);
  });
});
