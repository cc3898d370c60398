/**
 * Token ids. Every distinct token of a knowledge base's questions (word, character, syllable,
 * bigram) gets a small integer, so comparing two questions compares integers, not strings, and a
 * question's comparison profile packs into a few dozen int32s (pair-features.ts).
 *
 * A customer's message may hold tokens no question has: those get temporary ids, past the
 * knowledge base's, shared by equal tokens until `forgetTemporary` — so two customer texts
 * compared with each other (similarity) still see their shared unknown words, and the ids never
 * accumulate over the bot's lifetime.
 */
export class Lexicon {
  private readonly ids = new Map<string, number>();
  private readonly temporary = new Map<string, number>();
  /**
   * Per id, a number the caller attaches when the token is first seen (a word's IDF). Temporary
   * ids' slots are overwritten, never trimmed: trimming made V8 copy the whole array back on
   * the next message.
   */
  readonly weights: number[] = [];

  constructor(private readonly weigh: (token: string) => number = () => 0) {}

  /** Ids below this belong to the knowledge base; ids at or above it are temporary. */
  get size(): number {
    return this.ids.size;
  }

  /** Ids handed out so far, temporary ones included (the bound for per-id scratch arrays). */
  get extent(): number {
    return this.ids.size + this.temporary.size;
  }

  /** A knowledge-base token's id, new when the token is. */
  intern(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      if (this.temporary.size > 0) this.forgetTemporary();
      id = this.ids.size;
      this.ids.set(token, id);
      this.weights[id] = this.weigh(token);
    }
    return id;
  }

  /** A token's knowledge-base id, -1 when it has none. */
  find(token: string): number {
    return this.ids.get(token) ?? -1;
  }

  /** A message token's id: the knowledge base's, else a temporary one. */
  lookup(token: string): number {
    const known = this.ids.get(token);
    if (known !== undefined) return known;
    // Most messages have few unknown tokens: the second hash look-up only when there are some.
    let id = this.temporary.size > 0 ? this.temporary.get(token) : undefined;
    if (id === undefined) {
      id = this.ids.size + this.temporary.size;
      this.temporary.set(token, id);
      this.weights[id] = this.weigh(token);
    }
    return id;
  }

  /** The ids of these tokens, learnt as a knowledge base's (`intern`) or looked up as a message's (`lookup`). */
  idsOf(tokens: readonly string[], learn: boolean): number[] {
    const out = new Array<number>(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = learn ? this.intern(tokens[i]) : this.lookup(tokens[i]);
    return out;
  }

  forgetTemporary(): void {
    if (this.temporary.size > 0) this.temporary.clear();
  }
}
