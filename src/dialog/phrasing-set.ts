/**
 * Measuring a set of labelled customer phrasings against a bot: the one tally behind the demo tuning set,
 * the held-out sets (src/dialog/heldout.test.ts, telecom-heldout.test.ts) and the answering report of
 * `npm run bench`, so a "direct answer right" means the same thing in every test, table and README line.
 *
 * A phrasing set is a JSON array of `{ query, expect, note? }`: `expect` is the knowledge entry that answers
 * the phrasing, HANDOFF_LABEL for a request for a person, OFF_TOPIC_LABEL for a question no entry answers.
 */
import { readFileSync } from 'node:fs';
import { WenduError } from '../errors/index.js';
import type { Decision } from './decision.js';

/** `expect` of a request for a person: the right outcome is a hand-off. */
export const HANDOFF_LABEL = 'handoff';
/** `expect` of an off-topic question: the right outcome is anything but a direct answer from an entry. */
export const OFF_TOPIC_LABEL = 'fallback';

/** A phrasing one knowledge entry answers (not a request for a person, not off-topic). */
export const isBusinessPhrasing = (p: LabelledPhrasing): boolean => p.expect !== HANDOFF_LABEL && p.expect !== OFF_TOPIC_LABEL;

export interface LabelledPhrasing {
  query: string;
  /** A knowledge entry id, HANDOFF_LABEL or OFF_TOPIC_LABEL. */
  expect: string;
  /** How the phrasing is written (colloquial, traditional, pinyin, emoji, long, fragment, typo). */
  note?: string;
}

/** What the tally needs of a decision. */
export type JudgedDecision = Pick<Decision, 'action' | 'entryId' | 'suggestions'>;

/** What the bot made of one phrasing; `rankedFirst` only when the ranking was asked for. */
export interface PhrasingOutcome {
  decision: JudgedDecision;
  /** The entry the ranking puts first (null: none), independent of the decision. */
  rankedFirst?: string | null;
}

export interface PhrasingTally {
  /** Phrasings labelled with an entry. */
  business: number;
  /** …whose entry the ranking put first (counted only when the ranking was asked for). */
  rankedFirst: number;
  answeredRight: number;
  answeredWrong: number;
  /** Not answered, but the right entry was among the 您是想问 candidates. */
  offeredRight: number;
  /** Neither answered nor offered: a clarification without it, a fallback, a hand-off. */
  nothingUseful: number;
  handoffRequests: number;
  handoffs: number;
  offTopic: number;
  /** Off-topic questions answered directly from an entry: the other kind of wrong answer. */
  offTopicAnswered: number;
}

export interface PhrasingMeasurement {
  tally: PhrasingTally;
  /** One line per phrasing that went wrong or unused, for the printout and docs/benchmark.md. */
  misses: string[];
}

export const emptyTally = (): PhrasingTally => ({
  business: 0,
  rankedFirst: 0,
  answeredRight: 0,
  answeredWrong: 0,
  offeredRight: 0,
  nothingUseful: 0,
  handoffRequests: 0,
  handoffs: 0,
  offTopic: 0,
  offTopicAnswered: 0,
});

/** Adds one phrasing's outcome to `tally`; returns the miss line, or null when the bot did the right thing. */
export function tallyOutcome(tally: PhrasingTally, phrasing: LabelledPhrasing, outcome: PhrasingOutcome): string | null {
  const { decision: d } = outcome;
  const { query, expect } = phrasing;
  if (expect === HANDOFF_LABEL) {
    tally.handoffRequests++;
    if (d.action === 'handoff') {
      tally.handoffs++;
      return null;
    }
    return `not handed over: ${query} → ${d.action}`;
  }
  const answeredEntry = d.action === 'answer' ? d.entryId : null;
  if (expect === OFF_TOPIC_LABEL) {
    tally.offTopic++;
    if (!answeredEntry) return null;
    tally.offTopicAnswered++;
    return `off-topic answered: ${query} → ${answeredEntry}`;
  }
  tally.business++;
  if (outcome.rankedFirst === expect) tally.rankedFirst++;
  if (answeredEntry === expect) {
    tally.answeredRight++;
    return null;
  }
  if (answeredEntry) {
    tally.answeredWrong++;
    return `wrong answer: ${query} → ${answeredEntry} (expected ${expect})`;
  }
  if (d.suggestions.some((s) => s.entryId === expect)) {
    tally.offeredRight++;
    return `offered: ${query} → ${d.action} with ${expect}`;
  }
  tally.nothingUseful++;
  return `nothing useful: ${query} → ${d.action}${d.suggestions.length ? ` (${d.suggestions.map((s) => s.entryId).join(', ')})` : ''} (expected ${expect})`;
}

/** Each phrasing judged in order (a bot keeps no state between them here: every phrasing opens a conversation). */
export async function measurePhrasings(
  phrasings: readonly LabelledPhrasing[],
  judge: (text: string) => Promise<PhrasingOutcome> | PhrasingOutcome,
): Promise<PhrasingMeasurement> {
  const tally = emptyTally();
  const misses: string[] = [];
  for (const p of phrasings) {
    const miss = tallyOutcome(tally, p, await judge(p.query));
    if (miss) misses.push(miss);
  }
  return { tally, misses };
}

/** Reads and checks a phrasing set; a malformed row is named, never skipped. */
export function readPhrasingSet(file: string): LabelledPhrasing[] {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(json)) throw new WenduError('WENDU_IMPORT_INVALID', { file, reason: '应为 { query, expect } 数组' });
  return json.map((row: unknown, i) => {
    const r = row as Partial<LabelledPhrasing> | null;
    if (typeof r?.query !== 'string' || !r.query.trim() || typeof r.expect !== 'string' || !r.expect) {
      throw new WenduError('WENDU_IMPORT_INVALID', { file, row: i + 1, reason: 'query 与 expect 须为非空字符串' });
    }
    return { query: r.query, expect: r.expect, ...(typeof r.note === 'string' ? { note: r.note } : {}) };
  });
}

/** Phrasings whose `expect` names no entry of the knowledge base (a typo in a label would count as a silent miss). */
export function unknownExpectations(phrasings: readonly LabelledPhrasing[], entryIds: ReadonlySet<string>): LabelledPhrasing[] {
  return phrasings.filter((p) => isBusinessPhrasing(p) && !entryIds.has(p.expect));
}
