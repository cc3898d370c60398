/**
 * Follow-ups resolved against the conversation. Customers talk in fragments: after 我想退货
 * they ask 运费谁出 (meaning the return's shipping fee) or 那换货呢 (the same question about the
 * sibling topic). We rewrite such a fragment into a full question using the previous one, and
 * the policy keeps whichever reading the matcher is more confident about.
 */
import type { Analysis } from '../nlu/analyze.js';
import { isQuestionWord } from '../nlu/question-type.js';
import { wordIdf } from '../nlu/word-weights.js';

/** A message at most this long (characters, after normalisation) may lean on the previous question. */
export const FOLLOW_UP_MAX_CHARS = 10;
/**
 * …and one that opens with 那 / 还有 / 另外 (CONTINUATION) may be this long: the opener says it
 * continues the conversation, so 那如果已经拆封了还能退吗 leans on the previous question even
 * though it is longer than a bare fragment.
 */
export const CONTINUED_FOLLOW_UP_MAX_CHARS = 16;

/** 那换货呢 / 换货的话呢 / 那如果是换货怎么办 — the same question about another topic. */
const SIBLING_SWITCH = /^(?:那|那么|那要是|那如果|如果是|要是|那如果是)?(.{1,8}?)(?:的话)?(?:呢|怎么办|怎么样|咋办)$/;
/** 还有 / 那 / 另外 opening a fragment also marks a follow-up. */
const CONTINUATION = /^(?:那|那么|还有|另外|然后|再问下?)/;

export type FollowUpKind = 'sibling' | 'elliptical';

/** What the previous customer question was (the engine keeps it in the conversation state). */
export interface PreviousTurn {
  question: string;
  entryId: string | null;
  /**
   * The entries a clarification (您是想问…) offered for it, best first; absent after an answer.
   * A follow-up leans on the first of them, a 是的 / tap confirms one of them.
   */
  offered?: { entryId: string; question: string }[];
  /**
   * Entries the customer has just said are not what they meant (不是，我问的是… after an answer):
   * on this turn they are neither answered nor offered, and the conversation is no longer on them.
   */
  ruledOut?: string[];
  /**
   * The bot could not help and offered a person (a fallback, or 抱歉没帮上忙 after 没用): a 转吧 /
   * 好的，转吧 that follows accepts that offer, though on its own it names no one to talk to.
   */
  handoffOffered?: boolean;
}

/**
 * 转吧 / 好的，转吧 / 那帮我转一下 — accepting the person just offered; only after such an offer
 * (PreviousTurn.handoffOffered). A bare 好的 is not enough: after 您可以换个说法再问问我，或者点「转人工」
 * it may as well mean the customer will ask again.
 */
const ACCEPTS_HANDOFF = /^(?:(?:好|好的|好吧|好啊|行|行吧|可以|嗯+|那|那就|麻烦)[，,\s]*)?(?:帮我|给我)?转(?:吧|一下|过去|呀|啊|吧谢谢)?$/;

/** Whether the message accepts the person the previous turn offered (see ACCEPTS_HANDOFF). */
export function acceptsHandoffOffer(normalizedText: string): boolean {
  return ACCEPTS_HANDOFF.test(normalizedText.replace(/[\s\p{P}\p{S}]+$/u, ''));
}

/**
 * The questions a follow-up leans on: the one asked (after a clarification its top candidate),
 * then the standard question of the entry that answered it, when it differs. The customer's words
 * are often vaguer than the entry they reached (我想退货 answered by 怎么申请退货？), and a sibling
 * topic swaps better into the entry's question: 那换货呢 is 怎么申请换货？, not only 我想换货. The
 * policy uses the entry's question for that swap and to tell whether a reading stays on topic.
 */
export function contextQuestions(previous: PreviousTurn, answeredQuestion?: string): string[] {
  const asked = previous.offered?.[0]?.question ?? previous.question;
  return answeredQuestion && answeredQuestion !== asked ? [asked, answeredQuestion] : [asked];
}

