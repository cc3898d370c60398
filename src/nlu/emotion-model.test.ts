/**
 * The learned upset detector: its shipped file is small, holds only short n-grams and is
 * validated on load; a file the code cannot read is refused with WENDU_MODEL_INVALID; and
 * detectEmotion joins its reading to the cues' — explained in the trace, never handing over alone.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMOTION_OPTIONS, detectEmotion } from './emotion.js';
import {
  EMOTION_MODEL_FILE, MAX_NGRAM, SHIPPED_EMOTION_MODEL, emotionFeatures, parseEmotionModel, readEmotionModel, readUpset,
} from './emotion-model.js';

/** The task's limit on the shipped weights file. */
const MAX_FILE_BYTES = 200 * 1024;
const CUES_ONLY = { modelUpsetThreshold: 1, modelAngryThreshold: 1 } as const;

const shipped = JSON.parse(readFileSync(EMOTION_MODEL_FILE, 'utf8')) as Record<string, unknown> & { features: string[]; weights: number[] };

function refusal(raw: unknown): { code?: string; message: string } {
  try {
    parseEmotionModel(raw, 'test.json');
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('the model was accepted');
}

describe('the shipped emotion model file', () => {
  it('is small and holds weights of short n-grams, cue flags and shape features only', () => {
    expect(statSync(EMOTION_MODEL_FILE).size).toBeLessThan(MAX_FILE_BYTES);
    for (const f of shipped.features) {
      if (f.startsWith('g:')) expect(Array.from(f.slice(2)).length).toBeLessThanOrEqual(MAX_NGRAM);
      else expect(f).toMatch(/^(cue|shape):/);
    }
    expect(readEmotionModel(EMOTION_MODEL_FILE).weights.size).toBe(shipped.features.length);
  });

  it('sets the detector defaults to the thresholds cross-validation picked', () => {
    expect(DEFAULT_EMOTION_OPTIONS.modelUpsetThreshold).toBe(SHIPPED_EMOTION_MODEL.upsetThreshold);
    expect(DEFAULT_EMOTION_OPTIONS.modelAngryThreshold).toBe(SHIPPED_EMOTION_MODEL.angryThreshold);
  });
});

describe('a broken emotion model file is refused with WENDU_MODEL_INVALID naming the problem', () => {
  it.each<[string, unknown, RegExp]>([
    ['an n-gram longer than the code reads', { ...shipped, features: ['g:说一套做', ...shipped.features.slice(1)] }, /n-gram of 4 characters/],
    ['a cue the code does not report', { ...shipped, features: ['cue:rule:no_such_rule', ...shipped.features.slice(1)] }, /not computed by the code/],
    ['a weight missing', { ...shipped, weights: shipped.weights.slice(1) }, /one weight per feature/],
    ['an angry threshold below the upset one', { ...shipped, upsetThreshold: 0.6, angryThreshold: 0.4 }, /angryThreshold/],
    ['a feature listed twice', { ...shipped, features: [shipped.features[1], ...shipped.features.slice(1)] }, /listed twice/],
  ])('%s', (_, raw, problem) => {
    const err = refusal(raw);
    expect(err.code).toBe('WENDU_MODEL_INVALID');
    expect(err.message).toMatch(problem);
  });

  it('an unreadable file names the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wendu-emotion-')), 'emotion.json');
    writeFileSync(file, '{ not json');
    expect(() => readEmotionModel(file)).toThrow(expect.objectContaining({ code: 'WENDU_MODEL_INVALID', details: expect.objectContaining({ file }) }));
  });
});

describe('detectEmotion with the learned model', () => {
  it('reads its features from characters, shape and the cues', () => {
    const features = emotionFeatures('退款退款退款', ['rule:shouting']);
    expect(features).toEqual(expect.arrayContaining(['g:退', 'g:退款', 'g:⟨退款', 'shape:repeat', 'cue:rule:shouting']));
  });

  it('turns a message the cues leave calm negative when the model is sure enough, and says why', () => {
    // slow, in words no lexicon list or cue detector holds
    const text = '客服回复慢吞吞的';
    const cuesOnly = detectEmotion(text, CUES_ONLY);
    const { probability } = readUpset(SHIPPED_EMOTION_MODEL, text, cuesOnly.cues);
    expect(cuesOnly.label).toBe('neutral');
    expect(probability).toBeGreaterThanOrEqual(DEFAULT_EMOTION_OPTIONS.modelUpsetThreshold);
    const combined = detectEmotion(text);
    expect(combined.label).toBe('negative');
    expect(combined.cues.at(-1)).toMatch(/^model:0\.\d\d\(.+\)$/);
    expect(detectEmotion(text, { modelUpsetThreshold: probability + 0.01 }).label).toBe('neutral');
  });

  it('never hands a customer over on the model alone: its score stays below the default hand-off score', () => {
    const angryByModel = detectEmotion('客服回复慢吞吞的', { modelAngryThreshold: 0.01, modelUpsetThreshold: 0.01 });
    expect(angryByModel.label).toBe('angry');
    expect(angryByModel.score).toBeLessThanOrEqual(DEFAULT_EMOTION_OPTIONS.modelScoreCeiling);
    expect(DEFAULT_EMOTION_OPTIONS.modelScoreCeiling).toBeLessThan(0.8);
  });

  it('leaves calm questions calm', () => {
    for (const text of ['在吗', '怎么查物流', '订单号2026111100001234 查下物流', '谢谢，收到了']) {
      expect(['neutral', 'positive']).toContain(detectEmotion(text).label);
    }
  });
});
