/**
 * The multi-turn tuning set (demo/eval-dialogs.json): dialogs whose later turns need an earlier
 * one, played through the real engine over SQLite. Context handling may be tuned against these, so
 * this is a quality gate, not an evaluation (src/dialog/heldout-dialogs.test.ts is).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialogBench, readDialogs, type DialogBench } from './dialogs-testing.js';

/**
 * Tuning-set dialogs allowed to go wrong somewhere: 10 of 55, measured on 2026-11-30 after issue 9's fourth context pass
 * (docs/thresholds.md, "Context"). Of t01–t20 and h01–h15 (h01–h15 are the first held-out round, tuning material since it was looked
 * at) 32 of 35 are right (30 before the pass): t02 来回运费谁付 is asked back with the exchange's fee (0.53 in context),
 * h09 都好几天没动了 is asked back with the stalled-logistics entry, h14 账号出问题了 finds nothing to offer. t21–t40 were
 * added in that pass for the kinds of follow-up issue 9 names: 13 of 20 right — t22 咋没到账, t30 拆封了呢，还能退不 and
 * t31 要多久能换好 are asked back with the right entry, t33, t35 and t38 miss on their first turn or a fragment with no
 * right reading, t40 有視頻教程嗎 falls back. A regression gate: lower it when those pass.
 */
const TUNING_DIALOGS_MISSED_BOUND = 10;
/**
 * Wrong direct answers allowed over all turns of the tuning set: none, measured on 2026-11-30. Before the fourth pass:
 * h09 都好几天没动了 (→ the after-sale progress, through 到哪 read as a topic), t35 这个能退吗 after the PLUS benefits (→
 * the benefits again) and t39 那改颜色呢 after the address change (→ the address, 改 shared through 修改).
 */
const TUNING_WRONG_ANSWER_BOUND = 0;

let bench: DialogBench;
beforeAll(async () => {
  bench = await openDialogBench();
});
afterAll(async () => {
  await bench.dispose();
});

describe('the multi-turn tuning set (demo/eval-dialogs.json)', () => {
  it('carries context over the turns and never answers a turn with the wrong entry', async () => {
    const tally = await bench.play(readDialogs('demo/eval-dialogs.json'));
    console.log('tuning dialogs', JSON.stringify({ ...tally, misses: undefined }), tally.misses.length ? `\n${tally.misses.join('\n')}` : '');
    expect(tally.dialogs - tally.dialogsRight).toBeLessThanOrEqual(TUNING_DIALOGS_MISSED_BOUND);
    expect(tally.wrongAnswers).toBeLessThanOrEqual(TUNING_WRONG_ANSWER_BOUND);
  });
});
