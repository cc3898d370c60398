/**
 * Minimal text basics shared by the small understanding components (emotion, entities,
 * hand-off requests, question splitting): full-width → half-width, traditional → simplified,
 * and emoji extraction — the one place these are done. The matcher's normaliser (normalize.ts)
 * builds on them.
 */
import { Converter } from 'opencc-js';

/**
 * Hong Kong traditional → mainland simplified. Built once: building the converter loads its
 * dictionaries, which costs far more than converting a message.
 */
const toSimplified = Converter({ from: 'hk', to: 'cn' });

/**
 * One emoji as customers send it: a pictograph, optionally followed by skin-tone modifiers or
 * the emoji variation selector, joined by ZWJ into families/professions; or a flag (a pair of
 * regional indicators). Matching whole sequences keeps 👨‍👩‍👧 one emoji, not three.
 */
const EMOJI_SEQUENCE =
  /\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F\uFE0E]*(?:\u200D\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F\uFE0E]*)*|\p{Regional_Indicator}{2}/gu;

/** Left-overs of emoji sequences that are invisible on their own. */
const STRAY_EMOJI_JOINERS = /[\u200D\uFE0F\uFE0E]/g;

/**
 * The converter costs ~27 µs a sentence and most messages are already simplified: we learn,
 * per character, whether it converts on its own, and only convert text that has one.
 */
/**
 * Per BMP code unit, whether opencc converts it: 0 not asked yet, 1 no, 2 yes. A table rather
 * than a regex test and a Map look-up per character: every question and message passes here.
 */
const convertible = new Uint8Array(0x10000);
const NOT_CONVERTIBLE = 1;
const CONVERTIBLE = 2;
/** The CJK ranges opencc converts in: unified ideographs, extension A, compatibility ideographs. */
const isCjk = (code: number) => (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);

function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isCjk(code)) continue;
    if (convertible[code] === 0) {
      const ch = text[i];
      convertible[code] = toSimplified(ch) !== ch ? CONVERTIBLE : NOT_CONVERTIBLE;
    }
    if (convertible[code] === CONVERTIBLE) return true;
  }
  return false;
}

/** Traditional → simplified (Hong Kong and Taiwan forms), skipping text that has none. */
export function toSimplifiedChinese(text: string): string {
  return hasTraditional(text) ? toSimplified(text) : text;
}

/** Full-width → half-width (NFKC: ？→?, １→1, ＡＢ→AB) and traditional → simplified. */
export function toSimplifiedHalfWidth(text: string): string {
  return toSimplifiedChinese(text.normalize('NFKC'));
}

/** Removes emoji from `text` (each replaced by `replacement`) and returns them in order of appearance. */
export function extractEmoji(text: string, replacement = ''): { text: string; emoji: string[] } {
  const emoji = text.match(EMOJI_SEQUENCE) ?? [];
  const rest = text.replace(EMOJI_SEQUENCE, replacement).replace(STRAY_EMOJI_JOINERS, '');
  return { text: rest, emoji: [...emoji] };
}

/** Normalised text whose every code unit knows where it came from in the original. */
export interface MappedText {
  /** Half-width, simplified, lower-case. */
  text: string;
  /** `start[i]`: offset in the original of the character that produced `text[i]`. */
  start: number[];
  /** `end[i]`: end offset (exclusive) in the original of that character. */
  end: number[];
}

/**
 * Normalises code point by code point so offsets can be mapped back to the original text
 * (entities must point into what the customer wrote). Converting per character loses
 * OpenCC's phrase-level conversions, which none of the offset-sensitive rules need.
 */
export function normalizeWithOffsets(original: string): MappedText {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let offset = 0;
  for (const ch of original) {
    const converted = toSimplified(ch.normalize('NFKC')).toLowerCase();
    for (let i = 0; i < converted.length; i++) {
      start.push(offset);
      end.push(offset + ch.length);
    }
    text += converted;
    offset += ch.length;
  }
  return { text, start, end };
}

/** Maps a [from, to) range of `mapped.text` back to the original text. */
export function originalRange(mapped: MappedText, from: number, to: number): { start: number; end: number } {
  return { start: mapped.start[from], end: mapped.end[to - 1] };
}
