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
/** Slots of a new lexicon's table (a power of two; it doubles as tokens arrive). */
const INITIAL_SLOTS = 1024;
/** The table doubles before more than this share of its slots is taken (linear probing stays short). */
const MAX_LOAD = 0.7;

/** FNV-1a over the UTF-16 code units, then murmur3's finaliser so the low bits (the slot) mix well. */
function hashOf(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class Lexicon {
  /** Knowledge-base tokens by id. */
  private readonly tokens: string[] = [];
  /**
   * The knowledge base's tokens → ids, open addressing in one typed array of (hash, id + 1) pairs
   * (0 marks a free slot). A query looks up ~40 fresh token strings in tables of 5–100k tokens;
   * a `Map` reaches a key through its bucket, its entry and the key string, each a cache miss on
   * a busy machine, this through one slot and the token (docs/matching.md, round 6).
   */
  private slots = new Int32Array(2 * INITIAL_SLOTS);
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
    return this.tokens.length;
  }

  /** Ids handed out so far, temporary ones included (the bound for per-id scratch arrays). */
  get extent(): number {
    return this.tokens.length + this.temporary.size;
  }

  /** A knowledge-base token's id, new when the token is. */
  intern(token: string): number {
    const hash = hashOf(token);
    const known = this.findHashed(token, hash);
    if (known >= 0) return known;
    if (this.temporary.size > 0) this.forgetTemporary();
    const id = this.tokens.length;
    this.tokens.push(token);
    if (this.tokens.length > MAX_LOAD * (this.slots.length >> 1)) this.grow();
    else this.place(hash, id);
    this.weights[id] = this.weigh(token);
    return id;
  }

  /** A token's knowledge-base id, -1 when it has none. */
  find(token: string): number {
    return this.findHashed(token, hashOf(token));
  }

  private findHashed(token: string, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const id = slots[2 * s + 1] - 1;
      if (id < 0) return -1;
      if (slots[2 * s] === hash && this.tokens[id] === token) return id;
    }
  }

  /** Puts `id` in the first free slot from its hash's. */
  private place(hash: number, id: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = hash & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = hash;
    slots[2 * s + 1] = id + 1;
  }

  /** Twice the slots, every token placed again. */
  private grow(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    for (let id = 0; id < this.tokens.length; id++) this.place(hashOf(this.tokens[id]), id);
  }

  /** A message token's id: the knowledge base's, else a temporary one. */
  lookup(token: string): number {
    const known = this.find(token);
    if (known >= 0) return known;
    // Most messages have few unknown tokens: the second hash look-up only when there are some.
    let id = this.temporary.size > 0 ? this.temporary.get(token) : undefined;
    if (id === undefined) {
      id = this.tokens.length + this.temporary.size;
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
