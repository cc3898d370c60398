/**
 * The matcher's learned model file (src/nlu/model/weights.json, written by
 * scripts/train-model.ts), checked when it is loaded. The weights are applied by position, so a
 * file fitted for another feature list — a feature added, removed or reordered in the code, or a
 * hand-edited file — would silently score every question wrong. Such a file is refused with
 * WENDU_MODEL_INVALID naming each problem, and since the matcher loads it on import, the server
 * refuses to start rather than answer customers with a mismatched model.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { WenduError } from '../errors/index.js';
import type { LogisticModel } from './logistic.js';

/** The feature names, in order, that the code computes for each of the three models. */
export interface ModelFeatureLists {
  pair: readonly string[];
  rank: readonly string[];
  confidence: readonly string[];
}

/** The validated model: the shape `MatcherModel` in matcher.ts. */
export interface LoadedModel {
  pair: LogisticModel;
  pairThreshold: number;
  rank: LogisticModel;
  confidence: LogisticModel;
}

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

const LogisticSchema = z
  .object({ features: z.array(z.string()), weights: z.array(finite), bias: finite })
  .refine((m) => m.weights.length === m.features.length, { message: 'needs one weight per feature', path: ['weights'] });

const ModelSchema = z.object({
  pair: LogisticSchema,
  pairThreshold: z.number().gt(0).lt(1),
  rank: LogisticSchema,
  confidence: LogisticSchema,
});

export interface ModelProblem {
  /** Where in the file, e.g. `rank.features`. */
  path: string;
  message: string;
}

/** Validates a parsed model file against the features the code computes; throws WENDU_MODEL_INVALID. */
export function parseModel(raw: unknown, expected: ModelFeatureLists, source: string): LoadedModel {
  const parsed = ModelSchema.safeParse(raw);
  if (!parsed.success) {
    throw modelError(source, parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(file)', message: i.message })));
  }
  const model = parsed.data;
  const problems: ModelProblem[] = [];
  for (const name of ['pair', 'rank', 'confidence'] as const) {
    const have = model[name].features;
    const want = expected[name];
    if (have.length === want.length && have.every((f, i) => f === want[i])) continue;
    const missing = want.filter((f) => !have.includes(f));
    const unknown = have.filter((f) => !want.includes(f));
    const detail = [
      `${have.length} features, the code computes ${want.length}`,
      missing.length ? `missing: ${missing.join(', ')}` : '',
      unknown.length ? `not computed by the code: ${unknown.join(', ')}` : '',
      !missing.length && !unknown.length ? `order differs (expected ${want.join(', ')})` : '',
    ].filter(Boolean);
    problems.push({ path: `${name}.features`, message: detail.join('; ') });
  }
  if (problems.length) throw modelError(source, problems);
  return model;
}

/** Reads, parses and validates a model file; an unreadable or malformed file is WENDU_MODEL_INVALID too. */
export function readModelFile(file: string, expected: ModelFeatureLists): LoadedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw modelError(file, [{ path: '(file)', message: err instanceof Error ? err.message : String(err) }]);
  }
  return parseModel(raw, expected, file);
}

function modelError(source: string, problems: ModelProblem[]): WenduError {
  const lines = problems.map((p) => `  - ${p.path}: ${p.message}`);
  const message = [
    `匹配模型文件不合法，服务无法启动 (the matcher model file is invalid; the server cannot start): ${source}`,
    ...lines,
    '  重新训练生成模型文件 (retrain to regenerate it): npx tsx scripts/train-model.ts',
  ].join('\n');
  return new WenduError('WENDU_MODEL_INVALID', { file: source, problems }, message);
}
