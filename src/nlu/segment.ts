/**
 * Segmentation with jieba and a user dictionary: words a knowledge base teaches (花呗, 自动续费,
 * 七天无理由) are added so they stay whole.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { forbiddenCharacterIn } from '../content/forbidden-characters.js';

/** Frequency given to user words: high enough to beat jieba's split of them, like its own common words. */
export const USER_WORD_FREQUENCY = 100000;

/**
 * One jieba with its user dictionary. Each bot owns one for its lifetime, so the words one
 * company's knowledge teaches never change how another company's questions are cut. Building
 * one loads jieba's base dictionary (~150 ms); rebuilding a bot's index reuses it.
 */
export class Segmenter {
  private readonly jieba = Jieba.withDict(dict);
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
