/**
 * Grouping unresolved questions that mean the same, incrementally and lexically: each question is
 * a set of terms (character bigrams of its content words, after the same normalisation and
 * segmentation as matching, so 退貨 and 退货 are one term), an inverted index from terms to
 * clusters finds the few clusters it could join, and it joins the best of them only when it is
 * similar to at least half of that cluster's sampled members — one loose resemblance to one
 * member would chain unrelated questions together.
 */
import { analyze } from '../nlu/analyze.js';
import { joinUnits } from '../nlu/ngrams.js';
import { SynonymMap } from '../nlu/synonyms.js';

/** Dice similarity of term sets at or above which two questions count as alike. Tuned on the test phrasings in clusters.test.ts. */
export const CLUSTER_JOIN_SIMILARITY = 0.4;
/** Members of a candidate cluster compared with a new question (its latest ones). */
export const CLUSTER_SAMPLE_SIZE = 5;
/** A new question must be alike to at least this share of the sampled members (and to one at least). */
export const CLUSTER_MIN_ALIKE_SHARE = 0.5;
/** Clusters sharing the most terms with a new question that are looked at. */
export const CLUSTER_CANDIDATES = 8;

const NO_SYNONYMS = new SynonymMap([]);

/**
 * The terms a question is indexed and compared by: the character bigrams inside each content
 * word (a one-character word is its own term). Not across words: 在手机壳上刻字 must not yield
 * 壳上 and 上刻, which tie it to anything else said "上".
 */
export function clusterTerms(text: string): string[] {
  const { terms } = analyze(text, NO_SYNONYMS);
  const grams: string[] = [];
  for (const term of terms) grams.push(...joinUnits(Array.from(term)));
  return [...new Set(grams)];
}

/** Dice coefficient of two term lists (each without duplicates). */
export function termSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let shared = 0;
  for (const t of b) if (set.has(t)) shared++;
  return (2 * shared) / (a.length + b.length);
}

/**
 * How well a question fits a cluster given its sampled members' terms: the mean similarity when
 * it is alike to enough of them, null when it does not belong.
 */
export function fitToCluster(question: readonly string[], members: readonly (readonly string[])[]): number | null {
  if (members.length === 0) return null;
  const sims = members.map((m) => termSimilarity(question, m));
  const alike = sims.filter((s) => s >= CLUSTER_JOIN_SIMILARITY).length;
  if (alike < Math.max(1, Math.ceil(members.length * CLUSTER_MIN_ALIKE_SHARE))) return null;
  return sims.reduce((a, b) => a + b, 0) / sims.length;
}
