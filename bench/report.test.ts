import { describe, expect, it } from 'vitest';
import { emptyTally } from '../src/dialog/phrasing-set.js';
import { answeringShares, calibrationSummary, faqKnowledgeEntries, modeSettings, type AnsweringRow } from './answering.js';
import { answeringSection, mergeResults, targetsSection } from './report.js';

/** The rows of the first table under the `## N. <title>…` heading. */
function parseTable(doc: string, title: string): string[][] {
  const lines = doc.split('\n');
  const heading = lines.findIndex((l) => /^###? (\d+\. )?/.test(l) && l.replace(/^###? (\d+\. )?/, '').startsWith(title));
  const start = lines.findIndex((l, i) => i > heading && l.startsWith('|'));
  if (heading < 0 || start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(2, -2).split(' | '));
  }
  return rows;
}

const RESULTS = [
  '# Wendu benchmark results',
  '',
  '### How to read this',
  '',
  '## 1. Retrieval accuracy (FAQ tasks, full knowledge base)',
  '',
  '| task | top-1 % |',
  '| --- | --- |',
  '| bq_dev | 13.7 |',
  '',
  '### Same comparison on a subsample',
  '',
  '## 2. Pair accuracy',
  '',
  'old pairs',
  '',
  '## 3. Targets',
  '',
  '| target | goal | measured |  |',
  '| --- | --- | --- | --- |',
  '| top-1 bq_dev | ≥ 23.4 | 13.7 | ❌ |',
  '| direct answers right, telecom | ≥ 70.0 | 30.0 | ❌ |',
  '',
  'Methodology: see docs/benchmark.md.',
  '',
].join('\n');

const telecom = (): AnsweringRow => ({
  set: 'telecom',
  heldOut: true,
  thresholds: 'self-calibrated',
  calibration: { status: 'calibrated', answerThreshold: 0.87, answerMargin: 0.4, elapsedMs: 1234 },
  entries: 61,
  tally: { ...emptyTally(), business: 200, rankedFirst: 150, answeredRight: 80, answeredWrong: 4, offeredRight: 50, nothingUseful: 66, handoffRequests: 12, handoffs: 12, offTopic: 20, offTopicAnswered: 1 },
  peers: [{ system: 'node-nlp', scores: { top1: 0.7, top3: 0.8, mrr: 0.75, queries: 200 } }, { system: 'BM25 (MiniSearch+jieba)', note: 'not cached' }],
});

describe('merging a partial run into bench/results.md', () => {
  it('inserts a new section before Targets, renumbers, and keeps every other section as it was', () => {
    const merged = mergeResults(RESULTS, ['## 4. Answering (the bot\'s decision)\n\n| set | right % |\n| --- | --- |\n| telecom | 40.0 |\n']);
    const headings = merged.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## 1. Retrieval accuracy (FAQ tasks, full knowledge base)', '## 2. Pair accuracy', "## 3. Answering (the bot's decision)", '## 4. Targets']);
    expect(merged).toContain('| bq_dev | 13.7 |\n\n### Same comparison on a subsample');
    expect(merged).toContain('old pairs');
    expect(merged.startsWith('# Wendu benchmark results\n\n### How to read this\n')).toBe(true);
    expect(merged.endsWith('Methodology: see docs/benchmark.md.\n')).toBe(true);
  });

  it('replaces a section of the same title, and in Targets only the rows the run measured', () => {
    const once = mergeResults(RESULTS, ['## 1. Pair accuracy\n\nnew pairs']);
    expect(once).toContain('new pairs');
    expect(once).not.toContain('old pairs');
    const targets = ['## 5. Targets', '', '| target | goal | measured |  |', '| --- | --- | --- | --- |', '| direct answers right, telecom | ≥ 70.0 | 41.0 | ❌ |', '| hand-offs, telecom | 100.0 | 100.0 | ✅ |'].join('\n');
    const rows = parseTable(mergeResults(once, [targets]), 'Targets');
    expect(rows).toEqual([
      ['top-1 bq_dev', '≥ 23.4', '13.7', '❌'],
      ['direct answers right, telecom', '≥ 70.0', '41.0', '❌'],
      ['hand-offs, telecom', '100.0', '100.0', '✅'],
    ]);
    // Merging the same sections again changes nothing.
    expect(mergeResults(mergeResults(once, [targets]), [targets])).toBe(mergeResults(once, [targets]));
  });
});

