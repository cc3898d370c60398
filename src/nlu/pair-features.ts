/**
 * Features of a pair of questions — the evidence the learned model weighs to decide whether two
 * questions ask the same thing. Each feature lies in [0,1]; names appear in the decision trace.
 */
import type { Analysis } from './analyze.js';
import { wordPinyin } from './pinyin.js';
import { isQuestionWord, questionTypeMask, negationCount } from './question-type.js';
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
  'charCoverageQuery', // IDF-weighted share of the query's characters found in the question
  'charCoverageQuestion', // … and the other way round (survives any segmentation difference)
  'keyWordMatch', // the query's most informative word is in the question (by itself or its pinyin)
] as const;
export type PairFeatureName = (typeof PAIR_FEATURES)[number];

/** A question prepared once for fast comparison. */
export interface Profile {
  chars: string[];
  terms: string[];
  termSet: Set<string>;
  /** Each word's syllables, space-delimited on both ends. */
  pinyinOfTerm: string[];
  /** All syllables, space-delimited on both ends, to find a word's reading across word boundaries. */
  pinyinLine: string;
  /** Unique content characters and their corpus IDF. */
  charSet: Set<string>;
  idfOfChar: Map<string, number>;
  charIdfTotal: number;
  /** Index in `terms` of the most informative word (-1 when none). */
  keyTerm: number;
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
  const pinyinOfTerm = terms.map((t) => ` ${wordPinyin(t).join(' ')} `);
  const idfOfTerm = terms.map((t) => idf(t));
  const idfOfChar = new Map<string, number>();
  let charIdfTotal = 0;
  for (const ch of a.chars) {
    if (idfOfChar.has(ch)) continue;
    const w = wordIdf(ch);
    idfOfChar.set(ch, w);
    charIdfTotal += w;
  }
  let keyTerm = -1;
  // The key word says what the question is about: question words (咋办, 多久) never are one.
  for (let i = 0; i < terms.length; i++) {
    if (isQuestionWord(terms[i]) && terms.some((t) => !isQuestionWord(t))) continue;
    if (keyTerm < 0 || idfOfTerm[i] > idfOfTerm[keyTerm]) keyTerm = i;
  }
  return {
    chars: Array.from(a.chars),
    terms,
    termSet: new Set(terms),
    pinyinOfTerm,
    pinyinLine: ` ${a.syllables.join(' ')} `,
    charSet: new Set(idfOfChar.keys()),
    idfOfChar,
    charIdfTotal,
    keyTerm,
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

/**
 * Whether `to` holds word i of `from`: the word itself, or its reading anywhere in `to`'s syllables
 * — so 发漂 (cut 发/漂) still finds 发票, and 退huo finds 退货.
 */
function holds(from: Profile, i: number, to: Profile): boolean {
  return to.termSet.has(from.terms[i]) || to.pinyinLine.includes(from.pinyinOfTerm[i]);
}

/** Weighted coverage of `from`'s words by `to` and the largest unmatched IDF. */
function coverage(from: Profile, to: Profile): [covered: number, unmatched: number] {
  if (from.terms.length === 0) return [0, 0];
  let covered = 0;
  let unmatched = 0;
  for (let i = 0; i < from.terms.length; i++) {
    if (holds(from, i, to)) covered += from.idfOfTerm[i];
    else if (from.idfOfTerm[i] > unmatched) unmatched = from.idfOfTerm[i];
  }
  return [from.idfTotal > 0 ? covered / from.idfTotal : 0, unmatched / MAX_IDF];
}

/** IDF-weighted share of `from`'s distinct characters that `to` contains. */
function charCoverage(from: Profile, to: Profile): number {
  if (from.charIdfTotal <= 0) return 0;
  let covered = 0;
  for (const [ch, w] of from.idfOfChar) if (to.charSet.has(ch)) covered += w;
  return covered / from.charIdfTotal;
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
  out[12] = charCoverage(q, d);
  out[13] = charCoverage(d, q);
  out[14] = q.keyTerm >= 0 && holds(q, q.keyTerm, d) ? 1 : 0;
  return out;
}

/** Features measured from one side of a pair, as [from query, from question] slots. */
const DIRECTED: readonly [number, number][] = [
  [PAIR_FEATURES.indexOf('coverageQuery'), PAIR_FEATURES.indexOf('coverageQuestion')],
  [PAIR_FEATURES.indexOf('unmatchedQuery'), PAIR_FEATURES.indexOf('unmatchedQuestion')],
  [PAIR_FEATURES.indexOf('charCoverageQuery'), PAIR_FEATURES.indexOf('charCoverageQuestion')],
];
const KEY_WORD = PAIR_FEATURES.indexOf('keyWordMatch');

/**
 * Features of an unordered pair (a, b): each directed pair of slots holds the weaker direction
 * first and the stronger second (so "one side says much more than the other" stays visible,
 * which an average would hide), and keyWordMatch requires both sides' key words. Symmetric by
 * construction: similarity(a, b) === similarity(b, a).
 */
export function symmetricPairFeatures(a: Profile, b: Profile): Float64Array {
  const ab = pairFeatures(a, b);
  const ba = pairFeatures(b, a);
  for (const [x, y] of DIRECTED) {
    const lo = Math.min(ab[x], ab[y]);
    const hi = Math.max(ab[x], ab[y]);
    ab[x] = lo;
    ab[y] = hi;
  }
  ab[KEY_WORD] = Math.min(ab[KEY_WORD], ba[KEY_WORD]);
  return ab;
}
