/**
 * What could tell a right first entry from a wrong one: the separation (ROC AUC) of the answer model's features and of
 * candidate ones, on the demo tuning set's real phrasings and on the calibration probes of the same knowledge base, the
 * features' means by probe kind (are the probes like customers?), and answer models fitted on the probes with a
 * feature or a probe kind more or less — judged out of fold on leave-one-out probes (fitted on half the entries'
 * probes, judged on the other half's) and on the tuning set. docs/confidence.md, "Third round".
 *
 *   npx tsx bench/answer-features.ts              the demo shop: tuning set and probes
 *   npx tsx bench/answer-features.ts --telecom    the telecom trade: its probes only (its phrasings are held out)
 *
 * Never reads a held-out phrasing set.
 */
import { join } from 'node:path';
import { answerEvidence, ANSWER_MODEL_FEATURES, PROBABILITY_FLOOR } from '../src/dialog/calibration/answer-model.js';
import { entryTypicality, type EntryTypicality } from '../src/dialog/calibration/typicality.js';
import { NEAR_COPY_KINDS } from '../src/dialog/calibration/fit.js';
import { keyWordHeld } from '../src/dialog/calibration/key-word.js';
import { buildProbes } from '../src/dialog/calibration/probes.js';
import { isBusinessPhrasing, readPhrasingSet } from '../src/dialog/phrasing-set.js';
import { fitLogistic, logit, sigmoid } from '../src/nlu/logistic.js';
import type { Matcher } from '../src/nlu/matcher.js';
import type { MatchableEntry, MatchCandidate } from '../src/nlu/types.js';
import { wordIdf } from '../src/nlu/word-weights.js';
import { DEMO_DIR, TELECOM_DEMO_DIR } from '../src/server/demo-loader.js';
import { botMatcher } from './demo-matcher.js';

/** Candidates ranked per phrasing (as the policy looks at). */
const K = 8;
/** The oracle's wrong answers allowed on the tuning set, as in answer-diagnosis.ts. */
const ORACLE_WRONG_SHARE = 0.03;

/** Wrong answers allowed for the out-of-fold count on the probes (the operator's default target). */
const PROBE_WRONG_SHARE = 0.02;

/** The most rightly answered by a single threshold on the score `p` with at most `share` of the set wrong. */
function answeredAt(scored: readonly Sample[], share: number): number {
  let right = 0;
  let wrong = 0;
  let best = 0;
  for (const s of [...scored].sort((x, y) => y.f.p - x.f.p)) {
    if (s.right) right++;
    else wrong++;
    if (wrong <= Math.floor(share * scored.length)) best = Math.max(best, right);
  }
  return best;
}

interface Sample {
  kind: string;
  entryId: string;
  right: boolean;
  f: Record<string, number>;
}

function auc(samples: readonly Sample[], name: string): number {
  const pos = samples.filter((s) => s.right).map((s) => s.f[name]);
  const neg = samples.filter((s) => !s.right).map((s) => s.f[name]);
  if (!pos.length || !neg.length) return NaN;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}


/** IDF-weighted share of the query's words only the runner-up's questions hold (a sibling's word), by the analyses. */
function rivalOnlyShare(matcher: Matcher, query: string, first: MatchableEntry | undefined, second: MatchableEntry | undefined, hidden: ReadonlySet<string>): number {
  const holds = (e: MatchableEntry | undefined) => {
    const qs = e ? [e.question, ...e.similarQuestions, ...(e.learnedQuestions ?? [])].filter((q) => !hidden.has(q)).map((q) => matcher.analyze(q)) : [];
    return (t: string) => qs.some((q) => q.terms.includes(t) || q.normalized.text.includes(t));
  };
  const [a, b] = [holds(first), holds(second)];
  let total = 0;
  let rival = 0;
  for (const t of new Set(matcher.analyze(query).terms)) {
    total += wordIdf(t);
    if (!a(t) && b(t)) rival += wordIdf(t);
  }
  return total ? rival / total : 0;
}

