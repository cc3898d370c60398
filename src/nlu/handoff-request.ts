/**
 * Explicit hand-off requests: the customer asks for a person, in any phrasing (转人工, 有活人吗,
 * 叫你们经理来, rengong, "human"). The human must always be one sentence away, so this runs
 * before any matching. Mistyped 人工 (人攻, 仁工) is read as 人工; products and prices that merely
 * contain 人工 / 机器人 (人工草坪, 扫地机器人) are masked so they never trigger. Patterns:
 * lexicons/handoff.ts; the tuning set: handoff-request-tuning.fixture.ts.
 *
 * A question about what the bot is (你是真人吗, 是人工吗, 你是机器人吧) is not a request: the
 * persona answers it honestly and offers 转人工 (small-talk.ts, askIsBot). Such a clause is set
 * aside first; the rest of the message may still ask (你是真人吗？我要真人 hands over).
 */
import { HANDOFF_PATTERNS, HUMAN_TYPOS, NOT_A_REQUEST, type HandoffPattern } from './lexicons/handoff.js';
import { detectSmallTalk } from './small-talk.js';
import { extractEmoji, toSimplifiedHalfWidth } from './text-basics.js';

export interface HandoffRequest {
  requested: boolean;
  /** Name of the pattern that fired (e.g. `transfer_to_human`), null when none did. */
  cue: string | null;
}

export interface HandoffRequestOptions {
  /** Patterns to try, in order; the first that fires names the cue. */
  patterns: readonly HandoffPattern[];
  /** Compounds masked before matching (products, prices, processes). */
  notARequest: readonly string[];
  /** Mistypings of 人工 read as 人工 before matching (人攻, 仁工). */
  humanTypos: readonly string[];
}

export const DEFAULT_HANDOFF_REQUEST_OPTIONS = {
  patterns: HANDOFF_PATTERNS,
  notARequest: NOT_A_REQUEST,
  humanTypos: HUMAN_TYPOS,
} as const satisfies HandoffRequestOptions;

/** Where one clause ends: a question about the bot is judged on its own clause (kept, so the patterns still see the break). */
const CLAUSE_BREAK = /([,.;:!?，。；：！？、~…]+)/;

/** Replaces masked compounds by a character no pattern matches, keeping the rest apart. */
const MASK = '\u2591';

export function detectHandoffRequest(text: string, options: Partial<HandoffRequestOptions> = {}): HandoffRequest {
  const { patterns, notARequest, humanTypos } = { ...DEFAULT_HANDOFF_REQUEST_OPTIONS, ...options };
  let plain = extractEmoji(toSimplifiedHalfWidth(text).toLowerCase()).text.trim();
  for (const typo of humanTypos) if (plain.includes(typo)) plain = plain.split(typo).join('人工');
  const firstHit = (scan: string) => {
    // Most messages hold none of them: a split and join only for those present.
    for (const compound of notARequest) if (scan.includes(compound)) scan = scan.split(compound).join(MASK);
    return patterns.find((p) => p.pattern.test(scan));
  };
  // Most messages ask for no one; only a message that seems to is checked for a question about the bot.
  if (!firstHit(plain)) return { requested: false, cue: null };
  const clauses = plain.split(CLAUSE_BREAK).map((part, i) => (i % 2 === 0 && detectSmallTalk(part)?.intent === 'askIsBot' ? MASK : part));
  const hit = firstHit(clauses.join(''));
  return hit ? { requested: true, cue: hit.name } : { requested: false, cue: null };
}
