/**
 * Follow-ups resolved against the conversation. Customers talk in fragments: after 我想退货
 * they ask 运费谁出 (meaning the return's shipping fee) or 那换货呢 (the same question about the
 * sibling topic). We rewrite such a fragment into a full question using the previous one, and
 * the policy keeps whichever reading the matcher is more confident about.
 */
import type { Analysis } from '../nlu/analyze.js';

/** A message at most this long (characters, after normalisation) may lean on the previous question. */
export const FOLLOW_UP_MAX_CHARS = 10;

/** 那换货呢 / 换货的话呢 / 那如果是换货怎么办 — the same question about another topic. */
const SIBLING_SWITCH = /^(?:那|那么|那要是|那如果|如果是|要是|那如果是)?(.{1,8}?)(?:的话)?(?:呢|怎么办|怎么样|咋办)$/;
/** 还有 / 那 / 另外 opening a fragment also marks a follow-up. */
const CONTINUATION = /^(?:那|那么|还有|另外|然后|再问下?)/;

export type FollowUpKind = 'sibling' | 'elliptical';

/** What the previous customer question was (the engine keeps it in the conversation state). */
export interface PreviousTurn {
  question: string;
  entryId: string | null;
}

export function followUpKind(normalizedText: string): FollowUpKind | null {
  const compact = normalizedText.replace(/\s+/g, '');
  if (!compact || Array.from(compact).length > FOLLOW_UP_MAX_CHARS) return null;
  if (SIBLING_SWITCH.test(compact)) return 'sibling';
  return CONTINUATION.test(compact) || Array.from(compact).length <= FOLLOW_UP_MAX_CHARS ? 'elliptical' : null;
}

function sharesCharacter(a: string, b: string): boolean {
  for (const ch of a) if (b.includes(ch)) return true;
  return false;
}

/**
 * The follow-up as a full question. Sibling switch: the previous question's terms, with the term
 * the new topic replaces (the one sharing a character with it: 退货 ↔ 换货) swapped out.
 * Elliptical: the previous question's terms the fragment does not already have, then the fragment.
 */
export function contextualQuery(current: Analysis, previous: Analysis, kind: FollowUpKind): string {
  const currentTerms = new Set(current.terms);
  if (kind === 'sibling') {
    const replaced = previous.terms.filter((t) => ![...currentTerms].some((c) => t === c || (t.length > 1 && c.length > 1 && sharesCharacter(t, c))));
    // Nothing to swap means the new topic is unrelated: the fragment joins the previous question.
    return [...current.terms, ...replaced].join('');
  }
  const carried = previous.terms.filter((t) => !currentTerms.has(t));
  return [...carried, ...current.terms].join('');
}
