/**
 * Reading the customer's answer to an `ask`: validation by rule (regex, entity, choice, any),
 * skip words for optional questions, and cancel words that leave the flow. The engine also
 * uses `checkAnswer` to tell "an answer that failed" from "a new question" (topic switch).
 */
import { extractEntities } from '../nlu/entities.js';
import { extractEmoji, toSimplifiedHalfWidth } from '../nlu/text-basics.js';
import { operatorMatches } from './operator-regex.js';
import type { AnswerRule, AskNode, ChoiceOption, FlowSettings } from './schemas.js';
import type { AnswerCheck } from './types.js';

/**
 * A cancel word counts when the message is little more than it ("算了吧", "算了算了，不退了"):
 * at most this many other characters. Longer messages that merely contain one ("不要了这件
 * 衣服质量太差") are answers or new questions, not a wish to leave.
 */
export const CANCEL_EXTRA_CHARS = 4;
/** The same slack for skip words ("没有哦", "跳过吧"). */
export const SKIP_EXTRA_CHARS = 2;

/** Shorter option terms must be the whole answer to count (see `mentions`). */
export const MIN_CONTAINED_TERM_CHARS = 2;
const NEGATIONS = ['不', '别', '没', '未'];
const PUNCTUATION_AND_SPACE = /[\s\p{P}\p{S}]/gu;

/** Simplified, half-width, lower-case, without emoji, spaces or punctuation. */
export function compact(text: string): string {
  return extractEmoji(toSimplifiedHalfWidth(text)).text.toLowerCase().replace(PUNCTUATION_AND_SPACE, '');
}

/** The message says one of `words` (maybe repeated: "算了算了") and at most `extraChars` besides. */
function saysOnly(text: string, words: readonly string[], extraChars: number): boolean {
  let rest = compact(text);
  const found = words.map(compact).filter((w) => w.length > 0 && rest.includes(w));
  if (found.length === 0) return false;
  // Longest first, so 不要了 is removed before a shorter word inside it could be.
  for (const word of found.sort((a, b) => b.length - a.length)) rest = rest.split(word).join('');
  return rest.length <= extraChars;
}

export function isCancel(text: string, settings: Pick<FlowSettings, 'cancelWords'>): boolean {
  return saysOnly(text, settings.cancelWords, CANCEL_EXTRA_CHARS);
}

export function isSkip(text: string, settings: Pick<FlowSettings, 'skipWords'>): boolean {
  return saysOnly(text, settings.skipWords, SKIP_EXTRA_CHARS);
}

function optionTerms(option: ChoiceOption): string[] {
  return [option.value, option.label, ...(option.synonyms ?? [])].map(compact).filter((t) => t.length > 0);
}

/** The option named exactly (a tapped quick reply, or a typed label / synonym), if any. */
export function exactChoice(text: string, options: readonly ChoiceOption[]): ChoiceOption | undefined {
  const c = compact(text);
  return options.find((o) => optionTerms(o).includes(c));
}

/**
 * Does the message contain `term` other than negated ("不确认", "别转人工")? One-character
 * terms ("对", "要") only count as the whole answer: inside a sentence they mean anything.
 */
function mentions(message: string, term: string): boolean {
  if (term.length < MIN_CONTAINED_TERM_CHARS) return false;
  for (let at = message.indexOf(term); at >= 0; at = message.indexOf(term, at + 1)) {
    if (!NEGATIONS.includes(message[at - 1] ?? '')) return true;
  }
  return false;
}

/** Exact first; otherwise the one option whose term appears in the message ("尺码不合适啦"). */
function matchChoice(text: string, options: readonly ChoiceOption[]): AnswerCheck {
  const exact = exactChoice(text, options);
  if (exact) return { valid: true, value: exact.value, reason: 'matched' };
  const c = compact(text);
  const hits = options.filter((o) => optionTerms(o).some((term) => mentions(c, term)));
  if (hits.length === 1) return { valid: true, value: hits[0].value, reason: 'matched' };
  return { valid: false, reason: hits.length > 1 ? 'ambiguous' : 'no_match' };
}

export function checkRule(rule: AnswerRule, text: string, now: Date): AnswerCheck {
  switch (rule.kind) {
    case 'any':
      return { valid: true, value: text.trim(), reason: 'matched' };
    case 'regex': {
      // Linear-time engine: a customer's message can never stall the process (operator-regex.ts).
      const matches = operatorMatches(rule.pattern, text);
      if (matches.length === 0) return { valid: false, reason: 'no_match' };
      return { valid: true, value: rule.all ? matches : matches[0], reason: 'matched' };
    }
    case 'entity': {
      const found = extractEntities(text, { now }).filter((e) => e.type === rule.entity);
      if (found.length === 0) return { valid: false, reason: 'no_match' };
      const distinct = new Set(found.map((e) => String(e.value)));
      if (distinct.size > 1) return { valid: false, reason: 'ambiguous' };
      return { valid: true, value: found[0].value, reason: 'matched' };
    }
    case 'choice':
      return matchChoice(text, rule.options);
  }
}

/** Checks one answer to an ask node (skip words first for optional questions). */
export function checkAnswer(node: AskNode, text: string, settings: Pick<FlowSettings, 'skipWords'>, now: Date): AnswerCheck {
  if (!text.trim()) return { valid: false, reason: 'empty' };
  if (node.optional && isSkip(text, settings)) {
    // "没有" could also be a choice option; a real option wins over skipping.
    if (!(node.validate.kind === 'choice' && exactChoice(text, node.validate.options))) return { valid: true, value: null, reason: 'skipped' };
  }
  return checkRule(node.validate, text, now);
}
