/**
 * How often ordinary customer questions read as angry (issue 9): the emotion detector over every
 * distinct question of the public dev pair sets (bq_dev, lcqmc_dev — read at run time, never
 * copied), which are calm questions. An angry reading can hand a calm customer over, so this is
 * the false-anger rate the held-out rounds are too small to show. Run: `npx tsx bench/emotion-calm.ts`.
 */
import { detectEmotion } from '../src/nlu/emotion.js';
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
  let negative = 0;
  for (const q of questions) {
    const { label, cues } = detectEmotion(q);
    if (label === 'angry') angry.push(`  ${q}  (${cues.join(', ')})`);
    if (label === 'negative') negative++;
  }
  const percent = (n: number) => `${((100 * n) / questions.length).toFixed(2)}%`;
  console.log(`${file}: ${questions.length} questions, angry ${angry.length} (${percent(angry.length)}), negative ${negative} (${percent(negative)})`);
  console.log(angry.slice(0, EXAMPLES).join('\n'));
}
