/**
 * Features of a pair of questions — the evidence the learned model weighs to decide whether two
 * questions ask the same thing. Each feature lies in [0,1]; names appear in the decision trace.
 */
import type { Analysis } from './analyze.js';
import { Lexicon } from './lexicon.js';
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

/**
 * Where each part of a packed profile sits: a header of counts and small values, then the parts
 * as runs of int32 (token ids from the `Profiles` lexicons, characters as code points).
 */
const enum At {
  Terms = 0, // distinct content words, first-seen order
  Syllables, // every syllable of the content words, in order
  Chars, // content characters (code points), in order
  UniqueChars, // distinct content characters (word ids), first-seen order
  Bigrams, // distinct character bigrams, ascending ids
  PinyinBigrams, // distinct syllable bigrams, ascending ids
  KeyTerm, // index in Terms of the most informative word (-1 when none)
  TypeMask,
  Negations,
  Numbers, // id of the sorted numbers the text carries (0: none)
  Header,
}
/** Per term, where its own syllables start inside Syllables, and how many there are (2 slots). */
const TERM_SLOTS = 3;

/** The token ids of one analysed text, in the analysis's order (repeats kept). */
export interface TokenIds {
  terms: number[];
  bigrams: number[];
  pinyinBigrams: number[];
}

/** The lexicons profiles draw ids from; the matcher's inverted indexes share words and bigrams. */
export interface ProfileLexicons {
  /** Words, weighted by their corpus IDF. */
  words: Lexicon;
  /** Characters, the same way (a lexicon of their own stays small: quick to look up). */
  chars: Lexicon;
  syllables: Lexicon;
  bigrams: Lexicon;
  pinyinBigrams: Lexicon;
  /** The sorted numbers a text carries, joined; id 0 is "none". */
  numbers: Lexicon;
}

/**
 * The comparison profiles of a knowledge base's questions, each prepared once at indexing and
 * packed into one shared Int32Array: comparing a query with a question is integer work, with no
 * Set, Map or string built per pair. A customer's message is profiled temporarily (`addTemporary`)
 * and forgotten after the ranking (`forgetTemporary`).
 */
export class Profiles {
  readonly lexicons: ProfileLexicons;
  private pool = new Int32Array(1024);
  private length = 0;
  /** Where temporary profiles start; everything before is the knowledge base's. */
  private permanentLength = 0;
  /** The query's words and characters, marked once per query; and the compared question's. */
  private readonly queryMarks = new Marks();
  private readonly questionMarks = new Marks();
  private lcsRow = new Uint16Array(64);

  constructor(idf: (word: string) => number = wordIdf) {
    this.lexicons = { words: new Lexicon(idf), chars: new Lexicon(wordIdf), syllables: new Lexicon(), bigrams: new Lexicon(), pinyinBigrams: new Lexicon(), numbers: new Lexicon() };
    this.lexicons.numbers.intern('');
  }

  /** The ids of a text's tokens: a knowledge-base question's are learnt, a message's looked up. */
  idsOf(a: Analysis, question: boolean): TokenIds {
    const { words, bigrams, pinyinBigrams } = this.lexicons;
    return { terms: words.idsOf(a.terms, question), bigrams: bigrams.idsOf(a.bigrams, question), pinyinBigrams: pinyinBigrams.idsOf(a.pinyinBigrams, question) };
  }

  /** A knowledge-base question's profile; returns its handle. */
  add(a: Analysis, ids: TokenIds = this.idsOf(a, true)): number {
    if (this.length > this.permanentLength) this.forgetTemporary();
    const at = this.write(a, ids, (lexicon, token) => lexicon.intern(token));
    this.permanentLength = this.length;
    return at;
  }

  /** A customer message's profile, valid until `forgetTemporary`. */
  addTemporary(a: Analysis, ids: TokenIds = this.idsOf(a, false)): number {
    return this.write(a, ids, (lexicon, token) => lexicon.lookup(token));
  }

