/**
 * Leave-one-trade-out of the answer model's customer prior (docs/confidence.md, "Seventh round"): on the
 * customer-style sets only (the demo tuning set and the training trades), for each set the prior is fitted on the
 * other three sets' customer phrasings (features exactly as the served bot computes them), each bot's own fit is
 * pulled toward it with a strength from the grid, and the set is judged through the real self-calibrated bot.
 *
 *   npx tsx bench/answer-prior.ts [--strengths=STRENGTH:BLEND,…]
 */
import { join } from 'node:path';
import { isBusinessPhrasing, OFF_TOPIC_LABEL, readPhrasingSet } from '../src/dialog/phrasing-set.js';
import { answerEvidence, fitAnswerModel, type AnswerModelRow, type RankedEvidence } from '../src/dialog/calibration/answer-model.js';
import { useAnswerPrior } from '../src/dialog/calibration/answer-prior.js';
import { supportedByEntry } from '../src/dialog/calibration/answer-rule.js';
import { DEMO_MEASURED_AT, openDemoBot, type DemoBot } from '../src/dialog/testing.js';
import { PHRASING_SETS, TRAINING_PHRASING_SETS } from './answering.js';

const SETS = [...PHRASING_SETS.filter((s) => !s.heldOut), ...TRAINING_PHRASING_SETS];
const strengthsArg = process.argv.find((a) => a.startsWith('--strengths='))?.slice('--strengths='.length);
/** Settings tried: strength:blend pairs. */
const STRENGTHS = (strengthsArg ?? '0.01:0,0.1:0,1:0,1000:0').split(',').map((s) => s.split(':').map(Number) as [number, number]);

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

/** The customer phrasings as answer-model rows: the served bot's first candidate's evidence; off-topic ones never right. */
async function customerRows(demo: DemoBot, folder: string, file: string): Promise<AnswerModelRow[]> {
  const typicality = demo.bot.calibration()?.thresholds.typicality;
  const rows: AnswerModelRow[] = [];
  for (const p of readPhrasingSet(join(folder, file))) {
    if (p.expect !== OFF_TOPIC_LABEL && !isBusinessPhrasing(p)) continue;
    const d = await demo.bot.decide({ text: p.query });
    const [first, second] = d.trace.candidates as unknown as RankedEvidence[];
    if (!first || !supportedByEntry(first)) continue;
    const typical = (c: RankedEvidence) => typicality?.of(c.entryId) ?? 0;
    rows.push({ evidence: answerEvidence(first, second, typical(first)), right: p.expect !== OFF_TOPIC_LABEL && first.entryId === p.expect });
  }
  return rows;
}

const show = (t: Tally) => `${t.right} / ${t.wrong} / ${t.offered} / ${t.nothing}, off-topic answered ${t.offAnswered}, clarified ${t.offClarified}`;

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
  for (const [strength, blend] of STRENGTHS) {
    useAnswerPrior({ model: prior, strength, blend });
    const key = `strength ${strength} blend ${blend}`;
    const calibration = await bots[i].bot.recalibrate();
    const t = await tally(bots[i], SETS[i].folder, SETS[i].file);
    const sum = totals.get(key) ?? { right: 0, wrong: 0, offered: 0, nothing: 0, offAnswered: 0, offClarified: 0 };
    for (const k of Object.keys(t) as (keyof Tally)[]) sum[k] += t[k];
    totals.set(key, sum);
    const m = calibration?.thresholds.model;
    console.log(`  ${key}: ${show(t)}; bot weights ${m?.weights.map((w) => w.toFixed(2)).join(' ')}, answer ≥ ${calibration?.thresholds.answerThreshold} margin ${calibration?.thresholds.answerMargin} (${Math.round(performance.now() - started)} ms)`);
  }
  useAnswerPrior(null);
  await bots[i].dispose();
}
for (const [key, t] of totals) console.log(`sum over the four folds, ${key}: ${show(t)}`);
