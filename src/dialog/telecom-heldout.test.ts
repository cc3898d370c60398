/**
 * A second trade (demo/trades/telecom): a telecom operator's knowledge base and customer phrasings, both
 * written before the matcher ever ran on them and never tuned on (git history: the commit that added them
 * precedes every run). It shows whether what was tuned on the demo shop transfers to a knowledge base its
 * authors have not seen. Measured over the real stack — real SQLite, the knowledge loaded through the import
 * path, the real matcher and policy with the product's default settings (self-calibrated) — and gated only on
 * safety; the answering rates and the hand-offs are printed, never asserted
 * (docs/benchmark.md lists the misses).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELECOM_DEMO_DIR } from '../server/demo-loader.js';
import { measurePhrasings, readPhrasingSet, unknownExpectations } from './phrasing-set.js';
import { DEMO_MEASURED_AT, judgeWithBot, openDemoBot, type DemoBot } from './testing.js';

/**
 * Wrong direct answers allowed: issue 9's target, ≤ 3% of business phrasings (5 of 195). The bot met it with the
 * fixed thresholds (4 wrong, 77 right); self-calibrated (2026-11-30, the product default) it answered 90 right but
 * 6 wrong (3.1%), and with the shipped lexicon and lexical bridges merged 89 right and 7 wrong (3.6%), when this bound
 * was the measured 7. With the key word judged against the runner-ups (src/dialog/calibration/key-word.ts, chosen on
 * the demo tuning set) it answers 91 right and 4 wrong (2.1%), so the bound is the target again; with the answer
 * model on entry support (src/dialog/calibration/answer-model.ts) 92 right and 3 wrong (1.5%), 0 of 18 off-topic
 * answered; with the shared-topic rule (clarify.shared_topic, chosen on the demo tuning sets) 91 right and 3 wrong —
 * one direct answer asked back with the right entry. With the probes re-weighted to the customers' prior
 * (wrongFirstShare 0.10, chosen on the demo tuning set; docs/confidence.md, "Fifth round") 105 right and 5 wrong
 * (2.6%), at the bound: telecom's customers get a wrong first entry more often than the default assumes. Nothing
 * was tuned on this set.
 */
const TELECOM_WRONG_ANSWER_TARGET = 0.03;
/** Issue 9's target: out-of-scope questions never answered ≥ 90%, i.e. at most 10% answered from an entry. */
const TELECOM_OFF_TOPIC_ANSWERED_SHARE_BOUND = 0.1;


let telecom: DemoBot;

beforeAll(async () => {
  telecom = await openDemoBot({ folder: TELECOM_DEMO_DIR, at: DEMO_MEASURED_AT });
});

afterAll(async () => {
  await telecom.dispose();
});

describe('the telecom trade (demo/trades/telecom, a knowledge base and phrasings never tuned on)', () => {
  it('answers wrongly at most 3% of business phrasings and answers at most 10% of off-topic questions', async () => {
    const phrasings = readPhrasingSet(join(TELECOM_DEMO_DIR, 'heldout-queries.json'));
    expect(unknownExpectations(phrasings, new Set((await telecom.knowledge.listForMatching()).map((e) => e.id)))).toEqual([]);
    const { tally, misses } = await measurePhrasings(phrasings, (text) => judgeWithBot(telecom.bot, text));
    // Printed, not asserted: the direct-answer rate and the hand-offs (target 100%) are measured and
    // documented in docs/benchmark.md; asserting them would invite tuning on this set.
    console.log('telecom held-out tally', JSON.stringify(tally), `\n${misses.join('\n')}`);
    expect(tally.business).toBeGreaterThan(0);
    expect(tally.offTopic).toBeGreaterThan(0);
    expect(tally.answeredWrong).toBeLessThanOrEqual(Math.floor(TELECOM_WRONG_ANSWER_TARGET * tally.business));
    expect(tally.offTopicAnswered / tally.offTopic).toBeLessThanOrEqual(TELECOM_OFF_TOPIC_ANSWERED_SHARE_BOUND);
  });
});
