/**
 * 多问多答: splits one customer message into the separate questions it holds, so each can be
 * answered on its own ("怎么退货？运费谁出？" → ["怎么退货", "运费谁出"]). Hard breaks are
 * sentence punctuation and new lines; commas, spaces and conjunctions (另外, 还有, 顺便问下)
 * split only when both sides look like questions (or one side is small talk to the bot: 你是机器人吗
 * 我要退货, src/nlu/small-talk.ts). URLs, e-mail addresses and numbers are never
 * cut. Greetings and thanks are dropped; tiny fragments are merged into a neighbour.
 * Parts are returned as the customer wrote them (traditional stays traditional).
 */
import { CONJUNCTION_PATTERN, FILLERS, QUESTION_MARKERS } from './lexicons/questions.js';
import { isSmallTalkClause } from './small-talk.js';
import { extractEmoji, normalizeWithOffsets, originalRange, type MappedText } from './text-basics.js';

export interface SplitQuestionsOptions {
  /** At most this many parts; the overflow is joined into the last part (nothing is lost). */
  maxParts: number;
  /**
   * Parts with fewer meaningful characters (Han, letters, digits) are merged into their
   * neighbour, unless they are a complete short question ("运费呢", "发票？").
   */
  minPartLength: number;
  /** Greetings and fillers that are not questions. */
  fillers: readonly string[];
}

export const DEFAULT_SPLIT_QUESTIONS_OPTIONS = {
  maxParts: 3, // the default of settings.maxQuestionsPerMessage
  minPartLength: 4, // 怎么退货 / 运费谁出 are four characters; 退货 alone is a fragment
  fillers: FILLERS,
} as const satisfies SplitQuestionsOptions;

/** Joins merged parts; full-width because parts are Chinese text shown in the trace. */
const JOINER = '，';
const HARD_BREAK = /[?!。;.…\n\r]/;
/** Commas, spaces and emoji: customers end sentences with 😭 as often as with 。 */
const SOFT_BREAK = /(?:[,~\s\u200d\ufe0f]|\p{Extended_Pictographic})+/gu;
/** "1.怎么退货 2.运费谁出" / "1、…" / "①…": list numbering is a hard break, never a number. */
const LIST_MARKER = /(?:^|(?<=[\s,;]))\d{1,2}[.、)](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]/g;
/**
 * A conjunction that opens a part ("另外可以开发票吗") is dropped from it — but not 还有,
 * which at the start of a sentence usually means "still have" (还有优惠吗).
 */
