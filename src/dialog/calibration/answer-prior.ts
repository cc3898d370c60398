/**
 * The answer model's customer prior: the answer model's weights (answer-model.ts) fitted on customers'
 * phrasings of other knowledge bases — the demo tuning set and the training trades, never a held-out set —
 * blended into each bot's own fit. Why: a bot's probes are its own questions, which fail differently from
 * customers' (a right leave-one-out probe is a near paraphrase, a customer's right first entry is found through
 * coverage and support), and the probes alone fit the weighting customers need away (docs/confidence.md,
 * "Seventh round"). Written by `npx tsx scripts/answer-prior.ts`; checked on first use like the matcher's model
 * file: a file whose features are not the answer model's throws WENDU_MODEL_INVALID when a calibrating bot is
 * built, so the server refuses to start rather than blend misplaced weights.
 */
import { z } from 'zod';
import { WenduError } from '../../errors/index.js';
import type { LogisticModel } from '../../nlu/logistic.js';
import { ANSWER_MODEL_FEATURES } from './answer-model.js';
import shippedFile from './answer-prior.json' with { type: 'json' };

export const ANSWER_PRIOR_FILE = 'src/dialog/calibration/answer-prior.json';

/**
 * The prior's share of the served model's log-odds (weights and bias alike), the bot's own fit the rest.
 * Chosen by leave-one-trade-out over the four customer-style sets (prior fitted on three, the fourth judged
 * through the self-calibrated bot; right / wrong of 669): 0 → 425 / 7, 0.25 → 422 / 4, 0.4 → 425 / 3,
 * 0.5 → 430 / 3, 0.6 → 428 / 3, 0.75 → 406 / 2 (2026-11-30).
 */
export const ANSWER_PRIOR_BLEND = 0.5;

export interface AnswerPrior {
  model: LogisticModel;
  /** The prior's share of the served model's log-odds (0: the bot's own fit alone). */
  blend: number;
}

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const PriorSchema = z
  .object({ features: z.array(z.string()), weights: z.array(finite), bias: finite })
  .refine((m) => m.weights.length === m.features.length, { message: 'needs one weight per feature', path: ['weights'] });

/** Validates a parsed prior file against the answer model's features; throws WENDU_MODEL_INVALID. */
export function parseAnswerPrior(raw: unknown, source: string): LogisticModel {
  const parsed = PriorSchema.safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
  const have = parsed.success ? parsed.data.features : [];
  const want = ANSWER_MODEL_FEATURES;
  if (parsed.success && !(have.length === want.length && have.every((f, i) => f === want[i]))) {
    problems.push(`features: ${have.length} features (${have.join(', ')}), the answer model computes ${want.length} (${want.join(', ')})`);
  }
  if (problems.length === 0) return parsed.data!;
  const message = [
    `答复模型先验文件不合法，服务无法启动 (the answer model's prior file is invalid; the server cannot start): ${source}`,
    ...problems.map((p) => `  - ${p}`),
    '  重新生成 (regenerate it): npx tsx scripts/answer-prior.ts',
  ].join('\n');
  throw new WenduError('WENDU_MODEL_INVALID', { file: source, problems: problems.map((p) => ({ path: p.split(':')[0], message: p })) }, message);
}

let shipped: AnswerPrior | undefined;
/** null: no prior; undefined: the shipped one. */
let override: AnswerPrior | null | undefined;

/** The prior the answer model is blended with (the shipped file unless a bench put another in force). */
export function answerPrior(): AnswerPrior | null {
  if (override !== undefined) return override;
  return (shipped ??= { model: parseAnswerPrior(shippedFile, ANSWER_PRIOR_FILE), blend: ANSWER_PRIOR_BLEND });
}

/** Puts a prior in force for a measurement (null: none; undefined: the shipped one again). */
export function useAnswerPrior(prior: AnswerPrior | null | undefined): void {
  override = prior;
}
