/**
 * Section "Learning" (`npm run bench -- --only learning`): learn from one half of a set's phrasings through the
 * unresolved inbox, ask the other half (src/learning/learning-measure.ts). Two ways of approving: heeding the
 * learning check (flagged attachments left out, as the console advises) and attaching every cluster regardless.
 * The demo tuning set is where the learned-question weights may be tuned; the held-out rows are only measured.
 * Each measurement runs in its own child process (bench/learning-worker.ts), all at once: each is
 * single-threaded and takes minutes, so on a machine with cores to spare the section takes about
 * as long as its slowest measurement. Seconds are wall time; CPU seconds are what a free core would take.
 * Every measurement runs LEARNING_RUNS times, in separate processes, and the table says whether the
 * runs agreed: the same input must give the same numbers.
 */
import { spawn } from 'node:child_process';
import { LEARNING_SPLIT_SEED, type LearningMeasurement } from '../src/learning/learning-measure.js';
import { LEARNED_QUESTION_WEIGHT, LEARNED_RANK_OFFSET } from '../src/nlu/matcher.js';
import { FLAG_MIN_ANSWERS_TAKEN } from '../src/learning/safety-check.js';
import { LEARNING_SETS, type LearningSetKey } from './learning-sets.js';
import { progress } from './options.js';

const WORKER = new URL('./learning-worker.ts', import.meta.url).pathname;
/** Runs of each measurement: two show whether they are stable (they were not until the inbox's order stopped resting on random ids). */
export const LEARNING_RUNS = 2;

export interface LearningRow {
  set: string;
  heldOut: boolean;
  heedChecks: boolean;
  /** 1-based. */
  run: number;
  m: LearningMeasurement & { cpuMs: number };
}

function runWorker(setIndex: number, heedChecks: boolean): Promise<LearningRow['m']> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), WORKER, String(setIndex), heedChecks ? 'heed' : 'all'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`learning ${setIndex}/${heedChecks ? 'heed' : 'all'}: exit ${code}: ${err.trim().split('\n').slice(0, 2).join(' ')}`));
      resolvePromise(JSON.parse(out.trim().split('\n').pop() ?? '{}') as LearningRow['m']);
    });
  });
}

export async function runLearning(sets: readonly LearningSetKey[] = LEARNING_SETS.map((s) => s.key)): Promise<LearningRow[]> {
  const runs = Array.from({ length: LEARNING_RUNS }, (_, r) => r + 1);
  const specs = LEARNING_SETS.flatMap((spec, i) => (sets.includes(spec.key) ? [true, false].flatMap((heedChecks) => runs.map((run) => ({ spec, i, heedChecks, run }))) : []));
  progress('learning', `${specs.length} measurements, each in its own process`);
  return Promise.all(
    specs.map(async ({ spec, i, heedChecks, run }) => {
      const m = await runWorker(i, heedChecks);
      progress('learning', `${spec.label}: ${heedChecks ? 'heeding checks' : 'attaching every cluster'}, run ${run} done`);
      return { set: spec.label, heldOut: spec.heldOut, heedChecks, run, m };
    }),
  );
}

/** What a run must repeat to count as the same: every count, not the times. */
function outcomeOf(m: LearningRow['m']): string {
  const counts: Partial<LearningRow['m']> = { ...m };
  delete counts.ms;
  delete counts.cpuMs;
  return JSON.stringify(counts);
}

export function learningSection(rows: readonly LearningRow[]): string {
  const firstRun = new Map<string, string>(rows.filter((r) => r.run === 1).map((r) => [`${r.set}|${r.heedChecks}`, outcomeOf(r.m)]));
  const body = rows.map(({ set, heldOut, heedChecks, run, m }) =>
    [
      set,
      heldOut ? 'held out' : 'tuning',
      heedChecks ? 'flagged left out' : 'all attached',
      run === 1 ? '1' : `${run} (${firstRun.get(`${set}|${heedChecks}`) === outcomeOf(m) ? 'same as run 1' : '**differs from run 1**'})`,
      `${m.learnFrom} / ${m.asked}`,
      m.askedWithLearnedEntry,
      `${m.clusters} (${m.mixedClusters} mixed)`,
      m.flagged,
      `${m.before.answeredRight} → ${m.attached.answeredRight} → ${m.after.answeredRight}`,
      `${m.before.answeredWrong} → ${m.attached.answeredWrong} → ${m.after.answeredWrong}`,
      `${m.before.offeredRight} → ${m.after.offeredRight}`,
      (m.ms / 1000).toFixed(0),
      (m.cpuMs / 1000).toFixed(0),
    ].join(' | '),
  );
  return [
    '## Learning (learn from one half through the inbox, ask the other half)',
    '',
    `Each set's business phrasings are split in two fairly (seed ${LEARNING_SPLIT_SEED}): each entry's phrasings, in a seeded order, are dealt to the two halves alternately, so every entry with two or more phrasings is in both and the halves never share a phrasing. The first half is recorded as unresolved (condensed there), clustered by the inbox, and every cluster is attached (add_similar) to the entry most of its phrasings are labelled with, through ClusterActions with its learning check; the second half is then asked of the real bot, self-calibrated again (the learned phrasings are among its probes). Learned phrasings are matched at LEARNED_QUESTION_WEIGHT = ${LEARNED_QUESTION_WEIGHT} in recall and LEARNED_RANK_OFFSET = ${LEARNED_RANK_OFFSET} in the rerank. "asked, entry learnt" counts the asked phrasings whose entry learnt at least one phrasing. Counts are of the asked half's business phrasings: direct answers right, wrong, and clarifications offering the right entry, before → after; right and wrong also after attaching, before the bot recalibrates (before → attached → recalibrated). "flagged" counts attachments whose check took at least FLAG_MIN_ANSWERS_TAKEN = ${FLAG_MIN_ANSWERS_TAKEN} other entry's self-test answer.`,
    '',
    '| set | kind | approving | run | learnt / asked | asked, entry learnt | clusters | flagged | answered right | answered wrong | clarified with right | seconds | CPU seconds |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...body.map((line) => `| ${line} |`),
  ].join('\n');
}
