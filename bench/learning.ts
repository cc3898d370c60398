/**
 * Section "Learning" (`npm run bench -- --only learning`): learn from one half of a set's phrasings through the
 * unresolved inbox, ask the other half (src/learning/learning-measure.ts). Two ways of approving: heeding the
 * learning check (flagged attachments left out, as the console advises) and attaching every cluster regardless.
 * The demo tuning set is where LEARNED_QUESTION_WEIGHT may be tuned; the held-out rows are only measured.
 */
import { DEMO_DIR, TELECOM_DEMO_DIR } from '../src/server/demo-loader.js';
import { LEARNING_SPLIT_SEED, measureLearning, type LearningMeasurement } from '../src/learning/learning-measure.js';
import { LEARNED_QUESTION_WEIGHT, LEARNED_RANK_OFFSET } from '../src/nlu/matcher.js';
import { progress } from './options.js';

export const LEARNING_SETS = [
  { label: 'demo shop, tuning set (demo/eval-queries.json)', folder: DEMO_DIR, file: 'eval-queries.json', heldOut: false },
  { label: 'demo shop, held out (demo/heldout-queries.json)', folder: DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
  { label: 'telecom trade, held out (demo/trades/telecom)', folder: TELECOM_DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
] as const;

export interface LearningRow {
  set: string;
  heldOut: boolean;
  heedChecks: boolean;
  m: LearningMeasurement;
}

export async function runLearning(): Promise<LearningRow[]> {
  const rows: LearningRow[] = [];
  for (const spec of LEARNING_SETS) {
    for (const heedChecks of [true, false]) {
      progress('learning', `${spec.label}: ${heedChecks ? 'heeding checks' : 'attaching every cluster'}`);
      rows.push({ set: spec.label, heldOut: spec.heldOut, heedChecks, m: await measureLearning(spec.folder, spec.file, { heedChecks }) });
    }
  }
  return rows;
}

export function learningSection(rows: readonly LearningRow[]): string {
  const body = rows.map(({ set, heldOut, heedChecks, m }) =>
    [
      set,
      heldOut ? 'held out' : 'tuning',
      heedChecks ? 'flagged left out' : 'all attached',
      `${m.learnFrom} / ${m.asked}`,
      m.askedWithLearnedEntry,
      `${m.clusters} (${m.mixedClusters} mixed)`,
      m.flagged,
      `${m.before.answeredRight} → ${m.after.answeredRight}`,
      `${m.before.answeredWrong} → ${m.after.answeredWrong}`,
      `${m.before.offeredRight} → ${m.after.offeredRight}`,
      (m.ms / 1000).toFixed(0),
    ].join(' | '),
  );
  return [
    '## Learning (learn from one half through the inbox, ask the other half)',
    '',
    `Each set's business phrasings are split in two fairly (seed ${LEARNING_SPLIT_SEED}): each entry's phrasings, in a seeded order, are dealt to the two halves alternately, so every entry with two or more phrasings is in both and the halves never share a phrasing. The first half is recorded as unresolved (condensed there), clustered by the inbox, and every cluster is attached (add_similar) to the entry most of its phrasings are labelled with, through ClusterActions with its learning check; the second half is then asked of the real bot, self-calibrated again (the learned phrasings are among its probes). Learned phrasings are matched at LEARNED_QUESTION_WEIGHT = ${LEARNED_QUESTION_WEIGHT} in recall and LEARNED_RANK_OFFSET = ${LEARNED_RANK_OFFSET} in the rerank. "asked, entry learnt" counts the asked phrasings whose entry learnt at least one phrasing. Counts are of the asked half's business phrasings: direct answers right, wrong, and clarifications offering the right entry, before → after.`,
    '',
    '| set | kind | approving | learnt / asked | asked, entry learnt | clusters | flagged | answered right | answered wrong | clarified with right | seconds |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...body.map((line) => `| ${line} |`),
  ].join('\n');
}
