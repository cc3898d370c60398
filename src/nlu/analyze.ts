/**
 * The analysis pipeline: normalise → segment → synonyms → stop words → character and pinyin
 * grams. Questions in the knowledge base and customer messages go through the same steps, so
 * whatever one side does the other does too.
 */
import { normalize } from './normalize.js';
import { sharedSegmenter, type Segmenter } from './segment.js';
import { isStopWord } from './stopwords.js';
import { SynonymMap } from './synonyms.js';
import { textPinyin } from './pinyin.js';
import { joinUnits, joinGrams } from './ngrams.js';

const HAN = /\p{Script=Han}/u;
import type { NormalizedText } from './types.js';

export interface Analysis {
  normalized: NormalizedText;
  /** Every word as the segmenter cut it, before synonyms (what customers type; pinyin-input.ts learns these). */
  writtenWords: string[];
  /** Every word, synonyms mapped to their canonical term. */
  words: string[];
  /** Content words: `words` without stop words (at least one word kept when all are stop words). */
  terms: string[];
  /** Content words glued back together; what character-level features look at. */
  chars: string;
  /** Character bigrams of `chars` (robust to segmentation errors). */
  bigrams: string[];
  /** Toneless pinyin syllables of the content words. */
  syllables: string[];
  /** Syllable bigrams (homophone typos: 发漂 and 发票 share fa_piao). */
  pinyinBigrams: string[];
}

/**
 * `readLatin` rewrites the normalised text before it is cut: customer messages pass the bot's
 * pinyin reader (pinyin-input.ts) so "tuihuo" is analysed as 退货; `normalized.text` is then the
 * rewritten text, so the trace shows what was matched.
 */
export function analyze(text: string, synonyms: SynonymMap, segmenter: Segmenter = sharedSegmenter(), readLatin?: (normalizedText: string) => string): Analysis {
  const plain = normalize(text);
  const normalized = readLatin ? { ...plain, text: readLatin(plain.text) } : plain;
  const writtenWords = segmenter.segment(normalized.text);
  const words = writtenWords.map((word) => synonyms.canonicalOf(word));
  let terms = words.filter((w) => !isStopWord(w));
  // "你好" or "在吗" alone still has to be matchable against a greeting entry.
  if (terms.length === 0) terms = words.slice();
  const chars = terms.join('');
  const syllables = textPinyin(terms);
  // Han words contribute each character; Latin and digit words (vip, 7天, iphone) stay one unit.
  const units: string[] = [];
  for (const term of terms) {
    if (HAN.test(term)) for (const ch of term) units.push(ch);
    else units.push(term);
  }
  return {
    normalized,
    writtenWords,
    words,
    terms,
    chars,
    bigrams: joinUnits(units),
    syllables,
    pinyinBigrams: joinGrams(syllables),
  };
}
