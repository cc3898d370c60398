/**
 * Minimal text basics shared by the small understanding components (emotion, entities,
 * hand-off requests, question splitting): full-width → half-width, traditional → simplified,
 * and emoji extraction — the one place these are done. The matcher's normaliser (normalize.ts)
 * builds on them.
 */
import { Converter } from 'opencc-js';

/**
 * Traditional → mainland simplified: Taiwan forms and phrases first (著急 → 着急, 軟體 → 软件,
 * 簡訊 → 短信, 網路 → 网络), then Hong Kong forms. Built once: building a converter loads its
 * dictionaries, which costs far more than converting a message.
 */
const fromTaiwan = Converter({ from: 'twp', to: 'cn' });
/**
 * Hong Kong forms alone: what is used character by character (whether a text has traditional
 * characters at all, offset-keeping normalisation). Taiwan's table read one character at a time
 * turns the simplified 么 into 幺, so it only ever sees whole texts that do have traditional ones.
 */
const toSimplified = Converter({ from: 'hk', to: 'cn' });

/**
 * Variants OpenCC leaves as they are although mainland text writes them otherwise (帳號 becomes 帐号,
 * customers and knowledge bases write 账号; 甚麼 becomes 甚么, not 什么): fixed after conversion so
 * the traditional question meets its simplified twin word for word, not only by pinyin.
 */
export const SIMPLIFIED_VARIANTS: Readonly<Record<string, string>> = {
  帐号: '账号', 帐户: '账户', 帐单: '账单', 到帐: '到账', 转帐: '转账', 甚么: '什么',
};
/** A private-use character standing in for 么 while Taiwan's table reads the text. */
const KEPT_ME = '\uE000';
const KEPT_ME_ALL = new RegExp(KEPT_ME, 'g');
const VARIANT = new RegExp(Object.keys(SIMPLIFIED_VARIANTS).join('|'), 'g');

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

/**
 * `toSimplified` of one character. The answer for a BMP character that stays as it is (nearly
 * all of them) is remembered in `convertible`: normalising a message with offsets converted every
 * character with opencc, ~2% of a `POST /api/v1/chat` request (docs/performance.md).
 */
function simplifiedCharacter(ch: string): string {
  if (ch.length !== 1) return toSimplified(ch);
  const code = ch.charCodeAt(0);
  if (convertible[code] === NOT_CONVERTIBLE) return ch;
  const converted = toSimplified(ch);
  convertible[code] = converted !== ch ? CONVERTIBLE : NOT_CONVERTIBLE;
  return converted;
}

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
  if (!hasTraditional(text)) return text;
  // A simplified 么 beside traditional characters (這個么) stays 么: Taiwan's table would make it 幺.
  const taiwanRead = fromTaiwan(text.replace(/么/g, KEPT_ME)).replace(KEPT_ME_ALL, '么');
  return toSimplified(taiwanRead).replace(VARIANT, (v: string) => SIMPLIFIED_VARIANTS[v]);
}

/** Full-width → half-width (NFKC: ？→?, １→1, ＡＢ→AB) and traditional → simplified. */
export function toSimplifiedHalfWidth(text: string): string {
  return toSimplifiedChinese(text.normalize('NFKC'));
}

const HAN_CHARACTER = /^\p{Script=Han}$/u;
/** Per BMP code unit: 0 not asked yet, 1 Han, 2 not Han. */
const hanCodeUnit = new Uint8Array(0x10000);

/**
 * Whether one character (a code point, as `Array.from` or `for … of` yields it) is Han, as
 * `/\p{Script=Han}/u` says: the answer for a BMP character is remembered, since the homophone
 * reader asks it of every character of every message (a regex test each, ~2% of a ranking).
 */
export function isHanCharacter(ch: string): boolean {
  if (ch.length !== 1) return HAN_CHARACTER.test(ch);
  const code = ch.charCodeAt(0);
  if (hanCodeUnit[code] === 0) hanCodeUnit[code] = HAN_CHARACTER.test(ch) ? 1 : 2;
  return hanCodeUnit[code] === 1;
}

/**
 * Whether `text` has a code unit that can be part of an emoji sequence or a stray joiner: every
 * BMP \p{Extended_Pictographic} lies in U+00A9, U+00AE, U+2000–2BFF, U+3030, U+303D, U+3297 or
 * U+3299, and the rest of the emoji (regional indicators, modifiers, most pictographs) are astral,
 * so surrogates. A superset by design (text-basics.test.ts checks it against the regex over every
 * BMP character): most messages have none, and three Unicode-property regex scans cost ~4% of a
 * ranking (docs/matching.md, round 6).
 */
export function mayHoldEmoji(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xa9 || (c >= 0x3400 && c < 0xd800)) continue;
    if (c === 0xa9 || c === 0xae || (c >= 0x2000 && c <= 0x2bff) || c === 0x3030 || c === 0x303d || c === 0x3297 || c === 0x3299) return true;
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0xfe0e || c === 0xfe0f) return true;
  }
  return false;
}

/** Removes emoji from `text` (each replaced by `replacement`) and returns them in order of appearance. */
export function extractEmoji(text: string, replacement = ''): { text: string; emoji: string[] } {
  if (!mayHoldEmoji(text)) return { text, emoji: [] };
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
    const converted = simplifiedCharacter(ch.normalize('NFKC')).toLowerCase();
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
