/**
 * The emotion detector on rounds of customer messages written to measure anger that is not
 * shouting (emotion-heldout.fixture.ts): how many upset customers who do not shout read as angry
 * or negative, and that innocent uses of the words never read as angry. Rounds 1–7 were used
 * for tuning the cue detectors; rounds 1–8 train the learned upset detector (emotion-model.ts);
 * round 9 is held out. Every round may only keep or raise its measured count. The rates are
 * printed so a change shows its effect.
 */
import { describe, expect, it } from 'vitest';
import { detectEmotion } from './emotion.js';
import {
  ROUND_1_NOT_ANGRY, ROUND_1_UPSET, ROUND_2_NOT_ANGRY, ROUND_2_UPSET, ROUND_3_NOT_ANGRY, ROUND_3_UPSET,
  ROUND_4_NOT_ANGRY, ROUND_4_UPSET, ROUND_5_NOT_ANGRY, ROUND_5_UPSET, ROUND_6_NOT_ANGRY, ROUND_6_UPSET,
  ROUND_7_NOT_ANGRY, ROUND_7_UPSET, ROUND_8_NOT_ANGRY, ROUND_8_UPSET, ROUND_9_NOT_ANGRY, ROUND_9_UPSET,
} from './emotion-heldout.fixture.js';
import {
  ACCUSATION_WORDS, ANGER_WORDS, CHURN_WORDS, FAILURE_WORDS, INSULT_WORDS, NEGATIVE_WORDS, SARCASM_WORDS, THREAT_WORDS,
} from './lexicons/emotion.js';
import { toSimplifiedHalfWidth } from './text-basics.js';

/**
 * Round 2 after tuning on it: 37 of 40. The misses are ironic thanks (谢谢啊，让我白跑一趟), a
 * mocking laugh (哈哈哈太好笑了) and 欺人太甚, which is the whole message and so stays out of the lexicon.
 */
const ROUND_2_TUNED_UPSET = 37;
/**
 * Round 3, held out until measured (8 of 40), then tuned on: 39 of 40 (the miss,
 * 你们自己量过吗, is a rhetorical question with no hostile word).
 */
const ROUND_3_TUNED_UPSET = 39;
/** Round 3 innocent messages not angry: 11 of 12 (骗子太多了，你们官方客服电话是哪个 reads angry, 0.70). */
const ROUND_3_TUNED_NOT_ANGRY = 11;

/** A message this short is one ordinary word, not a phrasing that could be memorised. */
const SINGLE_WORD_MESSAGE = 2;

/** Round 4, held out until measured (9 of 30), then tuned on: 30 of 30. */
const ROUND_4_TUNED_UPSET = 30;
/**
 * Round 5, held out until measured (5 of 30; before round-4 tuning: 4), then — once round 6 was
 * written and committed — tuned on with the anger cue detectors: 30 of 30.
 */
const ROUND_5_TUNED_UPSET = 30;
/**
 * Round 6, held out until measured once (2026-11-30) after the cue detectors were frozen: 36 of
 * 64 upset read angry or negative (the detector before them: 26), 58 of 64 innocent not angry.
 * Then, once round 7 was written and committed, tuned on: 62 of 64, and 62 of 64 innocent not
 * angry (服了这么便宜质量还这么好 and 呵呵没事没事你们慢慢来 still read as sarcasm).
 */
const ROUND_6_TUNED_UPSET = 62;
const ROUND_6_TUNED_NOT_ANGRY = 62;
/**
 * Round 7, held out and measured once (2026-11-30) after round-6 tuning was frozen: 28 of 60 upset
 * read angry or negative (the detector before the cue detectors: 19; the cue detectors before
 * round-6 tuning: 25), and 57 of 60 innocent not angry. Then — looked at, so tuning material from
 * there on — tuned on with the complaint-structure detectors (issue 9, third pass): 60 of 60, and
 * 58 of 60 innocent not angry.
 */
const ROUND_7_TUNED_UPSET = 60;
const ROUND_7_TUNED_NOT_ANGRY = 58;
/**
 * Round 8, held out, measured once (2026-11-30) after the complaint-structure detectors were
 * frozen: 35 of 48 upset read angry or negative (19 angry), 22 of 22 calm not angry. The detector
 * before that pass scores the same 35 (18 angry) on it: the pass learned rounds 7 and the fourth
 * batch, and did not generalise to this one. The target (≥ 90%) is NOT met — docs/emotion.md.
 */
const ROUND_8_MEASURED_NOT_ANGRY = 22;
/**
 * Round 8 since it trains the learned detector (scripts/train-emotion-model.ts): 48 of 48 — an
 * in-sample number, not evidence of generalising (round 9 is).
 */
const ROUND_8_TRAINED_UPSET = 48;
/**
 * Round 9, held out: written after the learned detector was committed, committed before anything
 * ran on it, measured once (2026-11-30): 52 of 56 upset read angry or negative (93%; 23 angry)
 * with cues and model, 38 of 56 (68%; 21 angry) with the cues alone; 26 of 26 calm not angry
 * with either (calm read negative: 6 with the model, 4 without). The target (≥ 90%) is
 * met on this round. Bound at the measured values; never tune on round 9.
 */
const ROUND_9_MEASURED_UPSET = 52;
const ROUND_9_MEASURED_CUES_ONLY_UPSET = 38;
const ROUND_9_MEASURED_NOT_ANGRY = 26;

/** The detector with the learned model switched off: the hand-written cues alone. */
const CUES_ONLY = { modelUpsetThreshold: 1, modelAngryThreshold: 1 } as const;

