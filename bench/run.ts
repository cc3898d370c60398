/**
 * `npm run bench [-- options]`: measures Wendu's matcher against its peers on public Chinese
 * customer-service data. Progress goes to stderr, tables to stdout, and a full run writes
 * bench/results.md and bench/thresholds.json. Options: see bench/options.ts.
 * `npm run bench -- realtime [options]`: one node under realtime load (bench/realtime.ts,
 * options in bench/realtime-options.ts); writes its own section of bench/results.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { faqPath, missingReason, evalDataDir } from './data.js';
import { runAccuracy, type AccuracyResult } from './accuracy.js';
import { runAnswering, type AnsweringRow } from './answering.js';
import { learningSection, runLearning } from './learning.js';
import { parseOptions, progress, type BenchOptions } from './options.js';
import { runPairs, writeThresholds } from './pairs.js';
import { accuracySection, answeringSection, machineLine, mergeResults, pairsSection, resultsDocument, speedSection, targetsSection } from './report.js';
import { runSpeed, type SpeedResult } from './speed.js';
import { loadWenduMatcher } from './systems.js';
import { runBurst, runHttp, runIdle, type BurstResult } from './realtime.js';
import { parseRealtimeOptions, type RealtimeOptions } from './realtime-options.js';
import { existingRealtimeBlock, realtimeSection, writeRealtimeBlock } from './realtime-report.js';

const RESULTS_FILE = new URL('./results.md', import.meta.url);

async function main(opts: BenchOptions): Promise<void> {
  progress('bench', `machine: ${machineLine()}; data: ${evalDataDir()}`);
  const wendu = await loadWenduMatcher();
  if (!wendu.ok) progress('bench', `${wendu.reason} — measuring the peers only`);
  const sections: string[] = [];
  const notes: string[] = [];
  const emit = (markdown: string): void => {
    sections.push(markdown);
    process.stdout.write(`\n${markdown}\n`);
  };

  let accuracy: AccuracyResult | undefined;
  if (opts.sections.has('accuracy')) {
    const missing = opts.tasks.map((t) => missingReason(faqPath(t))).filter((m): m is string => m !== null);
    if (missing.length > 0) {
      emit(`## 1. Retrieval accuracy\n\nSkipped: ${missing.join('; ')}`);
    } else {
      accuracy = await runAccuracy(opts, wendu);
      emit(accuracySection(accuracy));
    }
  }

  let pairsRan = false;
  if (opts.sections.has('pairs')) {
    const pairs = runPairs(wendu, opts.quick);
    emit(pairsSection(pairs));
    if (!('unavailable' in pairs) && Object.keys(pairs.thresholds).length > 0 && opts.write && wendu.ok) {
      writeThresholds(pairs, wendu.source);
      pairsRan = true;
    }
  }

  let speed: SpeedResult | undefined;
  if (opts.sections.has('speed')) {
    const missing = missingReason(faqPath('lcqmc_test'));
    if (missing) emit(`## 3. Speed\n\nSkipped: ${missing}`);
    else {
      speed = await runSpeed({ quick: opts.quick, wenduAvailable: wendu.ok });
      emit(speedSection(speed));
    }
  }

  let answering: AnsweringRow[] | undefined;
  if (opts.sections.has('answering')) {
    // The demo and telecom sets ship with the repository; a public task without its data file is named and left out.
    const missing = opts.tasks.map((t) => missingReason(faqPath(t))).filter((m): m is string => m !== null);
    answering = await runAnswering(opts, opts.tasks.filter((t) => missingReason(faqPath(t)) === null));
    emit(answeringSection(answering) + missing.map((m) => `\n\nSkipped: ${m}`).join(''));
  }

  if (opts.sections.has('learning')) emit(learningSection(await runLearning(opts.learningSets)));

  if (accuracy || speed || answering) emit(targetsSection(accuracy, speed, answering));

  if (opts.quick) notes.push('**Quick run** (`--quick`): 300 queries per task, 3,000 pairs per file, node-nlp from cache only, one speed repetition.');
  if (!wendu.ok) notes.push(`Wendu's matcher was not available: ${wendu.reason}`);
  if (opts.write && !opts.complete && existsSync(RESULTS_FILE)) {
    const stamp = `_Updated on ${new Date().toISOString().slice(0, 10)} by \`npm run bench -- ${process.argv.slice(2).join(' ')}\`; sections without this line are from the run named at the top._`;
    writeFileSync(RESULTS_FILE, mergeResults(readFileSync(RESULTS_FILE, 'utf8'), sections.map((s) => `${s}\n\n${stamp}`)));
    progress('bench', `updated the sections that ran in bench/results.md${pairsRan ? ', wrote bench/thresholds.json' : ''}`);
  } else if (opts.write) {
    // The realtime section is `npm run bench -- realtime`'s: kept as it is.
    const realtime = existingRealtimeBlock(RESULTS_FILE);
    writeFileSync(RESULTS_FILE, resultsDocument(sections, notes.join('\n')) + (realtime ? `\n${realtime}\n` : ''));
    progress('bench', `wrote bench/results.md${pairsRan ? ' and bench/thresholds.json' : ''}`);
  } else {
    progress('bench', 'partial run: bench/results.md not written (pass --write to force)');
  }
}

async function realtimeMain(opts: RealtimeOptions): Promise<void> {
  progress('realtime', `machine: ${machineLine()}`);
  const bursts: BurstResult[] = [];
  for (const count of opts.customers) bursts.push(await runBurst(count, opts));
  const idle = opts.idle > 0 ? await runIdle(opts.idle, opts) : null;
  const http = opts.http ? await runHttp(opts) : null;
  const section = realtimeSection(bursts, idle, http, opts.serverEnv);
  process.stdout.write(`\n${section}\n`);
  if (opts.write) {
    writeRealtimeBlock(RESULTS_FILE, section);
    progress('realtime', 'wrote the realtime section of bench/results.md');
  } else {
    progress('realtime', 'partial run: bench/results.md not written (pass --write to force)');
  }
  // Socket.io clients and autocannon leave handles behind; the run is over.
  process.exit(0);
}

const argv = process.argv.slice(2);
const realtime = argv[0] === 'realtime';
let run: () => Promise<void>;
try {
  if (realtime) {
    const opts = parseRealtimeOptions(argv.slice(1));
    run = () => realtimeMain(opts);
  } else {
    const opts = parseOptions(argv);
    run = () => main(opts);
  }
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
run().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
