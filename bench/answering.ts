/**
 * Section "Answering": the bot's decision, not only the ranking. For each set of customer phrasings — the demo
 * tuning set, the demo held-out set, the telecom trade's held-out set, and every public FAQ task — how often the
 * bot answers directly and right, answers wrongly, asks back (您是想问) with the right entry among the options, or
 * gives nothing useful; next to the ranking's top-1 and the peers' top-1 on the same phrasings.
 *
 * The demo and telecom sets run through the real bot (SQLite, import path, default settings, the same fixed clock
 * as the tests). The public tasks have up to 17k entries and no answers, so there the matcher and the entries map
 * are built directly and the same `decide` of src/dialog/policy.ts is called, with the calibration `calibrate` fits
 * on the task's own knowledge passed in as the bot passes it (src/dialog/bot.ts).
 *
 * Every set is measured twice: with the settings' fixed thresholds (calibration 'off') and self-calibrated (the
 * product's default, 'auto'), so the effect of self-calibration is visible row by row.
 */
import { join } from 'node:path';
import type { BotSettings } from '../src/config/settings.js';
import { parseBotSettings } from '../src/config/settings.js';
import { calibrate, type Calibration, type CalibrationStatus } from '../src/dialog/calibration/index.js';
import { decide } from '../src/dialog/policy.js';
import { isBusinessPhrasing, measurePhrasings, readPhrasingSet, type LabelledPhrasing, type PhrasingTally } from '../src/dialog/phrasing-set.js';
import { DEMO_MEASURED_AT, judgeWithBot, openDemoBot } from '../src/dialog/testing.js';
import { isServable, type KnowledgeEntry } from '../src/kb/schemas.js';
import { createMatcher } from '../src/nlu/matcher.js';
import { Segmenter } from '../src/nlu/segment.js';
import type { MatchableEntry } from '../src/nlu/types.js';
import { DEMO_DIR, TELECOM_DEMO_DIR, TRAINING_TRADES, tradeDir } from '../src/server/demo-loader.js';
import { bm25Result, nodeNlpResult, SUBSAMPLE_SEED, SYSTEMS, type SystemResult } from './accuracy.js';
import { loadFaqTask, subsample, type FaqTask } from './data.js';
import { MRR_CUTOFF, rankOfGold, scoreRetrieval } from './metrics.js';
import { progress, QUICK_QUERIES_PER_TASK, type BenchOptions } from './options.js';
import { createBm25Peer } from './peers/minisearch.js';
import { runNodeNlp } from './peers/node-nlp.js';


export interface PhrasingSetSpec {
  label: string;
  /** Folder of the knowledge base (demo/ or a trade), loaded through the import path. */
  folder: string;
  file: string;
  heldOut: boolean;
}

