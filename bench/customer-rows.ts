/**
 * The customer-style phrasing sets (the demo tuning set and the training trades — never a held-out set) and their
 * phrasings as answer-model rows, for the answer model's customer prior (src/dialog/calibration/answer-prior.ts):
 * shared by its generator (scripts/answer-prior.ts) and its leave-one-trade-out (bench/answer-prior.ts).
 */
import { join } from 'node:path';
import { isBusinessPhrasing, OFF_TOPIC_LABEL, readPhrasingSet } from '../src/dialog/phrasing-set.js';
import { answerEvidence, type AnswerModelRow, type RankedEvidence } from '../src/dialog/calibration/answer-model.js';
import { supportedByEntry } from '../src/dialog/calibration/answer-rule.js';
import type { DemoBot } from '../src/dialog/testing.js';
import { PHRASING_SETS, TRAINING_PHRASING_SETS } from './answering.js';

export const CUSTOMER_STYLE_SETS = [...PHRASING_SETS.filter((s) => !s.heldOut), ...TRAINING_PHRASING_SETS];

/**
 * The phrasings as the served bot reads them: its first candidate's answer-model evidence against the runner-up
 * (answer-rule.ts `ruleEvidence`), right when it is the expected entry; off-topic messages are never right; first
 * entries the model does not judge (one question) are left out, as in the bot's own fit.
 */
export async function customerRows(demo: DemoBot, folder: string, file: string): Promise<AnswerModelRow[]> {
  const typicality = demo.bot.calibration()?.thresholds.typicality;
  const typical = (c: RankedEvidence) => typicality?.of(c.entryId) ?? 0;
  const rows: AnswerModelRow[] = [];
  for (const p of readPhrasingSet(join(folder, file))) {
    if (p.expect !== OFF_TOPIC_LABEL && !isBusinessPhrasing(p)) continue;
    const d = await demo.bot.decide({ text: p.query });
    const [first, second] = d.trace.candidates as unknown as RankedEvidence[];
    if (!first || !supportedByEntry(first)) continue;
    rows.push({ evidence: answerEvidence(first, second, typical(first)), right: p.expect !== OFF_TOPIC_LABEL && first.entryId === p.expect });
  }
  return rows;
}