  /**
   * Whether two profiles hold the same ints — the same tokens, characters and header — so every
   * pair feature computed with one equals the one computed with the other.
   */
  same(a: number, b: number): boolean {
    const size = this.sizeOf(a);
    if (size !== this.sizeOf(b)) return false;
    const p = this.pool;
    for (let i = 0; i < size; i++) if (p[a + i] !== p[b + i]) return false;
    return true;
  }

  private sizeOf(at: number): number {
    const p = this.pool;
    return At.Header + p[at + At.Terms] * TERM_SLOTS + p[at + At.Syllables] + p[at + At.Chars] + p[at + At.UniqueChars] + p[at + At.Bigrams] + p[at + At.PinyinBigrams];
  }

  forgetTemporary(): void {
    // The next temporary profile may be written where this one was: its marks would be stale.
    this.queryMarks.profile = this.questionMarks.profile = -1;
    this.length = this.permanentLength;
    for (const lexicon of Object.values(this.lexicons)) lexicon.forgetTemporary();
  }

  /** Gives back the pool's unused tail once indexing is done. */
  seal(): void {
    this.pool = this.pool.slice(0, Math.max(this.length, 1));
  }

  /** Writes a profile at the end of the pool (no Set, Map or array per question: indexing 50,000 made garbage). */
  private write(a: Analysis, ids: TokenIds, idOf: (lexicon: Lexicon, token: string) => number): number {
    const { words, chars: characters, syllables, numbers } = this.lexicons;
    // Room for the most the parts can take; what is not used is given back at the end.
    const at = this.reserve(At.Header + a.terms.length * TERM_SLOTS + a.syllables.length + 2 * a.chars.length + ids.bigrams.length + ids.pinyinBigrams.length);
    const p = this.pool;
    p[at + At.TypeMask] = questionTypeMask(a.words);
    p[at + At.Negations] = negationCount(a.words);
    p[at + At.Numbers] = idOf(numbers, (a.normalized.text.match(NUMBER) ?? []).sort().join(','));
    let i = at + At.Header;
    // Each distinct word, with its syllables: the stretch of the text's syllables where it first occurs.
    // The key word says what the question is about: question words (咋办, 多久) never are one.
    const anyContentWord = a.terms.some((w) => !isQuestionWord(w));
    let syllable = 0;
    let terms = 0;
    let keyTerm = -1;
    let keyIdf = 0;
    outer: for (let w = 0; w < a.terms.length; w++) {
      const length = wordPinyin(a.terms[w]).length;
      const start = syllable;
      syllable += length;
      const id = ids.terms[w];
      for (let earlier = 0; earlier < w; earlier++) if (ids.terms[earlier] === id) continue outer;
      p[i++] = id;
      p[i++] = start;
      p[i++] = length;
      if (!(anyContentWord && isQuestionWord(a.terms[w])) && (keyTerm < 0 || words.weights[id] > keyIdf)) [keyTerm, keyIdf] = [terms, words.weights[id]];
      terms++;
    }
    p[at + At.Terms] = terms;
    p[at + At.KeyTerm] = keyTerm;
    for (const s of a.syllables) p[i++] = idOf(syllables, s);
    p[at + At.Syllables] = a.syllables.length;
    const charsStart = i;
    for (const ch of a.chars) p[i++] = ch.codePointAt(0) ?? 0;
    p[at + At.Chars] = i - charsStart;
    const uniqueStart = i;
    chars: for (const ch of a.chars) {
      const id = idOf(characters, ch);
      for (let j = uniqueStart; j < i; j++) if (p[j] === id) continue chars;
      p[i++] = id;
    }
    p[at + At.UniqueChars] = i - uniqueStart;
    p[at + At.Bigrams] = writeSortedUnique(p, i, ids.bigrams);
    i += p[at + At.Bigrams];
    p[at + At.PinyinBigrams] = writeSortedUnique(p, i, ids.pinyinBigrams);
    i += p[at + At.PinyinBigrams];
    this.length = i;
    return at;
  }

