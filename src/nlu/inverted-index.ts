/**
 * A BM25 inverted index over one kind of token (words, character bigrams or pinyin bigrams).
 * Postings are packed into typed arrays once built, and each posting stores its BM25 weight
 * without the IDF, so scoring a query is one multiply-add per posting.
 */

/** BM25 term-frequency saturation. Questions are short; repeats add little. */
export const BM25_K1 = 1.2;
/** BM25 length normalisation. Lower than the usual 0.75 because questions vary little in length. */
export const BM25_B = 0.5;
/** Below this many questions no token is skipped as too common (a new knowledge base has few). */
export const MIN_DOCS_TO_SKIP_COMMON = 500;

/** Past this many tokens (answer texts) counting with a Map beats comparing pairs. */
const PAIRWISE_COUNT_LIMIT = 24;

/** Each distinct token with its count, in first-seen order. Questions are short: no Map needed. */
function termFrequencies(tokens: readonly string[]): Iterable<[string, number]> {
  if (tokens.length > PAIRWISE_COUNT_LIMIT) {
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  }
  const out: [string, number][] = [];
  outer: for (let i = 0; i < tokens.length; i++) {
    for (let j = 0; j < i; j++) if (tokens[j] === tokens[i]) continue outer;
    let count = 1;
    for (let j = i + 1; j < tokens.length; j++) if (tokens[j] === tokens[i]) count++;
    out.push([tokens[i], count]);
  }
  return out;
}

export class InvertedIndexBuilder {
  private readonly vocabulary = new Map<string, number>();
  private readonly postings: number[][] = [];
  private readonly counts: number[][] = [];
  private readonly lengths: number[] = [];

  /** Add document `doc` (ids must be 0,1,2… in order). */
  add(doc: number, tokens: readonly string[]): void {
    this.lengths[doc] = tokens.length;
    for (const [token, count] of termFrequencies(tokens)) {
      let id = this.vocabulary.get(token);
      if (id === undefined) {
        id = this.postings.length;
        this.vocabulary.set(token, id);
        this.postings.push([]);
        this.counts.push([]);
      }
      this.postings[id].push(doc);
      this.counts[id].push(count);
    }
  }

  build(): InvertedIndex {
    const docCount = this.lengths.length;
    let total = 0;
    for (let d = 0; d < docCount; d++) total += this.lengths[d] ?? 0;
    const avgLength = docCount ? total / docCount : 1;
    const offsets = new Int32Array(this.postings.length + 1);
    for (let t = 0; t < this.postings.length; t++) offsets[t + 1] = offsets[t] + this.postings[t].length;
    const docs = new Int32Array(offsets[this.postings.length]);
    const weights = new Float32Array(docs.length);
    const idf = new Float32Array(this.postings.length);
    for (let t = 0; t < this.postings.length; t++) {
      const list = this.postings[t];
      const df = list.length;
      idf[t] = Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
      for (let i = 0; i < df; i++) {
        const tf = this.counts[t][i];
        const norm = 1 - BM25_B + (BM25_B * (this.lengths[list[i]] ?? 0)) / avgLength;
        docs[offsets[t] + i] = list[i];
        weights[offsets[t] + i] = (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm);
      }
    }
    return new InvertedIndex(this.vocabulary, offsets, docs, weights, idf, docCount);
  }
}

export class InvertedIndex {
  constructor(
    private readonly vocabulary: Map<string, number>,
    private readonly offsets: Int32Array,
    private readonly docs: Int32Array,
    private readonly weights: Float32Array,
    private readonly idfs: Float32Array,
    readonly docCount: number,
  ) {}

  /** Inverse document frequency of a token; tokens the index never saw get the maximum. */
  idf(token: string): number {
    const id = this.vocabulary.get(token);
    return id === undefined ? Math.log(1 + (this.docCount + 0.5) / 0.5) : this.idfs[id];
  }

  documentFrequency(token: string): number {
    const id = this.vocabulary.get(token);
    return id === undefined ? 0 : this.offsets[id + 1] - this.offsets[id];
  }

  /**
   * Add `boost × BM25` of the (unique) query tokens to `scores`, recording newly touched docs.
   * Tokens present in more than `maxDocFraction` of the documents are skipped: they cost the
   * most and decide nothing.
   */
  accumulate(tokens: readonly string[], boost: number, scores: Float64Array, touched: number[], maxDocFraction: number): void {
    // In a small knowledge base every word is "common"; skipping only pays off at scale.
    const maxDf = this.docCount < MIN_DOCS_TO_SKIP_COMMON ? Infinity : Math.max(1, Math.floor(this.docCount * maxDocFraction));
    const seen = new Set<number>();
    for (const token of tokens) {
      const id = this.vocabulary.get(token);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      const start = this.offsets[id];
      const end = this.offsets[id + 1];
      if (end - start > maxDf && tokens.length > 1) continue;
      const w = boost * this.idfs[id];
      for (let i = start; i < end; i++) {
        const doc = this.docs[i];
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += w * this.weights[i];
      }
    }
  }
}
