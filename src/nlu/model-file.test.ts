/**
 * The model file validated on load: the shipped file passes, corrupted copies of it are refused
 * with WENDU_MODEL_INVALID naming what is wrong.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isWenduError, type WenduError } from '../errors/index.js';
import { MODEL_FEATURES, shippedModel } from './matcher.js';
import { readModelFile } from './model-file.js';

const SHIPPED = join(import.meta.dirname, 'model/weights.json');
const dir = mkdtempSync(join(tmpdir(), 'wendu-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Model = { pair: Lm; pairThreshold: number; rank: Lm; confidence: Lm };
type Lm = { features: string[]; weights: number[]; bias: number };

/** Writes a copy of the shipped file, changed by `corrupt`, and returns the error loading it gives. */
function loadCorrupted(name: string, corrupt: (model: Model) => unknown): WenduError {
  const model = JSON.parse(readFileSync(SHIPPED, 'utf8')) as Model;
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(corrupt(model) ?? model));
  try {
    readModelFile(file, MODEL_FEATURES);
  } catch (err) {
    if (isWenduError(err)) return err;
    throw err;
  }
  throw new Error(`${name}: the corrupted model was accepted`);
}

const problemsOf = (err: WenduError) => (err.details as { problems: { path: string; message: string }[] }).problems;

describe('the shipped model', () => {
  it('matches the features the code computes, and is the model the matcher uses', () => {
    const model = readModelFile(SHIPPED, MODEL_FEATURES);
    expect(model.rank.features).toEqual([...MODEL_FEATURES.rank]);
    expect(model.confidence.features).toEqual([...MODEL_FEATURES.confidence]);
    expect(model).toEqual(shippedModel());
  });
});

describe('a corrupted model file is refused with WENDU_MODEL_INVALID naming the problem', () => {
  it('a feature the code no longer computes (the file is from an older version)', () => {
    const err = loadCorrupted('renamed', (m) => {
      m.rank.features[m.rank.features.indexOf('keyWordMatch')] = 'keywordHit';
    });
    expect(err.code).toBe('WENDU_MODEL_INVALID');
    expect(err.status).toBe(500);
    expect(problemsOf(err)).toEqual([{ path: 'rank.features', message: expect.stringMatching(/missing: keyWordMatch.*not computed by the code: keywordHit/) }]);
    expect(err.message).toContain('renamed.json');
    expect(err.message).toMatch(/匹配模型文件不合法/);
    expect(err.message).toContain('scripts/train-model.ts');
  });

  it('a feature dropped, with its weight (count differs)', () => {
    const err = loadCorrupted('dropped', (m) => {
      m.confidence.features.pop();
      m.confidence.weights.pop();
    });
    expect(problemsOf(err)).toEqual([{ path: 'confidence.features', message: expect.stringMatching(/^3 features, the code computes 4; missing: keyWordMatch$/) }]);
  });

  it('features in another order (weights would be applied to the wrong feature)', () => {
    const err = loadCorrupted('reordered', (m) => {
      m.pair.features.reverse();
    });
    expect(problemsOf(err)).toEqual([{ path: 'pair.features', message: expect.stringMatching(/order differs/) }]);
  });

  it('a weight missing, a weight that is not a number, no threshold', () => {
    expect(problemsOf(loadCorrupted('short', (m) => void m.rank.weights.pop()))).toEqual([{ path: 'rank.weights', message: expect.stringMatching(/one weight per feature/) }]);
    const text = problemsOf(loadCorrupted('nan', (m) => void ((m.confidence.weights as unknown[])[0] = 'NaN')));
    expect(text.map((p) => p.path)).toContain('confidence.weights.0');
    const noThreshold = problemsOf(loadCorrupted('no-threshold', ({ pairThreshold: _dropped, ...rest }) => rest));
    expect(noThreshold.map((p) => p.path)).toEqual(['pairThreshold']);
  });

  it('a file that is not JSON at all', () => {
    const file = join(dir, 'truncated.json');
    writeFileSync(file, readFileSync(SHIPPED, 'utf8').slice(0, 200));
    expect(() => readModelFile(file, MODEL_FEATURES)).toThrow(expect.objectContaining({ code: 'WENDU_MODEL_INVALID', details: expect.objectContaining({ file }) }));
  });
});
