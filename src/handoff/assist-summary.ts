/**
 * The short EXTRACTIVE summary an agent reads on accept and beside every message: what the
 * customer wants, in the customer's own words, e.g.
 *   「顾客想退货：买的鞋不合适；订单号 202611110001234567；已等了很久，情绪不满」.
 * No language model: the customer's sentences are split (split-questions.ts), each is weighed
 * by what marks a request — an intent word (退货, 发票…), a problem word (不合适, 没收到…), a
 * question word (怎么, 多久… from question-type.ts) — and the heaviest few are kept in the
 * order they were said. Entities the agent needs (order number, phone) and the mood follow as
 * labelled clauses. Every bound is a named constant below.
 */
import { detectEmotion } from '../nlu/emotion.js';
import { extractEntities } from '../nlu/entities.js';
import { QUESTION_MARKERS } from '../nlu/lexicons/questions.js';
import { QUESTION_TYPES } from '../nlu/question-type.js';
import { splitQuestions } from '../nlu/split-questions.js';
import { extractEmoji, toSimplifiedHalfWidth } from '../nlu/text-basics.js';
import type { Emotion, Entity, EntityType } from '../nlu/types.js';
import type { Locale } from '../reply/phrases.js';

export interface SummaryOptions {
  /** Customer sentences kept at most (the rest of the summary is labels). */
  maxSentences: number;
  /** One kept sentence is cut to this many characters (with …). */
  maxSentenceChars: number;
  /** The whole summary never exceeds this many characters. */
  maxChars: number;
  /** Intents named in the lead (「顾客想退货、换货」). */
  maxLeadIntents: number;
  /** Entity clauses (订单号 …, 手机 …) at most. */
  maxEntities: number;
  /** The mood clause looks at this many latest customer messages: a customer calmed down long ago is not 「情绪不满」 now. */
  moodRecentTurns: number;
  /** Lead used when no intent word is found: the topic (category) of the best knowledge match, if known. */
  topic: string | null;
  locale: Locale;
}

export const DEFAULT_SUMMARY_OPTIONS = {
  // Three sentences and 120 characters fit the agent panel's summary box without scrolling
  // and can be read in a few seconds; long rants are what the transcript is for.
  maxSentences: 3,
  maxSentenceChars: 30,
  maxChars: 120,
  maxLeadIntents: 2,
  maxEntities: 3,
  moodRecentTurns: 3,
  topic: null,
  locale: 'zh',
} as const satisfies SummaryOptions;

/**
 * What a customer wants, by the words that say it (simplified, half-width, lower-case), each
 * with the phrase the lead uses. Checked in order; a sentence may carry several. Common typos
 * customers really type (发漂) are listed beside the right word.
 */
export const INTENT_WORDS: readonly { intent: { zh: string; en: string }; words: readonly string[] }[] = [
  { intent: { zh: '退款', en: 'a refund' }, words: ['退款', '退钱', '钱退', '仅退款'] },
  { intent: { zh: '退货', en: 'to return an item' }, words: ['退货', '退掉', '退回', '咋退', '怎么退', '能退', '要退', '想退', '退换'] },
  { intent: { zh: '换货', en: 'an exchange' }, words: ['换货', '换一个', '换个', '换大', '换小', '换尺码', '换码', '换颜色'] },
  { intent: { zh: '开发票', en: 'an invoice' }, words: ['发票', '开票', '发漂', '专票'] },
  { intent: { zh: '投诉', en: 'to complain' }, words: ['投诉', '12315', '举报'] },
  { intent: { zh: '取消订单', en: 'to cancel an order' }, words: ['取消订单', '不想要了', '不要了'] },
  { intent: { zh: '改地址', en: 'to change the address' }, words: ['改地址', '修改地址', '地址写错', '换地址', '改收货'] },
  { intent: { zh: '查物流', en: 'delivery status' }, words: ['物流', '快递', '到哪', '还没到', '没收到', '派送', '签收'] },
  { intent: { zh: '催发货', en: 'faster shipping' }, words: ['发货', '催一下', '催单'] },
  { intent: { zh: '解决付款问题', en: 'help with payment' }, words: ['付款', '支付', '扣款', '扣了钱', '付不了', '花呗'] },
  { intent: { zh: '用优惠', en: 'a discount' }, words: ['优惠券', '满减', '价保', '降价'] },
  { intent: { zh: '处理账号问题', en: 'help with the account' }, words: ['密码', '登录', '登不上', '验证码', '账号', '注销'] },
  { intent: { zh: '保修维修', en: 'a repair' }, words: ['保修', '维修', '修一下'] },
  { intent: { zh: '咨询会员积分', en: 'membership points' }, words: ['积分', '会员'] },
];

