/**
 * A BM25 inverted index over one kind of token (words, character bigrams or pinyin bigrams).
 * Postings are packed into typed arrays once built, and each posting stores its BM25 weight
 * without the IDF, so scoring a query is one multiply-add per posting. Tokens are the ids of a
 * `Lexicon` the matcher shares with the question profiles, so a query's tokens are looked up once.
 */
import { Lexicon } from './lexicon.js';

/** BM25 term-frequency saturation. Questions are short; repeats add little. */
export const BM25_K1 = 1.2;
/** BM25 length normalisation. Lower than the usual 0.75 because questions vary little in length. */
export const BM25_B = 0.5;
/** Below this many questions no token is skipped as too common (a new knowledge base has few). */
export const MIN_DOCS_TO_SKIP_COMMON = 500;

/** Past this many tokens (answer texts) counting with a Map beats comparing pairs. */
const PAIRWISE_COUNT_LIMIT = 24;

/** Each distinct token id with its count, in first-seen order. Questions are short: no Map needed. */
function termFrequencies(ids: readonly number[]): Iterable<[number, number]> {
  if (ids.length > PAIRWISE_COUNT_LIMIT) {
    const tf = new Map<number, number>();
    for (const t of ids) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  }
  const out: [number, number][] = [];
  outer: for (let i = 0; i < ids.length; i++) {
    for (let j = 0; j < i; j++) if (ids[j] === ids[i]) continue outer;
    let count = 1;
    for (let j = i + 1; j < ids.length; j++) if (ids[j] === ids[i]) count++;
    out.push([ids[i], count]);
  }
  return out;
}

/**
 * The documents a recall touched, in the order first touched, in a buffer kept from one query to
 * the next: a query touches hundreds to thousands of documents, and growing a fresh array for
 * them was a third of the garbage a query made.
 */
export class TouchedDocs {
  docs = new Int32Array(256);
  count = 0;

  add(doc: number): void {
    this.reserve(1);
    this.docs[this.count++] = doc;
  }

  /** Room for `more` documents after the ones touched so far (a posting walk reserves its list's length once). */
  reserve(more: number): void {
    if (this.count + more <= this.docs.length) return;
    const grown = new Int32Array(Math.max(this.docs.length * 2, this.count + more));
    grown.set(this.docs.subarray(0, this.count));
    this.docs = grown;
  }

  /** The touched documents, first touched first (a copy: for tests and tools). */
  list(): number[] {
    return Array.from(this.docs.subarray(0, this.count));
  }
}

export class InvertedIndexBuilder {
  private readonly postings: number[][] = [];
  private readonly counts: number[][] = [];
  private readonly lengths: number[] = [];

  constructor(readonly lexicon: Lexicon = new Lexicon()) {}

  /** Add document `doc` (ids must be 0,1,2… in order). */
  add(doc: number, tokens: readonly string[]): void {
    this.addIds(
      doc,
      tokens.map((t) => this.lexicon.intern(t)),
    );
  }

  /** Add document `doc` by the lexicon ids of its tokens. */
  addIds(doc: number, ids: readonly number[]): void {
    this.lengths[doc] = ids.length;
    for (const [id, count] of termFrequencies(ids)) {
      (this.postings[id] ??= []).push(doc);
      (this.counts[id] ??= []).push(count);
    }
  }

  build(): InvertedIndex {
    const docCount = this.lengths.length;
    const terms = this.lexicon.size;
    let total = 0;
    for (let d = 0; d < docCount; d++) total += this.lengths[d] ?? 0;
    const avgLength = docCount ? total / docCount : 1;
    const offsets = new Int32Array(terms + 1);
    for (let t = 0; t < terms; t++) offsets[t + 1] = offsets[t] + (this.postings[t]?.length ?? 0);
    const docs = new Int32Array(offsets[terms]);
    const weights = new Float32Array(docs.length);
    const idf = new Float32Array(terms);
    for (let t = 0; t < terms; t++) {
      const list = this.postings[t] ?? [];
      const df = list.length;
      idf[t] = Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
      for (let i = 0; i < df; i++) {
        docs[offsets[t] + i] = list[i];
        weights[offsets[t] + i] = bm25Weight(this.counts[t][i], this.lengths[list[i]] ?? 0, avgLength);
      }
    }
    return new InvertedIndex(this.lexicon, offsets, docs, weights, idf, docCount, avgLength);
  }
}

/** BM25 weight of a token seen `tf` times in a doc of `length` tokens, without the IDF. */
function bm25Weight(tf: number, length: number, avgLength: number): number {
  const norm = 1 - BM25_B + (BM25_B * length) / avgLength;
  return (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm);
}

export class InvertedIndex {
  /** Tokens the lexicon learnt after the index was built (none in the matcher) have no postings. */
  private readonly terms: number;

  constructor(
    private readonly lexicon: Lexicon,
    private readonly offsets: Int32Array,
    private readonly docs: Int32Array,
    private readonly weights: Float32Array,
    private readonly idfs: Float32Array,
    readonly docCount: number,
    /** Mean document length in tokens: what an overlay's documents are normalised by. */
    readonly avgLength: number = 1,
  ) {
    this.terms = offsets.length - 1;
  }

