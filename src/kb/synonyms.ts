/**
 * Rules for an operator's synonym group: trimmed, distinct terms, at least two of them.
 * The first term is the canonical one the matcher maps the others to.
 */
import { acceptText } from '../content/forbidden-characters.js';
import { WenduError } from '../errors/index.js';

export const MIN_SYNONYM_TERMS = 2;
/** A group is a handful of words for one thing; hundreds means a pasted list by mistake. */
export const MAX_SYNONYM_TERMS = 100;
export const MAX_SYNONYM_TERM_LENGTH = 50;

export function normalizeSynonymTerms(terms: unknown): string[] {
  if (!Array.isArray(terms) || terms.some((t) => typeof t !== 'string')) {
    throw new WenduError('WENDU_SYNONYM_INVALID', { reason: '同义词必须是文字列表' });
  }
  // A term becomes a segmenter word and part of every matching; an invisible character in it is refused.
  const accepted = (terms as string[]).map((t, i) => acceptText(t, `terms.${i}`));
  const distinct = [...new Set(accepted.map((t) => t.trim()).filter(Boolean))];
  if (distinct.length < MIN_SYNONYM_TERMS) throw new WenduError('WENDU_SYNONYM_INVALID', { terms: distinct });
  if (distinct.length > MAX_SYNONYM_TERMS) {
    throw new WenduError('WENDU_SYNONYM_INVALID', { reason: `一组最多 ${MAX_SYNONYM_TERMS} 个词` });
  }
  const tooLong = distinct.find((t) => t.length > MAX_SYNONYM_TERM_LENGTH);
  if (tooLong) throw new WenduError('WENDU_SYNONYM_INVALID', { reason: `词过长（最多 ${MAX_SYNONYM_TERM_LENGTH} 字）`, term: tooLong });
  return distinct;
}
