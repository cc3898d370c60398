/**
 * Confusable pairs: two entries whose questions the matcher keeps mistaking for each other.
 * No threshold fixes that — it is a knowledge problem (merge them, or make their questions say
 * what differs), so the operator's report lists them with example questions.
 */
import type { ProbeOutcome } from './outcomes.js';

/** A pair is listed when at least this many probes of one entry ranked the other first… */
export const CONFUSABLE_MIN_PROBES = 2;
/** …and they are at least this share of the two entries' leave-one-out probes. */
export const CONFUSABLE_MIN_SHARE = 0.15;
/** Pairs listed, at most (worst first). */
export const MAX_CONFUSABLE_PAIRS = 20;
/** Example questions per pair. */
export const CONFUSABLE_EXAMPLES = 3;

export interface ConfusablePair {
  entryIds: [string, string];
  /** The two entries' standard questions, in the same order. */
  questions: [string, string];
  /** Probes of either entry that ranked the other one first. */
  confusedProbes: number;
  /** Leave-one-out probes of the two entries. */
  probes: number;
  /** The questions that were mistaken, and which entry they belong to. */
  examples: { question: string; entryId: string; rankedFirst: string }[];
}

export function confusablePairs(outcomes: readonly ProbeOutcome[], questionOf: (entryId: string) => string): ConfusablePair[] {
  const probesOf = new Map<string, number>();
  const pairs = new Map<string, ConfusablePair>();
  for (const o of outcomes) {
    // New phrasings only: a variant typed near its own question says little about the entries.
    if (o.probe.kind !== 'leave_one_out') continue;
    const own = o.probe.entryId;
    probesOf.set(own, (probesOf.get(own) ?? 0) + 1);
    const first = o.top?.entryId;
    if (!first || first === own) continue;
    const ids = [own, first].sort() as [string, string];
    const key = ids.join('\u0000');
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { entryIds: ids, questions: [questionOf(ids[0]), questionOf(ids[1])], confusedProbes: 0, probes: 0, examples: [] }));
    pair.confusedProbes++;
    if (pair.examples.length < CONFUSABLE_EXAMPLES && !pair.examples.some((e) => e.question === o.probe.text)) {
      pair.examples.push({ question: o.probe.text, entryId: own, rankedFirst: first });
    }
  }
  return [...pairs.values()]
    .map((p) => ({ ...p, probes: (probesOf.get(p.entryIds[0]) ?? 0) + (probesOf.get(p.entryIds[1]) ?? 0) }))
    .filter((p) => p.confusedProbes >= CONFUSABLE_MIN_PROBES && p.confusedProbes >= CONFUSABLE_MIN_SHARE * p.probes)
    .sort((a, b) => b.confusedProbes / b.probes - a.confusedProbes / a.probes || b.confusedProbes - a.confusedProbes)
    .slice(0, MAX_CONFUSABLE_PAIRS);
}

/**
 * Whether two entries are one of the knowledge base's confusable pairs: the policy asks back
 * between them rather than guess (rule `clarify.confusable_pair`, docs/confidence.md).
 */
export function areConfusable(pairs: readonly ConfusablePair[], a: string, b: string): boolean {
  return pairs.some(({ entryIds: [x, y] }) => (x === a && y === b) || (x === b && y === a));
}
