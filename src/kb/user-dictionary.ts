/**
 * Rules for the operator's user dictionary: words the segmenter keeps whole (运费险, 花呗,
 * 七天无理由). Every word is checked; a bad one is refused by name, nothing is dropped silently.
 */
import { forbiddenCharacterIn } from '../content/forbidden-characters.js';
import { WenduError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/validation.js';

/** A single character is already a word to jieba: keeping it "whole" means nothing. */
export const MIN_DICTIONARY_WORD_LENGTH = 2;
/** A word, not a sentence: 七天无理由退换货 is 8; longer is a phrase pasted by mistake. */
export const MAX_DICTIONARY_WORD_LENGTH = 20;
/** A shop's own vocabulary is hundreds of words; thousands means a pasted word list. */
export const MAX_DICTIONARY_WORDS = 2000;

const WHITESPACE = /\s/;

/** The words as given, trimmed and without repeats (first spelling kept), or WENDU_VALIDATION naming each bad one. */
export function normalizeDictionaryWords(words: unknown): string[] {
  if (!Array.isArray(words)) throw new WenduError('WENDU_VALIDATION', { issues: [{ path: 'words', message: '词典应是文字列表', code: 'invalid_type' }] });
  if (words.length > MAX_DICTIONARY_WORDS) {
    throw new WenduError('WENDU_VALIDATION', { issues: [{ path: 'words', message: `词典最多 ${MAX_DICTIONARY_WORDS} 个词`, code: 'too_big' }] });
  }
  const issues: ValidationIssue[] = [];
  const accepted: string[] = [];
  words.forEach((raw, i) => {
    const path = `words.${i}`;
    if (typeof raw !== 'string') return issues.push({ path, message: '词必须是文字', code: 'invalid_type' });
    const word = raw.trim();
    const length = Array.from(word).length;
    if (length < MIN_DICTIONARY_WORD_LENGTH || length > MAX_DICTIONARY_WORD_LENGTH) {
      return issues.push({ path, message: `词长应为 ${MIN_DICTIONARY_WORD_LENGTH}–${MAX_DICTIONARY_WORD_LENGTH} 个字`, code: 'length' });
    }
    if (WHITESPACE.test(word)) return issues.push({ path, message: '词里不能有空格', code: 'whitespace' });
    if (forbiddenCharacterIn(word)) return issues.push({ path, message: '词里有不可见的控制字符', code: 'forbidden_character' });
    accepted.push(word);
  });
  if (issues.length > 0) throw new WenduError('WENDU_VALIDATION', { issues });
  return [...new Set(accepted)];
}