function upsetCount(messages: readonly string[], options = {}): { upset: number; angry: number } {
  const labels = messages.map((m) => detectEmotion(m, options).label);
  return { upset: labels.filter((l) => l === 'angry' || l === 'negative').length, angry: labels.filter((l) => l === 'angry').length };
}

describe('emotion on rounds of messages it was not built from', () => {
  it.each<[string, readonly string[], number]>([
    ['round 1 (tuning)', ROUND_1_UPSET, ROUND_1_UPSET.length],
    ['round 2 (tuning)', ROUND_2_UPSET, ROUND_2_TUNED_UPSET],
    ['round 3 (tuning)', ROUND_3_UPSET, ROUND_3_TUNED_UPSET],
    ['round 4 (tuning)', ROUND_4_UPSET, ROUND_4_TUNED_UPSET],
    ['round 5 (tuning)', ROUND_5_UPSET, ROUND_5_TUNED_UPSET],
    ['round 6 (tuning)', ROUND_6_UPSET, ROUND_6_TUNED_UPSET],
    ['round 7 (tuning)', ROUND_7_UPSET, ROUND_7_TUNED_UPSET],
    ['round 8 (tuning, trains the model)', ROUND_8_UPSET, ROUND_8_TRAINED_UPSET],
    ['round 9 (held out)', ROUND_9_UPSET, ROUND_9_MEASURED_UPSET],
  ])('%s: upset customers who do not shout read as angry or negative', (round, messages, floor) => {
    const { upset, angry } = upsetCount(messages);
    console.info(`${round}: ${upset}/${messages.length} angry or negative, ${angry} angry`);
    expect(upset).toBeGreaterThanOrEqual(floor);
  });

  it('round 9 (held out) with the cues alone: as measured before the model joined them', () => {
    const { upset, angry } = upsetCount(ROUND_9_UPSET, CUES_ONLY);
    console.info(`round 9 (held out), cues only: ${upset}/${ROUND_9_UPSET.length} angry or negative, ${angry} angry`);
    expect(upset).toBeGreaterThanOrEqual(ROUND_9_MEASURED_CUES_ONLY_UPSET);
    // the measured gain of the learned detector on fresh wording
    expect(upsetCount(ROUND_9_UPSET).upset).toBeGreaterThan(upset);
  });

  it.each([...ROUND_1_NOT_ANGRY, ...ROUND_2_NOT_ANGRY, ...ROUND_4_NOT_ANGRY, ...ROUND_5_NOT_ANGRY])('%s is not angry', (message) => {
    expect(detectEmotion(message).label).not.toBe('angry');
  });

  it.each<[string, readonly string[], number]>([
    ['round 6 (tuning)', ROUND_6_NOT_ANGRY, ROUND_6_TUNED_NOT_ANGRY],
    ['round 7 (tuning)', ROUND_7_NOT_ANGRY, ROUND_7_TUNED_NOT_ANGRY],
    ['round 8 (tuning)', ROUND_8_NOT_ANGRY, ROUND_8_MEASURED_NOT_ANGRY],
    ['round 9 (held out)', ROUND_9_NOT_ANGRY, ROUND_9_MEASURED_NOT_ANGRY],
  ])('%s: innocent messages read as angry at most as often as measured', (round, messages, floor) => {
    const calm = messages.filter((m) => detectEmotion(m).label !== 'angry');
    console.info(`${round}: ${calm.length}/${messages.length} innocent messages not angry`);
    expect(calm.length).toBeGreaterThanOrEqual(floor);
  });

  it('round 3 (tuning): innocent uses of the words do not read as angry', () => {
    const calm = ROUND_3_NOT_ANGRY.filter((m) => detectEmotion(m).label !== 'angry');
    console.info(`round 3 (tuning): ${calm.length}/${ROUND_3_NOT_ANGRY.length} innocent messages not angry`);
    expect(calm.length).toBeGreaterThanOrEqual(ROUND_3_TUNED_NOT_ANGRY);
  });

  it('keeps the phrasings out of the lexicon', () => {
    const lexicon = [...NEGATIVE_WORDS, ...INSULT_WORDS, ...THREAT_WORDS, ...ACCUSATION_WORDS, ...SARCASM_WORDS, ...CHURN_WORDS, ...ANGER_WORDS, ...FAILURE_WORDS];
    const all = [
      ...ROUND_1_UPSET, ...ROUND_1_NOT_ANGRY, ...ROUND_2_UPSET, ...ROUND_2_NOT_ANGRY,
      ...ROUND_3_UPSET, ...ROUND_3_NOT_ANGRY, ...ROUND_4_UPSET, ...ROUND_4_NOT_ANGRY,
      ...ROUND_5_UPSET, ...ROUND_5_NOT_ANGRY, ...ROUND_6_UPSET, ...ROUND_6_NOT_ANGRY, ...ROUND_7_UPSET, ...ROUND_7_NOT_ANGRY,
      ...ROUND_8_UPSET, ...ROUND_8_NOT_ANGRY, ...ROUND_9_UPSET, ...ROUND_9_NOT_ANGRY,
    ];
    for (const message of all) {
      const plain = toSimplifiedHalfWidth(message).toLowerCase();
      // A lexicon word may occur in a message; a whole message (or all of it but punctuation) may
      // not be a word — except a two-character swear word the lexicon had before (骗子！！！).
      const words = plain.replace(/[\p{P}\s]/gu, '');
      if (words.length <= SINGLE_WORD_MESSAGE) continue;
      expect(lexicon.filter((word) => word === plain || word === words)).toEqual([]);
    }
  });
});