/** Words that state a problem (买的鞋不合适, 还没收到): the reason behind a request. */
export const PROBLEM_WORDS: readonly string[] = [
  '不合适', '不合身', '偏大', '偏小', '不对', '发错', '错了', '少了', '漏发', '坏了', '破了', '破损', '烂了', '质量',
  '色差', '过期', '没收到', '还没到', '没到', '还没', '丢了', '不见了', '用不了', '不能用', '打不开', '失败',
  '扣了', '重复扣', '不一样', '假货', '不满意', '问题',
];

/** A question mark at the end makes a statement a question (这个也算？). */
const QUESTION_ENDING = /\?$/;
/** Question words (怎么, 多久) and the splitter's signs of a question (啥, 吗, 能不能, 包邮). */
const QUESTION_WORDS = [...new Set([...Object.values(QUESTION_TYPES).flat(), ...QUESTION_MARKERS])];
/** What a request weighs, per kind of evidence: an intent outweighs a question word alone. */
export const SENTENCE_WEIGHTS = { intent: 2, problem: 1, question: 1 } as const;
/** Meaningful characters left beside an entity below which a sentence is just the entity (「订单号 2026…」). */
const ENTITY_ONLY_REMAINDER = 4;
/** Split messages into sentences without the splitter's merging of overflow parts. */
const SPLIT_MAX_PARTS = 20;
const MEANINGFUL = /[\p{Script=Han}\p{L}\p{N}]/gu;

const LABELS = {
  zh: {
    lead: (intents: string[]) => `顾客想${intents.join('、')}`,
    topic: (topic: string) => `顾客咨询「${topic}」`,
    none: '顾客的问题',
    colon: '：',
    separator: '；',
    entity: { order_number: '订单号', phone: '手机', email: '邮箱', date: '日期', amount: '金额' } satisfies Record<EntityType, string>,
    waited: '已等了很久',
    negative: '情绪不满',
    angry: '情绪激动',
    moodJoin: '，',
    ellipsis: '…',
  },
  en: {
    lead: (intents: string[]) => `Customer wants ${intents.join(' and ')}`,
    topic: (topic: string) => `Customer asks about "${topic}"`,
    none: 'Customer says',
    colon: ': ',
    separator: '; ',
    entity: { order_number: 'order no.', phone: 'phone', email: 'e-mail', date: 'date', amount: 'amount' } satisfies Record<EntityType, string>,
    waited: 'has waited long',
    negative: 'upset',
    angry: 'angry',
    moodJoin: ', ',
    ellipsis: '…',
  },
} as const;

/** A customer message as the summary needs it. */
export interface CustomerTurn {
  seq: number;
  text: string;
  createdAt: string;
}

interface Sentence {
  text: string;
  /** Simplified, half-width, lower-case, without emoji: what the word lists are matched against. */
  plain: string;
  order: number;
  weight: number;
}

function plainOf(text: string): string {
  return extractEmoji(toSimplifiedHalfWidth(text).toLowerCase()).text;
}

/** The intents a text expresses, in the order of INTENT_WORDS. */
export function intentsOf(text: string): { zh: string; en: string }[] {
  const plain = plainOf(text);
  return INTENT_WORDS.filter((i) => i.words.some((w) => plain.includes(w))).map((i) => i.intent);
}

/** How strongly one sentence carries a request (0: none — small talk, a bare number, a sigh). */
export function requestWeight(sentence: string): number {
  const plain = plainOf(sentence);
  const entities = extractEntities(sentence);
  if (entities.length > 0 && (entitiesMasked(sentence, entities).match(MEANINGFUL)?.length ?? 0) < ENTITY_ONLY_REMAINDER) return 0;
  let weight = 0;
  if (INTENT_WORDS.some((i) => i.words.some((w) => plain.includes(w)))) weight += SENTENCE_WEIGHTS.intent;
  if (PROBLEM_WORDS.some((w) => plain.includes(w))) weight += SENTENCE_WEIGHTS.problem;
  if (QUESTION_WORDS.some((w) => plain.includes(w)) || QUESTION_ENDING.test(plain.replace(/[\s!~.。！…]+$/, ''))) weight += SENTENCE_WEIGHTS.question;
  return weight;
}

