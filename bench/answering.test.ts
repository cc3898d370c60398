import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBusinessPhrasing, readPhrasingSet } from '../src/dialog/phrasing-set.js';
import type { MatchableEntry } from '../src/nlu/types.js';
import { DEMO_DIR } from '../src/server/demo-loader.js';
import { measureFaqDecisions } from './answering.js';

/** The demo shop's knowledge as a public task sees it: questions only, no synonyms, no answers indexed. */
function demoAsFaqEntries(): MatchableEntry[] {
  const raw = JSON.parse(readFileSync(join(DEMO_DIR, 'knowledge.json'), 'utf8')) as { id: string; question: string; similar_questions?: string[] }[];
  return raw.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similar_questions ?? [] }));
}

describe('the public-task path of the answering section', () => {
  it('decides the self-calibrated row with the calibration fitted on the task itself, the fixed row without', async () => {
    const phrasings = readPhrasingSet(join(DEMO_DIR, 'eval-queries.json')).filter(isBusinessPhrasing);
    const [fixed, calibrated] = await measureFaqDecisions('demo as a FAQ task', demoAsFaqEntries(), phrasings);
    expect(fixed.thresholds).toBe('fixed');
    expect(fixed.calibration).toBeUndefined();
    expect(calibrated.thresholds).toBe('self-calibrated');
    expect(calibrated.calibration?.status).toBe('calibrated');
    // Same ranking, different decisions: the fitted thresholds (not the settings') reached the policy.
    expect(calibrated.tally.rankedFirst).toBe(fixed.tally.rankedFirst);
    expect(calibrated.tally.answeredRight).not.toBe(fixed.tally.answeredRight);
    for (const t of [fixed.tally, calibrated.tally]) {
      expect(t.business).toBe(phrasings.length);
      expect(t.answeredRight + t.answeredWrong + t.offeredRight + t.nothingUseful).toBe(t.business);
    }
  }, 60_000);
});
