/**
 * The learned half of emotion detection (issue 9): a logistic regression over character 1–3-grams,
 * a few shape features and the hand-written cue flags, answering "is this customer upset (angry or
 * negative)?". Hand-written patterns learn the constructions they are shown and miss the next
 * customer's wording (docs/emotion.md); n-gram weights fitted on every labelled line carry over to
 * new wording better. It stays explainable: the reading names the n-grams that pushed it.
 *
 * The weights are fitted by scripts/train-emotion-model.ts and shipped in
 * src/nlu/model/emotion.json, which is validated when loaded: a file whose features the code does
 * not compute (a cue renamed, a longer n-gram, a hand edit) is refused with WENDU_MODEL_INVALID,
 * and since this module loads it on import the server refuses to start rather than misread customers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { WenduError } from '../errors/index.js';
import { CUE_DETECTORS } from './emotion-cues.js';
import { toSimplifiedHalfWidth } from './text-basics.js';

export const EMOTION_MODEL_FILE = join(import.meta.dirname, 'model', 'emotion.json');

/** Character n-grams up to this length: long enough for 说一套 / 凭什么, short enough to recur. */
export const MAX_NGRAM = 3;
/** A message longer than this (characters) is a long complaint rather than a question. */
const LONG_MESSAGE = 30;
/** How many n-grams the trace names as the reason for a reading. */
const EXPLAINED_FEATURES = 3;

/** Where the message starts and ends, so 凭什么 at the start differs from inside a question. */
const START = '⟨';
const END = '⟩';

/** Features that describe the message's shape rather than its words. */
export const SHAPE_FEATURES = ['shape:long', 'shape:repeat', 'shape:latin'] as const;

/** Lexicon categories and rule prefixes detectEmotion reports as cues (`insult:骗子`, `rule:demand`). */
const CUE_PREFIXES = ['positive', 'negative', 'insult', 'threat', 'accusation', 'sarcasm', 'churn', 'anger', 'failure',
  'negation', 'procedure'] as const;
/** Rules detectEmotion reports besides the cue detectors. */
const EMOTION_RULES = ['waiting_time', 'repeated_punctuation', 'rhetorical_question'] as const;

/** Every cue feature the code can compute: one per lexicon category and one per rule. */
export const CUE_FEATURES: ReadonlySet<string> = new Set([
  ...CUE_PREFIXES.map((p) => `cue:${p}`),
  ...[...Object.values(CUE_DETECTORS).flat().map((d) => d.name), ...EMOTION_RULES].map((n) => `cue:rule:${n}`),
]);

/** The cue feature of one cue string: `insult:简直+垃圾` → `cue:insult`, `rule:rhetorical_question+骗钱` → `cue:rule:rhetorical_question`. */
function cueFeature(cue: string): string {
  const [prefix, rest = ''] = cue.split(':');
  return prefix === 'rule' ? `cue:rule:${rest.split('+')[0]}` : `cue:${prefix}`;
}

/** The message as the model reads it: simplified, half-width, lower case, skin tones and variation selectors out. */
function normalise(text: string): string {
  return toSimplifiedHalfWidth(text).toLowerCase().replace(/[\p{Emoji_Modifier}\uFE0F\uFE0E]/gu, '').replace(/\s+/g, ' ').trim();
}

/** The features present in a message (binary): its n-grams, its shape and the cues that fired. */
export function emotionFeatures(text: string, cues: readonly string[]): string[] {
  const plain = normalise(text);
  const chars = [START, ...Array.from(plain), END];
  const features = new Set<string>();
  for (let n = 1; n <= MAX_NGRAM; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      // Concatenated rather than sliced and joined: an array per n-gram was most of this function's garbage.
      let gram = chars[i];
      for (let j = i + 1; j < i + n; j++) gram += chars[j];
      if (gram !== START && gram !== END && gram.trim() !== '') features.add(`g:${gram}`);
    }
  }
  if (chars.length - 2 > LONG_MESSAGE) features.add('shape:long');
  // 退款退款退款, 啊啊啊, 快快快: repeating oneself is insistence
  if (/(.)\1\1|(..)\2\2/u.test(plain)) features.add('shape:repeat');
  if (/[a-z]{3,}/.test(plain)) features.add('shape:latin');
  for (const cue of cues) {
    const feature = cueFeature(cue);
    if (CUE_FEATURES.has(feature)) features.add(feature);
  }
  return [...features];
}

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const probability = z.number().gt(0).lt(1);

