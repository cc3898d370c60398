/**
 * Writes the answer model's customer prior (src/dialog/calibration/answer-prior.json; answer-prior.ts): the answer
 * model's weights fitted on the customer-style sets' phrasings — the demo tuning set and the training trades, never a
 * held-out set — with features as the served bot computes them (each bot self-calibrated without a prior).
 *
 *   npx tsx scripts/answer-prior.ts
 */
import { writeFileSync } from 'node:fs';
import { fitAnswerModel } from '../src/dialog/calibration/answer-model.js';
import { ANSWER_PRIOR_FILE, useAnswerPrior } from '../src/dialog/calibration/answer-prior.js';
import { DEMO_MEASURED_AT, openDemoBot } from '../src/dialog/testing.js';
import { CUSTOMER_STYLE_SETS, customerRows } from '../bench/customer-rows.js';

useAnswerPrior(null);
const rows = [];
for (const spec of CUSTOMER_STYLE_SETS) {
  const demo = await openDemoBot({ folder: spec.folder, at: DEMO_MEASURED_AT });
  try {
    rows.push(...(await customerRows(demo, spec.folder, spec.file)));
  } finally {
    await demo.dispose();
  }
}
const model = fitAnswerModel(rows);
writeFileSync(ANSWER_PRIOR_FILE, `${JSON.stringify({ ...model, weights: model.weights.map((w) => Number(w.toFixed(6))), bias: Number(model.bias.toFixed(6)) }, null, 1)}\n`);
console.log(`${ANSWER_PRIOR_FILE}: ${rows.length} rows (${rows.filter((r) => r.right).length} right first entries) from ${CUSTOMER_STYLE_SETS.length} sets`);
