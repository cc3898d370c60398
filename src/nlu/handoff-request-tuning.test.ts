/**
 * The hand-off detector on its tuning set (handoff-request-tuning.fixture.ts, 125 requests and 121
 * look-alikes in four trades). Before this set widened the class (2026-11-30) the detector
 * recognised 90 of the 125 and took 5 look-alikes for requests (all a bare 人工 asked about:
 * 人工服务费多少钱, 人工客服周末上班吗); after, 125 and 0. Tuning numbers, not a measurement:
 * every line must hold, so a change that loses one says which.
 */
import { describe, expect, it } from 'vitest';
import { detectHandoffRequest } from './handoff-request.js';
import { HANDOFF_TUNING_NOT_REQUESTS, HANDOFF_TUNING_REQUESTS } from './handoff-request-tuning.fixture.js';

describe('hand-off requests on the tuning set', () => {
  it.each(HANDOFF_TUNING_REQUESTS)('%s is a request for a person', (message) => {
    expect(detectHandoffRequest(message).requested).toBe(true);
  });

  it.each(HANDOFF_TUNING_NOT_REQUESTS)('%s is not a request for a person', (message) => {
    expect(detectHandoffRequest(message)).toEqual({ requested: false, cue: null });
  });
});
