/**
 * Agent assist (issue 7): while a person answers, the bot keeps helping them. For the
 * conversation's messages it offers
 *   - suggestions: the bot's own top knowledge answers for what the customer asked last
 *     (send as is, or edit then send) — never an expired or unpublished entry;
 *   - emotion of the latest customer message, with a warning when it turns negative;
 *   - entities (order numbers, phones …) from every customer message, newest first;
 *   - summary: a short extractive summary of what the customer wants (assist-summary.ts).
 * Small pure components composed by `assistFor`; only the ranking needs the bot.
 */
import type { Message } from '../conversation/schemas.js';
import type { BotApi, RankedAnswer } from '../dialog/bot.js';
import type { Channel } from '../kb/schemas.js';
import { detectEmotion } from '../nlu/emotion.js';
import { extractEntities } from '../nlu/entities.js';
import type { Emotion, Entity } from '../nlu/types.js';
import type { Locale } from '../reply/phrases.js';
import { DEFAULT_SUMMARY_OPTIONS, summarize, type CustomerTurn, type SummaryOptions } from './assist-summary.js';
import { requestWeight, topicalText } from './assist-text.js';

export interface AssistOptions {
  /** Knowledge answers offered at most. */
  maxSuggestions: number;
  /**
   * Answers the bot is less sure of than this are not offered: below it the ranking is noise
   * (「好的」 still "matches" something at 0.1, an unrelated entry at 0.001).
   */
  minSuggestionConfidence: number;
  /** The emotion trend compares the latest customer message with at most this many before it. */
  emotionBaselineTurns: number;
  /** How far (in valence, −1 angry … +1 happy) the latest message must fall below the baseline to warn. */
  negativeTurnDrop: number;
  /** The channel whose answer variant is offered (the conversation's). */
  channel: Channel;
  /** Language of the summary's labels (the customer's sentences are quoted as written). */
  locale: Locale;
  summary: Partial<SummaryOptions>;
}

export const DEFAULT_ASSIST_OPTIONS = {
  maxSuggestions: 3,
  // Low on purpose: the agent judges, so a plausible 0.05 answer is worth showing; the demo's
  // unrelated entries rank below 0.01 for a clear question (买的鞋不合适咋退 → 退货 0.32, 降价 0.009).
  minSuggestionConfidence: 0.01,
  emotionBaselineTurns: 5,
  // 「？？」 alone after calm messages is negative 0.34: impatience an agent should see. A
  // message only a little worse than an already upset conversation (−0.55 → −0.6) is no news.
  negativeTurnDrop: 0.3,
  channel: 'web',
  locale: 'zh',
  summary: {},
} as const satisfies AssistOptions;

export interface AssistSuggestion {
  entryId: string;
  question: string;
  /** The answer as plain text, ready to send or to edit. */
  answer: string;
  confidence: number;
}

/** An entity with the customer message it was found in (offsets are into that message). */
export type AssistEntity = Entity & { seq: number };

export interface AssistWarning {
  zh: string;
  en: string;
}

export interface Assist {
  suggestions: AssistSuggestion[];
  /** The customer message the suggestions answer (the latest one that asks something), null when none does. */
  suggestionsFor: { seq: number; text: string } | null;
  /** Emotion of the latest customer message (neutral when there is none). */
  emotion: Emotion;
  /** Set when the latest customer message is clearly more negative than the ones before it. */
  warning: AssistWarning | null;
  entities: AssistEntity[];
  summary: string;
}

const NEUTRAL: Emotion = { label: 'neutral', score: 0, cues: [] };

const WARNINGS = {
  negative: { zh: '顾客情绪转差，开始不满：先回应感受，再给办法。', en: 'The customer is getting upset: acknowledge it, then solve.' },
  angry: { zh: '顾客情绪激动：先真诚致歉、安抚，再处理问题。', en: 'The customer is angry: apologise and calm things first, then solve.' },
} as const satisfies Record<string, AssistWarning>;

/** The customer's messages, oldest first, with text (a message of only an image has none to read). */
export function customerTurns(messages: readonly Message[]): CustomerTurn[] {
  return messages
    .filter((m) => m.sender === 'customer' && m.text.trim() !== '')
    .sort((a, b) => a.seq - b.seq)
    .map((m) => ({ seq: m.seq, text: m.text, createdAt: m.createdAt }));
}

