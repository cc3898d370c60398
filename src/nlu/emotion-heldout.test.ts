/**
 * The emotion detector on rounds of customer messages written to measure anger that is not
 * shouting (emotion-heldout.fixture.ts): how many upset customers who do not shout read as angry
 * or negative, and that innocent uses of the words never read as angry. Rounds 1 and 2 were used
 * for tuning and must stay fully right; round 3 is held out and may only keep or raise its
 * measured count. The rates are printed so a change shows its effect.
 */
import { describe, expect, it } from 'vitest';
import { detectEmotion } from './emotion.js';
import {
  ROUND_1_NOT_ANGRY, ROUND_1_UPSET, ROUND_2_NOT_ANGRY, ROUND_2_UPSET, ROUND_3_NOT_ANGRY, ROUND_3_UPSET,
} from './emotion-heldout.fixture.js';
import {
  ACCUSATION_WORDS, CHURN_WORDS, INSULT_WORDS, NEGATIVE_WORDS, SARCASM_WORDS, THREAT_WORDS,
} from './lexicons/emotion.js';
import { toSimplifiedHalfWidth } from './text-basics.js';

/** Round 2 measured after tuning on it: 38 of 40 (2 misses are ironic thanks and a laugh; docs/emotion.md). */
const ROUND_2_TUNED_UPSET = 38;
/**
 * Round 3 measured once, held out: 8 of 40 (the original lexicon: 7). Fresh phrasings mostly
 * miss the word lists — see docs/emotion.md, "Held-out messages", for what this means.
 */
const ROUND_3_MEASURED_UPSET = 8;
/** Round 3 innocent messages measured not angry: 11 of 12 (骗子太多了，你们官方客服电话是哪个 reads angry). */
const ROUND_3_MEASURED_NOT_ANGRY = 11;

function upsetCount(messages: readonly string[]): { upset: number; angry: number } {
  const labels = messages.map((m) => detectEmotion(m).label);
  return { upset: labels.filter((l) => l === 'angry' || l === 'negative').length, angry: labels.filter((l) => l === 'angry').length };
}

describe('emotion on rounds of messages it was not built from', () => {
  it.each<[string, readonly string[], number]>([
    ['round 1 (tuning)', ROUND_1_UPSET, ROUND_1_UPSET.length],
    ['round 2 (tuning)', ROUND_2_UPSET, ROUND_2_TUNED_UPSET],
    ['round 3 (held out)', ROUND_3_UPSET, ROUND_3_MEASURED_UPSET],
  ])('%s: upset customers who do not shout read as angry or negative', (round, messages, floor) => {
    const { upset, angry } = upsetCount(messages);
    console.info(`${round}: ${upset}/${messages.length} angry or negative, ${angry} angry`);
    expect(upset).toBeGreaterThanOrEqual(floor);
  });

  it.each([...ROUND_1_NOT_ANGRY, ...ROUND_2_NOT_ANGRY])('%s is not angry (tuning)', (message) => {
    expect(detectEmotion(message).label).not.toBe('angry');
  });

  it('round 3 (held out): innocent uses of the words do not read as angry', () => {
    const calm = ROUND_3_NOT_ANGRY.filter((m) => detectEmotion(m).label !== 'angry');
    console.info(`round 3 (held out): ${calm.length}/${ROUND_3_NOT_ANGRY.length} innocent messages not angry`);
    expect(calm.length).toBeGreaterThanOrEqual(ROUND_3_MEASURED_NOT_ANGRY);
  });

  it('keeps the phrasings out of the lexicon', () => {
    const lexicon = [...NEGATIVE_WORDS, ...INSULT_WORDS, ...THREAT_WORDS, ...ACCUSATION_WORDS, ...SARCASM_WORDS, ...CHURN_WORDS];
    const all = [...ROUND_1_UPSET, ...ROUND_1_NOT_ANGRY, ...ROUND_2_UPSET, ...ROUND_2_NOT_ANGRY, ...ROUND_3_UPSET, ...ROUND_3_NOT_ANGRY];
    for (const message of all) {
      const plain = toSimplifiedHalfWidth(message).toLowerCase();
      // A lexicon word may occur in a message; a whole message (or all of it but punctuation) may not be a word.
      expect(lexicon.filter((word) => word === plain || word === plain.replace(/[\p{P}\s]/gu, ''))).toEqual([]);
    }
  });
});