const LEADING_CONJUNCTION = /^(?:还有就是|另外|顺便问(?:一)?下|顺便问问|顺便|以及|再问(?:一)?下|还想问(?:一)?下?|然后(?:就是)?|对了)[,\s]*/;
const EDGE_NOISE = /^[\s,、:;.~\-—"'“”‘’()（）【】\[\]]+|[\s,、:;.~\-—"'“”‘’()（）【】\[\]]+$/g;
const LATIN_LETTER = /\p{Script=Latin}/u;
const MEANINGFUL = /[\p{Script=Han}\p{L}\p{N}]/gu;
const NOT_MEANINGFUL = /[^\p{Script=Han}\p{L}\p{N}]/gu;
const MEANINGFUL_ONE = /[\p{Script=Han}\p{L}\p{N}]/u;
/** Spans that must not be cut: URLs (trailing punctuation excluded), e-mail, 1,299 / 199.5 / 10:30. */
const PROTECTED = /(?:https?:\/\/|www\.)[a-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*[a-z0-9/#=&%_-]|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|\d+(?:[.,:]\d+)+/g;

interface Span { from: number; to: number; asked: boolean }

export function splitQuestions(text: string, options: Partial<SplitQuestionsOptions> = {}): string[] {
  const opts: SplitQuestionsOptions = { ...DEFAULT_SPLIT_QUESTIONS_OPTIONS, ...options };
  const mapped = normalizeWithOffsets(text);
  const n = mapped.text;
  const guarded = protectedMask(n);
  const fillers = longestFirst(opts.fillers);

  const spans = hardSpans(n, guarded).flatMap((s) => softSplit(n, guarded, s))
    .map((s) => trimFillers(n, s, fillers))
    .filter((s) => !isFiller(n.slice(s.from, s.to), fillers));
  if (spans.length === 0) return text.trim() ? [text.trim()] : [];

  const parts = spans.map((s) => ({ text: originalText(text, mapped, s), norm: n.slice(s.from, s.to), asked: s.asked }));
  const merged = mergeFragments(joinFollowUpFragments(parts), opts.minPartLength);
  if (merged.length > opts.maxParts) {
    const overflow = merged.splice(opts.maxParts - 1);
    merged.push({ ...overflow[0], text: overflow.map((p) => p.text).join(JOINER) });
  }
  return merged.map((p) => p.text);
}

function protectedMask(n: string): boolean[] {
  const mask = new Array<boolean>(n.length).fill(false);
  for (const m of n.matchAll(PROTECTED)) mask.fill(true, m.index, m.index + m[0].length);
  return mask;
}

/** Cuts at sentence punctuation outside protected spans; remembers whether a part was asked (?). */
function hardSpans(n: string, guarded: boolean[]): Span[] {
  const isBreak = Array.from({ length: n.length }, (_, i) => !guarded[i] && HARD_BREAK.test(n[i]));
  for (const m of n.matchAll(LIST_MARKER)) isBreak.fill(true, m.index, m.index + m[0].length);
  const spans: Span[] = [];
  let from = 0;
  for (let i = 0; i <= n.length; i++) {
    if (i < n.length && !isBreak[i]) continue;
    let to = i;
    while (i < n.length && isBreak[i]) i++;
    spans.push({ from, to, asked: n.slice(to, i).includes('?') });
    from = i;
  }
  return spans.filter((s) => s.to > s.from);
}

function looksLikeQuestion(s: string): boolean {
  return QUESTION_MARKERS.some((m) => s.includes(m));
}

/** Splits at commas, spaces and conjunctions when both sides look like questions. */
function softSplit(n: string, guarded: boolean[], span: Span): Span[] {
  const inner = n.slice(span.from, span.to);
  const breaks = [...inner.matchAll(SOFT_BREAK), ...inner.matchAll(CONJUNCTION_PATTERN)]
    .map((m) => ({ from: span.from + m.index, to: span.from + m.index + m[0].length }))
    // A space between two Latin words is inside a phrase (credit card, wo xiang tuihuo), never a cut.
    .filter((b) => !guarded[b.from] && !(/^\s+$/.test(n.slice(b.from, b.to)) && LATIN_LETTER.test(n[b.from - 1] ?? '') && LATIN_LETTER.test(n[b.to] ?? '')))
    .sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  let from = span.from;
  for (const b of breaks) {
    if (b.from < from) continue;
    const [left, right] = [n.slice(from, b.from), n.slice(b.to, span.to)];
    // Small talk beside a business question (你是机器人吗 我要退货) is a part of its own, so the
    // persona answers it and the business question is matched without it.
    if ((looksLikeQuestion(left) && looksLikeQuestion(right)) || isSmallTalkClause(left) || isSmallTalkClause(right)) {
      out.push({ from, to: b.from, asked: looksLikeQuestion(n.slice(from, b.from)) });
      from = b.to;
    }
  }
  out.push({ from, to: span.to, asked: span.asked });
  return out;
}

/** Each list of fillers once, without repeats, longest first (sorted once, not per span: a message asks several times). */
const sortedFillers = new WeakMap<readonly string[], readonly string[]>();
function longestFirst(fillers: readonly string[]): readonly string[] {
  let sorted = sortedFillers.get(fillers);
  if (!sorted) sortedFillers.set(fillers, (sorted = [...new Set(fillers)].sort((a, b) => b.length - a.length)));
  return sorted;
}

function isFiller(s: string, sorted: readonly string[]): boolean {
  const bare = extractEmoji(s).text.replace(NOT_MEANINGFUL, '');
  if (bare === '') return true;
  // 你好在吗 / 谢谢亲: made only of fillers.
  let rest = bare;
  for (let changed = true; changed && rest;) {
    const next = sorted.find((f) => rest.startsWith(f));
    changed = next !== undefined;
    if (next) rest = rest.slice(next.length);
  }
  return rest === '';
}

/** Drops greetings before the first comma ("你好，怎么退货") and thanks after the last. */
function trimFillers(n: string, span: Span, fillers: readonly string[]): Span {
  let { from, to } = span;
  for (;;) {
    const head = /[,~\s]+/.exec(n.slice(from, to));
    const rest = head ? n.slice(from + head.index + head[0].length, to) : '';
    if (!head || !isFiller(n.slice(from, from + head.index), fillers) || !MEANINGFUL_ONE.test(rest)) break;
    from += head.index + head[0].length;
  }
  const conjunction = LEADING_CONJUNCTION.exec(n.slice(from, to));
  if (conjunction && conjunction[0].length < to - from) from += conjunction[0].length;
  for (;;) {
    const tail = /[,~\s]+([^,~\s]*)$/.exec(n.slice(from, to));
    if (!tail || !isFiller(tail[1], fillers)) break;
    to = from + tail.index;
  }
  return { from, to, asked: span.asked };
}

function originalText(original: string, mapped: MappedText, span: Span): string {
  const { start, end } = originalRange(mapped, span.from, span.to);
  return original.slice(start, end).replace(EDGE_NOISE, '');
}

interface Part { text: string; norm: string; asked: boolean }

function meaningfulLength(s: string): number {
  return extractEmoji(s).text.match(MEANINGFUL)?.length ?? 0;
}

/**
 * 那换货呢 / 运费的话呢: a topic fragment that asks nothing of its own, only "and what about X".
 * (The dialog's follow-up rule, dialog/context.ts SIBLING_SWITCH, reads the same shape.)
 */
const TOPIC_FRAGMENT = /^(?:那|那么|那要是|那如果|如果是|要是|那如果是)?(.{1,8}?)(?:的话)?呢$/;

/**
 * A topic fragment followed by a clause is one question: 那换货呢，运费也是我出吗 asks about
 * the exchange's shipping fee, not "and exchanges?" and then "do I pay shipping?" apart — the
 * clause names what is asked, the fragment what it is about. A fragment that asks something
 * of its own (怎么退货呢) stays a question by itself.
 */
function joinFollowUpFragments(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (let i = 0; i < parts.length; i++) {
    const topic = TOPIC_FRAGMENT.exec(parts[i].norm)?.[1];
    const next = parts[i + 1];
    if (topic !== undefined && next && !looksLikeQuestion(topic)) {
      out.push({ text: parts[i].text + JOINER + next.text, norm: parts[i].norm + next.norm, asked: next.asked || parts[i].asked });
      i++;
    } else out.push(parts[i]);
  }
  return out;
}

function mergeFragments(parts: Part[], minLength: number): Part[] {
  const out: Part[] = [];
  let carry: Part | null = null;
  for (const part of parts) {
    const current: Part = carry
      ? { text: carry.text + JOINER + part.text, norm: carry.norm + part.norm, asked: part.asked }
      : part;
    carry = null;
    const complete = current.asked || looksLikeQuestion(current.norm);
    if (meaningfulLength(current.norm) < minLength && !complete) carry = current;
    else out.push(current);
  }
  if (carry) {
    const last = out.pop();
    out.push(last ? { ...last, text: last.text + JOINER + carry.text, norm: last.norm + carry.norm } : carry);
  }
  return out;
}
