import { describe, expect, it } from 'vitest';
import { contentText } from '../content/fallback-text.js';
import { evaluateCondition } from './conditions.js';
import { checkOperatorPattern, operatorMatches } from './operator-regex.js';
import { FlowRunner } from './runner.js';
import type { FlowDefinitionInput } from './schemas.js';
import type { FlowContext, RunnableFlow, StepResult } from './types.js';
import { flowIssues, parseFlowDefinition } from './validate.js';

/** The pattern from the probe: exponential on a backtracking engine. */
const CATASTROPHIC = '^(a+)+$';
/** 10,000 "a"s and one character that makes the match fail (the worst case for backtracking). */
const HOSTILE_ANSWER = 'a'.repeat(10_000) + '!';
/**
 * The issue's bound for this pathological case. Generous on purpose (a shared, busy CI
 * machine); JavaScript's RegExp would need longer than the age of the universe.
 */
const PATHOLOGICAL_BOUND_MS = 100;

const say = (t: string) => [{ type: 'text' as const, text: t }];
const said = (r: StepResult) => r.messages.map((m) => contentText(m)).join('\n');
const ctx: FlowContext = { customer: { externalId: 'u-7', name: '阿强', tags: [], attributes: {} }, channel: 'web', now: new Date('2026-11-27T04:00:00Z') };

function regexFlow(pattern: string): FlowDefinitionInput {
  return {
    id: 'coupon-code',
    name: '领券码',
    start: 'ask',
    nodes: {
      ask: { kind: 'ask', slot: 'code', prompt: say('请发一下您的券码哦～'), validate: { kind: 'regex', pattern }, maxRetries: 1, next: 'check' },
      check: {
        kind: 'condition',
        branches: [{ when: { kind: 'compare', subject: 'slots.code', op: 'matches', value: pattern }, next: 'ok' }],
        else: 'ok',
      },
      ok: { kind: 'end', content: say('收到券码 {{code}}，马上帮您核销 🎉') },
    },
  };
}

describe('operator regular expressions run in linear time', () => {
  it('a flow with ^(a+)+$ answers a 10,000-character message within 100 ms', async () => {
    const flow: RunnableFlow = parseFlowDefinition(regexFlow(CATASTROPHIC));
    const runner = new FlowRunner();
    const first = await runner.start(flow, ctx);
    // One short wrong answer first, so the measurement is the long input, not module warm-up.
    await runner.resume(flow, first.state!, { text: 'aaa!' }, ctx);
    const started = performance.now();
    const step = await runner.resume(flow, first.state!, { text: HOSTILE_ANSWER }, ctx);
    expect(performance.now() - started).toBeLessThan(PATHOLOGICAL_BOUND_MS);
    expect(step.outcome).toBe('waiting');
    expect(step.trace.map((t) => t.event)).toContain('answer_rejected');
  });

  it('a matches condition with the same pattern evaluates a 10,000-character slot within 100 ms', () => {
    const started = performance.now();
    const hit = evaluateCondition(
      { kind: 'compare', subject: 'slots.code', op: 'matches', value: CATASTROPHIC },
      { scope: { slots: { code: HOSTILE_ANSWER }, customer: ctx.customer, channel: 'web', env: {} }, lastMessage: '', now: ctx.now, settings: { timeZone: 'Asia/Shanghai', businessHours: { days: [1], open: '09:00', close: '18:00' } } },
    );
    expect(performance.now() - started).toBeLessThan(PATHOLOGICAL_BOUND_MS);
    expect(hit).toBe(false);
  });

  it('still accepts the answers operators write patterns for (Chinese, emoji, named group value)', async () => {
    const flow = parseFlowDefinition(regexFlow('(?<value>[A-Z]{2}\\d{6})'));
    const runner = new FlowRunner();
    const first = await runner.start(flow, ctx);
    const done = await runner.resume(flow, first.state!, { text: '券码是 QW123456 呀😂 快点' }, ctx);
    expect(done.outcome).toBe('ended');
    expect(said(done)).toBe('收到券码 QW123456，马上帮您核销 🎉');
    expect(operatorMatches('[\\u4e00-\\u9fa5]+', '我要退款 refund 谢谢')).toEqual(['我要退款', '谢谢']);
    expect(operatorMatches('https?://[^\\s，,]+', '图：https://img.example.com/a.jpg，https://img.example.com/b.jpg')).toEqual([
      'https://img.example.com/a.jpg',
      'https://img.example.com/b.jpg',
    ]);
  });

  it.each([
    ['(\\d)\\1', '反向引用'],
    ['(?=\\d{6})\\d+', '前瞻/后顾'],
    ['(?<!不)退款', '前瞻/后顾'],
    ['([a-z]+', '不是合法的正则表达式'],
  ])('refuses %s at save time with a Chinese reason (%s), in ask validation and in conditions', (pattern, reason) => {
    expect(checkOperatorPattern(pattern)).toMatchObject({ ok: false });
    const issues = flowIssues(regexFlow(pattern));
    expect(issues.find((i) => i.path === 'nodes.ask.validate.pattern')?.message).toContain(reason);
    expect(issues.find((i) => i.path.startsWith('nodes.check.branches.0.when'))?.message).toContain(reason);
  });
});
