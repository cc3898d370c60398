/**
 * Section 1: retrieval accuracy on the FAQ tasks. Every system gets the same knowledge (each
 * entry's question and similar questions) and the same queries, in one run.
 *
 * node-nlp cannot train on the larger knowledge bases within its budget, so for every task where
 * it has no full-size result, all three systems are also compared on one deterministic
 * subsample (SUBSAMPLE_ENTRIES entries that include the gold entries of SUBSAMPLE_QUERIES queries).
 */
import { loadFaqTask, subsample, type FaqQuery, type FaqTask } from './data.js';
import { rankOfGold, scoreRetrieval, MRR_CUTOFF, type RetrievalScores } from './metrics.js';
import { BM25_CONFIG_VERSION, createBm25Peer } from './peers/minisearch.js';
import { cacheKey, readCached, writeCached } from './result-cache.js';
import { runNodeNlp, type NodeNlpOutcome } from './peers/node-nlp.js';
import { progress, QUICK_QUERIES_PER_TASK, type BenchOptions } from './options.js';
import { wenduRetriever, type MatcherLoad, type Retriever } from './systems.js';
import type { MatchableEntry } from '../src/nlu/types.js';

export const SYSTEMS = { wendu: 'Wendu', nodeNlp: 'node-nlp', bm25: 'BM25 (MiniSearch+jieba)' } as const;
export const PEERS: readonly string[] = [SYSTEMS.nodeNlp, SYSTEMS.bm25];

/** Size of the shared subsample on which node-nlp trains in minutes, not hours. */
export const SUBSAMPLE_ENTRIES = 2000;
export const SUBSAMPLE_QUERIES = 500;
/** Fixed so every run, and every system, sees the same subsample. */
export const SUBSAMPLE_SEED = 20_240_601;

export interface SystemResult {
  system: string;
  scores?: RetrievalScores;
  /** Why there are no scores, or how they were obtained (e.g. cached, timeout). */
  note?: string;
  buildMs?: number;
  msPerQuery?: number;
}

export interface TaskResult {
  task: string;
  heldOut: boolean;
  entries: number;
  questions: number;
  queries: number;
  systems: SystemResult[];
}

export interface AccuracyResult {
  full: TaskResult[];
  subsample: TaskResult[];
}

const questionCount = (entries: readonly MatchableEntry[]): number =>
  entries.reduce((n, e) => n + 1 + e.similarQuestions.length, 0);

interface RankedRun {
  ranked: string[][];
  buildMs: number;
  msPerQuery: number;
}

function rankAll(build: () => Retriever, queries: readonly string[]): RankedRun {
  const t0 = performance.now();
  const retriever = build();
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const ranked = queries.map((q) => retriever.rank(q, MRR_CUTOFF));
  return { ranked, buildMs, msPerQuery: (performance.now() - t1) / Math.max(1, queries.length) };
}

function scored(system: string, run: RankedRun, queries: readonly FaqQuery[], note?: string): SystemResult {
  const ranks = run.ranked.map((ids, i) => rankOfGold(ids, queries[i].entryId));
  return { system, scores: scoreRetrieval(ranks), buildMs: run.buildMs, msPerQuery: run.msPerQuery, note };
}

/**
 * BM25 over every query of the task, cached like node-nlp: with character unigrams MiniSearch
 * scores most documents for every query, which takes minutes on the LCQMC sets. Under --quick
 * without a cached run, only the sampled queries are ranked (and nothing is cached).
 */
export function bm25Result(task: FaqTask, indices: readonly number[], opts: BenchOptions): SystemResult {
  const queries = indices.map((i) => task.queries[i]);
  const allQueries = task.queries.map((q) => q.query);
  const key = cacheKey('bm25', BM25_CONFIG_VERSION, 'minisearch', { entries: task.entries, queries: allQueries });
  const cached = opts.useCache ? readCached<RankedRun>(key) : null;
  if (cached) return scored(SYSTEMS.bm25, { ...cached, ranked: indices.map((i) => cached.ranked[i]) }, queries, 'cached');
  if (indices.length < task.queries.length) {
    return scored(SYSTEMS.bm25, rankAll(() => createBm25Peer(task.entries), queries.map((q) => q.query)), queries);
  }
  const run = rankAll(() => createBm25Peer(task.entries), allQueries);
  writeCached(key, run);
  return scored(SYSTEMS.bm25, run, queries);
}

export function nodeNlpResult(outcome: NodeNlpOutcome, queries: readonly FaqQuery[], indices: readonly number[], budgetMs: number): SystemResult {
  const system = SYSTEMS.nodeNlp;
  if (outcome.status === 'timeout') return { system, note: `timeout (training > ${Math.round(outcome.budgetMs / 60_000)} min CPU)` };
  if (outcome.status === 'failed') return { system, note: outcome.reason };
  const ranks = indices.map((i, j) => rankOfGold(outcome.ranked[i], queries[j].entryId));
  const cached = outcome.cached ? ', cached' : '';
  return {
    system,
    scores: scoreRetrieval(ranks),
    buildMs: outcome.trainMs,
    msPerQuery: outcome.classifyMs / Math.max(1, outcome.ranked.length),
    note: `trained in ${Math.round(outcome.trainCpuMs / 1000)} s CPU (${outcome.epochs} epochs), peak RSS ${Math.round(outcome.peakRssMb)} MB${cached}; budget ${Math.round(budgetMs / 60_000)} min CPU`,
  };
}

