/**
 * The multi-turn tuning set (demo/eval-dialogs.json): dialogs whose later turns need an earlier
 * one, played through the real engine over SQLite. Context handling may be tuned against these, so
 * this is a quality gate, not an evaluation (src/dialog/heldout-dialogs.test.ts is).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialogBench, printTally, readDialogs, type DialogBench, type DialogBenchThresholds } from './dialogs-testing.js';

/**
 * Tuning-set dialogs allowed to go wrong somewhere, on the bot as the server runs it (self-calibrated on the demo's own
 * knowledge, docs/confidence.md): 6 of 55, measured on 2026-11-30 after the shared-topic rule (clarify.shared_topic in
 * clarification.ts). Before that rule the self-calibrated bot missed 7 and answered t07 发票 directly with the invoice
 * how-to (1 wrong answer). Left: h14 账号出问题了 finds nothing to offer, t30 拆封了呢，还能退不 / t31 要多久能换好 /
 * t35 plus会员多少钱一年 are asked back with the right entry, t33 寄过去之后要多久退款 and t40 有視頻教程嗎 fall back.
 * On the default thresholds (calibration off, printed beside it, not gated) 10 of 55 miss with no wrong answer — the
 * numbers this file gated before 2026-11-30, which no customer of a self-calibrated bot got.
 * A regression gate: lower it when those pass.
 * Issue 9's third answer-model round (entry coverage, recalled share, docs/confidence.md): 51 of 55, 0 wrong — t09
 * 换个大一码 is now answered with the exchange entry its 您是想问 offered, which the single-turn tuning set counts right
 * (demo/eval-queries.json), so t09 accepts either, as t08 密码 does; h14, t30, t33 and t40 still miss.
 */
/**
 * Then t41–t64 were added (79 dialogs; issue 9's fifth context pass, 2026-11-30): before the pass t41–t60 missed 7 with
 * 3 wrong answers (t42 那运费呢 → the shop's shipping fee, t50 好的，转吧 → balance withdrawal, t54 多久到账 → the refund
 * time; t63 / t64, corrections that say what they are not — 不是退货，是换货 — were asked back); after it 9 of 79 miss, 0 wrong — the old six, t42#3 寄哪里 (asked back: the matcher finds no return address in
 * it), t47#1 优惠券在哪领 (a single turn, two coupon entries asked back) and t62#2 这个如果不想要了钱能退回来吗 (asked back
 * with the refund time: no reading finds the PLUS refund).
 */
/**
 * Then t65–t90 were added (105 dialogs; issue 9's sixth context pass, 2026-11-30): before the pass the new 26 missed 8
 * (审核要多长时间, 大概几天能换好, 要加钱吗, 多久能补发 fell back; 来回运费谁出 after a quality problem and 不对不对 我问的是退到哪
 * were asked back; 钱几天能退回来 asked back with the refund time; 鞋子小了 offers the size guide alone), 0 wrong; after it 2
 * (t65#2 and t77#1, both asked back) — 9 of 105 miss in all, 0 wrong, the old seven unchanged. t91–t96 (where / how many,
 * added after the first rule) missed 2 and answered t94#2 满多少能分 after 花呗 with the shipping fee (1 wrong); with the
 * place fact and the stray reading giving way to the answer just given, all six are right: 9 of 111 miss, 0 wrong.
 * Merged with the fourth answer-model round (typicality, docs/confidence.md; the fit's thresholds move): 10 of 111 miss,
 * 0 wrong — h11#3 那自动续费呢 is now asked back (its reading's probability fell under the refitted bar). The bound
 * follows that measurement: a tuning miss traded for the held-out single-turn gain (demo 38 → 41, telecom 99 → 103).
 */
/**
 * Then t97–t118 were added (133 dialogs; issue 9's seventh context pass, 2026-11-30): before the pass the new 22 missed 5
 * with 1 wrong answer (t110#3 寄回去多久能收到新的 after 换货怎么弄 → 运费谁出 → the after-sale progress; t98#2 拆了包装还能退不
 * asked back with gift wrapping; t114#2 好的我试试 谢啦 fell back; t97 and t101 miss on their first, single turn); after it
 * 3 (t97 twice and t101#1 — single turns, which the pass does not change): 12 of 133 miss, 0 wrong, the old ten unchanged.
 */
/**
 * Then t119–t145 were added (160 dialogs; issue 9's eighth context pass, 2026-11-30): before the pass the new 27 missed 13
 * with 3 wrong answers (t125#2 礼包里有几张券 after a fallback → coupon stacking, t130#2 在哪提交 after a suggestion → the
 * complaint progress, t144#2 超时了有补偿吗 after 能催吗 → the unpaid-order timeout); after it 7, 0 wrong (t123 and t125
 * miss on their first, single turn; t128#2 错的那个要我自己寄回吗, t131#2 这个要是退款钱退给谁啊, t132#2 这个能去线下网点修吗,
 * t133#2 删了以后还能申请售后吗 fall back; t144#2 is asked back): 19 of 160 miss, 0 wrong, the old twelve unchanged.
 */
const TUNING_DIALOGS_MISSED_BOUND = 19;
/**
 * Wrong direct answers allowed over all turns of the tuning set, self-calibrated: none until the third answer-model
 * round met the fifth context pass on main (2026-11-30): then 1 — t47#1 优惠券在哪领 answered with the coupon-use entry
 * (a pair the knowledge base itself confuses) where it asked back before. Bound at that measurement; a defect to fix.
 * Fixed the same day (clarify.confusable_pair, policy.ts): two entries the calibration lists as confusable are asked
 * back between when the runner-up is plausible on its own — t47#1 is 您是想问 the two coupon entries again; 0 wrong,
 * still 72 of 79 dialogs right, the tuning single turns unchanged (141 right, 0 wrong; docs/confidence.md).
 */
const TUNING_WRONG_ANSWER_BOUND = 0;

const benches: Partial<Record<DialogBenchThresholds, DialogBench>> = {};
beforeAll(async () => {
  benches['self-calibrated'] = await openDialogBench('self-calibrated');
  benches.fixed = await openDialogBench('fixed');
});
afterAll(async () => {
  await Promise.all(Object.values(benches).map((b) => b.dispose()));
});

describe('the multi-turn tuning set (demo/eval-dialogs.json)', () => {
  it('carries context over the turns and never answers a turn with the wrong entry, on the bot as the server runs it (self-calibrated)', async () => {
    const tally = await benches['self-calibrated']!.play(readDialogs('demo/eval-dialogs.json'));
    printTally('tuning dialogs (self-calibrated, as served)', tally);
    expect(tally.dialogs - tally.dialogsRight).toBeLessThanOrEqual(TUNING_DIALOGS_MISSED_BOUND);
    expect(tally.wrongAnswers).toBeLessThanOrEqual(TUNING_WRONG_ANSWER_BOUND);
  });

  it('is measured on the default thresholds too (printed, not gated: no bot answers with them once calibrated)', async () => {
    const tally = await benches.fixed!.play(readDialogs('demo/eval-dialogs.json'));
    printTally('tuning dialogs (default thresholds)', tally);
    expect(tally.dialogs).toBe(readDialogs('demo/eval-dialogs.json').length);
  });
});
