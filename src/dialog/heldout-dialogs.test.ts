/**
 * The held-out multi-turn set (demo/heldout-dialogs.json): 15 dialogs on the demo shop whose later turns need an
 * earlier one, written and committed before the context handling was measured on them and never tuned on (the
 * tuning set is demo/eval-dialogs.json). Played through the real engine and bot over SQLite. Like heldout.test.ts
 * it gates only on safety; how many dialogs are fully right is printed and documented, never asserted, because
 * asserting it would invite tuning on this set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialogBench, readDialogs, type DialogBench } from './dialogs-testing.js';

/**
 * Wrong direct answers allowed, as a share of all turns: the target for wrong answers (≤ 3%), fixed before
 * the first run.
 */
const HELDOUT_WRONG_ANSWER_RATE_BOUND = 0.03;

let bench: DialogBench;
beforeAll(async () => {
  bench = await openDialogBench();
});
afterAll(async () => {
  await bench.dispose();
});

describe('the held-out multi-turn set (demo/heldout-dialogs.json, written before measuring, never tuned on)', () => {
  it('answers a turn with the wrong entry at most rarely', async () => {
    const tally = await bench.play(readDialogs('demo/heldout-dialogs.json'));
    // Measured once on 2026-11-30, after tuning on demo/eval-dialogs.json: 11 of 15 dialogs fully right (target ≥ 13:
    // NOT met), 29 of 34 turns right, 1 wrong direct answer (都好几天没动了 after 我的快递到哪了 → the after-sale
    // progress entry instead of the stalled-logistics one). Printed so docs/context.md can be checked against a run.
    console.log('held-out dialogs', JSON.stringify({ ...tally, misses: undefined }), tally.misses.length ? `\n${tally.misses.join('\n')}` : '');
    expect(tally.wrongAnswers / tally.turns).toBeLessThanOrEqual(HELDOUT_WRONG_ANSWER_RATE_BOUND);
  });
});