  private reserve(size: number): number {
    if (this.length + size > this.pool.length) {
      const grown = new Int32Array(Math.max(this.pool.length * 2, this.length + size));
      grown.set(this.pool.subarray(0, this.length));
      this.pool = grown;
    }
    const at = this.length;
    this.length += size;
    return at;
  }

  /** The pair features of query `q` and question `d` (both handles), into `out`. */
  features(q: number, d: number, out: Float64Array = new Float64Array(PAIR_FEATURES.length)): Float64Array {
    const p = this.pool;
    const marksOfD = this.mark(this.questionMarks, d);
    this.coverage(q, d, marksOfD, out, 0, 6);
    const charCoverageQuery = this.charCoverage(q, marksOfD);
    const keyTerm = p[q + At.KeyTerm];
    const keyWordMatch = keyTerm >= 0 && this.holds(q, keyTerm, d, marksOfD) ? 1 : 0;
    const marksOfQ = this.mark(this.queryMarks, q);
    this.coverage(d, q, marksOfQ, out, 1, 7);
    const charCoverageQuestion = this.charCoverage(d, marksOfQ);
    const qChars = p[q + At.Chars];
    const dChars = p[d + At.Chars];
    const longer = Math.max(qChars, dChars);
    const qTypes = p[q + At.TypeMask];
    const dTypes = p[d + At.TypeMask];
    const qNumbers = p[q + At.Numbers];
    const dNumbers = p[d + At.Numbers];
    out[2] = this.dice(q, d, At.Bigrams);
    out[3] = this.dice(q, d, At.PinyinBigrams);
    out[4] = longer ? this.lcsLength(q, d) / longer : 0;
    out[5] = longer ? Math.min(qChars, dChars) / longer : 0;
    out[8] = qTypes && dTypes && !(qTypes & dTypes) ? 1 : 0;
    out[9] = p[q + At.Negations] % 2 !== p[d + At.Negations] % 2 ? 1 : 0;
    out[10] = qNumbers && dNumbers && qNumbers !== dNumbers ? 1 : 0;
    out[11] = this.sameText(q, d) ? 1 : 0;
    out[12] = charCoverageQuery;
    out[13] = charCoverageQuestion;
    out[14] = keyWordMatch;
    return out;
  }

  /**
   * IDF-weighted share of query `q`'s words that at least one of the profiles `ds` holds — an
   * entry's questions taken together (the answer model's `entryCoverage`, docs/confidence.md): a
   * right entry's phrasings between them usually cover what the customer said, a wrong one's not.
   */
  unionCoverage(q: number, ds: readonly number[]): number {
    const p = this.pool;
    const n = p[q + At.Terms];
    if (n === 0 || ds.length === 0) return 0;
    const idf = this.lexicons.words.weights;
    const terms = this.termsAt(q);
    const held = new Uint8Array(n);
    for (const d of ds) {
      const marks = this.mark(this.questionMarks, d);
      for (let t = 0; t < n; t++) if (!held[t] && this.holds(q, t, d, marks)) held[t] = 1;
    }
    let total = 0;
    let covered = 0;
    for (let t = 0; t < n; t++) {
      const w = idf[p[terms + t * TERM_SLOTS]];
      total += w;
      if (held[t]) covered += w;
    }
    return total > 0 ? covered / total : 0;
  }

  /** Whether profile `at` has the word with this id among its content words. */
  hasWord(at: number, word: number): boolean {
    const marks = this.mark(this.questionMarks, at);
    return marks.words[word] === marks.stamp;
  }

  /** keyWordMatch of `from` against `to` alone: whether `to` holds `from`'s most informative word. */
  keyWordHeld(from: number, to: number): boolean {
    const keyTerm = this.pool[from + At.KeyTerm];
    if (keyTerm < 0) return false;
    // `to` is usually the query, marked already for the comparison just made.
    const marksOfTo = this.queryMarks.profile === to ? this.queryMarks : this.mark(this.questionMarks, to);
    return this.holds(from, keyTerm, to, marksOfTo);
  }

