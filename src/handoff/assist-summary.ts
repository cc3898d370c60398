/**
 * The short EXTRACTIVE summary an agent reads on accept and beside every message: what the
 * customer wants, in the customer's own words, e.g.
 *   「顾客想退货：买的鞋不合适；订单号 202611110001234567；已等了很久，情绪不满」.
 * No language model: the customer's sentences are split (split-questions.ts), each is weighed
 * by what marks a request (requestWeight in assist-text.ts: intent, problem and question words)
 * and the heaviest few are kept in the order they were said. Entities the agent needs (order number, phone) and the mood follow as
 * labelled clauses; phones, ID and bank cards, e-mails and street addresses are masked (138****5678).
 * Every bound is a named constant below.
 */
import { detectEmotion } from '../nlu/emotion.js';
import { maskPersonal } from '../privacy/mask.js';
import { detectHandoffRequest } from '../nlu/handoff-request.js';
import { splitQuestions } from '../nlu/split-questions.js';
import type { Emotion, Entity, EntityType } from '../nlu/types.js';
import type { Locale } from '../reply/phrases.js';
import { intentsOf, isChitChat, plainOf, requestWeight } from './assist-text.js';

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

/** Split messages into sentences without the splitter's merging of overflow parts. */
const SPLIT_MAX_PARTS = 20;

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
      // 在吗 and 人呢 end like questions but ask for nothing the summary can say.
      if (!plain || seen.has(plain) || isChitChat(text) || detectHandoffRequest(text).requested) continue;
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
  // Masked before it is cut, so no half phone number survives (src/privacy/mask.ts); the agent
  // reads the raw message in the transcript when they need it.
  return clip(maskPersonal(compose(kept, clauses)), opts.maxChars, labels.ellipsis);
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
