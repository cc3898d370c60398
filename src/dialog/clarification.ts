/**
 * 您是想问…: which candidates a clarification offers, and what the customer's reply to it means.
 *
 * A clarification is only worth asking about entries the question plausibly meant. A runner-up
 * far below the top candidate, or one that shares no content word with the question, makes the
 * bot look as if it did not understand (宇宙有多大 → 尺码怎么选？), so it is left out. With one
 * candidate left the bot asks one yes/no question (您是想问「…」吗？ 是的 / 不是) instead of a
 * list of one; the customer's 是的 answers that entry, 不是 is a turn that did not help.
 */
import type { Analysis } from '../nlu/analyze.js';
import { normalize } from '../nlu/normalize.js';
import { saysNotHelped } from '../nlu/not-helped.js';
import { isQuestionWord, negationCount } from '../nlu/question-type.js';
import type { MatchCandidate } from '../nlu/types.js';
import type { Locale } from '../reply/phrases.js';
import { textPinyin } from '../nlu/pinyin.js';
import { wordIdf } from '../nlu/word-weights.js';
import type { PreviousTurn } from './context.js';
import type { Decision, Suggestion } from './decision.js';

export interface ClarifyLimits {
  /** Candidates below this confidence are never offered (BotSettings.clarifyThreshold). */
  clarifyThreshold: number;
  /** A candidate after the first needs at least this share of the top one's confidence (BotSettings.clarifyRelativeFloor). */
  clarifyRelativeFloor: number;
  /** At most this many are offered (BotSettings.maxSuggestions). */
  maxSuggestions: number;
}

/**
 * The candidates worth offering, best first: the top one when it reaches `clarifyThreshold`,
 * then the runners-up that are not far below it (`clarifyRelativeFloor`); every one must share a
 * content word with the question (as written or by reading) in at least one of its entry's
 * questions — the top one too: 双色球下期开什么号 → 发票下载 and 宇宙有多大 → 尺码 were offered on the
 * strength of 开 / 多大 alone (5 of the tuning set's 24 off-topic messages; 1 once the top one must
 * share a word, at the cost of 1 of its 176 business questions offered rightly).
 * Nothing when the top one is below `clarifyThreshold` or unrelated (a runner-up cannot be likelier).
 * `questionsOf` gives an entry's questions analysed like the customer's.
 */
export function plausibleCandidates(
  question: Analysis,
  candidates: readonly MatchCandidate[],
  limits: ClarifyLimits,
  questionsOf: (entryId: string) => readonly Analysis[],
): MatchCandidate[] {
  const top = candidates[0];
  if (!top) return [];
  if (isBareTopic(question)) {
    // 积分 / 运费 / 优惠券 alone: the customer has not said which question about it, so which
    // entry the matcher puts first is chance. Every entry about the topic is offered (best first)
    // when together they are likely enough — the entries exclude each other, so their
    // confidences add up to the chance that one of them is meant.
    // With fewer than two such entries there is nothing to choose among: the usual rule decides.
    const about = topicHolders(question, candidates, questionsOf);
    const together = about.reduce((sum, c) => sum + c.confidence, 0);
    if (about.length >= SHARED_TOPIC_MIN_ENTRIES && together >= limits.clarifyThreshold) return about.slice(0, limits.maxSuggestions);
  }
  const floor = runnerUpFloor(top, limits);
  const related = (c: MatchCandidate) => questionsOf(c.entryId).some((q) => sharesContentWord(question, q));
  const runnersUp = candidates.slice(1).filter((c) => c.confidence >= floor && related(c));
  // The top one may also be related by its characters: 开票 shares no word with 怎么开发票, but every character.
  const topRelated = related(top) || (top.features.charCoverageQuery ?? 0) >= TOP_CHAR_COVERAGE;
  return top.confidence >= limits.clarifyThreshold && topRelated ? [top, ...runnersUp].slice(0, limits.maxSuggestions) : [];
}