interface Trial {
  label: string;
  task: FaqTask;
  /** Indices into task.queries that are scored (all of them, or the --quick subsample). */
  indices: number[];
}

async function runTrial(trial: Trial, opts: BenchOptions, wendu: MatcherLoad, nlpSkipReason: string | null): Promise<{ result: TaskResult; nlp: NodeNlpOutcome }> {
  const { task, indices } = trial;
  const queries = indices.map((i) => task.queries[i]);
  const systems: SystemResult[] = [];
  if (wendu.ok) {
    progress('accuracy', `${trial.label}: Wendu on ${task.entries.length} entries, ${queries.length} queries`);
    const run = rankAll(() => wenduRetriever(wendu.module.createMatcher(task.entries)), queries.map((q) => q.query));
    systems.push(scored(SYSTEMS.wendu, run, queries));
  } else {
    systems.push({ system: SYSTEMS.wendu, note: wendu.reason });
  }
  progress('accuracy', `${trial.label}: node-nlp${nlpSkipReason ? ' (cache only)' : ''}`);
  const job = { entries: task.entries, queries: task.queries.map((q) => q.query), topK: MRR_CUTOFF };
  let nlp = await runNodeNlp(job, {
    budgetMs: opts.nlpBudgetMs,
    useCache: opts.useCache,
    cacheOnly: opts.quick || opts.nlpCachedOnly || nlpSkipReason !== null,
    onProgress: (line) => progress('accuracy', `${trial.label}: node-nlp ${line}`),
  });
  if (nlp.status === 'failed' && nlpSkipReason !== null) nlp = { status: 'failed', reason: nlpSkipReason };
  if (nlp.status === 'failed' && (opts.quick || opts.nlpCachedOnly) && nlpSkipReason === null) {
    nlp = { status: 'failed', reason: `not run (${opts.quick ? '--quick' : '--nlp-cached'}, no cached result)` };
  }
  systems.push(nodeNlpResult(nlp, queries, indices, opts.nlpBudgetMs));
  progress('accuracy', `${trial.label}: BM25`);
  systems.push(bm25Result(task, indices, opts));
  const result: TaskResult = {
    task: trial.label,
    heldOut: task.heldOut,
    entries: task.entries.length,
    questions: questionCount(task.entries),
    queries: queries.length,
    systems,
  };
  return { result, nlp };
}

/** The shared subsample: gold entries of SUBSAMPLE_QUERIES queries plus random distractors. */
export function subsampleTask(task: FaqTask): FaqTask {
  const queries = subsample(task.queries, SUBSAMPLE_QUERIES, SUBSAMPLE_SEED);
  const gold = new Set(queries.map((q) => q.entryId));
  const others = task.entries.filter((e) => !gold.has(e.id));
  const fill = subsample(others, Math.max(0, SUBSAMPLE_ENTRIES - gold.size), SUBSAMPLE_SEED);
  const keep = new Set([...gold, ...fill.map((e) => e.id)]);
  return { ...task, entries: task.entries.filter((e) => keep.has(e.id)), queries };
}

export async function runAccuracy(opts: BenchOptions, wendu: MatcherLoad): Promise<AccuracyResult> {
  const full: TaskResult[] = [];
  const subsampled: TaskResult[] = [];
  let timedOut: { task: string; size: number } | null = null;
  for (const name of opts.tasks) {
    const task = loadFaqTask(name);
    const all = task.queries.map((_, i) => i);
    const indices = opts.quick ? subsample(all, QUICK_QUERIES_PER_TASK, SUBSAMPLE_SEED) : all;
    // Training cost grows with intents × documents; a bigger task than one that timed out would too.
    const size = task.entries.length * questionCount(task.entries);
    const skip = timedOut && size >= timedOut.size ? `timeout (not attempted: ${timedOut.task}, a smaller set, exceeded the budget)` : null;
    const { result, nlp } = await runTrial({ label: name, task, indices }, opts, wendu, skip);
    full.push(result);
    if (nlp.status === 'timeout' && (!timedOut || size < timedOut.size)) timedOut = { task: name, size };
    if (nlp.status !== 'ok') {
      const small = subsampleTask(task);
      const label = `${name} (${small.entries.length}-entry subsample)`;
      const { result: sub } = await runTrial({ label, task: small, indices: small.queries.map((_, i) => i) }, opts, wendu, null);
      subsampled.push(sub);
    }
  }
  return { full, subsample: subsampled };
}