export const PHRASING_SETS: readonly PhrasingSetSpec[] = [
  { label: 'demo shop, tuning set (demo/eval-queries.json)', folder: DEMO_DIR, file: 'eval-queries.json', heldOut: false },
  { label: 'demo shop, held out (demo/heldout-queries.json)', folder: DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
  { label: 'telecom trade, held out (demo/trades/telecom)', folder: TELECOM_DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
];

/**
 * The training trades' phrasings (training data, not a measurement: scripts/train-model.ts can fit on them, weight 0 as
 * shipped; the diagnosis reports them with `--training`, a trade left out of the fit for a cross-validated reading).
 */
export const TRAINING_PHRASING_SETS: readonly PhrasingSetSpec[] = TRAINING_TRADES.map((trade) => ({
  label: `${trade} trade, training set (demo/trades/${trade}/train-queries.json)`,
  folder: tradeDir(trade),
  file: 'train-queries.json',
  heldOut: false,
}));

/** How the answer thresholds were set: the settings' fixed ones, or fitted on the knowledge base itself. */
export type ThresholdMode = 'fixed' | 'self-calibrated';
export const THRESHOLD_MODES: readonly ThresholdMode[] = ['fixed', 'self-calibrated'];

/** What a self-calibrated row's calibration did, for the table's note. */
export interface CalibrationSummary {
  status: CalibrationStatus;
  answerThreshold: number;
  answerMargin: number;
  elapsedMs: number;
}

export interface AnsweringRow {
  set: string;
  heldOut: boolean;
  thresholds: ThresholdMode;
  /** Self-calibrated rows: the calibration in force (null when the bot had none). */
  calibration?: CalibrationSummary | null;
  entries: number;
  tally: PhrasingTally;
  /** Business phrasings in the source set, when only a sample of them was measured. */
  sampledFrom?: number;
  /** The peers on the same phrasings (their top-1 is reported; `note` says why a score is missing). */
  peers: SystemResult[];
}

/** The bot settings of one mode: the defaults, with self-calibration off for the fixed-threshold row. */
export function modeSettings(mode: ThresholdMode): BotSettings {
  return parseBotSettings(mode === 'fixed' ? { calibration: 'off' } : {});
}

export function calibrationSummary(c: Calibration | null): CalibrationSummary | null {
  return c && { status: c.status, answerThreshold: c.thresholds.answerThreshold, answerMargin: c.thresholds.answerMargin, elapsedMs: c.elapsedMs };
}

/** Shares of the business phrasings, for the table; undefined when there were none. */
export function answeringShares(t: PhrasingTally) {
  if (t.business === 0) return undefined;
  const share = (n: number) => n / t.business;
  return {
    rankedFirst: share(t.rankedFirst),
    answeredRight: share(t.answeredRight),
    answeredWrong: share(t.answeredWrong),
    offeredRight: share(t.offeredRight),
    nothingUseful: share(t.nothingUseful),
  };
}

/** A peer's scores from its best-first lists against the gold entries, same order. */
function peerScores(system: string, ranked: readonly string[][], gold: readonly string[]): SystemResult {
  return { system, scores: scoreRetrieval(ranked.map((ids, i) => rankOfGold(ids, gold[i]))) };
}

/** On a demo-sized knowledge base node-nlp trains in seconds, so it trains here unless --quick. */
async function phrasingSetPeers(entries: MatchableEntry[], business: LabelledPhrasing[], opts: BenchOptions, label: string): Promise<SystemResult[]> {
  const queries = business.map((p) => p.query);
  const gold = business.map((p) => p.expect);
  const bm25 = createBm25Peer(entries);
  const nlp = await runNodeNlp(
    { entries, queries, topK: MRR_CUTOFF },
    { budgetMs: opts.nlpBudgetMs, useCache: opts.useCache, cacheOnly: opts.quick, onProgress: (line) => progress('answering', `${label}: node-nlp ${line}`) },
  );
  const all = queries.map((_, i) => i);
  const queried = business.map((p) => ({ query: p.query, entryId: p.expect }));
  return [nodeNlpResult(nlp, queried, all, opts.nlpBudgetMs), peerScores(SYSTEMS.bm25, queries.map((q) => bm25.rank(q, MRR_CUTOFF)), gold)];
}

async function tallyWithBot(spec: PhrasingSetSpec, mode: ThresholdMode, phrasings: LabelledPhrasing[]) {
  progress('answering', `${spec.label}: real bot, ${mode} thresholds`);
  const demo = await openDemoBot({ folder: spec.folder, at: DEMO_MEASURED_AT, settings: modeSettings(mode) });
  try {
    const { tally } = await measurePhrasings(phrasings, (text) => judgeWithBot(demo.bot, text));
    // The peers get what the bot's index holds: the entries in force at the measuring time.
    const inForce = (await demo.knowledge.listForMatching()).filter((e) => isServable(e, DEMO_MEASURED_AT));
    const entries = inForce.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similarQuestions }));
    return { tally, entries, calibration: mode === 'fixed' ? undefined : calibrationSummary(demo.bot.calibration()) };
  } finally {
    await demo.dispose();
  }
}

async function runPhrasingSet(spec: PhrasingSetSpec, opts: BenchOptions): Promise<AnsweringRow[]> {
  const phrasings = readPhrasingSet(join(spec.folder, spec.file));
  const measured = [];
  for (const mode of THRESHOLD_MODES) measured.push({ mode, ...(await tallyWithBot(spec, mode, phrasings)) });
  // Both modes index the same entries; the peers run once and stand beside both rows.
  const peers = await phrasingSetPeers(measured[0].entries, phrasings.filter(isBusinessPhrasing), opts, spec.label);
  return measured.map((m) => ({
    set: spec.label,
    heldOut: spec.heldOut,
    thresholds: m.mode,
    ...(m.calibration !== undefined ? { calibration: m.calibration } : {}),
    entries: m.entries.length,
    tally: m.tally,
    peers,
  }));
}

/** A public task's entries as the policy sees them: published, no validity window, the question as the answer text. */
export function faqKnowledgeEntries(entries: readonly MatchableEntry[]): Map<string, KnowledgeEntry> {
  const at = new Date(0).toISOString();
  return new Map(
    entries.map((e) => [
      e.id,
      { id: e.id, question: e.question, similarQuestions: e.similarQuestions, learnedQuestions: e.learnedQuestions ?? [], answer: [{ type: 'text', text: e.question }], channelAnswers: {}, category: null, tags: [], status: 'published', validFrom: null, validTo: null, version: 1, createdAt: at, updatedAt: at, updatedBy: 'bench' },
    ]),
  );
}