/** The confidence a candidate after `top` needs to be offered on its own: above the clarify threshold and not far below the top. */
export function runnerUpFloor(top: MatchCandidate, limits: ClarifyLimits): number {
  return Math.max(limits.clarifyThreshold, top.confidence * limits.clarifyRelativeFloor);
}

/**
 * The IDF-weighted share of the question's characters the top candidate's matched question must
 * hold to count as related without a shared word. Chosen on the demo tuning set (docs/confidence.md).
 */
export const TOP_CHAR_COVERAGE = 0.6;

/** Asking words the question-type table leaves out because they say no type on their own. */
const ASKING_WORDS = new Set(['什么', '啥', '哪', '几', '到哪']); // 到哪了: how far along, of anything
/**
 * A word common in general Chinese (开 5.6, 大 3.5, 会 3.5, 一张 6.0 — jieba corpus IDF) does not
 * show two questions are about one thing: 双色球下期开什么号 shares 开 with 发票什么时候开出来.
 * A shared word must be rarer than this; shop words are (货 7.9, 退 6.9, 发票 9.2, 价保 11.9).
 */
export const MIN_SHARED_WORD_IDF = 6;
/** Shorter than this, a word must equal a word of the other question: 票 is not 发票, 大 is not 多大. */
const MIN_CONTAINED_WORD_CHARS = 2;

/**
 * Whether a content word of the question — not an asking word (怎么, 什么, 多大), a negation or
 * a word common in general Chinese — is in the other question, as written or read the same (a
 * homophone typo: 顺风 / 顺丰, 续废 / 续费; pinyin typed as letters: zhuanpiao / 专票). A word of
 * two characters or more counts anywhere in the other's content, even cut differently there
 * (专票 as 专 + 票); a single character must be a word of its own there (票 is not 发票).
 */
export function sharesContentWord(question: Analysis, other: Analysis): boolean {
  const contains = containsTerm(other);
  return question.terms.some((term) => isContentWord(term) && contains(term));
}

/**
 * The content words of the question that none of the others has (in the sense of
 * sharesContentWord): what an entry's question is about beyond what the customer said — 退货运费谁承担？
 * names 退货 to a customer who only asked 来回运费谁付.
 */
export function contentWordsNotIn(question: Analysis, others: readonly Analysis[]): string[] {
  const tests = others.map(containsTerm);
  return question.terms.filter((term) => isContentWord(term) && !tests.some((contains) => contains(term)));
}

/** Whether a word is in the other question, as written or read the same. */
function containsTerm(other: Analysis): (term: string) => boolean {
  const otherTerms = new Set(other.terms);
  const otherReadings = new Set(other.terms.map((t) => readingOf(t)));
  const otherReading = ` ${other.syllables.join(' ')} `;
  return (term) => {
    const reading = readingOf(term);
    if (reading.split(' ').length < MIN_CONTAINED_WORD_CHARS) return otherTerms.has(term) || (reading !== '' && otherReadings.has(reading));
    return other.chars.includes(term) || otherReading.includes(` ${reading} `);
  };
}

/** A word that says what a question is about: not an asking word, a negation or an everyday word. */
function isContentWord(term: string): boolean {
  return wordIdf(term) > MIN_SHARED_WORD_IDF && !isQuestionWord(term) && !ASKING_WORDS.has(term) && negationCount([term]) === 0;
}

/** A bare topic has at most this many words (积分, 运费险, 会员 积分): more, and it says what it asks. */
export const BARE_TOPIC_MAX_WORDS = 2;

/** Sentence-final particles a bare topic may carry without asking anything more (发票呢, 积分啊). */
const MODAL_PARTICLES = new Set(['啊', '呀', '吧', '呢', '吗', '哦', '嘛', '啦', '哈', '么', '哇', '噢']);

