/**
 * Leave-one-trade-out of the answer model's customer prior (docs/confidence.md, "Seventh round"): on the
 * customer-style sets only (the demo tuning set and the training trades), for each set the prior is fitted on the
 * other three sets' customer phrasings (features exactly as the served bot computes them), each bot's own fit is
 * blended with it at each share of the grid, and the set is judged through the real self-calibrated bot.
 *
 *   npx tsx bench/answer-prior.ts [--blends=0,0.5,…]
 */
import { join } from 'node:path';
import { isBusinessPhrasing, OFF_TOPIC_LABEL, readPhrasingSet } from '../src/dialog/phrasing-set.js';
import { fitAnswerModel, type AnswerModelRow } from '../src/dialog/calibration/answer-model.js';
import { useAnswerPrior } from '../src/dialog/calibration/answer-prior.js';
import { DEMO_MEASURED_AT, openDemoBot, type DemoBot } from '../src/dialog/testing.js';
import { CUSTOMER_STYLE_SETS as SETS, customerRows } from './customer-rows.js';

const blendsArg = process.argv.find((a) => a.startsWith('--blends='))?.slice('--blends='.length);
/** The prior's shares tried (0: none, the bot's own fit alone). */
const BLENDS = (blendsArg ?? '0,0.25,0.4,0.5,0.6,0.75').split(',').map(Number);

interface Tally { right: number; wrong: number; offered: number; nothing: number; offAnswered: number; offClarified: number }

async function tally(demo: DemoBot, folder: string, file: string): Promise<Tally> {
  const t: Tally = { right: 0, wrong: 0, offered: 0, nothing: 0, offAnswered: 0, offClarified: 0 };
  for (const p of readPhrasingSet(join(folder, file))) {
    const d = await demo.bot.decide({ text: p.query });
    if (p.expect === OFF_TOPIC_LABEL) {
      if (d.action === 'answer' && d.entryId) t.offAnswered++;
      else if (d.suggestions.length > 0) t.offClarified++;
      continue;
    }
    if (!isBusinessPhrasing(p)) continue;
    if (d.action === 'answer' && d.entryId) d.entryId === p.expect ? t.right++ : t.wrong++;
    else if (d.suggestions.some((s) => s.entryId === p.expect)) t.offered++;
    else t.nothing++;
  }
  return t;
}

const show = (t: Tally) => `${t.right} / ${t.wrong} / ${t.offered} / ${t.nothing}, off-topic answered ${t.offAnswered}, clarified ${t.offClarified}`;

// Rows and the first reading without a prior: the features do not depend on it, the bots' first fit does.
useAnswerPrior(null);
const bots: DemoBot[] = [];
const rows: AnswerModelRow[][] = [];
const started = performance.now();
for (const spec of SETS) {
  const demo = await openDemoBot({ folder: spec.folder, at: DEMO_MEASURED_AT });
  bots.push(demo);
  rows.push(await customerRows(demo, spec.folder, spec.file));
  console.log(`${spec.label}: no prior ${show(await tally(demo, spec.folder, spec.file))} (${rows.at(-1)!.length} rows, ${Math.round(performance.now() - started)} ms)`);
}
const totals = new Map<string, Tally>();
for (let i = 0; i < SETS.length; i++) {
  const prior = fitAnswerModel(rows.filter((_, j) => j !== i).flat());
  console.log(`fold ${SETS[i].label}: prior weights ${prior.weights.map((w) => w.toFixed(2)).join(' ')} bias ${prior.bias.toFixed(2)}`);
  for (const blend of BLENDS) {
    useAnswerPrior({ model: prior, blend });
    const key = `blend ${blend}`;
    const calibration = await bots[i].bot.recalibrate();
    const t = await tally(bots[i], SETS[i].folder, SETS[i].file);
    const sum = totals.get(key) ?? { right: 0, wrong: 0, offered: 0, nothing: 0, offAnswered: 0, offClarified: 0 };
    for (const k of Object.keys(t) as (keyof Tally)[]) sum[k] += t[k];
    totals.set(key, sum);
    const m = calibration?.thresholds.model;
    console.log(`  ${key}: ${show(t)}; bot weights ${m?.weights.map((w) => w.toFixed(2)).join(' ')}, answer ≥ ${calibration?.thresholds.answerThreshold} margin ${calibration?.thresholds.answerMargin} (${Math.round(performance.now() - started)} ms)`);
  }
  await bots[i].dispose();
}
for (const [key, t] of totals) console.log(`sum over the four folds, ${key}: ${show(t)}`);
