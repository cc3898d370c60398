/**
 * Loads the public evaluation data (see /work/shared/data/README.md) at run time. The data is
 * for measuring only: it is never copied into the repository, and when it is missing the
 * bench says so and skips the sections that need it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MatchableEntry } from '../src/nlu/types.js';

/** Overrides where the evaluation data lives. */
export const EVAL_DATA_ENV = 'WENDU_EVAL_DATA';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The shared checkout keeps the data beside the repository, never inside it. */
const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '../shared/data');

/** Tuning sets first (the matcher may be tuned on these), then the held-out sets. */
export const FAQ_TASKS = ['bq_dev', 'lcqmc_dev', 'bq_test', 'lcqmc_test', 'afqmc_dev'] as const;
export type FaqTaskName = (typeof FAQ_TASKS)[number];
export const TUNING_TASKS: ReadonlySet<string> = new Set(['bq_dev', 'lcqmc_dev']);

export interface FaqQuery {
  query: string;
  entryId: string;
}

export interface FaqTask {
  name: string;
  heldOut: boolean;
  entries: MatchableEntry[];
  queries: FaqQuery[];
}

/** One labelled pair: do `a` and `b` ask the same thing? */
export interface LabelledPair {
  a: string;
  b: string;
  same: boolean;
}

export function evalDataDir(): string {
  return resolve(process.env[EVAL_DATA_ENV] ?? DEFAULT_DATA_DIR);
}

export function faqPath(task: string): string {
  return join(evalDataDir(), 'faq', `${task}.json`);
}

export function pairsPath(file: string): string {
  return join(evalDataDir(), 'pairs', file);
}

/** Why a data file cannot be used, or null when it can. */
export function missingReason(path: string): string | null {
  return existsSync(path) ? null : `评测数据缺失 / evaluation data missing: ${path} (set ${EVAL_DATA_ENV})`;
}

/** Size and mtime identify a data file's version for the peer-result cache. */
export function fileFingerprint(path: string): string {
  const st = statSync(path);
  return `${st.size}-${Math.round(st.mtimeMs)}`;
}

interface RawFaqFile {
  entries: { id: string; question: string; similar_questions: string[] }[];
  queries: { query: string; entryId: string }[];
}

export function loadFaqTask(name: string): FaqTask {
  const raw = JSON.parse(readFileSync(faqPath(name), 'utf8')) as RawFaqFile;
  return {
    name,
    heldOut: !TUNING_TASKS.has(name),
    entries: raw.entries.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similar_questions })),
    queries: raw.queries.map((q) => ({ query: q.query, entryId: q.entryId })),
  };
}

/** Reads `q1<TAB>q2<TAB>label` (.tsv) or CLUE's `{"sentence1","sentence2","label"}` (.jsonl). */
export function loadPairs(file: string): LabelledPair[] {
  const text = readFileSync(pairsPath(file), 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (file.endsWith('.jsonl')) {
    return lines.map((l) => {
      const row = JSON.parse(l) as { sentence1: string; sentence2: string; label: string | number };
      return { a: row.sentence1, b: row.sentence2, same: String(row.label) === '1' };
    });
  }
  return lines.map((l) => {
    const [a = '', b = '', label = ''] = l.split('\t');
    return { a, b, same: label.trim() === '1' };
  });
}

/** Deterministic pseudo-random generator (mulberry32) so subsamples are the same every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` items chosen without replacement, in their original order; all of them when n ≥ length. */
export function subsample<T>(items: readonly T[], n: number, seed: number): T[] {
  if (n >= items.length) return [...items];
  const rand = seededRandom(seed);
  const idx = items.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, n).sort((x, y) => x - y).map((i) => items[i]);
}