/** A message that only names a topic (积分, 运费, 优惠券, 退款呢): every word a content word or a particle, none asking anything. */
export function isBareTopic(analysis: Analysis): boolean {
  const topic = topicWords(analysis);
  return topic.length > 0 && topic.length <= BARE_TOPIC_MAX_WORDS && topic.every(isContentWord);
}

/** The candidates whose entry holds the question's topic: one of its questions shares a content word with it. */
function topicHolders(question: Analysis, candidates: readonly MatchCandidate[], questionsOf: (entryId: string) => readonly Analysis[]): MatchCandidate[] {
  return candidates.filter((c) => questionsOf(c.entryId).some((q) => sharesContentWord(question, q)));
}

/**
 * A bare topic shared by at least this many entries is asked back: 发票 alone is held by the
 * invoice's how-to, its paper copy, its VAT special copy…, and which of them the customer means
 * is not in the message. One entry holding it is no choice.
 */
export const SHARED_TOPIC_MIN_ENTRIES = 2;
/**
 * …and only a topic of one word: two words say more than a topic (取消 定单, 退货 邮费, 关闭 自动续费
 * each name what is done to it — 12 of the tuning set's 176 phrasings, all answered rightly, that
 * the rule asked back when it took two).
 */
export const SHARED_TOPIC_MAX_WORDS = 1;
/**
 * The matcher's own confidence (not the calibrated answer model's probability, which counts the
 * support of the topic's sibling entries for the first) at which one entry owns a shared topic.
 * On the demo tuning set the one-word topics that are guesses sit at 0.56–0.59 (发票, 退款, 积分)
 * and those with an owner at 0.79–0.95 (取消定单 → 取消订单在哪里, 退货 → 我想退货); midway.
 */
export const SHARED_TOPIC_OWNER_CONFIDENCE = 0.7;

/**
 * Rule `clarify.shared_topic`: the message is a bare topic (发票, 积分, 退款呢) that several
 * candidates' entries hold and none owns. An entry owns it when one of its questions is the topic
 * itself and nothing more (an operator who adds 发票 as a similar question of one entry has said
 * which one it means), or when the matcher alone is sure of it (SHARED_TOPIC_OWNER_CONFIDENCE:
 * 退货 finds 我想退货 at 0.95). A self-calibrated bot reads the topic's entries as well supported and
 * would otherwise answer the first of them directly, a guess among siblings (t07 发票 → the
 * invoice how-to on the tuning dialogs, issue 9). Returns the holders to offer, or null when the
 * usual answer rule decides.
 */
export function sharedTopic(question: Analysis, candidates: readonly MatchCandidate[], questionsOf: (entryId: string) => readonly Analysis[]): MatchCandidate[] | null {
  const topic = topicWords(question);
  if (!isBareTopic(question) || topic.length > SHARED_TOPIC_MAX_WORDS) return null;
  const holders = topicHolders(question, candidates, questionsOf);
  if (holders.length < SHARED_TOPIC_MIN_ENTRIES || (candidates[0]?.confidence ?? 0) >= SHARED_TOPIC_OWNER_CONFIDENCE) return null;
  const owns = (q: Analysis) => topicWords(q).join(' ') === topic.join(' ');
  return holders.some((c) => questionsOf(c.entryId).some(owns)) ? null : holders;
}

/** The words of a message less its particles (积分呢 and 积分 say the same). */
function topicWords(analysis: Analysis): string[] {
  return analysis.words.filter((w) => !MODAL_PARTICLES.has(w));
}

/** A word that names what a conversation is about has at least this many characters (快递, 解冻 — not 查, 解). */
export const TOPIC_WORD_MIN_CHARS = 2;

/**
 * Whether the text names a topic of its own (新人券有吗), not only how it asks (要多久, 那呢) or
 * what is done (多久能解, 忘了咋整: a verb of one character asks about the conversation's topic).
 */
export function namesTopic(analysis: Analysis): boolean {
  return analysis.terms.some((term) => isContentWord(term) && Array.from(term).length >= TOPIC_WORD_MIN_CHARS);
}

