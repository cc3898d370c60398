/**
 * Segmentation with jieba and a user dictionary. jieba's base dictionary is loaded once per
 * process (~150 ms, ~40 MB); words a knowledge base teaches (花呗, 自动续费, 七天无理由) are
 * added to it so they stay whole. Adding words only ever makes segmentation more specific, so
 * bots sharing one process do not disturb each other.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Frequency given to user words: high enough to beat jieba's split of them, like its own common words. */
export const USER_WORD_FREQUENCY = 100000;

let jieba: Jieba | null = null;
const userWords = new Set<string>();

function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Teach jieba words it should never split. Returns how many were new. */
export function addUserWords(words: Iterable<string>): number {
  const fresh: string[] = [];
  for (const raw of words) {
    const word = raw.trim();
    if (word.length < 2 || /\s/.test(word) || userWords.has(word)) continue;
    userWords.add(word);
    fresh.push(`${word} ${USER_WORD_FREQUENCY} n`);
  }
  if (fresh.length) instance().loadDict(Buffer.from(fresh.join('\n') + '\n'));
  return fresh.length;
}

/**
 * Cut normalised text into words. HMM is off: with it, jieba glues unknown neighbours into
 * words the knowledge base never saw (我退 → one token), which hurts matching more than it helps.
 */
export function segment(text: string): string[] {
  const out: string[] = [];
  for (const piece of instance().cut(text, false)) {
    if (piece.trim()) out.push(piece);
  }
  return out;
}

/** Whether jieba (with the user words) keeps `word` whole. */
export function isWholeWord(word: string): boolean {
  const pieces = segment(word);
  return pieces.length === 1 && pieces[0] === word;
}
