/**
 * How alike an entry's own questions are, by the pair model: for each question, the pair
 * probability of its nearest sibling question (as log-odds); an entry's typicality is their mean.
 *
 * Why: the answer model's support (the matcher's `supportMean`) says how near a customer's message is
 * to the first entry's other questions — but what counts as near depends on the entry. One written as
 * twenty near-identical phrasings supports every paraphrase of itself strongly; one whose phrasings
 * are short and varied (运费谁出 / 邮费谁承担 / 退回去的快递钱谁付) supports even its right customers weakly.
 * The support *relative to the entry's own* (`typicality` in answer-model.ts) separates right from wrong
 * first entries better than the support alone: out of fold on the leave-one-out probes, ROC AUC 0.839 →
 * 0.859 on the demo, 0.824 → 0.838 on telecom (`npx tsx bench/answer-features.ts [--telecom]`,
 * docs/confidence.md, "Fourth round").
 *
 * A probe that leaves a question out of the index is read against the entry without that question
 * (`of(entryId, hidden)`): with it, the entry's typicality would carry the left-out question's own
 * nearness to its siblings — the very thing the probe tests (measured: AUC 0.858 with it, 0.859 without,
 * answered at 2% wrong 99 against 107 of 497).
 *
 * Computed by the calibration once per knowledge base (only where the answer model is fitted), carried
 * with the thresholds (`AnswerThresholds.typicality`), never serialised with them.
 */
import type { Matcher } from '../../nlu/matcher.js';
import type { MatchableEntry } from '../../nlu/types.js';

/**
 * At most this many of an entry's questions are compared with one another (pairs grow with the
 * square): 30 questions are 435 pairs, about 45 ms on the demo's matcher (one question's row, at most
 * 29 pairs, is the unit a sliced calibration runs between pauses). The rest do not count.
 */
export const TYPICALITY_MAX_QUESTIONS = 30;

const clipped = (p: number, floor: number) => Math.min(1 - floor, Math.max(floor, p));

export class EntryTypicality {
  /** Per entry, over all its compared questions (what a customer's message is read against). */
  private readonly whole: ReadonlyMap<string, number>;
  /** The knowledge base's mean typicality: for an entry added after the calibration. */
  private readonly fallback: number;

  /** `nearest`: per entry, per question, its nearest sibling's pair probability as log-odds. */
  constructor(private readonly nearest: ReadonlyMap<string, ReadonlyMap<string, number>>) {
    this.whole = new Map([...nearest].map(([id, m]) => [id, mean([...m.values()])]));
    this.fallback = this.whole.size ? mean([...this.whole.values()]) : 0;
  }

  /** The entry's typicality, its `hidden` questions (a probe's left-out one) not counted. */
  of(entryId: string, hidden?: ReadonlySet<string>): number {
    const m = this.nearest.get(entryId);
    if (!m) return this.fallback;
    if (!hidden?.size || ![...hidden].some((q) => m.has(q))) return this.whole.get(entryId)!;
    const kept = [...m].filter(([q]) => !hidden.has(q)).map(([, v]) => v);
    return kept.length ? mean(kept) : this.fallback;
  }

  /** Not part of the thresholds' record (history, API): rebuilt by every calibration. */
  toJSON(): undefined {
    return undefined;
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((x, y) => x + y, 0) / Math.max(1, values.length);
}

/**
 * Question by question (a null after each: a sliced calibration may give the event loop back there), the
 * table at the end. `floor`: probabilities are clipped to [floor, 1 − floor] before log-odds, as the
 * answer model clips its own.
 */
export function* typicalityStream(matcher: Matcher, entries: readonly MatchableEntry[], floor: number): Generator<null, EntryTypicality> {
  const nearest = new Map<string, Map<string, number>>();
  for (const e of entries) {
    const questions = [...new Set([e.question, ...e.similarQuestions])].slice(0, TYPICALITY_MAX_QUESTIONS);
    if (questions.length < 2) continue;
    const best = questions.map(() => 0);
    for (let i = 0; i < questions.length; i++) {
      for (let j = i + 1; j < questions.length; j++) {
        const p = matcher.similarity(questions[i], questions[j]);
        best[i] = Math.max(best[i], p);
        best[j] = Math.max(best[j], p);
      }
      yield null;
    }
    nearest.set(e.id, new Map(questions.map((q, i) => [q, Math.log(clipped(best[i], floor) / (1 - clipped(best[i], floor)))])));
  }
  return new EntryTypicality(nearest);
}

/** The table at once (tests, scripts). */
export function entryTypicality(matcher: Matcher, entries: readonly MatchableEntry[], floor: number): EntryTypicality {
  const steps = typicalityStream(matcher, entries, floor);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
