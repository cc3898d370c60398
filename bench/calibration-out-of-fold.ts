/**
 * The whole calibration out of fold: the answer model *and* the threshold grid fitted on the probes of half the
 * entries, applied to the other half's probes (a new phrasing of an entry the fit did not see), summed over
 * SPLITS half-splits by seed — what the fit realises, its noise included, not only how well a feature separates
 * (bench/answer-features.ts). Compares the model without the entries' typicality (the feature then reads the
 * support alone) and with it. docs/confidence.md, "Fourth round"; the grid re-weights the probes to the default
 * customers' prior (`wrongFirstShare`, "Fifth round").
 *
 *   npx tsx bench/calibration-out-of-fold.ts [--telecom]
 *
 * Never reads a held-out phrasing set.
 */
import { readWithAnswerModel, fitThresholds, MAX_OUT_OF_SCOPE_ANSWERED } from '../src/dialog/calibration/fit.js';
import { answers } from '../src/dialog/calibration/answer-rule.js';
import { probeEvidence, rankProbe } from '../src/dialog/calibration/outcomes.js';
import { buildProbes } from '../src/dialog/calibration/probes.js';
import { entryTypicality } from '../src/dialog/calibration/typicality.js';
import { PROBABILITY_FLOOR } from '../src/dialog/calibration/answer-model.js';
import { DEMO_DIR, TELECOM_DEMO_DIR } from '../src/server/demo-loader.js';
import { botMatcher } from './demo-matcher.js';
import { DEFAULT_BOT_SETTINGS } from '../src/config/settings.js';

const folder = process.argv.includes('--telecom') ? TELECOM_DEMO_DIR : DEMO_DIR;
const { demo, matcher, entries } = await botMatcher(folder);
const probes = buildProbes(entries, { analyze: (t) => matcher.analyze(t) });
const typicality = entryTypicality(matcher, entries, PROBABILITY_FLOOR);
const variants = { 'without typicality': probes.map((p) => rankProbe(matcher, p)), 'with typicality': probes.map((p) => rankProbe(matcher, p, typicality)) };
/** Half-splits summed. */
const SPLITS = 8;
for (const [name, outcomes] of Object.entries(variants)) {
  const tot = { right: 0, wrong: 0, hr: 0, hw: 0, out: 0, n: 0, hn: 0, on: 0 };
  for (let seed = 1; seed <= SPLITS; seed++) {
    const fold = (id: string) => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0) + seed) >>> 0, seed * 7919) % 2;
    for (const f of [0, 1]) {
      const train = outcomes.filter((o) => fold(o.probe.entryId) !== f);
      const test = outcomes.filter((o) => fold(o.probe.entryId) === f);
      const { model, read } = readWithAnswerModel(train);
      const fit = fitThresholds(read, { targetWrongRate: 0.02, wrongFirstShare: DEFAULT_BOT_SETTINGS.wrongFirstShare, maxOutOfScopeAnswered: MAX_OUT_OF_SCOPE_ANSWERED });
      const t = fit.targetMet ? { ...fit.thresholds, model } : fit.thresholds;
      for (const o of test) {
        const e = probeEvidence(t, o.top);
        const a = e !== null && answers(t, e);
        if (!o.inScope) { tot.on++; if (a) tot.out++; continue; }
        tot.n++;
        const hard = o.probe.kind === 'leave_one_out';
        if (hard) tot.hn++;
        if (!a) continue;
        const right = o.top!.entryId === o.probe.entryId;
        right ? tot.right++ : tot.wrong++;
        if (hard) right ? tot.hr++ : tot.hw++;
      }
    }
  }
  console.log(`${name}: in scope right ${tot.right} wrong ${tot.wrong} of ${tot.n} (${(100 * tot.wrong / tot.n).toFixed(2)}% wrong) | leave-one-out right ${tot.hr} wrong ${tot.hw} of ${tot.hn} | out of scope answered ${tot.out}/${tot.on}`);
}
await demo.dispose();