  /** Where each part of profile `at` starts. */
  private termsAt(at: number): number {
    return at + At.Header;
  }
  private syllablesAt(at: number): number {
    return this.termsAt(at) + this.pool[at + At.Terms] * TERM_SLOTS;
  }
  private charsAt(at: number): number {
    return this.syllablesAt(at) + this.pool[at + At.Syllables];
  }
  private uniqueCharsAt(at: number): number {
    return this.charsAt(at) + this.pool[at + At.Chars];
  }
  private bigramsAt(at: number): number {
    return this.uniqueCharsAt(at) + this.pool[at + At.UniqueChars];
  }

  /** Marks profile `at`'s words and characters in `marks` (once: the same query meets many questions). */
  private mark(marks: Marks, at: number): Marks {
    if (marks.profile === at) return marks;
    const p = this.pool;
    marks.reserve(this.lexicons.words.extent, this.lexicons.chars.extent);
    const stamp = ++marks.stamp;
    marks.profile = at;
    const terms = this.termsAt(at);
    for (let t = 0; t < p[at + At.Terms]; t++) marks.words[p[terms + t * TERM_SLOTS]] = stamp;
    const chars = this.uniqueCharsAt(at);
    for (let c = 0; c < p[at + At.UniqueChars]; c++) marks.chars[p[chars + c]] = stamp;
    return marks;
  }

  /**
   * Whether the marked profile `to` holds word t of `from`: the word itself, or its reading
   * anywhere in `to`'s syllables — so 发漂 (cut 发/漂) still finds 发票, and 退huo finds 退货.
   */
  private holds(from: number, t: number, to: number, marksOfTo: Marks): boolean {
    const p = this.pool;
    const slot = this.termsAt(from) + t * TERM_SLOTS;
    if (marksOfTo.words[p[slot]] === marksOfTo.stamp) return true;
    const start = this.syllablesAt(from) + p[slot + 1];
    const length = p[slot + 2];
    const haystack = this.syllablesAt(to);
    const count = p[to + At.Syllables];
    // A word without syllables is found only in a text without syllables, as an empty reading is.
    if (length === 0) return count === 0;
    outer: for (let i = 0; i + length <= count; i++) {
      for (let j = 0; j < length; j++) if (p[haystack + i + j] !== p[start + j]) continue outer;
      return true;
    }
    return false;
  }

  /**
   * Weighted coverage of `from`'s words by the marked `to`, and the largest unmatched IDF, into
   * `out[coveredAt]` and `out[unmatchedAt]` (no pair returned per comparison).
   */
  private coverage(from: number, to: number, marksOfTo: Marks, out: Float64Array, coveredAt: number, unmatchedAt: number): void {
    const p = this.pool;
    const n = p[from + At.Terms];
    out[coveredAt] = 0;
    out[unmatchedAt] = 0;
    if (n === 0) return;
    const idf = this.lexicons.words.weights;
    const terms = this.termsAt(from);
    let total = 0;
    let covered = 0;
    let unmatched = 0;
    for (let t = 0; t < n; t++) {
      const w = idf[p[terms + t * TERM_SLOTS]];
      total += w;
      if (this.holds(from, t, to, marksOfTo)) covered += w;
      else if (w > unmatched) unmatched = w;
    }
    out[coveredAt] = total > 0 ? covered / total : 0;
    out[unmatchedAt] = unmatched / MAX_IDF;
  }

  /** IDF-weighted share of `from`'s distinct characters that the marked profile contains. */
  private charCoverage(from: number, marksOfTo: Marks): number {
    const p = this.pool;
    const idf = this.lexicons.chars.weights;
    const chars = this.uniqueCharsAt(from);
    let total = 0;
    let covered = 0;
    for (let c = 0; c < p[from + At.UniqueChars]; c++) {
      const id = p[chars + c];
      total += idf[id];
      if (marksOfTo.chars[id] === marksOfTo.stamp) covered += idf[id];
    }
    return total > 0 ? covered / total : 0;
  }

