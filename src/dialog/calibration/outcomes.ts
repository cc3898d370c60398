/**
 * What the matcher did with each probe: the top candidate and what the answer rule looks at.
 * Ranked exactly as a customer's question is (the same matcher, top-k, confidence and lead).
 */
import type { Matcher } from '../../nlu/matcher.js';
import { answerEvidence } from './answer-model.js';
import { fromEvidence, supportedByEntry, type AnswerThresholds, type TopEvidence } from './answer-rule.js';
import { keyWordHeld } from './key-word.js';
import type { Probe } from './probes.js';
import type { EntryTypicality } from './typicality.js';

/** Candidates kept per probe: enough for a clarification's suggestions and the runner-up. */
export const PROBE_CANDIDATES = 5;

export interface ProbeOutcome {
  probe: Probe;
  inScope: boolean;
  /**
   * null: nothing was recalled at all. `evidence`: the answer model's features of the first
   * candidate and of the runner-up (answer-model.ts), for fitting it and then applying it;
   * `supported`: the first entry has another question, so the model can judge it (answer-rule.ts);
   * `unsupported`: as read under a model that cannot judge it (readWithAnswerModel, fit.ts).
   */
  top: { entryId: string; confidence: number; lead: number; keyWordMatched: boolean; supported: boolean; evidence: { first: number[]; runnerUp: number[] | null }; unsupported?: boolean } | null;
  candidates: { entryId: string; confidence: number }[];
}

/**
 * `typicality`: the knowledge base's (typicality.ts), for the answer model's features; read without
 * the probe's left-out questions, as the entry is while the probe is ranked.
 */
export function rankProbe(matcher: Matcher, probe: Probe, typicality?: EntryTypicality): ProbeOutcome {
  const ranked = matcher.rank(probe.text, PROBE_CANDIDATES, { exclude: probe.exclude });
  const [first, second] = ranked;
  const typical = (entryId: string) => typicality?.of(entryId, probe.exclude.questions) ?? 0;
  return {
    probe,
    inScope: probe.kind !== 'out_of_scope',
    top: first
      ? {
          entryId: first.entryId,
          confidence: first.confidence,
          lead: first.confidence - (second?.confidence ?? 0),
          keyWordMatched: keyWordHeld(matcher, probe.text, ranked),
          supported: supportedByEntry(first),
          evidence: { first: answerEvidence(first, second, typical(first.entryId)), runnerUp: second ? answerEvidence(second, first, typical(second.entryId)) : null },
        }
      : null,
    candidates: ranked.map((c) => ({ entryId: c.entryId, confidence: c.confidence })),
  };
}

/** What the answer rule under `t` reads of a probe's ranking (null: nothing ranked), as `ruleEvidence` reads a customer's. */
export function probeEvidence(t: AnswerThresholds, top: ProbeOutcome['top']): TopEvidence | null {
  if (!top) return null;
  const plain = { confidence: top.confidence, lead: top.lead, keyWordMatched: top.keyWordMatched };
  if (!t.model) return plain;
  if (!top.supported) return { ...plain, unsupported: true };
  return fromEvidence(t.model, top.evidence.first, top.evidence.runnerUp, top.keyWordMatched);
}
