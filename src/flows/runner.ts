/**
 * FlowRunner: a state machine over a serialisable FlowState. It runs nodes until an `ask`
 * waits for the customer or the flow is over, and returns the messages to send plus the next
 * state; the dialog engine stores that state with the conversation. Pure apart from `call`
 * nodes (HTTP through call.ts, within the run's allow-list). Input states are never mutated.
 */
import type { RichBlock } from '../content/rich-content.js';
import { MAX_BUTTONS } from '../content/rich-content.js';
import { detectHandoffRequest } from '../nlu/handoff-request.js';
import { checkAnswer, exactChoice, isCancel } from './answers.js';
import { performCall, type ResolveHost } from './call.js';
import { evaluateCondition } from './conditions.js';
import type { AskNode } from './schemas.js';
import { renderBlocks as renderReplyBlocks, renderJson } from '../reply/templates.js';
import type { JsonValue } from './schemas.js';
import { scopeOf, templateVars, type AnswerCheck, type FlowContext, type FlowScope, type FlowState, type RunnableFlow, type StepOutcome, type StepResult, type TraceStep } from './types.js';

/** The runner's own sentences (operators override them per deployment). */
export const DEFAULT_FLOW_PHRASES = {
  reprompt: '抱歉，我没能识别您的回答，麻烦再发一次～',
  askFailed: '抱歉，我一直没能理解您的回答，马上为您转接人工客服，请稍候。',
  callFailed: '抱歉，系统暂时没有响应，我为您转接人工客服，请稍候。',
  loopHandoff: '我们好像在原地打转了，我为您转接人工客服，请稍候。',
  loopEnd: '我们好像在原地打转了，先到这里吧。您可以换个说法再问我，或者发送“转人工”。',
  cancelled: '好的，已为您取消。还有其他可以帮您的吗？',
  handoffRequested: '好的，马上为您转接人工客服，请稍候。',
  handoff: '正在为您转接人工客服，请稍候。',
  stale: '抱歉，这个服务流程刚刚更新过，请您重新开始。',
  skipButton: '跳过',
};
export type FlowPhrases = typeof DEFAULT_FLOW_PHRASES;

export interface FlowRunnerOptions {
  /**
   * Hosts `call` nodes may reach when the run's context names none (call-policy.ts); none by
   * default. A bot's own list goes into each run's `FlowContext.callPolicy`.
   */
  allowedHosts?: readonly string[];
  /** DNS for `call` nodes (the network boundary); the system resolver by default. */
  resolve?: ResolveHost;
  phrases?: Partial<FlowPhrases>;
}

const text = (t: string): RichBlock[] => [{ type: 'text', text: t }];

/** What a customer reads, rendered by the one template engine (plain text, defaults, sanitised). */
function renderBlocks(blocks: readonly RichBlock[], scope: FlowScope): RichBlock[] {
  return renderReplyBlocks(blocks, templateVars(scope));
}

/** Collects what one step says and does. */
class Step {
  readonly messages: RichBlock[][] = [];
  readonly trace: TraceStep[] = [];
  constructor(readonly state: FlowState) {}
  say(blocks: RichBlock[]): void {
    if (blocks.length > 0) this.messages.push(blocks);
  }
  note(node: string, event: string, detail?: string): void {
    this.trace.push(detail === undefined ? { node, event } : { node, event, detail });
  }
  finish(outcome: StepOutcome, handoffReason: string | null = null): StepResult {
    return {
      messages: this.messages,
      state: outcome === 'waiting' ? this.state : null,
      outcome,
      handoff: handoffReason === null ? null : { reason: handoffReason },
      trace: this.trace,
    };
  }
}

export class FlowRunner {
  private readonly phrases: FlowPhrases;
  private readonly allowedHosts: readonly string[];

  constructor(private readonly options: FlowRunnerOptions = {}) {
    this.phrases = { ...DEFAULT_FLOW_PHRASES, ...options.phrases };
    this.allowedHosts = options.allowedHosts ?? [];
  }

