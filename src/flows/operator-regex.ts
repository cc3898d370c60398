/**
 * Regular expressions written by operators (flow `ask` validation, `matches` conditions) run
 * on re2js, a linear-time engine: matching time grows with the input, never exponentially, so
 * no pattern and no customer message can stall the process (`^(a+)+$` against 10,000 "a"s
 * followed by "b" is a catastrophe for JavaScript's backtracking RegExp, and milliseconds here).
 *
 * The price is syntax: backreferences (`\1`) and lookaround (`(?=…)`, `(?<!…)`) need
 * backtracking and are refused when the flow is saved, with a message the operator can act on.
 * JavaScript spellings (`\u4e00`, `(?<name>…)`, `\u{1F600}`) are translated first.
 * Differences to know: `\s`, `\d`, `\w` and `\b` are ASCII-only (a full-width space `　` is not `\s`).
 *
 * Our own constant patterns (the nlu lexicons) stay on RegExp: they are reviewed code, not input.
 */
import { RE2JS } from 're2js';

/** Longest pattern an operator may save; longer ones are never needed to check an answer. */
export const MAX_OPERATOR_PATTERN_CHARS = 500;

export type OperatorRegex = RE2JS;

export type PatternCheck = { ok: true; regex: OperatorRegex } | { ok: false; message: string };

/** Compiled patterns, by source: flows check the same few patterns on every message. */
const cache = new Map<string, OperatorRegex>();
/** Enough for every pattern of every published flow; older entries are dropped first. */
const MAX_CACHED_PATTERNS = 1000;

/** Why re2js refused a pattern, in words the operator understands (Chinese, then the engine's own). */
function refusal(pattern: string, reason: string): string {
  if (/\\[1-9]|\\k</.test(pattern)) return `不支持反向引用（如 \\1），请改写正则表达式 (backreferences are not supported: ${reason})`;
  if (/\(\?<?[=!]/.test(pattern)) return `不支持前瞻/后顾断言（如 (?=…)、(?<!…)），请改写正则表达式 (lookaround is not supported: ${reason})`;
  return `不是合法的正则表达式，或使用了不支持的语法 (invalid or unsupported regular expression: ${reason})`;
}

/** Compiles an operator's pattern on the linear-time engine, or says why it cannot be used. */
export function checkOperatorPattern(pattern: string): PatternCheck {
  const cached = cache.get(pattern);
  if (cached) return { ok: true, regex: cached };
  if (pattern.length > MAX_OPERATOR_PATTERN_CHARS) return { ok: false, message: `正则表达式不能超过 ${MAX_OPERATOR_PATTERN_CHARS} 个字符 (pattern too long)` };
  let regex: OperatorRegex;
  try {
    regex = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (err) {
    return { ok: false, message: refusal(pattern, String((err as Error).message ?? err)) };
  }
  if (cache.size >= MAX_CACHED_PATTERNS) cache.delete(cache.keys().next().value!);
  cache.set(pattern, regex);
  return { ok: true, regex };
}

/**
 * The compiled pattern. Stored flows were checked when saved, so a refusal here means a flow
 * saved before this check existed: it throws, and the caller treats it as "no match".
 */
export function operatorRegex(pattern: string): OperatorRegex {
  const checked = checkOperatorPattern(pattern);
  if (!checked.ok) throw new Error(checked.message);
  return checked.regex;
}

/** Does the pattern match anywhere in `text`? False for a pattern the engine refuses. */
export function operatorTest(pattern: string, text: string): boolean {
  const checked = checkOperatorPattern(pattern);
  return checked.ok && checked.regex.test(text);
}

/** Every match (the named group `value` when the pattern has one, else the whole match). */
export function operatorMatches(pattern: string, text: string): string[] {
  const checked = checkOperatorPattern(pattern);
  // `test` runs on the DFA without captures: most answers that fail are refused cheaply.
  if (!checked.ok || !checked.regex.test(text)) return [];
  return [...checked.regex.matchAll(text)].map((m) => m.groups?.value ?? m[0]);
}
