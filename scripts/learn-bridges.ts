/**
 * Learns the general lexical-bridge prior (src/nlu/bridges.ts) from the POSITIVE pairs of the
 * DEVELOPMENT pair sets only — bq_dev and lcqmc_dev from ../shared/data; the test sets and AFQMC
 * are never read — and writes src/nlu/lexicons/bridge-prior.json: the strongest associations
 * only, so the file stays small. Run: `npx tsx scripts/learn-bridges.ts`.
 *
 * Each positive pair is a paraphrase pair: its words are analysed as the matcher analyses a
 * question (no synonyms, the base dictionary) and aligned exactly as a knowledge base's own
 * paraphrases are (BridgeLearner), with stricter evidence since these pairs are not the shop's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../src/nlu/analyze.js';
import { BridgeLearner, type BridgeTableOptions } from '../src/nlu/bridges.js';
import { SynonymMap } from '../src/nlu/synonyms.js';

const DATA = process.env.WENDU_EVAL_DATA ?? join(import.meta.dirname, '../../shared/data');
const DEV_PAIRS = ['bq_dev.tsv', 'lcqmc_dev.tsv'];
const OUT = join(import.meta.dirname, '../src/nlu/lexicons/bridge-prior.json');

/** A prior association needs several independent pairs and a real share of the word's pairs. */
const PRIOR_OPTIONS: BridgeTableOptions = { smoothing: 2, minAssociation: 0.1, minPairCount: 1, maxPerWord: 3 };
/** The file must stay small (the brief's limit is 500 KB); stop adding words past this many. */
const MAX_WORDS = 4000;

const noSynonyms = new SynonymMap();
const learner = new BridgeLearner();
let pairs = 0;
for (const file of DEV_PAIRS) {
  for (const line of readFileSync(join(DATA, 'pairs', file), 'utf8').split('\n')) {
    const [a, b, label] = line.split('\t');
    if (label?.trim() !== '1') continue;
    learner.addParaphrases([analyze(a, noSynonyms).terms, analyze(b, noSynonyms).terms]);
    pairs++;
  }
}
const table = learner.table(PRIOR_OPTIONS);
// Strongest first, so the cut at MAX_WORDS keeps the most reliable words.
const words = [...table].sort((x, y) => Math.max(...y[1].values()) - Math.max(...x[1].values())).slice(0, MAX_WORDS);
const associations: Record<string, [string, number][]> = {};
for (const [w, row] of words.sort((x, y) => x[0].localeCompare(y[0]))) {
  associations[w] = [...row].map(([t, p]) => [t, Math.round(p * 1000) / 1000]);
}
const file = {
  about: 'Lexical-bridge prior for src/nlu/bridges.ts, written by scripts/learn-bridges.ts. Do not edit by hand.',
  source: DEV_PAIRS.map((f) => `${f} (positive pairs only)`),
  pairs,
  options: PRIOR_OPTIONS,
  associations,
};
const text = JSON.stringify(file) + '\n';
writeFileSync(OUT, text);
console.log(`${pairs} positive dev pairs → ${Object.keys(associations).length} words, ${(text.length / 1024).toFixed(0)} KB → ${OUT}`);