/** A word's toneless reading, syllables separated by spaces ('' when it has none). */
function readingOf(term: string): string {
  return textPinyin([term]).join(' ');
}

/** What the yes / no quick replies of a one-candidate clarification send. */
export const CONFIRM_REPLIES: Record<Locale, { yes: string; no: string }> = {
  zh: { yes: '是的', no: '不是' },
  en: { yes: 'Yes', no: 'No' },
};

/**
 * 是的 / 对 / 嗯嗯 / 没错 / 好的 / yes — typed or tapped, optionally with a particle or emoji; said
 * twice or joined (对的对的, 嗯嗯对, 对，就是这个), and with a thanks after it (是的，谢谢).
 */
const YES_WORD = '是(?:的|滴|啊|呀|哒)?|对(?:的|呀|啊|滴)?|嗯+|恩+|没错|对头|就是(?:这个|它|这个问题|这个意思)?|是这个(?:问题|意思)?|正是|好的|ok|yes|yep|yeah|y|right|correct';
const YES = new RegExp(`^(?:${YES_WORD})+(?:谢谢|谢了|thanks)?$`);
/** 不是 / 不对 / 都不是 / no — a rejection of the offered question(s). */
const NO = /^(?:不是(?:的|啊|呀|哦)?|不对(?:啊|呀)?|都不是|都不对|不是这个|no|nope|neither|none)$/;
/** Particles, punctuation and spaces around a yes or no (是的呀～, 嗯嗯！, 不是啦). */
const AROUND = /[\s\p{P}\p{S}]|[啦呢吧哈呀哦噢]+$/gu;

/**
 * Choosing among the offered candidates by place: 第二个, 2, 选3, 我要第一条, 上面那个 (the first
 * shown). Only a message that is essentially the choice counts: 第二个问题怎么退 is a question.
 */
const ORDINAL = /^(?:我?(?:选|要|是|问|想问)?的?)?(?:第?([1-9一二三四五])(?:个|条|项|种)?(?:问题)?|(上面|最上面|第一行)(?:那个|那条|的|这个)?)(?:吧|哈)?$/;
const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

/** The 1-based place an ordinal reply names, or null when the text is not one. */
export function ordinalChoice(bare: string): number | null {
  const m = ORDINAL.exec(bare);
  if (!m) return null;
  if (m[2]) return 1;
  return CHINESE_DIGITS[m[1]] ?? Number(m[1]);
}

/** How a customer answered a clarification. */
export type ClarificationReply = { kind: 'confirm'; entryId: string } | { kind: 'reject' } | null;

/**
 * The customer's reply to the clarification that offered `offered` (best first): a yes to a
 * one-candidate question, or a tap (the offered question sent back as is) confirms an entry;
 * a no rejects them all; anything else is a new message, understood as usual (null).
 */
export function replyToClarification(text: string, offered: readonly Suggestion[]): ClarificationReply {
  if (offered.length === 0) return null;
  const normalized = normalize(text);
  const bare = normalized.text.replace(AROUND, '');
  const tapped = offered.find((o) => normalize(o.question).text.replace(AROUND, '') === bare);
  if (tapped) return { kind: 'confirm', entryId: tapped.entryId };
  if (offered.length === 1 && YES.test(bare)) return { kind: 'confirm', entryId: offered[0].entryId };
  const place = ordinalChoice(bare);
  if (place !== null && place <= offered.length) return { kind: 'confirm', entryId: offered[place - 1].entryId };
  if (NO.test(bare)) return { kind: 'reject' };
  return null;
}

/**
 * 不是，我是说… / 不对，我问的是… : a correction — what follows the lead is the question meant.
 * Without the lead the rest is matched as asked (the lead alone would read as "that didn't help").
 * The lead may be said twice (不对不对，我问的是… / 不是不是，我是问…).
 */
const CORRECTION = /^(?:(?:不是|不对|错了|搞错了)[啦呀啊的]?\s*)+(?:我(?:是说|说的是|问的是|要问的是|想问的是|想问|要问|是问|的意思是|说)|是)\s*(?=\S)/;

