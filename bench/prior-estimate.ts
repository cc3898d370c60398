/**
 * The traffic prior checked where the truth is known: the demo tuning set's phrasings taken as a bot's
 * served traffic (unlabelled, as the bot sees it), the share of wrong first entries estimated from them by
 * EM under the calibrated answer model (src/dialog/calibration/prior.ts), against the share the labels give.
 * docs/confidence.md, "Fifth round: the prior".
 *
 *   npx tsx bench/prior-estimate.ts [--repeat N] [--heldout | --telecom]
 *
 * The tuning set by default. `--heldout` / `--telecom` measure the estimator on a held-out set's phrasings
 * (a measurement of the estimate, made once; nothing is chosen on it). `--repeat N` serves every phrasing
 * N times so the traffic reaches MIN_SERVED_DECISIONS (the estimate is a mean: repeating changes nothing
 * but the count).
 */
import { join } from 'node:path';
import { parseBotSettings } from '../src/config/settings.js';
import { calibrate } from '../src/dialog/calibration/calibrate.js';
import { PROBE_CANDIDATES } from '../src/dialog/calibration/outcomes.js';
import { isBusinessPhrasing, OFF_TOPIC_LABEL, readPhrasingSet } from '../src/dialog/phrasing-set.js';
import { DEMO_DIR, TELECOM_DEMO_DIR } from '../src/server/demo-loader.js';
import { botMatcher } from './demo-matcher.js';

const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : 2;
const [folder, file] = process.argv.includes('--telecom') ? [TELECOM_DEMO_DIR, 'heldout-queries.json'] : process.argv.includes('--heldout') ? [DEMO_DIR, 'heldout-queries.json'] : [DEMO_DIR, 'eval-queries.json'];
const { demo, matcher, entries } = await botMatcher(folder);
const phrasings = readPhrasingSet(join(folder, file));
for (const [label, set] of [['business phrasings', phrasings.filter(isBusinessPhrasing)], ['business and off-topic', phrasings.filter((p) => isBusinessPhrasing(p) || p.expect === OFF_TOPIC_LABEL)]] as const) {
  const ranked = set.map((p) => ({ expect: p.expect, ranking: matcher.rank(p.query, PROBE_CANDIDATES) })).filter((r) => r.ranking.length > 0);
  const wrongFirst = ranked.filter((r) => r.ranking[0].entryId !== r.expect).length;
  const served = Array.from({ length: repeat }, () => ranked.map((r) => r.ranking)).flat();
  const calibration = calibrate(matcher, entries, parseBotSettings({}), { served });
  const p = calibration.prior;
  console.log(`${label}: labelled wrong-first share ${wrongFirst} / ${ranked.length} = ${(wrongFirst / ranked.length).toFixed(3)}; EM estimate ${p.estimate?.toFixed(3) ?? '—'} (source ${p.source}, ${p.servedDecisions} judged decisions, share used ${p.share.toFixed(3)}); thresholds ${calibration.thresholds.answerThreshold} / ${calibration.thresholds.keyWordMissingThreshold} / ${calibration.thresholds.answerMargin}`);
}
await demo.dispose();