describe('the answering report', () => {
  it('gives shares of the business phrasings that add up to the whole', () => {
    const s = answeringShares(telecom().tally)!;
    expect(s.answeredRight).toBeCloseTo(0.4);
    expect(s.answeredRight + s.answeredWrong + s.offeredRight + s.nothingUseful).toBeCloseTo(1);
    expect(s.rankedFirst).toBeCloseTo(0.75);
    expect(answeringShares(emptyTally())).toBeUndefined();
  });

  it('prints one row per set with the peers\' top-1 or why it is missing', () => {
    const [row] = parseTable(answeringSection([telecom(), { ...telecom(), set: 'bq_dev', heldOut: false, tally: { ...emptyTally(), business: 50, answeredWrong: 5, nothingUseful: 45 }, sampledFrom: 979 }]), 'Answering');
    expect(row).toEqual(['telecom', 'held out', 'self-calibrated', '61', '200', '75.0', '40.0', '2.0', '25.0', '33.0', '70.0', 'not cached', '12 / 12', '1 / 20']);
    const [, sampled] = parseTable(answeringSection([telecom(), { ...telecom(), set: 'bq_dev', heldOut: false, tally: { ...emptyTally(), business: 50, answeredWrong: 5, nothingUseful: 45 }, sampledFrom: 979 }]), 'Answering');
    expect(sampled.slice(0, 5)).toEqual(['bq_dev', 'tuning', 'self-calibrated', '61', '50 of 979 (fixed-seed sample)']);
    expect(sampled.slice(-2)).toEqual(['—', '—']);
  });

  it('shows the fitted thresholds and calibration time of every self-calibrated row, and says when there was none', () => {
    const fixed: AnsweringRow = { ...telecom(), thresholds: 'fixed', calibration: undefined };
    const section = answeringSection([fixed, telecom(), { ...telecom(), set: 'tiny', calibration: null }]);
    expect(parseTable(section, 'Answering').map((r) => r[2])).toEqual(['fixed', 'self-calibrated', 'self-calibrated']);
    expect(parseTable(section, 'Self-calibration per knowledge base')).toEqual([
      ['telecom', 'calibrated', '0.87', '0.40', '1.2 s'],
      ['tiny', 'none (settings in force)', '—', '—', '—'],
    ]);
  });

  it('checks issue 9\'s answering targets on the held-out self-calibrated rows only, with what each set can measure', () => {
    const fixed: AnsweringRow = { ...telecom(), thresholds: 'fixed', tally: { ...telecom().tally, answeredRight: 190 } };
    const publicTask: AnsweringRow = {
      ...telecom(),
      set: 'bq_test',
      tally: { ...emptyTally(), business: 100, rankedFirst: 15, answeredRight: 5, answeredWrong: 2, nothingUseful: 93 },
      peers: [{ system: 'BM25 (MiniSearch+jieba)', scores: { top1: 0.13, top3: 0.2, mrr: 0.15, queries: 100 } }, { system: 'node-nlp', note: 'not cached' }],
    };
    const rows = parseTable(targetsSection(undefined, undefined, [fixed, telecom(), { ...telecom(), set: 'demo tuning', heldOut: false }, publicTask]), 'Targets');
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ['direct answers right, telecom', '❌'],
      ['direct answers wrong, telecom', '✅'],
      ['off-topic answered, telecom', '✅'],
      ['hand-off requests handed over, telecom', '✅'],
      ['ranking top-1 vs best peer, telecom', '✅'],
      ['direct answers right, bq_test', '❌'],
      ['direct answers wrong, bq_test', '✅'],
      ['ranking top-1 vs best peer, bq_test', '✅'],
    ]);
    expect(rows.find((r) => r[0] === 'ranking top-1 vs best peer, telecom')?.slice(1, 3)).toEqual(['≥ 70.0 (node-nlp)', '75.0']);
    const behind = parseTable(targetsSection(undefined, undefined, [{ ...publicTask, tally: { ...publicTask.tally, rankedFirst: 12 } }]), 'Targets');
    expect(behind.at(-1)).toEqual(['ranking top-1 vs best peer, bq_test', '≥ 13.0 (BM25 (MiniSearch+jieba))', '12.0', '❌']);
  });

  it('measures the fixed row with self-calibration off and the other with the product\'s default', () => {
    expect(modeSettings('fixed').calibration).toBe('off');
    expect(modeSettings('self-calibrated').calibration).toBe('auto');
    expect(calibrationSummary(null)).toBeNull();
  });

  it('gives the policy public-task entries that are published and always in force', () => {
    const entries = faqKnowledgeEntries([{ id: 'q1', question: '花呗怎么还款', similarQuestions: ['花呗还钱'] }]);
    expect(entries.get('q1')).toMatchObject({ status: 'published', validFrom: null, validTo: null, similarQuestions: ['花呗还钱'] });
  });
});