  /** Starts a flow at its start node. */
  async start(flow: RunnableFlow, ctx: FlowContext): Promise<StepResult> {
    const state: FlowState = { flowId: flow.id, flowVersion: flow.version ?? 0, node: flow.start, slots: {}, retries: 0, visits: {}, startedAt: ctx.now.toISOString() };
    const step = new Step(state);
    step.note(flow.start, 'flow_started', flow.id);
    return this.run(flow, step, flow.start, ctx, ctx.message ?? '');
  }

  /** Feeds the customer's answer to the waiting `ask`. */
  async resume(flow: RunnableFlow, state: FlowState, input: { text: string }, ctx: FlowContext): Promise<StepResult> {
    const step = new Step(structuredClone(state));
    const node = this.waitingAsk(flow, state);
    if (!node) return this.stale(step, state);
    const settings = flow.settings;
    if (detectHandoffRequest(input.text).requested) {
      step.note(state.node, 'handoff_requested');
      step.say(text(this.phrases.handoffRequested));
      return step.finish('handoff', 'customer_request');
    }
    const namedOption = node.validate.kind === 'choice' && exactChoice(input.text, node.validate.options);
    if (!namedOption && isCancel(input.text, settings)) {
      step.note(state.node, 'cancelled', input.text);
      step.say(text(this.phrases.cancelled));
      return step.finish('cancelled');
    }
    const check = checkAnswer(node, input.text, settings, ctx.now);
    if (check.valid) {
      step.state.slots[node.slot] = check.value;
      step.state.retries = 0;
      step.note(state.node, check.reason === 'skipped' ? 'answer_skipped' : 'answer_accepted', node.slot);
      return this.run(flow, step, node.next, ctx, input.text);
    }
    step.state.retries += 1;
    step.note(state.node, 'answer_rejected', `${check.reason} (${step.state.retries}/${node.maxRetries})`);
    if (step.state.retries > node.maxRetries) {
      step.state.retries = 0;
      if (node.onFail) return this.run(flow, step, node.onFail, ctx, input.text);
      step.say(text(this.phrases.askFailed));
      return step.finish('handoff', 'ask_failed');
    }
    step.say(node.reprompt ? renderBlocks(node.reprompt, scopeOf(step.state, ctx)) : text(this.phrases.reprompt));
    step.say(this.prompt(node, step.state, ctx));
    return step.finish('waiting');
  }

  /** Asks the waiting question again, e.g. after the engine answered an unrelated question. */
  async reprompt(flow: RunnableFlow, state: FlowState, ctx: FlowContext): Promise<StepResult> {
    const step = new Step(structuredClone(state));
    const node = this.waitingAsk(flow, state);
    if (!node) return this.stale(step, state);
    step.note(state.node, 'reprompted');
    step.say(this.prompt(node, step.state, ctx));
    return step.finish('waiting');
  }

  /** Would `text` answer the waiting question? (Lets the engine spot a topic switch.) */
  validateAnswer(flow: RunnableFlow, state: FlowState, text: string, now: Date = new Date()): AnswerCheck {
    const node = this.waitingAsk(flow, state);
    if (!node) return { valid: false, reason: 'not_waiting' };
    return checkAnswer(node, text, flow.settings, now);
  }

  private waitingAsk(flow: RunnableFlow, state: FlowState): AskNode | undefined {
    const node = state.flowId === flow.id ? flow.nodes[state.node] : undefined;
    return node?.kind === 'ask' ? node : undefined;
  }

  private stale(step: Step, state: FlowState): StepResult {
    step.note(state.node, 'state_invalid', `${state.flowId}@${state.flowVersion}`);
    step.say(text(this.phrases.stale));
    return step.finish('ended');
  }

