/**
 * The node-nlp (nlp.js v4) peer, configured as its docs suggest for Chinese:
 * `new NlpManager({ languages: ['zh'], forceNER: false })`, each entry an intent, its question
 * and similar questions as training documents, `await manager.train()`, then queries ranked
 * by `classifications`. nlp.js handles Chinese with @nlpjs/lang-zh: a CEDICT dictionary
 * segmenter, and a "stemmer" that maps each word to its pinyin.
 *
 * Its classifier is one perceptron per intent over all features, trained on every document
 * each epoch, so training cost grows with intents × documents. Runs happen in a child process
 * with a budget of CPU time (not wall time: on a busy machine wall time would punish the peer
 * for other people's work); results (and timeouts) are cached on disk keyed by the exact job,
 * because a run can take many minutes and its output never changes for the same input.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpuMsOf } from '../proc-cpu.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheKey, readCached, writeCached } from '../result-cache.js';
import type { NodeNlpJob, NodeNlpJobResult } from './node-nlp-worker.js';

export type { NodeNlpJob } from './node-nlp-worker.js';

export type NodeNlpOutcome =
  | ({ status: 'ok'; cached: boolean } & NodeNlpJobResult)
  | { status: 'timeout'; budgetMs: number; cached: boolean }
  | { status: 'failed'; reason: string };

/** Bump when the peer's configuration changes, so stale cached results are not reused. */
const PEER_CONFIG_VERSION = 1;
/** Printed by the worker on stderr when training ends: the training budget stops counting there. */
export const TRAINED_MARKER = 'trained in';
/** How often the child's CPU time is checked against the budget. */
const BUDGET_POLL_MS = 2000;
/** Even on a crowded machine, give up after this many budgets of wall time. */
const WALL_CLOCK_SAFETY_FACTOR = 6;
const WORKER = fileURLToPath(new URL('./node-nlp-worker.ts', import.meta.url));

type CachedOutcome = Exclude<NodeNlpOutcome, { status: 'failed' }>;

function readCache(key: string, budgetMs: number): CachedOutcome | null {
  const cached = readCached<CachedOutcome>(key);
  if (!cached) return null;
  // A timeout under a smaller budget says nothing about a larger one.
  if (cached.status === 'timeout' && cached.budgetMs < budgetMs) return null;
  return { ...cached, cached: true };
}

export interface NodeNlpRunOptions {
  budgetMs: number;
  useCache: boolean;
  /** Only read the cache; report "failed: not cached" instead of training. */
  cacheOnly?: boolean;
  onProgress?: (line: string) => void;
}

export async function runNodeNlp(job: NodeNlpJob, opts: NodeNlpRunOptions): Promise<NodeNlpOutcome> {
  const key = cacheKey('node-nlp', PEER_CONFIG_VERSION, 'node-nlp', job);
  if (opts.useCache || opts.cacheOnly) {
    const hit = readCache(key, opts.budgetMs);
    if (hit) return hit;
  }
  if (opts.cacheOnly) return { status: 'failed', reason: 'not run (no cached result)' };

  const dir = mkdtempSync(join(tmpdir(), 'wendu-bench-nlp-'));
  const input = join(dir, 'job.json');
  const output = join(dir, 'result.json');
  writeFileSync(input, JSON.stringify(job));
  try {
    const outcome = await runWorker(input, output, opts);
    if (outcome.status !== 'failed') writeCached(key, outcome);
    return outcome;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runWorker(input: string, output: string, opts: NodeNlpRunOptions): Promise<NodeNlpOutcome> {
  return new Promise((resolvePromise) => {
    const tsx = import.meta.resolve('tsx');
    const child = spawn(process.execPath, ['--import', tsx, WORKER, input, output], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let timedOut = false;
    let trained = false;
    let lastLines = '';
    const started = Date.now();
    const timer = setInterval(() => {
      // The budget is for training; classifying the queries afterwards is not limited.
      if (trained) return;
      // CPU time where the OS tells us (Linux /proc), wall time otherwise.
      const spent = (child.pid !== undefined ? cpuMsOf(child.pid) : null) ?? Date.now() - started;
      const runaway = Date.now() - started > opts.budgetMs * WALL_CLOCK_SAFETY_FACTOR;
      if (spent > opts.budgetMs || runaway) {
        timedOut = true;
        child.kill('SIGKILL');
      }
    }, BUDGET_POLL_MS);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      lastLines = (lastLines + chunk).slice(-2000);
      if (chunk.includes(TRAINED_MARKER)) trained = true;
      for (const line of chunk.split('\n')) if (line.trim()) opts.onProgress?.(line.trim());
    });
    child.on('close', (code) => {
      clearInterval(timer);
      if (timedOut) return resolvePromise({ status: 'timeout', budgetMs: opts.budgetMs, cached: false });
      if (code !== 0 || !existsSync(output)) {
        return resolvePromise({ status: 'failed', reason: `exit ${code}: ${lastLines.trim().split('\n').pop() ?? ''}` });
      }
      const result = JSON.parse(readFileSync(output, 'utf8')) as NodeNlpJobResult;
      resolvePromise({ status: 'ok', cached: false, ...result });
    });
  });
}
