/**
 * One ranking serves the decision (8 candidates) and 猜你想问 (12) only because the matcher's
 * best k are the first k of its best RERANK_ENTRIES: checked on the demo shop (enough entries for
 * the rerank to cut) with the demo's tuning queries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../server/package-root.js';
import { createMatcher, RERANK_ENTRIES } from './matcher.js';
import { TurnRankings } from './turn-rankings.js';
import type { MatchableEntry } from './types.js';

const readDemo = <T>(file: string): T => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'demo', file), 'utf8')) as T;
const shop = readDemo<Array<{ id: string; question: string; similar_questions?: string[]; answer: unknown; category?: string }>>('knowledge.json');
/** A rich answer's words as plain text (the matcher indexes answers too). */
const answerWords = (answer: unknown): string => (typeof answer === 'string' ? answer : JSON.stringify(answer));
const entries: MatchableEntry[] = shop.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similar_questions ?? [], answerText: answerWords(e.answer), category: e.category ?? null }));
const queries = readDemo<Array<{ query: string }>>('eval-queries.json').map((q) => q.query);
const matcher = createMatcher(entries);

describe('TurnRankings', () => {
  it('gives for every k exactly what the matcher ranks for that k (the demo tuning queries)', () => {
    expect(entries.length).toBeGreaterThan(RERANK_ENTRIES);
    for (const query of queries) {
      const rankings = new TurnRankings(matcher);
      for (const k of [1, 5, 8, RERANK_ENTRIES, RERANK_ENTRIES + 4]) expect(rankings.rank(query, k), `${query} k=${k}`).toEqual(matcher.rank(query, k));
    }
  });

  it('ranks each text once per turn', () => {
    const ranked: string[] = [];
    const counting = { ...matcher, rank: (query: string, k: number) => (ranked.push(query), matcher.rank(query, k)) };
    const rankings = new TurnRankings(counting);
    rankings.rank('发票怎么开', 8);
    rankings.rank('发票怎么开', 12);
    rankings.rank('怎么退货', 8);
    expect(ranked).toEqual(['发票怎么开', '怎么退货']);
  });
});
