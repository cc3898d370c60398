/**
 * A console test run of a flow definition — saved or not — against a throwaway session: no
 * conversation is stored, the caller (the console's test panel) keeps the state between turns.
 * Runs on the bot's own runner, so calls follow the bot's allow-list as they would for a customer.
 */
import { z } from 'zod';
import type { FlowRunner } from './runner.js';
import type { FlowContext, FlowState, StepResult } from './types.js';
import { NODE_ID_PATTERN, SlotNameSchema } from './schemas.js';
import { parseFlowDefinition } from './validate.js';
import { matchTrigger, type TriggerKind } from './triggers.js';
import { parseOrThrow } from '../errors/validation.js';

/** What a test run needs from the bot: its runner (with its call allow-list) and its env. */
export interface FlowTester {
  runner: FlowRunner;
  env: Record<string, string>;
}

/** The customer a test run plays; the channel is the widget's, so `channel` conditions behave as for a customer. */
export const TEST_CUSTOMER: FlowContext['customer'] = { externalId: 'console-flow-test', name: '测试顾客', tags: [], attributes: {} };
export const TEST_CHANNEL = 'web';
/** A visit count above any `maxVisitsPerNode` (schemas.ts allows at most 100): a forged state cannot unbound the loop guard. */
const MAX_STATE_VISITS = 100;

const FlowStateSchema = z.object({
  flowId: z.string().min(1).max(64),
  flowVersion: z.number().int().min(0),
  node: z.string().regex(NODE_ID_PATTERN),
  /** Slot names as the schema allows them (never `__proto__`): the state comes from the browser. */
  slots: z.record(SlotNameSchema, z.unknown()),
  retries: z.number().int().min(0).max(MAX_STATE_VISITS),
  visits: z.record(z.string().regex(NODE_ID_PATTERN), z.number().int().min(0).max(MAX_STATE_VISITS)),
  startedAt: z.string().max(40),
});

export const FlowTestRequestSchema = z.object({
  /** The definition as the editor holds it (validated here like a save would). */
  flow: z.record(z.string(), z.unknown()),
  /** The state a previous turn returned; absent: the flow starts. */
  state: FlowStateSchema.nullish(),
  /** The customer's message (on start: the triggering message, optional). */
  text: z.string().max(2000).default(''),
  /** On start: an event from the embedding site instead of a message. */
  event: z.string().min(1).max(100).optional(),
});

export interface FlowTestTurn extends StepResult {
  /** Where the flow waits now (null once it is over): the console shows the operator this step. */
  node: string | null;
  /**
   * On start: what would have started this flow for a customer (an event, a keyword…), or
   * null when the message would not — the test run starts it anyway. Absent on later turns.
   */
  trigger?: { by: TriggerKind; detail: string } | null;
}

export async function runFlowTest(tester: FlowTester, input: unknown, now: Date = new Date()): Promise<FlowTestTurn> {
  const request = parseOrThrow(FlowTestRequestSchema, input);
  const flow = parseFlowDefinition(request.flow);
  const ctx: FlowContext = { customer: TEST_CUSTOMER, channel: TEST_CHANNEL, now, env: tester.env, message: request.text };
  if (request.state) {
    const result = await tester.runner.resume(flow, request.state as FlowState, { text: request.text }, ctx);
    return { ...result, node: result.state?.node ?? null };
  }
  const match = matchTrigger([flow], { text: request.text, event: request.event });
  const result = await tester.runner.start(flow, ctx);
  return { ...result, node: result.state?.node ?? null, trigger: match && { by: match.by, detail: match.detail } };
}
