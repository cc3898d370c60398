/**
 * The rankings of one turn, shared by everything that ranks in it: the decision ranks the
 * customer's words for its candidates, and 猜你想问 ranks the same words again for their
 * neighbours (src/reply/suggestions.ts) — one ranking serves both.
 *
 * Why one ranking can serve any k: the matcher reranks RERANK_ENTRIES entries whatever k it is
 * asked for and only cuts the sorted list, so `rank(q, k)` is the first k of
 * `rank(q, RERANK_ENTRIES)` — the same candidates, scores, confidences and margins
 * (turn-rankings.test.ts checks it on the demo's tuning queries). Rankings with exclusions
 * (calibration's leave-one-out) are not kept here.
 *
 * One per turn, never longer: a knowledge change makes a new matcher, and a cache across
 * customers would only flatter a benchmark that asks the same questions again.
 */
import { RERANK_ENTRIES, type Matcher } from './matcher.js';
import type { MatchCandidate } from './types.js';

export class TurnRankings {
  private readonly byQuery = new Map<string, readonly MatchCandidate[]>();

  constructor(readonly matcher: Matcher) {}

  /** The matcher's best `k` entries for `query` (the candidates are shared: callers only read them). */
  rank(query: string, k: number): MatchCandidate[] {
    let ranked = this.byQuery.get(query);
    if (!ranked) this.byQuery.set(query, (ranked = this.matcher.rank(query, RERANK_ENTRIES)));
    return ranked.slice(0, k);
  }
}
