/**
 * The answer model's customer prior: the shipped file matches the model's features, a file that does not is
 * refused with a clear error, and the bot's fit is blended with it by ANSWER_PRIOR_BLEND.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logit } from '../../nlu/logistic.js';
import { WenduError } from '../../errors/index.js';
import { answerEvidence, ANSWER_MODEL_FEATURES, fitAnswerModel } from './answer-model.js';
import { ANSWER_PRIOR_BLEND, ANSWER_PRIOR_FILE, answerPrior, parseAnswerPrior } from './answer-prior.js';

const shipped = JSON.parse(readFileSync(ANSWER_PRIOR_FILE, 'utf8'));

describe('the shipped prior file', () => {
  it('lists the answer model’s features, in order, with a weight each, and is the prior in force', () => {
    const prior = answerPrior()!;
    expect(prior.model.features).toEqual(ANSWER_MODEL_FEATURES);
    expect(prior.model.weights).toHaveLength(ANSWER_MODEL_FEATURES.length);
    expect(prior.model).toEqual(shipped);
    expect(prior.blend).toBe(ANSWER_PRIOR_BLEND);
  });

  it('refuses a file fitted for other features, naming the file and what differs', () => {
    const dropped = { ...shipped, features: shipped.features.slice(1), weights: shipped.weights.slice(1) };
    const refuse = (raw: unknown) => {
      try {
        parseAnswerPrior(raw, 'prior.json');
      } catch (err) {
        return err as WenduError;
      }
      throw new Error('accepted');
    };
    const err = refuse(dropped);
    expect(err).toBeInstanceOf(WenduError);
    expect(err.code).toBe('WENDU_MODEL_INVALID');
    expect(err.message).toContain('prior.json');
    expect(err.message).toContain(`the answer model computes ${ANSWER_MODEL_FEATURES.length}`);
    expect(refuse({ ...shipped, features: [...shipped.features].reverse() }).code).toBe('WENDU_MODEL_INVALID');
    expect(refuse({ ...shipped, weights: shipped.weights.slice(1) }).message).toContain('needs one weight per feature');
    expect(refuse({ features: shipped.features }).code).toBe('WENDU_MODEL_INVALID');
  });
});

describe('the blend', () => {
  const candidate = (confidence: number, support: number) => ({ entryId: `e${support}`, confidence, features: { support, supportMean: support / 2, supportQuestions: 2 } });
  const rows = Array.from({ length: 120 }, (_, i) => {
    const right = i % 3 !== 0;
    return { evidence: answerEvidence(candidate(0.3 + (i % 5) / 10, right ? 0.7 : 0.2), candidate(0.2, 0.1)), right };
  });
  const own = fitAnswerModel(rows);
  const prior = answerPrior()!.model;

  it('serves log-odds between the bot’s own fit and the prior, by the blend', () => {
    const blended = fitAnswerModel(rows, { model: prior, blend: 0.5 });
    const x = rows[1].evidence;
    expect(logit(blended, x)).toBeCloseTo((logit(own, x) + logit(prior, x)) / 2, 9);
    expect(fitAnswerModel(rows, { model: prior, blend: 0 })).toEqual(own);
    expect(fitAnswerModel(rows, { model: prior, blend: 1 }).weights).toEqual(prior.weights.map((w) => expect.closeTo(w, 9)));
  });
});
