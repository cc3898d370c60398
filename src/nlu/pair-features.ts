/**
 * Features of a pair of questions — the evidence the learned model weighs to decide whether two
 * questions ask the same thing. Each feature lies in [0,1]; names appear in the decision trace.
 */
import type { Analysis } from './analyze.js';
import { wordPinyin } from './pinyin.js';
import { questionTypeMask, negationCount } from './question-type.js';
import { wordIdf, MAX_IDF } from './word-weights.js';

export const PAIR_FEATURES = [
  'coverageQuery', // IDF-weighted share of the query's words found in the question
  'coverageQuestion', // … and of the question's words found in the query
  'bigramDice', // character bigram overlap
  'pinyinDice', // pinyin bigram overlap (homophone typos)
  'lcs', // longest common character subsequence ÷ longer length
  'lengthRatio', // shorter ÷ longer
  'unmatchedQuery', // IDF of the most important query word missing from the question
  'unmatchedQuestion', // … and the other way round
  'typeMismatch', // both ask a question word, of different kinds (怎么 vs 多久)
  'negationMismatch', // one is negated, the other not
  'numberMismatch', // both carry numbers and they differ
  'exact', // identical after normalisation
] as const;
export type PairFeatureName = (typeof PAIR_FEATURES)[number];

/** A question prepared once for fast comparison. */
export interface Profile {
  chars: string[];
  terms: string[];
  termSet: Set<string>;
  pinyinOfTerm: string[];
  pinyinSet: Set<string>;
  idfOfTerm: number[];
  idfTotal: number;
  bigrams: Set<string>;
  pinyinBigrams: Set<string>;
  typeMask: number;
  negations: number;
  numbers: string;
  text: string;
}

const NUMBER = /\d+(?:\.\d+)?/g;

export function profile(a: Analysis, idf: (word: string) => number = wordIdf): Profile {
  const terms = [...new Set(a.terms)];
  const pinyinOfTerm = terms.map((t) => wordPinyin(t).join(''));
  const idfOfTerm = terms.map((t) => idf(t));
  return {
    chars: Array.from(a.chars),
    terms,
    termSet: new Set(terms),
    pinyinOfTerm,
    pinyinSet: new Set(pinyinOfTerm),
    idfOfTerm,
    idfTotal: idfOfTerm.reduce((s, x) => s + x, 0),
    bigrams: new Set(a.bigrams),
    pinyinBigrams: new Set(a.pinyinBigrams),
    typeMask: questionTypeMask(a.words),
    negations: negationCount(a.words),
    numbers: (a.normalized.text.match(NUMBER) ?? []).sort().join(','),
    text: a.chars,
  };
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Longest common subsequence length, O(n·m) with one row; questions are short. */
function lcsLength(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  const row = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Weighted coverage of `from`'s words by `to` (a word matches by itself or by its pinyin) and the largest unmatched IDF. */
function coverage(from: Profile, to: Profile): [covered: number, unmatched: number] {
  if (from.terms.length === 0) return [0, 0];
  let covered = 0;
  let unmatched = 0;
  for (let i = 0; i < from.terms.length; i++) {
    if (to.termSet.has(from.terms[i]) || to.pinyinSet.has(from.pinyinOfTerm[i])) covered += from.idfOfTerm[i];
    else if (from.idfOfTerm[i] > unmatched) unmatched = from.idfOfTerm[i];
  }
  return [from.idfTotal > 0 ? covered / from.idfTotal : 0, unmatched / MAX_IDF];
}

export function pairFeatures(q: Profile, d: Profile, out: Float64Array = new Float64Array(PAIR_FEATURES.length)): Float64Array {
  const [coverageQuery, unmatchedQuery] = coverage(q, d);
  const [coverageQuestion, unmatchedQuestion] = coverage(d, q);
  const longer = Math.max(q.chars.length, d.chars.length);
  out[0] = coverageQuery;
  out[1] = coverageQuestion;
  out[2] = dice(q.bigrams, d.bigrams);
  out[3] = dice(q.pinyinBigrams, d.pinyinBigrams);
  out[4] = longer ? lcsLength(q.chars, d.chars) / longer : 0;
  out[5] = longer ? Math.min(q.chars.length, d.chars.length) / longer : 0;
  out[6] = unmatchedQuery;
  out[7] = unmatchedQuestion;
  out[8] = q.typeMask && d.typeMask && !(q.typeMask & d.typeMask) ? 1 : 0;
  out[9] = q.negations % 2 !== d.negations % 2 ? 1 : 0;
  out[10] = q.numbers && d.numbers && q.numbers !== d.numbers ? 1 : 0;
  out[11] = q.text === d.text ? 1 : 0;
  return out;
}
