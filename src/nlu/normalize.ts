/**
 * Normalisation: the first step of understanding. Makes 退貨運費誰出？, ＶＩＰ会员 and
 * 退货运费谁出?? look alike before anything is matched.
 *
 * full-width → half-width (NFKC), traditional → simplified (opencc-js, Hong Kong and Taiwan
 * variants), lower case, emoji taken aside (they carry emotion, not topic), punctuation and
 * whitespace collapsed to single spaces.
 */
import { extractEmoji, toSimplifiedChinese } from './text-basics.js';
import type { NormalizedText } from './types.js';

// Anything that is not a letter, digit or mark separates words; `.`, `@`, `-` and `_` survive
// between alphanumerics so order numbers, e-mails and decimals stay whole.
const SEPARATORS = /[^\p{L}\p{N}\p{M}.@_-]+/gu;
const LOOSE_SYMBOLS = /(?<![\p{L}\p{N}])[.@_-]+|[.@_-]+(?![\p{L}\p{N}])/gu;

export function normalize(original: string): NormalizedText {
  const halfWidth = original.normalize('NFKC');
  // Emoji become a space so the words on either side stay apart (退货😭运费).
  const { text: withoutEmoji, emoji } = extractEmoji(halfWidth, ' ');
  const text = toSimplifiedChinese(withoutEmoji)
    .toLowerCase()
    .replace(SEPARATORS, ' ')
    .replace(LOOSE_SYMBOLS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, emoji, original };
}