  /** The question, with quick replies for choices (and a skip button) unless it has its own. */
  private prompt(node: AskNode, state: FlowState, ctx: FlowContext): RichBlock[] {
    const blocks = renderBlocks(node.prompt, scopeOf(state, ctx));
    if (blocks.some((b) => b.type === 'buttons')) return blocks;
    const labels = node.validate.kind === 'choice' ? node.validate.options.map((o) => o.label) : [];
    if (node.optional) labels.push(this.phrases.skipButton);
    if (labels.length === 0) return blocks;
    return [...blocks, { type: 'buttons', buttons: labels.slice(0, MAX_BUTTONS).map((label) => ({ action: 'reply', label, text: label })) }];
  }

  /** Runs from `from` until an ask waits or the flow ends. Every entry counts a visit. */
  private async run(flow: RunnableFlow, step: Step, from: string, ctx: FlowContext, lastMessage: string): Promise<StepResult> {
    const { state } = step;
    let id = from;
    // Terminates: each pass increments a visit counter that is capped per node.
    for (;;) {
      const node = flow.nodes[id];
      if (!node) return this.stale(step, { ...state, node: id });
      const visits = (state.visits[id] ?? 0) + 1;
      if (visits > flow.settings.maxVisitsPerNode) return this.loopExceeded(flow, step, id);
      state.visits[id] = visits;
      state.node = id;
      const scope = scopeOf(state, ctx);
      step.note(id, `enter_${node.kind}`);
      switch (node.kind) {
        case 'message':
          step.say(renderBlocks(node.content, scope));
          id = node.next;
          break;
        case 'ask':
          state.retries = 0;
          step.say(this.prompt(node, state, ctx));
          return step.finish('waiting');
        case 'condition': {
          const input = { scope, lastMessage, now: ctx.now, settings: flow.settings };
          const index = node.branches.findIndex((b) => evaluateCondition(b.when, input));
          step.note(id, 'branch', index >= 0 ? String(index) : 'else');
          id = index >= 0 ? node.branches[index].next : node.else;
          break;
        }
        case 'call': {
          const allowedHosts = ctx.callPolicy?.allowedHosts ?? this.allowedHosts;
          const result = await performCall(node, templateVars(scope), { allowedHosts, resolve: this.options.resolve });
          if (result.ok) {
            Object.assign(state.slots, result.slots);
            step.note(id, 'call_ok', `${node.method} ${result.url} → ${result.status}`);
            id = node.next;
            break;
          }
          step.note(id, 'call_failed', `${node.method} ${result.url}: ${result.failure} ${result.detail}`);
          const byStatus = result.status === undefined ? undefined : node.onStatus[String(result.status)];
          if (byStatus ?? node.onError) {
            id = (byStatus ?? node.onError)!;
            break;
          }
          step.say(text(this.phrases.callFailed));
          return step.finish('handoff', 'call_failed');
        }
        case 'set':
          for (const [slot, template] of Object.entries(node.slots)) state.slots[slot] = renderJson(template, templateVars(scopeOf(state, ctx))) as JsonValue;
          id = node.next;
          break;
        case 'goto':
          id = node.target;
          break;
        case 'handoff':
          step.say(node.content ? renderBlocks(node.content, scope) : text(this.phrases.handoff));
          return step.finish('handoff', node.reason);
        case 'end':
          if (node.content) step.say(renderBlocks(node.content, scope));
          step.note(id, 'flow_ended');
          return step.finish('ended');
      }
    }
  }

  private loopExceeded(flow: RunnableFlow, step: Step, id: string): StepResult {
    step.note(id, 'loop_exceeded', `>${flow.settings.maxVisitsPerNode}`);
    if (flow.settings.onLoopExceeded === 'handoff') {
      step.say(text(this.phrases.loopHandoff));
      return step.finish('loop_exceeded', 'loop_exceeded');
    }
    step.say(text(this.phrases.loopEnd));
    return step.finish('loop_exceeded');
  }
}
