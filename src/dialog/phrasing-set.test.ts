import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyTally, HANDOFF_LABEL, measurePhrasings, OFF_TOPIC_LABEL, readPhrasingSet, tallyOutcome, unknownExpectations, type JudgedDecision } from './phrasing-set.js';

const answer = (entryId: string): JudgedDecision => ({ action: 'answer', entryId, suggestions: [] });
const clarify = (...ids: string[]): JudgedDecision => ({ action: 'clarify', entryId: null, suggestions: ids.map((entryId) => ({ entryId, question: entryId })) });
const fallback: JudgedDecision = { action: 'fallback', entryId: null, suggestions: [] };
const handoff: JudgedDecision = { action: 'handoff', entryId: null, suggestions: [] };

describe('tallying a phrasing set', () => {
  it('puts every business phrasing in exactly one of right / wrong / offered / nothing useful', () => {
    const tally = emptyTally();
    const q = (query: string) => ({ query, expect: 'tel-invoice' });
    expect(tallyOutcome(tally, q('开发漂'), { decision: answer('tel-invoice'), rankedFirst: 'tel-invoice' })).toBeNull();
    expect(tallyOutcome(tally, q('發票咋開'), { decision: answer('tel-points'), rankedFirst: 'tel-points' })).toBe('wrong answer: 發票咋開 → tel-points (expected tel-invoice)');
    expect(tallyOutcome(tally, q('fapiao'), { decision: clarify('tel-points', 'tel-invoice'), rankedFirst: 'tel-points' })).toMatch(/^offered/);
    expect(tallyOutcome(tally, q('报销要的那个票'), { decision: clarify('tel-points') })).toMatch(/^nothing useful: .*\(tel-points\)/);
    // A hand-off on a business question did not answer it either.
    expect(tallyOutcome(tally, q('发票开错了气死了'), { decision: handoff })).toMatch(/^nothing useful/);
    expect(tally).toMatchObject({ business: 5, rankedFirst: 1, answeredRight: 1, answeredWrong: 1, offeredRight: 1, nothingUseful: 2 });
    expect(tally.answeredRight + tally.answeredWrong + tally.offeredRight + tally.nothingUseful).toBe(tally.business);
  });

  it('counts hand-off requests and off-topic questions apart from the business ones', () => {
    const tally = emptyTally();
    expect(tallyOutcome(tally, { query: '转人工', expect: HANDOFF_LABEL }, { decision: handoff })).toBeNull();
    expect(tallyOutcome(tally, { query: '有活人吗', expect: HANDOFF_LABEL }, { decision: fallback })).toBe('not handed over: 有活人吗 → fallback');
    // Declining or clarifying an off-topic question is fine; only a direct answer from an entry is wrong.
    expect(tallyOutcome(tally, { query: '讲个笑话', expect: OFF_TOPIC_LABEL }, { decision: clarify('tel-store') })).toBeNull();
    expect(tallyOutcome(tally, { query: '周末去哪玩', expect: OFF_TOPIC_LABEL }, { decision: answer('tel-store') })).toBe('off-topic answered: 周末去哪玩 → tel-store');
    expect(tally).toMatchObject({ business: 0, handoffRequests: 2, handoffs: 1, offTopic: 2, offTopicAnswered: 1 });
  });

  it('measures a set in order through the judge it is given', async () => {
    const seen: string[] = [];
    const { tally, misses } = await measurePhrasings(
      [{ query: '话费余额', expect: 'tel-balance-query' }, { query: '转人工', expect: HANDOFF_LABEL }],
      (text) => {
        seen.push(text);
        return { decision: text === '转人工' ? handoff : fallback };
      },
    );
    expect(seen).toEqual(['话费余额', '转人工']);
    expect(tally).toMatchObject({ business: 1, nothingUseful: 1, handoffs: 1 });
    expect(misses).toHaveLength(1);
  });
});

describe('reading a phrasing set', () => {
  it('finds labels that name no entry, never the hand-off and off-topic labels', () => {
    const set = [{ query: '查话费', expect: 'tel-balance-query' }, { query: '查话费余额', expect: 'tel-balanse-query' }, { query: '转人工', expect: HANDOFF_LABEL }, { query: '讲笑话', expect: OFF_TOPIC_LABEL }];
    expect(unknownExpectations(set, new Set(['tel-balance-query']))).toEqual([{ query: '查话费余额', expect: 'tel-balanse-query' }]);
  });

  it('names the malformed row instead of skipping it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wendu-phrasings-'));
    try {
      const file = join(dir, 'set.json');
      writeFileSync(file, JSON.stringify([{ query: '查话费', expect: 'tel-balance-query', note: 'colloquial' }, { query: '  ', expect: 'x' }]));
      expect(() => readPhrasingSet(file)).toThrow(expect.objectContaining({ code: 'WENDU_IMPORT_INVALID', details: expect.objectContaining({ row: 2 }) }));
      writeFileSync(file, JSON.stringify([{ query: '查话费', expect: 'tel-balance-query', note: 'colloquial' }]));
      expect(readPhrasingSet(file)).toEqual([{ query: '查话费', expect: 'tel-balance-query', note: 'colloquial' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