/** The sentence with its entities and the words that introduce them (订单号, 手机) taken out. */
function entitiesMasked(sentence: string, entities: readonly Entity[]): string {
  let rest = sentence;
  for (const e of [...entities].reverse()) rest = rest.slice(0, e.start) + rest.slice(e.end);
  return plainOf(rest).replace(/订单编号|订单号码|订单号|订单|单号|手机号码|手机号|手机|电话|邮箱|是|我的|号码|order|no/g, '');
}

function clip(text: string, max: number, ellipsis: string): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + ellipsis;
}

/** The customer's sentences that carry a request, heaviest first up to `max`, then back in the order said; repeats dropped. */
export function requestSentences(turns: readonly CustomerTurn[], max: number): string[] {
  const seen = new Set<string>();
  const sentences: Sentence[] = [];
  for (const turn of turns) {
    for (const text of splitQuestions(turn.text, { maxParts: SPLIT_MAX_PARTS })) {
      const plain = plainOf(text).replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, '');
      if (!plain || seen.has(plain)) continue;
      seen.add(plain);
      const weight = requestWeight(text);
      if (weight > 0) sentences.push({ text, plain, order: sentences.length, weight });
    }
  }
  return sentences
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .slice(0, max)
    .sort((a, b) => a.order - b.order)
    .map((s) => s.text);
}

/** 「已等了很久，情绪不满」 from the latest customer messages, or '' when they are calm. */
export function moodClause(emotions: readonly Emotion[], locale: Locale): string {
  const labels = LABELS[locale];
  const waited = emotions.some((e) => e.cues.includes('rule:waiting_time'));
  const angry = emotions.some((e) => e.label === 'angry');
  const negative = emotions.some((e) => e.label === 'negative');
  const parts = [waited ? labels.waited : '', angry ? labels.angry : negative ? labels.negative : ''].filter(Boolean);
  return parts.join(labels.moodJoin);
}

/**
 * The summary of what the customer wants. `entities` are the conversation's entities (newest
 * first, as assist lists them); those already quoted inside a kept sentence are not repeated.
 */
export function summarize(turns: readonly CustomerTurn[], entities: readonly Entity[], options: Partial<SummaryOptions> = {}): string {
  const opts: SummaryOptions = { ...DEFAULT_SUMMARY_OPTIONS, ...options };
  const labels = LABELS[opts.locale];
  if (turns.length === 0) return '';

  const intents = dedupe(turns.flatMap((t) => intentsOf(t.text)).map((i) => i[opts.locale])).slice(0, opts.maxLeadIntents);
  const lead = intents.length ? labels.lead(intents) : opts.topic ? labels.topic(opts.topic) : labels.none;
  const sentences = requestSentences(turns, opts.maxSentences).map((s) => clip(s, opts.maxSentenceChars, labels.ellipsis));
  const entityClauses = entities
    .filter((e) => !sentences.some((s) => s.includes(e.text)))
    .slice(0, opts.maxEntities)
    .map((e) => `${labels.entity[e.type]} ${e.value}`);
  const mood = moodClause(turns.slice(-opts.moodRecentTurns).map((t) => detectEmotion(t.text)), opts.locale);

  // Over the bound: drop the entity clauses beyond the first, then the later sentences, keeping
  // at least one sentence and the mood; a single overlong remainder is cut.
  const compose = (kept: string[], clauses: string[]) =>
    lead + labels.colon + [...kept, ...clauses, mood].filter(Boolean).join(labels.separator);
  let kept = sentences;
  let clauses = entityClauses;
  while (Array.from(compose(kept, clauses)).length > opts.maxChars && (clauses.length > 1 || kept.length > 1)) {
    if (clauses.length > 1) clauses = clauses.slice(0, -1);
    else kept = kept.slice(0, -1);
  }
  return clip(compose(kept, clauses), opts.maxChars, labels.ellipsis);
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