/**
 * 不是这个，是… / 不是退货，是换货 : a correction that first says what it is not. The words it names
 * (退货) are swapped for the ones meant in the previous question when that question has them.
 */
const CORRECTION_OF_WORDS = /^(?:不是|不对)(\S{1,6}?)[啦呀啊的]?\s+是(?=\S)/;
/** What a correction that names no words of its own says it is not: the answer just given. */
const POINTING = new Set(['这个', '那个', '这', '那', '这个问题']);

/**
 * The question a correction means (不是，我是说换货 → 换货; 不是退货，是换货 after 怎么申请退货 → 怎么申请换货),
 * or null when the text is not one. `previousQuestion`: the question it corrects.
 */
export function correctionOf(text: string, previousQuestion?: string): string | null {
  const normalized = normalize(text).text;
  const lead = CORRECTION.exec(normalized);
  if (lead) return normalized.slice(lead[0].length);
  const naming = CORRECTION_OF_WORDS.exec(normalized);
  if (!naming) return null;
  const meant = normalized.slice(naming[0].length);
  const notMeant = naming[1];
  const previous = previousQuestion === undefined ? '' : normalize(previousQuestion).text;
  return !POINTING.has(notMeant) && previous.includes(notMeant) ? previous.replace(notMeant, meant) : meant;
}

/**
 * Whether the customer says the answer just given is not what they asked (不是 / 不对 / 没用 /
 * 不是这个): the bot then asks again with the other candidates instead of repeating itself.
 */
export function rejectsAnswer(text: string): boolean {
  return NO.test(normalize(text).text.replace(AROUND, '')) || saysNotHelped(text);
}

/**
 * What a turn leaves for the next one to lean on: the question as understood and the entry
 * answered — or, after a clarification, the entries offered (a follow-up then leans on the first,
 * a 是的 or a tap confirms one); after a fallback, that a person was offered.
 */
export function previousTurnOf(decision: Decision, text: string, before?: PreviousTurn): PreviousTurn {
  // A fallback offers a person (转人工): the next turn may accept it (context.ts, acceptsHandoffOffer).
  const turn: PreviousTurn = { question: decision.trace.resolvedQuestion || text, entryId: decision.entryId, ...(decision.action === 'fallback' ? { handoffOffered: true } : {}) };
  const earlierEntryId = earlierEntryOf(decision, text, before);
  if (earlierEntryId) turn.earlierEntryId = earlierEntryId;
  const guessed = decision.action === 'fallback' ? decision.trace.candidates[0]?.entryId : undefined;
  if (guessed) turn.guessedEntryId = guessed;
  // 多问多答 lists its parts: what the clarified ones offered, even when another part was answered.
  const offered = decision.parts.length > 0 ? decision.parts.filter((p) => p.action === 'clarify').flatMap((p) => p.suggestions) : decision.action === 'clarify' ? decision.suggestions : [];
  return offered.length > 0 ? { ...turn, offered: offered.map(({ entryId, question }) => ({ entryId, question })) } : turn;
}

/**
 * The entry a chain of follow-ups started from (PreviousTurn.earlierEntryId): the one answered before, when
 * this answer was a follow-up read in context that reached another entry (运费谁出 after 换货怎么弄, read as
 * 换货运费谁出); kept while the follow-ups answer the same entry again. A question that stands on its own,
 * a clarification or a fallback ends the chain.
 */
function earlierEntryOf(decision: Decision, text: string, before: PreviousTurn | undefined): string | undefined {
  if (decision.action !== 'answer' || !decision.entryId || !before?.entryId || before.offered) return undefined;
  if (decision.entryId === before.entryId) return before.earlierEntryId;
  const readInContext = !!decision.trace.resolvedQuestion && decision.trace.resolvedQuestion !== text;
  return readInContext ? before.entryId : undefined;
}
