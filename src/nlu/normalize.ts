/**
 * Normalisation: the first step of understanding. Makes 退貨運費誰出？, ＶＩＰ会员 and
 * 退货运费谁出?? look alike before anything is matched.
 *
 * full-width → half-width (NFKC), traditional → simplified (opencc-js, Hong Kong and Taiwan
 * variants), lower case, emoji taken aside (they carry emotion, not topic), punctuation and
 * whitespace collapsed to single spaces.
 */
import { Converter } from 'opencc-js';
import type { NormalizedText } from './types.js';

// hk→cn covers both Hong Kong and Taiwan traditional forms customers type.
const toSimplified = Converter({ from: 'hk', to: 'cn' });

/**
 * opencc-js costs ~27 µs per sentence; most messages are already simplified. We learn, per
 * character, whether it converts on its own, and only run the converter when one does.
 */
const convertibleChar = new Map<string, boolean>();
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function hasTraditional(text: string): boolean {
  for (const ch of text) {
    if (!CJK.test(ch)) continue;
    let convertible = convertibleChar.get(ch);
    if (convertible === undefined) {
      convertible = toSimplified(ch) !== ch;
      convertibleChar.set(ch, convertible);
    }
    if (convertible) return true;
  }
  return false;
}

export function toSimplifiedChinese(text: string): string {
  return hasTraditional(text) ? toSimplified(text) : text;
}

// Pictographs plus their modifiers (skin tones, variation selectors, ZWJ sequences, keycaps).
const EMOJI = /(?:\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u20E3)?(?:\u200D\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?)*)|[\u{1F1E6}-\u{1F1FF}]{2}/gu;
// Anything that is not a letter, digit or mark separates words; `.`, `@`, `-` and `_` survive
// between alphanumerics so order numbers, e-mails and decimals stay whole.
const SEPARATORS = /[^\p{L}\p{N}\p{M}.@_-]+/gu;
const LOOSE_SYMBOLS = /(?<![\p{L}\p{N}])[.@_-]+|[.@_-]+(?![\p{L}\p{N}])/gu;

export function extractEmoji(text: string): { text: string; emoji: string[] } {
  const emoji = text.match(EMOJI) ?? [];
  return { text: emoji.length ? text.replace(EMOJI, ' ') : text, emoji };
}

export function normalize(original: string): NormalizedText {
  const halfWidth = original.normalize('NFKC');
  const { text: withoutEmoji, emoji } = extractEmoji(halfWidth);
  const text = toSimplifiedChinese(withoutEmoji)
    .toLowerCase()
    .replace(SEPARATORS, ' ')
    .replace(LOOSE_SYMBOLS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, emoji, original };
}
