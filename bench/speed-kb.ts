/**
 * The knowledge bases the speed section measures, built deterministically from the evaluation
 * data so every repetition and every system indexes exactly the same text.
 */
import { FAQ_TASKS, loadFaqTask, subsample, type FaqTask } from './data.js';
import type { MatchableEntry } from '../src/nlu/types.js';

/** The product's reference size for latency targets. */
export const SPEED_KB_ENTRIES = 10_000;
/** A shop-sized knowledge base, measured by hand beside the reference (docs/matching.md, "Speed"). */
export const SMALL_SPEED_KB_ENTRIES = 1_000;
/** The indexing-time target is stated for this many questions. */
export const INDEX_QUESTIONS = 50_000;
/** Tasks whose entries make up the 10k knowledge base (customer-service bank + general). */
export const SPEED_KB_TASKS = ['lcqmc_test', 'bq_test', 'bq_dev'] as const;
const SPEED_SEED = 7_919;

/** Entry ids repeat across tasks (E00001 …), so ids are prefixed with the task name. */
function prefixed(task: FaqTask): MatchableEntry[] {
  return task.entries.map((e) => ({ ...e, id: `${task.name}:${e.id}` }));
}

export interface SpeedKb {
  entries: MatchableEntry[];
  queries: string[];
  questions: number;
}

/** `entryCount` (SPEED_KB_ENTRIES by default) entries sampled from SPEED_KB_TASKS, and up to `queryCount` of their queries. */
export function tenThousandEntryKb(queryCount: number, entryCount = SPEED_KB_ENTRIES): SpeedKb {
  const tasks = SPEED_KB_TASKS.map((t) => loadFaqTask(t));
  const entries = subsample(tasks.flatMap(prefixed), entryCount, SPEED_SEED);
  const queries = subsample(tasks.flatMap((t) => t.queries.map((q) => q.query)), queryCount, SPEED_SEED);
  return { entries, queries, questions: countQuestions(entries) };
}

/**
 * INDEX_QUESTIONS distinct questions: every entry of every task, each question kept once.
 * The five tasks hold fewer than 50,000 distinct entry questions, so the held-out queries
 * (real customer questions too) are added as one-question entries until the count is reached.
 */
export function fiftyThousandQuestionKb(): SpeedKb {
  const seen = new Set<string>();
  const entries: MatchableEntry[] = [];
  let questions = 0;
  const tasks = FAQ_TASKS.map((t) => loadFaqTask(t));
  for (const task of tasks) {
    for (const e of prefixed(task)) {
      const fresh = [e.question, ...e.similarQuestions].filter((q) => !seen.has(q));
      if (fresh.length === 0) continue;
      const take = fresh.slice(0, INDEX_QUESTIONS - questions);
      take.forEach((q) => seen.add(q));
      questions += take.length;
      if (take.length > 0) entries.push({ id: e.id, question: take[0], similarQuestions: take.slice(1) });
    }
  }
  const extra = tasks.flatMap((t) => t.queries.map((q) => q.query)).filter((q) => !seen.has(q));
  for (const q of extra) {
    if (questions >= INDEX_QUESTIONS) break;
    if (seen.has(q)) continue;
    seen.add(q);
    questions += 1;
    entries.push({ id: `query:${entries.length}`, question: q, similarQuestions: [] });
  }
  return { entries, queries: [], questions };
}

export function countQuestions(entries: readonly MatchableEntry[]): number {
  return entries.reduce((n, e) => n + 1 + e.similarQuestions.length, 0);
}
