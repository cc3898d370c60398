/**
 * Segmentation with jieba and a user dictionary: words a knowledge base teaches (花呗, 自动续费,
 * 七天无理由) are added so they stay whole.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { forbiddenCharacterIn } from '../content/forbidden-characters.js';

/** Frequency given to user words: high enough to beat jieba's split of them, like its own common words. */
export const USER_WORD_FREQUENCY = 100000;

/** A word's line in jieba's base dictionary (dict.txt: `word frequency tag`). */
interface BaseWord {
  frequency: number;
  tag: string;
}

/**
 * Base-dictionary lines of words this process has asked about (null: not a base word). Only
 * words ever taught as user words (and their first characters) are looked up, so this stays as
 * small as the vocabulary of the knowledge bases, unlike a map of all ~350,000 base words (~30 MB).
 */
const baseWordCache = new Map<string, BaseWord | null>();

/** Looks the words up in the base dictionary: one scan of dict.txt (tens of ms) for those not yet known. */
function baseWords(words: Iterable<string>): Map<string, BaseWord | null> {
  const missing = new Set([...words].filter((w) => !baseWordCache.has(w)));
  if (missing.size > 0) {
    const text = Buffer.from(dict.buffer, dict.byteOffset, dict.byteLength).toString('utf8');
    for (let start = 0; start < text.length && missing.size > 0; ) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end < 0 ? undefined : end);
      start = end < 0 ? text.length : end + 1;
      // Only the (few) lines of words asked about are split: 350,000 splits would cost ~10×.
      if (!missing.delete(line.slice(0, line.indexOf(' ')))) continue;
      const [word, frequency, tag = ''] = line.trim().split(/\s+/);
      baseWordCache.set(word, { frequency: Number(frequency) || 0, tag });
    }
    for (const word of missing) baseWordCache.set(word, null);
  }
  return baseWordCache;
}

/**
 * One jieba with its user dictionary. Each bot owns one for its lifetime, so the words one
 * company's knowledge teaches never change how another company's questions are cut. Building
 * one loads jieba's base dictionary (~250 ms and ~45 MB of native memory); rebuilding a bot's
 * index reuses it, first forgetting the words the previous knowledge taught (`resetUserWords`),
 * so that how a question is cut depends on the knowledge as it is now, never on its history.
 */
export class Segmenter {
  private jieba = Jieba.withDict(dict);
  private readonly userWords = new Set<string>();

  /** Teach jieba words it should never split. Returns how many were new. */
  addUserWords(words: Iterable<string>): number {
    const fresh: string[] = [];
    for (const raw of words) {
      const word = raw.trim();
      // A word with a control or bidi character is never a word a customer types.
      if (word.length < 2 || /\s/.test(word) || forbiddenCharacterIn(word) || this.userWords.has(word)) continue;
      this.userWords.add(word);
      fresh.push(`${word} ${USER_WORD_FREQUENCY} n`);
    }
    if (fresh.length) this.jieba.loadDict(Buffer.from(fresh.join('\n') + '\n'));
    return fresh.length;
  }

  /**
   * Forgets every user word: afterwards the segmenter cuts exactly as a new one would.
   *
   * jieba cannot delete a word, and a new jieba per rebuild costs ~250 ms and ~45 MB of native
   * memory that V8 does not see — it is freed only when a full GC happens to collect the old
   * instance, so a burst of knowledge edits piled up hundreds of MB in a measurement. Instead a
   * taught word is given back its base-dictionary frequency, or frequency 0 when it is not a base
   * word. jieba scores a word by ln(frequency), so a frequency-0 word scores -∞ and is never
   * chosen while another way to cut that position exists; one always does when the word's first
   * character is a base word (the single-character cut). jieba recomputes its frequency total on
   * every load, so the total is the base total again. The rare word whose first character is
   * not in the base dictionary could still be forced: then, and only then, a new jieba is built.
   */
  resetUserWords(): void {
    if (this.userWords.size === 0) return;
    const taught = [...this.userWords];
    this.userWords.clear();
    const base = baseWords([...taught, ...taught.map(firstCharacter)]);
    const unsafe = taught.some((w) => base.get(w) === null && base.get(firstCharacter(w)) === null);
    if (unsafe) {
      this.jieba = Jieba.withDict(dict);
      return;
    }
    const lines = taught.map((w) => {
      const line = base.get(w);
      return line ? `${w} ${line.frequency}${line.tag ? ` ${line.tag}` : ''}` : `${w} 0`;
    });
    this.jieba.loadDict(Buffer.from(lines.join('\n') + '\n'));
  }

  /**
   * Cut normalised text into words. HMM is off: with it, jieba glues unknown neighbours into
   * words the knowledge base never saw (我退 → one token), which hurts matching more than it helps.
   */
  segment(text: string): string[] {
    const out: string[] = [];
    for (const piece of this.jieba.cut(text, false)) {
      if (piece.trim()) out.push(piece);
    }
    return out;
  }

  /** Whether jieba (with the user words) keeps `word` whole. */
  isWholeWord(word: string): boolean {
    const pieces = this.segment(word);
    return pieces.length === 1 && pieces[0] === word;
  }
}

function firstCharacter(word: string): string {
  return String.fromCodePoint(word.codePointAt(0) ?? 0);
}

let shared: Segmenter | null = null;

/** The process-wide segmenter, for tools and tests that have no bot (benchmarks, pair similarity). */
export function sharedSegmenter(): Segmenter {
  shared ??= new Segmenter();
  return shared;
}

export function addUserWords(words: Iterable<string>): number {
  return sharedSegmenter().addUserWords(words);
}

export function segment(text: string): string[] {
  return sharedSegmenter().segment(text);
}

export function isWholeWord(word: string): boolean {
  return sharedSegmenter().isWholeWord(word);
}
