/**
 * An entry with one question (an operator's fresh entry) on a self-calibrated bot: the answer model
 * weighs the entry's other questions, and it has none — its exact question must still be answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEASURED_AT, openDemoBot, type DemoBot } from './testing.js';

/** Long enough that no recalibration runs during the test: the bot answers with the demo's fitted model. */
const NO_RECALIBRATION_MS = 600_000;

let demo: DemoBot;
beforeAll(async () => {
  demo = await openDemoBot({ at: DEMO_MEASURED_AT, calibrationDebounceMs: NO_RECALIBRATION_MS });
  await demo.knowledge.create({ question: '五号仓库周日几点开门呀', answer: '五号仓库周日早上九点开门哦～', category: '仓库' }, 'user:test');
}, 120_000);
afterAll(() => demo?.dispose());

describe('a one-question entry on a self-calibrated bot', () => {
  it('answers its own question, judged with the conservative thresholds and saying so', async () => {
    await expect.poll(async () => (await demo.bot.decide({ text: '五号仓库周日几点开门呀' })).action, { timeout: 15_000 }).toBe('answer');
    const decision = await demo.bot.decide({ text: '五号仓库周日几点开门呀' });
    expect(decision.trace.explanation).toContain('只有一个问法');
  });

  it('does not answer a loose paraphrase of it directly (the conservative bar)', async () => {
    const decision = await demo.bot.decide({ text: '仓库礼拜天开不开' });
    expect(decision.action).not.toBe('answer');
  });
});