  /** Documents holding token `id` (0 for ids learnt after the build). */
  documentFrequencyOf(id: number): number {
    return id < 0 || id >= this.terms ? 0 : this.offsets[id + 1] - this.offsets[id];
  }

  /** IDF of token `id`, or -1 for ids learnt after the build. */
  idfOf(id: number): number {
    return id < 0 || id >= this.terms ? -1 : this.idfs[id];
  }

  /** Inverse document frequency of a token; tokens the index never saw get the maximum. */
  idf(token: string): number {
    const id = this.lexicon.find(token);
    return id < 0 || id >= this.terms ? Math.log(1 + (this.docCount + 0.5) / 0.5) : this.idfs[id];
  }

  documentFrequency(token: string): number {
    const id = this.lexicon.find(token);
    return id < 0 || id >= this.terms ? 0 : this.offsets[id + 1] - this.offsets[id];
  }

  /** `accumulateIds` for tokens given as text. */
  accumulate(tokens: readonly string[], boost: number, scores: Float64Array, touched: TouchedDocs, maxDocFraction: number): void {
    this.accumulateIds(
      tokens.map((t) => this.lexicon.find(t)),
      boost,
      scores,
      touched,
      maxDocFraction,
    );
  }

  /**
   * Add `boost × BM25` of the (unique) query tokens, by lexicon id (unknown: any id without
   * postings), to `scores`, recording newly touched docs. Tokens present in more than
   * `maxDocFraction` of the documents are skipped: they cost the most and decide nothing.
   */
  accumulateIds(ids: readonly number[], boost: number, scores: Float64Array, touched: TouchedDocs, maxDocFraction: number): void {
    // In a small knowledge base every word is "common"; skipping only pays off at scale.
    const maxDf = this.docCount < MIN_DOCS_TO_SKIP_COMMON ? Infinity : Math.max(1, Math.floor(this.docCount * maxDocFraction));
    outer: for (let q = 0; q < ids.length; q++) {
      const id = ids[q];
      if (id < 0 || id >= this.terms) continue;
      // A query has a few dozen tokens at most: a scan beats building a Set per call.
      for (let earlier = 0; earlier < q; earlier++) if (ids[earlier] === id) continue outer;
      const start = this.offsets[id];
      const end = this.offsets[id + 1];
      if (end - start > maxDf && ids.length > 1) continue;
      const w = boost * this.idfs[id];
      touched.reserve(end - start);
      const touchedDocs = touched.docs;
      let count = touched.count;
      for (let i = start; i < end; i++) {
        const doc = this.docs[i];
        const score = scores[doc];
        if (score === 0) touchedDocs[count++] = doc;
        scores[doc] = score + w * this.weights[i];
      }
      touched.count = count;
    }
  }
}

/**
 * Documents added to a built index without rebuilding it (a knowledge edit between full
 * rebuilds). They are weighed with the base index's statistics — its IDF and mean length — so
 * their scores add up with the base's in one recall; a token the base never saw gets the IDF it
 * would have at the base's size. What this gives up: the base's IDF does not move for the added
 * documents (the next full build folds them in).
 */
export class InvertedIndexOverlay {
  private readonly postings = new Map<number, { docs: number[]; weights: number[] }>();

  constructor(private readonly base: InvertedIndex) {}

  /** Add document `doc` (any id past the base's) by the lexicon ids of its tokens. */
  addIds(doc: number, ids: readonly number[]): void {
    for (const [id, tf] of termFrequencies(ids)) {
      let list = this.postings.get(id);
      if (!list) this.postings.set(id, (list = { docs: [], weights: [] }));
      list.docs.push(doc);
      list.weights.push(bm25Weight(tf, ids.length, this.base.avgLength));
    }
  }

  /** As `InvertedIndex.accumulateIds`, for the added documents; the skip rule counts the base's documents. */
  accumulateIds(ids: readonly number[], boost: number, scores: Float64Array, touched: TouchedDocs, maxDocFraction: number): void {
    const docCount = this.base.docCount;
    const maxDf = docCount < MIN_DOCS_TO_SKIP_COMMON ? Infinity : Math.max(1, Math.floor(docCount * maxDocFraction));
    outer: for (let q = 0; q < ids.length; q++) {
      const id = ids[q];
      const list = this.postings.get(id);
      if (!list) continue;
      for (let earlier = 0; earlier < q; earlier++) if (ids[earlier] === id) continue outer;
      const baseDf = this.base.documentFrequencyOf(id);
      if (baseDf > maxDf && ids.length > 1) continue;
      const baseIdf = this.base.idfOf(id);
      const df = list.docs.length;
      const idf = baseIdf >= 0 ? baseIdf : Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
      const w = boost * idf;
      for (let i = 0; i < df; i++) {
        const doc = list.docs[i];
        if (scores[doc] === 0) touched.add(doc);
        scores[doc] += w * list.weights[i];
      }
    }
  }
}
