/**
 * What the flow runner receives and returns. FlowState is plain JSON: the dialog engine
 * stores it with the conversation and hands it back on the customer's next message, so a
 * flow survives restarts and can run on any instance.
 */
import type { RichBlock } from '../content/rich-content.js';
import type { TemplateVars } from '../reply/templates.js';
import type { CallPolicy } from './call-policy.js';
import type { FlowDefinition, JsonValue } from './schemas.js';

export interface FlowCustomer {
  externalId: string;
  name?: string;
  tags: string[];
  vipLevel?: number;
  attributes: Record<string, JsonValue>;
}

export interface FlowContext {
  customer: FlowCustomer;
  channel: string;
  now: Date;
  /** Deployment variables templates can use as `{{env.x}}` (e.g. `orderServiceUrl`). */
  env?: Record<string, string>;
  /** The message that started the flow (for `keyword` conditions before the first answer). */
  message?: string;
  /**
   * Where this run's `call` nodes may connect: the bot's admin-set allow-list
   * (call-policy.ts). Absent: the runner's own default (none unless configured).
   */
  callPolicy?: CallPolicy;
}

/** A flow as the runner needs it: a definition, with its stored version when it has one. */
export type RunnableFlow = FlowDefinition & { version?: number };

export interface FlowState {
  flowId: string;
  flowVersion: number;
  /** The node the flow is waiting at (always an `ask`). */
  node: string;
  slots: Record<string, JsonValue>;
  /** Failed answers at the current ask. */
  retries: number;
  /** Entries per node in this run of the flow (the loop guard). */
  visits: Record<string, number>;
  startedAt: string;
}

export type StepOutcome = 'waiting' | 'ended' | 'handoff' | 'cancelled' | 'loop_exceeded';

export interface TraceStep {
  node: string;
  event: string;
  detail?: string;
}

export interface StepResult {
  /** Bot messages in order; each is one bubble of rich blocks. */
  messages: RichBlock[][];
  /** Null once the flow is over (any outcome but `waiting`). */
  state: FlowState | null;
  outcome: StepOutcome;
  /** Set when the customer must go to a person (a handoff node, a failed ask or call, a loop). */
  handoff: { reason: string } | null;
  trace: TraceStep[];
}

export type AnswerCheck =
  | { valid: true; value: JsonValue; reason: 'matched' | 'skipped' }
  | { valid: false; value?: undefined; reason: 'empty' | 'no_match' | 'ambiguous' | 'not_waiting' };

/**
 * What a flow's templates and conditions see: the slots, the customer, the channel and the
 * deployment's `env`. Rendered by the one template engine (src/reply/templates.ts).
 */
export interface FlowScope {
  slots: Record<string, JsonValue>;
  customer: FlowCustomer;
  channel: string;
  env: Record<string, string>;
}

export function scopeOf(state: Pick<FlowState, 'slots'>, ctx: FlowContext): FlowScope {
  return { slots: state.slots, customer: ctx.customer, channel: ctx.channel, env: ctx.env ?? {} };
}

/**
 * The template variables of a flow: slots both at the top level (`{{order_no}}`) and under
 * `slots`; the named roots win over a slot of the same name.
 */
export function templateVars(scope: FlowScope): TemplateVars {
  return { ...scope.slots, slots: scope.slots, customer: scope.customer, channel: scope.channel, env: scope.env } as unknown as TemplateVars;
}
