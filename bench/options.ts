/**
 * Command-line options of `npm run bench`:
 *   --only accuracy|pairs|speed|answering|learning   run one section (repeatable / comma-separated)
 *   --tasks bq_dev,lcqmc_dev      FAQ tasks for the accuracy and answering sections
 *   --learning-sets heldout,telecom  phrasing sets of the learning section (default: all of LEARNING_SETS)
 *   --quick                       300 queries per task, 3,000 pairs per file, node-nlp from cache only,
 *                                 1 speed repetition (for the matcher author's fast iterations)
 *   --nlp-budget <minutes>        CPU-time budget for one node-nlp training run (default 10)
 *   --no-cache                    recompute peer results even when a cached result exists
 *   --nlp-cached                  never train node-nlp on the FAQ tasks; use cached results, else show "not run"
 *                                 (the answering section trains it on the demo-sized knowledge bases: seconds)
 *   --write / --no-write          force / suppress writing bench/results.md and bench/thresholds.json;
 *                                 by default only a full run (no --quick, --only, --tasks) writes them,
 *                                 so iterating with --quick never overwrites the committed results; a
 *                                 partial run with --write replaces only its own sections of results.md
 */
import { FAQ_TASKS } from './data.js';
import { LEARNING_SETS, type LearningSetKey } from './learning-sets.js';

export const SECTIONS = ['accuracy', 'pairs', 'speed', 'answering', 'learning'] as const;
export type Section = (typeof SECTIONS)[number];

/** Queries per FAQ task under --quick: enough to see a change of a few points, fast to run. */
export const QUICK_QUERIES_PER_TASK = 300;
/** A node-nlp training run using more CPU time than this is reported as "timeout". */
export const DEFAULT_NLP_BUDGET_MINUTES = 10;

export interface BenchOptions {
  sections: Set<Section>;
  tasks: string[];
  /** Keys of the learning section's phrasing sets (bench/learning-sets.ts). */
  learningSets: LearningSetKey[];
  quick: boolean;
  nlpBudgetMs: number;
  useCache: boolean;
  /** Use node-nlp results from the cache only (full query sets, no multi-minute training). */
  nlpCachedOnly: boolean;
  write: boolean;
  /** A full run (no --quick, --only, --tasks): it writes results.md afresh, a partial one merges into it. */
  complete: boolean;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = {
    sections: new Set(SECTIONS),
    tasks: [...FAQ_TASKS],
    learningSets: LEARNING_SETS.map((s) => s.key),
    quick: false,
    nlpBudgetMs: DEFAULT_NLP_BUDGET_MINUTES * 60_000,
    useCache: true,
    nlpCachedOnly: false,
    write: true,
    complete: true,
  };
  let write: boolean | undefined;
  let partial = false;
  const only = new Set<Section>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--only':
        for (const s of value().split(',')) {
          if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section "${s}" (${SECTIONS.join('|')})`);
          only.add(s as Section);
        }
        partial = true;
        break;
      case '--tasks':
        opts.tasks = value().split(',').filter(Boolean);
        for (const t of opts.tasks) {
          if (!(FAQ_TASKS as readonly string[]).includes(t)) throw new Error(`--tasks: unknown task "${t}" (${FAQ_TASKS.join(',')})`);
        }
        partial = true;
        break;
      case '--learning-sets': {
        const keys = LEARNING_SETS.map((s) => s.key) as string[];
        opts.learningSets = value().split(',').filter(Boolean) as LearningSetKey[];
        for (const k of opts.learningSets) if (!keys.includes(k)) throw new Error(`--learning-sets: unknown set "${k}" (${keys.join(',')})`);
        partial = true;
        break;
      }
      case '--quick':
        opts.quick = true;
        partial = true;
        break;
      case '--nlp-budget':
        opts.nlpBudgetMs = Number(value()) * 60_000;
        if (!(opts.nlpBudgetMs > 0)) throw new Error('--nlp-budget: minutes must be a positive number');
        break;
      case '--no-cache':
        opts.useCache = false;
        break;
      case '--nlp-cached':
        opts.nlpCachedOnly = true;
        break;
      case '--write':
        write = true;
        break;
      case '--no-write':
        write = false;
        break;
      default:
        throw new Error(`unknown option "${arg}"`);
    }
  }
  if (only.size > 0) opts.sections = only;
  opts.write = write ?? !partial;
  opts.complete = !partial;
  return opts;
}

export function progress(section: string, message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${section}: ${message}\n`);
}
