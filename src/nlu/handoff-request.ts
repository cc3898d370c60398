/**
 * Explicit hand-off requests: the customer asks for a person, in any phrasing (转人工, 有活人吗,
 * 叫你们经理来, rengong, "human"). The human must always be one sentence away, so this runs
 * before any matching. Products and prices that merely contain 人工 / 机器人 (人工草坪,
 * 扫地机器人) are masked first so they never trigger. Patterns: lexicons/handoff.ts.
 */
import { HANDOFF_PATTERNS, NOT_A_REQUEST, type HandoffPattern } from './lexicons/handoff.js';
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
}

export const DEFAULT_HANDOFF_REQUEST_OPTIONS = {
  patterns: HANDOFF_PATTERNS,
  notARequest: NOT_A_REQUEST,
} as const satisfies HandoffRequestOptions;

/** Replaces masked compounds by a character no pattern matches, keeping the rest apart. */
const MASK = '\u2591';

export function detectHandoffRequest(text: string, options: Partial<HandoffRequestOptions> = {}): HandoffRequest {
  const { patterns, notARequest } = { ...DEFAULT_HANDOFF_REQUEST_OPTIONS, ...options };
  let scan = extractEmoji(toSimplifiedHalfWidth(text).toLowerCase()).text.trim();
  for (const compound of notARequest) scan = scan.split(compound).join(MASK);
  const hit = patterns.find((p) => p.pattern.test(scan));
  return hit ? { requested: true, cue: hit.name } : { requested: false, cue: null };
}