/** The entry the conversation is on: the one just answered, or after a clarification the one offered first. */
export function conversationEntryOf(previous: PreviousTurn | undefined): string | null {
  return previous?.offered?.[0]?.entryId ?? previous?.entryId ?? null;
}

/**
 * Whether a message may lean on the previous question: a short fragment (运费谁出, 那换货呢), or a
 * somewhat longer one that opens with a continuation word (那如果已经拆封了还能退吗). Whether it
 * actually does is for the matcher to say (the policy keeps the more confident reading).
 */
export function followUpKind(normalizedText: string): FollowUpKind | null {
  const compact = normalizedText.replace(/\s+/g, '');
  const length = Array.from(compact).length;
  if (length === 0) return null;
  const continued = CONTINUATION.test(compact);
  if (length > (continued ? CONTINUED_FOLLOW_UP_MAX_CHARS : FOLLOW_UP_MAX_CHARS)) return null;
  if (length <= FOLLOW_UP_MAX_CHARS && SIBLING_SWITCH.test(compact)) return 'sibling';
  return 'elliptical';
}

function sharesCharacter(a: string, b: string): boolean {
  for (const ch of a) if (b.includes(ch)) return true;
  return false;
}

/**
 * The follow-up as a full question, or null when the fragment does not lean on the previous one.
 * Sibling switch: the previous question as asked (我想退货) with the term the new topic replaces —
 * the one sharing a character with it — swapped in (我想换货); without such a term it is no switch.
 * Elliptical: the previous question's terms the fragment does not already have, then the fragment
 * (question words stay behind: the fragment asks its own kind of question); with several carried,
 * `topicQueries` are the fragment with each one of them alone, most telling first (highest IDF) —
 * the caller ranks them all and keeps the most confident reading.
 */
export function contextualQuery(current: Analysis, previous: Analysis, kind: FollowUpKind): { query: string; kind: FollowUpKind; topicQueries?: string[] } | null {
  // 退到哪里呢 asks where about the same topic, it names no sibling topic: a fragment with a
  // question word of its own is elliptical (swapping 退到哪里 into 退款多久到账 made it the refund time).
  if (kind === 'sibling' && !current.words.some(isQuestionWord)) {
    const topic = current.terms.join('');
    // The sibling shares a character with what the fragment brings, not with a word the previous
    // question had too: 那改颜色呢 after 怎么修改收货地址 shares 改 with 修改 and is no sibling of it.
    const brought = current.terms.filter((t) => !previous.normalized.text.includes(t)).join('');
    const replaced = previous.words.findIndex((w) => w.length > 1 && topic.length > 1 && w !== topic && sharesCharacter(w, brought));
    if (replaced >= 0) return { query: previous.words.map((w, i) => (i === replaced ? topic : w)).join(''), kind: 'sibling' };
  }
  const currentTerms = new Set(current.terms);
  // The topic carries over, not how it was asked: 怎么申请换货 → 运费呢 asks about the exchange's
  // fee, not "how to" anything (carrying 怎么 made it the exchange process again).
  const carried = previous.terms.filter((t) => !currentTerms.has(t) && !isQuestionWord(t));
  if (carried.length === 0) return null;
  const query = [...carried, ...current.terms].join('');
  if (carried.length === 1) return { query, kind: 'elliptical' };
  // Generic verbs carried along can drown the topic (申请换货运费 is neither the exchange nor its
  // fee to the matcher; 换货运费 is the fee), and a fragment that asks something else about the
  // topic replaces what the previous question asked (积分会过期吗 → 那怎么用 is 积分怎么用, not
  // 积分过期怎么用): also offer each carried word alone with the fragment.
  const byWeight = [...carried].sort((a, b) => wordIdf(b) - wordIdf(a));
  return { query, kind: 'elliptical', topicQueries: byWeight.map((t) => [t, ...current.terms].join('')) };
}
