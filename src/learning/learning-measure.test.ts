/**
 * Learning through the inbox on held-out sets (src/learning/learning-measure.ts): gates only on
 * safety — after learning from one half (flagged attachments left out, as the console advises),
 * the other half gets no more wrong direct answers. Whether right answers go up is measured and
 * reported (`npm run bench -- --only learning`, docs/learning.md), not gated: today they do not.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DIR, TELECOM_DEMO_DIR } from '../server/demo-loader.js';
import type { LabelledPhrasing } from '../dialog/phrasing-set.js';
import { majorityEntry, measureLearning, splitHalves } from './learning-measure.js';

const MEASURE_TIMEOUT_MS = 300_000;

describe('the split and the majority', () => {
  const set: LabelledPhrasing[] = [
    { query: '退货咋退', expect: 'shop-return-process' },
    { query: '轉人工', expect: 'handoff' },
    { query: '发票能开吗😅', expect: 'shop-invoice-how' },
    { query: '今天天气咋样', expect: 'fallback' },
    { query: '钱啥时候退回来', expect: 'shop-refund-time' },
  ];

  it('splits the business phrasings only, the same way every time, into halves that do not overlap', () => {
    const { learn, ask } = splitHalves(set);
    expect(learn.length + ask.length).toBe(3);
    expect(learn.length).toBe(2);
    expect(new Set([...learn, ...ask].map((p) => p.query))).toEqual(new Set(['退货咋退', '发票能开吗😅', '钱啥时候退回来']));
    expect(splitHalves(set)).toEqual({ learn, ask });
  });

  it('takes the label most of a cluster carries, the first among equals', () => {
    expect(majorityEntry(['a', 'b', 'b'])).toBe('b');
    expect(majorityEntry(['a', 'b'])).toBe('a');
    expect(majorityEntry([])).toBeNull();
  });
});

describe.each([
  { set: 'demo shop, held out', folder: DEMO_DIR },
  { set: 'telecom trade, held out', folder: TELECOM_DEMO_DIR },
])('learning from half of the $set', ({ folder }) => {
  it(
    'answers none of the other half more wrongly',
    async () => {
      const m = await measureLearning(folder, 'heldout-queries.json', { heedChecks: true });
      expect(m.asked).toBeGreaterThan(0);
      expect(m.clusters).toBeGreaterThan(0);
      expect(m.after.business).toBe(m.before.business);
      expect(m.after.answeredWrong).toBeLessThanOrEqual(m.before.answeredWrong);
    },
    MEASURE_TIMEOUT_MS,
  );
});