  /** Dice overlap of two ascending id runs (bigrams or pinyin bigrams). */
  private dice(q: number, d: number, part: At.Bigrams | At.PinyinBigrams): number {
    const p = this.pool;
    let a = this.bigramsAt(q);
    let b = this.bigramsAt(d);
    if (part === At.PinyinBigrams) {
      a += p[q + At.Bigrams];
      b += p[d + At.Bigrams];
    }
    const na = p[q + part];
    const nb = p[d + part];
    if (na === 0 && nb === 0) return 0;
    let shared = 0;
    for (let i = 0, j = 0; i < na && j < nb; ) {
      const x = p[a + i];
      const y = p[b + j];
      if (x === y) {
        shared++;
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
    return (2 * shared) / (na + nb);
  }

  /** Longest common character subsequence length, O(n·m) with one row; questions are short. */
  private lcsLength(q: number, d: number): number {
    const p = this.pool;
    const n = p[q + At.Chars];
    const m = p[d + At.Chars];
    if (!n || !m) return 0;
    if (this.lcsRow.length < m + 1) this.lcsRow = new Uint16Array(m + 1);
    const row = this.lcsRow;
    row.fill(0, 0, m + 1);
    const a = this.charsAt(q);
    const b = this.charsAt(d);
    for (let i = 1; i <= n; i++) {
      const ch = p[a + i - 1];
      let diagonal = 0;
      for (let j = 1; j <= m; j++) {
        const above = row[j];
        row[j] = ch === p[b + j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
        diagonal = above;
      }
    }
    return row[m];
  }

  private sameText(q: number, d: number): boolean {
    const p = this.pool;
    const n = p[q + At.Chars];
    if (n !== p[d + At.Chars]) return false;
    const a = this.charsAt(q);
    const b = this.charsAt(d);
    for (let i = 0; i < n; i++) if (p[a + i] !== p[b + i]) return false;
    return true;
  }
}

const NUMBER = /\d+(?:\.\d+)?/g;

/** Writes the distinct ids ascending at `p[at…]` (insertion sort: a question has a few dozen); returns how many. */
function writeSortedUnique(p: Int32Array, at: number, ids: readonly number[]): number {
  let n = 0;
  next: for (const id of ids) {
    let j = at + n;
    while (j > at && p[j - 1] > id) j--;
    if (j > at && p[j - 1] === id) continue next;
    p.copyWithin(j + 1, j, at + n);
    p[j] = id;
    n++;
  }
  return n;
}

/** Per word and per character id, the stamp of the profile last marked: membership without a Set. */
class Marks {
  words: Int32Array = new Int32Array(1024);
  chars: Int32Array = new Int32Array(1024);
  stamp = 0;
  /** The profile marked with `stamp` (-1: none). */
  profile = -1;

  reserve(words: number, chars: number): void {
    if (this.words.length < words) this.words = grow(this.words, words);
    if (this.chars.length < chars) this.chars = grow(this.chars, chars);
  }
}

function grow(marks: Int32Array, size: number): Int32Array {
  const grown = new Int32Array(Math.max(size, marks.length * 2));
  grown.set(marks);
  return grown;
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
export function symmetricPairFeatures(profiles: Profiles, a: number, b: number): Float64Array {
  return symmetricFromDirected(profiles, a, b, profiles.features(a, b));
}

/** `symmetricPairFeatures` from the features of (a, b) already computed, in place. */
export function symmetricFromDirected(profiles: Profiles, a: number, b: number, ab: Float64Array): Float64Array {
  for (const [x, y] of DIRECTED) {
    const lo = Math.min(ab[x], ab[y]);
    const hi = Math.max(ab[x], ab[y]);
    ab[x] = lo;
    ab[y] = hi;
  }
  // Of the other direction only its key word is needed: the directed slots of (a, b) hold both.
  if (ab[KEY_WORD] && !profiles.keyWordHeld(b, a)) ab[KEY_WORD] = 0;
  return ab;
}
