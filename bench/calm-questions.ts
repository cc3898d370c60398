/**
 * How often ordinary customer questions are read as angry or as a request for a person (issue 9):
 * the emotion and hand-off detectors over every distinct question of the public dev pair sets
 * (bq_dev, lcqmc_dev — read at run time, never copied), which are calm questions. Either reading
 * can hand a calm customer over, so these are the false rates the held-out rounds are too small
 * to show. Run: `npx tsx bench/calm-questions.ts`.
 */
import { detectEmotion } from '../src/nlu/emotion.js';
import { detectHandoffRequest } from '../src/nlu/handoff-request.js';
import { loadPairs, missingReason, pairsPath } from './data.js';

/** Only the dev sets: the test sets stay for matching evaluation. */
const CALM_SETS = ['bq_dev.tsv', 'lcqmc_dev.tsv'] as const;
/** How many angry readings to print per set, for a person to judge. */
const EXAMPLES = 10;

for (const file of CALM_SETS) {
  const path = pairsPath(file);
  const missing = missingReason(path);
  if (missing) {
    console.log(`${file}: skipped (${missing})`);
    continue;
  }
  const questions = [...new Set(loadPairs(file).flatMap((p) => [p.a, p.b]))];
  const angry: string[] = [];
  const requests: string[] = [];
  let negative = 0;
  for (const q of questions) {
    const { label, cues } = detectEmotion(q);
    if (label === 'angry') angry.push(`  angry: ${q}  (${cues.join(', ')})`);
    if (label === 'negative') negative++;
    const request = detectHandoffRequest(q);
    if (request.requested) requests.push(`  request: ${q}  (${request.cue})`);
  }
  const percent = (n: number) => `${((100 * n) / questions.length).toFixed(2)}%`;
  console.log(`${file}: ${questions.length} questions, angry ${angry.length} (${percent(angry.length)}), negative ${negative} (${percent(negative)}), `
    + `request for a person ${requests.length} (${percent(requests.length)})`);
  console.log([...angry.slice(0, EXAMPLES), ...requests.slice(0, EXAMPLES)].join('\n'));
}
