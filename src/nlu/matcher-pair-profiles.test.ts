/**
 * A pair probability with a knowledge question reads the profile the index holds instead of
 * analysing the question again (猜你想问's neighbours, docs/performance.md) — only where that gives
 * the very same features. The reference is the same pair with a trailing space on each text: the
 * same analysis (normalisation trims it), but no knowledge question's text, so analysed anew.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../server/package-root.js';
import { createMatcher } from './matcher.js';
import type { MatchableEntry } from './types.js';

const readDemo = <T>(file: string): T => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'demo', file), 'utf8')) as T;
const shop = readDemo<Array<{ id: string; question: string; similar_questions?: string[]; answer: unknown; category?: string }>>('knowledge.json');
const answerWords = (answer: unknown): string => (typeof answer === 'string' ? answer : JSON.stringify(answer));
const entries: MatchableEntry[] = shop.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similar_questions ?? [], answerText: answerWords(e.answer), category: e.category ?? null }));
const synonyms = readDemo<string[][]>('synonyms.json');
const queries = readDemo<Array<{ query: string }>>('eval-queries.json').map((q) => q.query);

const analysedAnew = (text: string) => `${text} `;

describe('pair evidence with knowledge questions', () => {
  it('equals analysing the question again, first time and after (demo tuning queries × their 12 neighbours, and the neighbours with each other)', () => {
    const matcher = createMatcher(entries, { synonyms });
    let pairs = 0;
    for (const query of queries) {
      const neighbours = matcher.rank(query, 12).map((c) => c.matchedQuestion);
      for (const [i, question] of neighbours.entries()) {
        const expected = matcher.pairEvidence(analysedAnew(query), analysedAnew(question));
        for (let time = 0; time < 2; time++) {
          expect(matcher.pairEvidence(query, question), `${query} ~ ${question}`).toEqual(expected);
          expect(matcher.similarity(query, question)).toBe(matcher.similarity(analysedAnew(query), analysedAnew(question)));
        }
        const other = neighbours[(i + 1) % neighbours.length];
        expect(matcher.pairEvidence(question, other), `${question} ~ ${other}`).toEqual(matcher.pairEvidence(analysedAnew(question), analysedAnew(other)));
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(2000);
  });

  it('analyses a question anew when a message reads it otherwise than the index did (tuihuo read as 退货)', () => {
    const matcher = createMatcher([
      { id: 'return', question: '退货流程是什么', similarQuestions: ['怎么退货'], answerText: '', category: null },
      { id: 'pinyin', question: 'tuihuo要多久', similarQuestions: [], answerText: '', category: null },
    ]);
    // The index cut the question as written (its pinyin is no message's): the ranking's features say so …
    const indexed = matcher.rank('退货要多久', 1)[0];
    expect(indexed.matchedQuestion).toBe('tuihuo要多久');
    expect(indexed.features.bigramDice).toBeLessThan(1);
    // … while a pair reads it as a message, as before, every time.
    const expected = matcher.pairEvidence('退货要多久', analysedAnew('tuihuo要多久'));
    expect(expected.features.bigramDice).toBe(1);
    for (let time = 0; time < 2; time++) expect(matcher.pairEvidence('退货要多久', 'tuihuo要多久')).toEqual(expected);
  });

  it('reads an entry changed in place as its new version', () => {
    const matcher = createMatcher(entries.slice(0, 20), { synonyms });
    const question = entries[0].question;
    const before = matcher.pairEvidence('怎么开发票', question);
    matcher.upsertEntries([{ ...entries[0], question: `${question}呢` }, { ...entries[1], id: 'moved', question }]);
    expect(matcher.pairEvidence('怎么开发票', question)).toEqual(matcher.pairEvidence('怎么开发票', analysedAnew(question)));
    expect(matcher.pairEvidence('怎么开发票', question)).toEqual(before);
  });
});