/**
 * The peers on a public task, by the accuracy section's own code: BM25 from its result cache (computed and cached
 * when missing), node-nlp from the cache only — its multi-minute training belongs to the accuracy section.
 */
async function faqPeers(task: FaqTask, indices: readonly number[], opts: BenchOptions): Promise<SystemResult[]> {
  const queries = indices.map((i) => task.queries[i]);
  const job = { entries: task.entries, queries: task.queries.map((q) => q.query), topK: MRR_CUTOFF };
  const cached = await runNodeNlp(job, { budgetMs: opts.nlpBudgetMs, useCache: true, cacheOnly: true });
  const nlp = cached.status === 'failed' ? { status: 'failed' as const, reason: 'not cached (trains in section 1)' } : cached;
  progress('answering', `${task.name}: BM25`);
  return [nodeNlpResult(nlp, queries, indices, opts.nlpBudgetMs), bm25Result(task, indices, opts)];
}

/** One mode's decisions on a public task's phrasings. */
export interface FaqModeResult {
  thresholds: ThresholdMode;
  tally: PhrasingTally;
  /** Self-calibrated only: the calibration passed to the policy. */
  calibration?: CalibrationSummary | null;
}

/**
 * The policy's decisions on a public task's phrasings, fixed and self-calibrated. The calibration runs as the bot
 * runs it right after an index build, before any query has warmed the matcher (so its time is the cold one a bot
 * pays), on the task's own entries (probes sampled on a large knowledge base), and goes to `decide` as
 * `calibration`, as src/dialog/bot.ts passes it.
 */
export async function measureFaqDecisions(name: string, taskEntries: MatchableEntry[], phrasings: LabelledPhrasing[]): Promise<FaqModeResult[]> {
  // A segmenter of its own, as every bot has: words learned from one task never cut another's questions.
  const matcher = createMatcher(taskEntries, { segmenter: new Segmenter() });
  const entries = faqKnowledgeEntries(taskEntries);
  const now = DEMO_MEASURED_AT;
  progress('answering', `${name}: self-calibration on ${taskEntries.length} entries`);
  const fitted = calibrate(matcher, taskEntries, modeSettings('self-calibrated'), { now: () => now });
  const results: FaqModeResult[] = [];
  for (const mode of THRESHOLD_MODES) {
    const settings = modeSettings(mode);
    const calibration = mode === 'self-calibrated' ? fitted : null;
    const { tally } = await measurePhrasings(phrasings, (text) => ({
      decision: decide(text, { settings, matcher, entries, now, channel: 'api', variants: { channel: 'api', now }, calibration }),
      rankedFirst: matcher.rank(text, 1)[0]?.entryId ?? null,
    }));
    results.push({ thresholds: mode, tally, ...(mode === 'self-calibrated' ? { calibration: calibrationSummary(fitted) } : {}) });
  }
  return results;
}

async function runFaqTask(name: string, opts: BenchOptions): Promise<AnsweringRow[]> {
  const task = loadFaqTask(name);
  const all = task.queries.map((_, i) => i);
  // Every query in a full run (a decision costs a few milliseconds even on 17k entries), so the peers' top-1 is
  // the accuracy section's; --quick samples like the accuracy section does.
  const indices = opts.quick ? subsample(all, QUICK_QUERIES_PER_TASK, SUBSAMPLE_SEED) : all;
  progress('answering', `${name}: matcher + policy on ${task.entries.length} entries, ${indices.length} queries`);
  const phrasings = indices.map((i) => ({ query: task.queries[i].query, expect: task.queries[i].entryId }));
  const measured = await measureFaqDecisions(name, task.entries, phrasings);
  const peers = await faqPeers(task, indices, opts);
  return measured.map((m) => ({
    set: name,
    heldOut: task.heldOut,
    ...m,
    entries: task.entries.length,
    ...(indices.length < task.queries.length ? { sampledFrom: task.queries.length } : {}),
    peers,
  }));
}

export async function runAnswering(opts: BenchOptions, faqTasks: readonly string[]): Promise<AnsweringRow[]> {
  const rows: AnsweringRow[] = [];
  for (const spec of PHRASING_SETS) rows.push(...(await runPhrasingSet(spec, opts)));
  for (const name of faqTasks) rows.push(...(await runFaqTask(name, opts)));
  return rows;
}

