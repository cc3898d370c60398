/**
 * The hand-off class on requests for a person written after it was built and before it was run
 * on them (handoff-request-heldout.fixture.ts). Measured once on 2026-11-30: 23 of 30 requests
 * recognised (the detector before the class: 17), 3 of 30 look-alikes taken for requests (before:
 * 5). Its misses were then used to widen the class (把…叫来, 向…反映, 有没有值班的…, 让人来) with
 * other phrasings in handoff-request.test.ts — never its own lines — so it is a tuning set now:
 * 28 of 30. The numbers are held as floors and ceilings (docs/handoff.md).
 */
import { describe, expect, it } from 'vitest';
import { detectHandoffRequest } from './handoff-request.js';
import { HANDOFF_HELDOUT_NOT_REQUESTS, HANDOFF_HELDOUT_REQUESTS } from './handoff-request-heldout.fixture.js';

/**
 * Measured once: 23 of 30; after widening the class, 28. Still missed: 叫一个懂的过来 (懂的 without
 * 人) and 客服妹妹在吗，让她来跟我说 (the person is a pronoun).
 */
const TUNED_REQUESTS = 28;
/**
 * Measured once: 3 of 30 — 人工客服的电话是多少 and 接人工电话的是哪个部门 (any 人工 was read as a
 * request) and 你是人工还是机器人 (人工 was missing beside 真人 / 活人 in the identity question).
 * Both gaps were closed after the measurement (人工 followed by a number or an address of the
 * people is not a request; 人工还是机器人 asks what the bot is), so none now.
 */
const LOOK_ALIKES_TAKEN = 0;

describe('requests for a person it was not built from', () => {
  it('recognises the requests as measured', () => {
    const recognised = HANDOFF_HELDOUT_REQUESTS.filter((m) => detectHandoffRequest(m).requested);
    console.info(`hand-off held-out: ${recognised.length}/${HANDOFF_HELDOUT_REQUESTS.length} requests recognised`);
    expect(recognised.length).toBeGreaterThanOrEqual(TUNED_REQUESTS);
  });

  it('takes look-alikes for requests at most as often as measured', () => {
    const taken = HANDOFF_HELDOUT_NOT_REQUESTS.filter((m) => detectHandoffRequest(m).requested);
    console.info(`hand-off held-out: ${taken.length}/${HANDOFF_HELDOUT_NOT_REQUESTS.length} look-alikes taken for requests: ${taken.join(' / ')}`);
    expect(taken.length).toBeLessThanOrEqual(LOOK_ALIKES_TAKEN);
  });
});