const EmotionModelSchema = z.object({
  features: z.array(z.string()),
  weights: z.array(finite),
  bias: finite,
  /** Upset probability at or above which the message reads at least negative (picked by cross-validation). */
  upsetThreshold: probability,
  /** Upset probability at or above which the message reads angry (picked by cross-validation). */
  angryThreshold: probability,
  /** How the model was fitted and what cross-validation measured: for people, not read by the code. */
  training: z.record(z.string(), z.unknown()),
}).refine((m) => m.weights.length === m.features.length, { message: 'needs one weight per feature', path: ['weights'] })
  .refine((m) => m.angryThreshold >= m.upsetThreshold, { message: 'must not be below upsetThreshold', path: ['angryThreshold'] });

export type EmotionModelFile = z.infer<typeof EmotionModelSchema>;

export interface EmotionModel {
  weights: ReadonlyMap<string, number>;
  bias: number;
  upsetThreshold: number;
  angryThreshold: number;
}

/** Why a feature name is not one the code computes, or null when it is. */
function unknownFeature(feature: string): string | null {
  if (feature.startsWith('g:')) {
    const length = Array.from(feature.slice(2)).length;
    return length >= 1 && length <= MAX_NGRAM ? null : `n-gram of ${length} characters (the code reads 1–${MAX_NGRAM})`;
  }
  if ((SHAPE_FEATURES as readonly string[]).includes(feature) || CUE_FEATURES.has(feature)) return null;
  return 'not computed by the code';
}

/** Validates a parsed emotion model file; throws WENDU_MODEL_INVALID naming each problem. */
export function parseEmotionModel(raw: unknown, source: string): EmotionModel {
  const parsed = EmotionModelSchema.safeParse(raw);
  if (!parsed.success) {
    throw emotionModelError(source, parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`));
  }
  const { features, weights, bias, upsetThreshold, angryThreshold } = parsed.data;
  const problems = features.flatMap((f, i) => {
    const why = unknownFeature(f);
    return why ? [`features[${i}] ${JSON.stringify(f)}: ${why}`] : [];
  });
  if (new Set(features).size !== features.length) problems.push('features: a feature is listed twice');
  if (problems.length) throw emotionModelError(source, problems);
  return { weights: new Map(features.map((f, i) => [f, weights[i]])), bias, upsetThreshold, angryThreshold };
}

export function readEmotionModel(file: string): EmotionModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw emotionModelError(file, [`(file): ${err instanceof Error ? err.message : String(err)}`]);
  }
  return parseEmotionModel(raw, file);
}

function emotionModelError(source: string, problems: string[]): WenduError {
  const message = [
    `情绪模型文件不合法，服务无法启动 (the emotion model file is invalid; the server cannot start): ${source}`,
    ...problems.map((p) => `  - ${p}`),
    '  重新训练生成模型文件 (retrain to regenerate it): npx tsx scripts/train-emotion-model.ts',
  ].join('\n');
  return new WenduError('WENDU_MODEL_INVALID', { file: source, problems }, message);
}

export interface UpsetReading {
  /** Probability that the customer is upset, in (0, 1). */
  probability: number;
  /** The n-grams that pushed the reading up most, for the trace. */
  reasons: string[];
}

/** The model's reading of one message, given the cues the hand-written detectors reported. */
export function readUpset(model: EmotionModel, text: string, cues: readonly string[]): UpsetReading {
  let z = model.bias;
  const pushes: [string, number][] = [];
  for (const feature of emotionFeatures(text, cues)) {
    const weight = model.weights.get(feature);
    if (weight === undefined) continue;
    z += weight;
    if (weight > 0) pushes.push([feature, weight]);
  }
  pushes.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    probability: 1 / (1 + Math.exp(-z)),
    reasons: pushes.slice(0, EXPLAINED_FEATURES).map(([f]) => f.replace(/^g:/, '')),
  };
}

/** The shipped model, loaded and validated once. */
export const SHIPPED_EMOTION_MODEL: EmotionModel = readEmotionModel(EMOTION_MODEL_FILE);