/**
 * The bot's best answers for the latest customer message that asks something: the latest one,
 * or — when it is chit-chat (在吗, ？？, 好的), a bare 转人工, a bare order number or venting
 * with no request in it (我等了好久了, 真的很生气) — the one before it, and so on. Venting is
 * skipped because the matcher happily ranks it (我等了好久了 → 账号被盗了怎么办 at 0.55), and an
 * agent offered that answer loses trust in every suggestion.
 */
export async function suggestFor(
  bot: Pick<BotApi, 'rank'>,
  turns: readonly CustomerTurn[],
  options: Pick<AssistOptions, 'maxSuggestions' | 'minSuggestionConfidence' | 'channel'>,
): Promise<{ suggestions: AssistSuggestion[]; suggestionsFor: Assist['suggestionsFor'] }> {
  for (let i = turns.length - 1; i >= 0; i--) {
    const topical = topicalText(turns[i].text);
    if (!topical || requestWeight(topical) === 0) continue;
    const ranked: RankedAnswer[] = await bot.rank(topical, options.maxSuggestions, options.channel);
    const suggestions = ranked
      .filter((r) => r.confidence >= options.minSuggestionConfidence)
      .map(({ entryId, question, answer, confidence }) => ({ entryId, question, answer, confidence }));
    return { suggestions, suggestionsFor: { seq: turns[i].seq, text: turns[i].text } };
  }
  return { suggestions: [], suggestionsFor: null };
}

/** −score for negative and angry, +score for positive, 0 for neutral. */
export function valence(emotion: Emotion): number {
  if (emotion.label === 'negative' || emotion.label === 'angry') return -emotion.score;
  return emotion.label === 'positive' ? emotion.score : 0;
}

/**
 * The latest customer message's emotion, and a warning when it is negative and falls at least
 * `negativeTurnDrop` below the mean of the messages before it (calm when there are none: a
 * customer who opens angry is a turn for the worse too).
 */
export function emotionTrend(
  turns: readonly CustomerTurn[],
  options: Pick<AssistOptions, 'emotionBaselineTurns' | 'negativeTurnDrop'>,
): { emotion: Emotion; warning: AssistWarning | null } {
  const latest = turns.at(-1);
  if (!latest) return { emotion: NEUTRAL, warning: null };
  const emotion = detectEmotion(latest.text);
  if (emotion.label !== 'negative' && emotion.label !== 'angry') return { emotion, warning: null };
  const earlier = turns.slice(0, -1).slice(-options.emotionBaselineTurns).map((t) => valence(detectEmotion(t.text)));
  const baseline = earlier.length ? earlier.reduce((a, b) => a + b, 0) / earlier.length : 0;
  const turnedWorse = baseline - valence(emotion) >= options.negativeTurnDrop;
  return { emotion, warning: turnedWorse ? WARNINGS[emotion.label] : null };
}

/**
 * Entities of every customer message, newest first (within a message, last first), each once
 * per type and value. Relative dates (昨天) resolve against the message's own time.
 */
export function conversationEntities(turns: readonly CustomerTurn[]): AssistEntity[] {
  const seen = new Set<string>();
  const out: AssistEntity[] = [];
  for (const turn of [...turns].reverse()) {
    const found = extractEntities(turn.text, { now: new Date(turn.createdAt) }).reverse();
    for (const entity of found) {
      const key = `${entity.type}:${String(entity.value)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...entity, seq: turn.seq });
    }
  }
  return out;
}

/** Everything the agent sees beside the conversation, from its messages and the bot that served it. */
export async function assistFor(bot: Pick<BotApi, 'rank' | 'categoryOf'>, messages: readonly Message[], options: Partial<AssistOptions> = {}): Promise<Assist> {
  const opts: AssistOptions = { ...DEFAULT_ASSIST_OPTIONS, ...options };
  const turns = customerTurns(messages);
  const { suggestions, suggestionsFor } = await suggestFor(bot, turns, opts);
  const { emotion, warning } = emotionTrend(turns, opts);
  const entities = conversationEntities(turns);
  // With no intent word of its own, the summary names the topic of the best answer (发票, 售后).
  const topic = suggestions[0] ? bot.categoryOf(suggestions[0].entryId) : null;
  const summary = summarize(turns, entities, { ...DEFAULT_SUMMARY_OPTIONS, locale: opts.locale, topic, ...opts.summary });
  return { suggestions, suggestionsFor, emotion, warning, entities, summary };
}