function features(matcher: Matcher, typicality: EntryTypicality, byId: Map<string, MatchableEntry>, query: string, ranked: MatchCandidate[], hidden: ReadonlySet<string>): Record<string, number> {
  const [a, b] = ranked;
  const evidence = answerEvidence(a, b, typicality.of(a.entryId, hidden));
  const f: Record<string, number> = Object.fromEntries(ANSWER_MODEL_FEATURES.map((name, i) => [name, evidence[i]]));
  for (const k of ['coverageQuery', 'charCoverageQuery', 'bigramDice', 'keyWordMatch', 'retrieval', 'entryCoverage']) f[k] = a.features[k] ?? 0;
  // Independent signals agreeing on the first entry: BM25, character overlap, word coverage, character coverage.
  const first = (k: string) => (ranked.slice(1).every((o) => (a.features[k] ?? 0) >= (o.features[k] ?? 0)) ? 1 : 0);
  f.agreement = first('retrieval') + first('bigramDice') + first('coverageQuery') + first('charCoverageQuery');
  f.queryWords = matcher.analyze(query).terms.length;
  f.recalledShare = a.features.recalledShare ?? 0;
  f.recalledLead = f.recalledShare - (b?.features.recalledShare ?? 0);
  f.keyWordHeld = keyWordHeld(matcher, query, ranked) ? 1 : 0;
  f.rivalOnly = rivalOnlyShare(matcher, query, byId.get(a.entryId), b && byId.get(b.entryId), hidden);
  // Over the top 5 (what a probe ranks): entropy of the confidences, and how many reach half the first's.
  const top5 = ranked.slice(0, 5).map((c) => c.confidence);
  const sum = top5.reduce((x, y) => x + y, 0) || 1;
  f.entropy = -top5.reduce((h, c) => (c > 0 ? h + (c / sum) * Math.log(c / sum) : h), 0);
  f.nearCount = top5.filter((c) => c >= 0.5 * a.confidence).length;
  const lead = (k: string) => (a.features[k] ?? 0) - Math.max(0, ...ranked.slice(1, 5).map((o) => o.features[k] ?? 0));
  f.charLead = lead('charCoverageQuery');
  f.wordLead = lead('coverageQuery');
  f.diceLead = lead('bigramDice');
  f.lcsLead = lead('lcs');
  f.viewsAgree = f.charLead > 0 && f.wordLead > 0 ? 1 : 0;
  const idfMass = [...new Set(matcher.analyze(query).terms)].reduce((m, t) => m + wordIdf(t), 0);
  f.idfMass = idfMass;
  f.unexplainedMass = (1 - (a.features.entryCoverage ?? 0)) * idfMass;
  f.unmatchedQuery = a.features.unmatchedQuery ?? 0;
  return f;
}

/** Answer models to compare: round 2's features, each round-3 addition in turn, and candidates not kept. */
const ROUND_2 = ['confidenceLogit', 'lead', 'support', 'supportMean', 'supportLead'];
const ROUND_3 = [...ROUND_2, 'coverageLead', 'recalledShare', 'recalledLead'];
const CURRENT = [...ANSWER_MODEL_FEATURES];
const VARIANTS: Record<string, string[]> = {
  'round 2': ROUND_2,
  '+ coverageLead': [...ROUND_2, 'coverageLead'],
  'round 3 (+ recalled share, lead)': ROUND_3,
  'current (+ typicality)': CURRENT,
  'current + agreement': [...CURRENT, 'agreement'],
  'current + queryWords': [...CURRENT, 'queryWords'],
  'current + entryCoverage': [...CURRENT, 'entryCoverage'],
  'current + rivalOnly': [...CURRENT, 'rivalOnly'],
  ...Object.fromEntries(['entropy', 'nearCount', 'charLead', 'wordLead', 'diceLead', 'lcsLead', 'viewsAgree', 'idfMass', 'unexplainedMass', 'unmatchedQuery'].map((n) => [`current + ${n}`, [...CURRENT, n]])),
};

