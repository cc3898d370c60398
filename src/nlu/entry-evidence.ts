/**
 * Evidence about a whole entry rather than one of its questions: how much of the query the
 * entry's questions hold together. A customer's words are often spread over an entry's
 * paraphrases (退货 in one, 运费 in another) — what a bag-of-words classifier over the entry's
 * questions (the node-nlp peer) sees and the best single question does not.
 */
import type { Profiles } from './pair-features.js';

/** The rank features this file computes, in the order the matcher appends them. */
export const ENTRY_FEATURES = [
  'entryCoverage', // IDF-weighted share of the query's words found in any of the entry's questions
  'entryCharCoverage', // … and of its characters
] as const;

/**
 * Each entry's distinct word and character ids over all its questions, packed: entry number e's
 * words are `ids[at[4e] … at[4e+1])`, its characters `ids[at[4e+2] … at[4e+3])`.
 */
export class EntryVocabulary {
  private ids = new Int32Array(1024);
  private length = 0;
  private readonly at: number[] = [];

  /** Entry number `e` (the next one: entries are added in order) with its questions' profiles. */
  add(e: number, profiles: Profiles, questionProfiles: readonly number[]): void {
    if (e !== this.at.length / 4) throw new Error(`entry ${e} added out of order`);
    const { words, chars } = union(profiles, questionProfiles);
    const wordsFrom = this.push(words);
    const charsFrom = this.push(chars);
    this.at.push(wordsFrom, wordsFrom + words.size, charsFrom, charsFrom + chars.size);
  }

  /**
   * entryCoverage and entryCharCoverage of query profile `q` and entry number `e`, into `out` at
   * `from`; over only the `visible` question profiles when some of the entry's are left out.
   */
  features(profiles: Profiles, q: number, e: number, out: Float64Array, from: number, visible: readonly number[] | null = null): void {
    if (visible) {
      const { words, chars } = union(profiles, visible);
      profiles.queryShareIn(q, Int32Array.from(words), 0, words.size, Int32Array.from(chars), 0, chars.size, out, from, from + 1);
      return;
    }
    const at = this.at;
    profiles.queryShareIn(q, this.ids, at[4 * e], at[4 * e + 1], this.ids, at[4 * e + 2], at[4 * e + 3], out, from, from + 1);
  }

  private push(ids: Set<number>): number {
    if (this.length + ids.size > this.ids.length) {
      const grown = new Int32Array(Math.max(this.ids.length * 2, this.length + ids.size));
      grown.set(this.ids.subarray(0, this.length));
      this.ids = grown;
    }
    const from = this.length;
    for (const id of ids) this.ids[this.length++] = id;
    return from;
  }
}

/** The distinct word and character ids of these question profiles. */
function union(profiles: Profiles, questionProfiles: readonly number[]): { words: Set<number>; chars: Set<number> } {
  const words = new Set<number>();
  const chars = new Set<number>();
  for (const handle of questionProfiles) {
    const ids = profiles.idsIn(handle);
    for (const w of ids.words) words.add(w);
    for (const c of ids.chars) chars.add(c);
  }
  return { words, chars };
}
