/**
 * The multi-turn tuning set (demo/eval-dialogs.json): dialogs whose later turns need an earlier
 * one, played through the real engine over SQLite. Context handling may be tuned against these, so
 * this is a quality gate, not an evaluation (src/dialog/heldout-dialogs.test.ts is).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialogBench, readDialogs, type DialogBench } from './dialogs-testing.js';

/**
 * Tuning-set dialogs allowed to go wrong somewhere: 3 of 35, measured on 2026-11-30 after the context rules for
 * strays and the conversation's entry (docs/context.md). t02 来回运费谁付 is now asked back with the exchange's fee
 * (read in context it is not confident enough to answer), h09 都好几天没动了 still finds the after-sale progress (its
 * questions share 快递 with the conversation), h14 账号出问题了 finds nothing to offer. h01–h15 are the first
 * held-out round, moved here once looked at (11 of 15 when it was held out). Then 5: the lead removed the key-word
 * loan (a reading in context on the conversation's entry was answered without its key word) because on the fresh round
 * it answered a correction wrongly; t08 忘了咋整 and h10 要多久发货 are asked back with the right entry again (not wrong).
 * A regression gate: lower it when those pass.
 */
const TUNING_DIALOGS_MISSED_BOUND = 5;
/**
 * Wrong direct answers allowed over all turns of the tuning set: 1, measured on 2026-11-30 (h09 都好几天没动了 after
 * 我的快递到哪了 → the after-sale progress). Was 2 of t01–t20 alone (来回运费谁付 and 忘了咋整 answered on their own
 * reading) plus 1 of h01–h15: the stray rule and the conversation's entry fixed those two.
 */
const TUNING_WRONG_ANSWER_BOUND = 1;

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