async function main() {
  const folder = process.argv.includes('--telecom') ? TELECOM_DEMO_DIR : DEMO_DIR;
  const { demo, matcher, entries } = await botMatcher(folder);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const typicality = entryTypicality(matcher, entries, PROBABILITY_FLOOR);
  const probes: Sample[] = [];
  for (const p of buildProbes(entries, { analyze: (t) => matcher.analyze(t) })) {
    const ranked = matcher.rank(p.text, K, { exclude: p.exclude });
    if (ranked.length) probes.push({ kind: p.kind, entryId: p.entryId, right: p.kind !== 'out_of_scope' && ranked[0].entryId === p.entryId, f: features(matcher, typicality, byId, p.text, ranked, p.exclude.questions ?? new Set()) });
  }
  const tuning: Sample[] = [];
  const phrasings = folder === DEMO_DIR ? readPhrasingSet(join(DEMO_DIR, 'eval-queries.json')).filter(isBusinessPhrasing) : [];
  for (const p of phrasings) {
    const ranked = matcher.rank(p.query, K);
    if (ranked.length) tuning.push({ kind: 'tuning', entryId: p.expect, right: ranked[0].entryId === p.expect, f: features(matcher, typicality, byId, p.query, ranked, new Set()) });
  }
  await demo.dispose();

  const leaveOneOut = probes.filter((s) => s.kind === 'leave_one_out');
  const groups: [string, Sample[]][] = [['tuning set', tuning], ['all probes', probes], ['leave-one-out', leaveOneOut]];
  console.log(`# ${folder} — ROC AUC of right against wrong first entries (right/all)`);
  console.log('feature'.padEnd(18) + groups.map(([g, s]) => `${g} ${s.filter((x) => x.right).length}/${s.length}`.padStart(24)).join(''));
  for (const n of Object.keys(probes[0].f)) console.log(n.padEnd(18) + groups.map(([, s]) => auc(s, n).toFixed(3).padStart(24)).join(''));

  console.log('\n# means by set, right | wrong');
  const shown = ['confidenceLogit', 'lead', 'supportMean', 'coverageLead', 'coverageQuery', 'rivalOnly', 'keyWordHeld', 'queryWords'];
  console.log('set'.padEnd(14) + shown.map((n) => n.slice(0, 12).padStart(14)).join('') + '   right/wrong');
  for (const kind of ['tuning', 'leave_one_out', 'typo', 'traditional', 'particles', 'fragment', 'out_of_scope']) {
    const set = kind === 'tuning' ? tuning : probes.filter((s) => s.kind === kind);
    const mean = (of: Sample[], n: string) => (of.length ? (of.reduce((x, y) => x + y.f[n], 0) / of.length).toFixed(2) : '-');
    const right = set.filter((s) => s.right);
    const wrong = set.filter((s) => !s.right);
    console.log(kind.padEnd(14) + shown.map((n) => `${mean(right, n)}|${mean(wrong, n)}`.padStart(14)).join('') + `   ${right.length}/${wrong.length}`);
  }

  console.log('\n# answer models fitted on the probes: out-of-fold AUC on leave-one-out probes; on the tuning set AUC and oracle');
  const fold = (s: Sample) => [...s.entryId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 2;
  const fitOn = (rows: Sample[], fs: string[]) => fitLogistic(fs, rows.map((s) => fs.map((k) => s.f[k])), rows.map((s) => (s.right ? 1 : 0)));
  for (const [training, rows] of [['without near copies', probes.filter((s) => !NEAR_COPY_KINDS.has(s.kind as never))]] as const) {
    for (const [name, fs] of Object.entries(VARIANTS)) {
      const outOfFold: Sample[] = [];
      for (const k of [0, 1]) {
        const m = fitOn(rows.filter((s) => fold(s) !== k), fs);
        for (const s of leaveOneOut.filter((x) => fold(x) === k)) outOfFold.push({ ...s, f: { p: sigmoid(logit(m, fs.map((x) => s.f[x]))) } });
      }
      const m = fitOn(rows, fs);
      const scored = tuning.map((s) => ({ ...s, f: { p: sigmoid(logit(m, fs.map((x) => s.f[x]))) } }));
      const oracle = answeredAt(scored, ORACLE_WRONG_SHARE);
      // Out of fold, on the leave-one-out probes of the held-back half: answered rightly at ≤ 2% wrong.
      const probeOracle = answeredAt(outOfFold, PROBE_WRONG_SHARE);
      const onTuning = tuning.length ? `  tuning AUC ${auc(scored, 'p').toFixed(3)}, oracle ${oracle}/${phrasings.length}, at 2% ${answeredAt(scored, PROBE_WRONG_SHARE)}` : '';
      console.log(`${training.padEnd(20)} ${name.padEnd(32)} out-of-fold ${auc(outOfFold, 'p').toFixed(3)}, at 2% ${probeOracle}/${outOfFold.length}${onTuning}`);
    }
  }
}

await main();
