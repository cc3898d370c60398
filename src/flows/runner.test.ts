import { describe, expect, it } from 'vitest';
import { contentText } from '../content/fallback-text.js';
import { FlowRunner } from './runner.js';
import type { FlowDefinitionInput } from './schemas.js';
import type { FlowContext, RunnableFlow, StepResult } from './types.js';
import { parseFlowDefinition } from './validate.js';

const ctx: FlowContext = {
  customer: { externalId: 'u-42', name: '小美', tags: ['VIP'], vipLevel: 2, attributes: { city: '成都' } },
  channel: 'web',
  now: new Date('2026-11-27T04:00:00Z'), // Friday 12:00 in Shanghai
};
const say = (t: string) => [{ type: 'text' as const, text: t }];
const said = (r: StepResult) => r.messages.map((m) => contentText(m)).join('\n');
const flow = (input: Omit<FlowDefinitionInput, 'id' | 'name'>): RunnableFlow => ({ ...parseFlowDefinition({ id: 'test-flow', name: '测试流程', ...input }), version: 7 });
const runner = new FlowRunner();

const PHONE_FLOW = flow({
  start: 'hello',
  nodes: {
    hello: { kind: 'message', content: say('{{customer.name}}您好～'), next: 'vip' },
    vip: { kind: 'condition', branches: [{ when: { kind: 'tag', tag: 'VIP' }, next: 'vip_hello' }], else: 'ask_phone' },
    vip_hello: { kind: 'message', content: say('尊敬的 VIP 会员，专属客服为您服务。'), next: 'ask_phone' },
    ask_phone: { kind: 'ask', slot: 'phone', prompt: say('请留一个联系电话'), validate: { kind: 'entity', entity: 'phone' }, maxRetries: 1, onFail: 'give_up', next: 'copy' },
    copy: { kind: 'set', slots: { contact: '{{phone}}', note: '来自{{customer.attributes.city}}' }, next: 'bye' },
    bye: { kind: 'end', content: say('好的，稍后会打 {{contact}} 联系您（{{note}}）') },
    give_up: { kind: 'end', content: say('没关系，您也可以稍后在「我的 > 客服」留言。') },
  },
});

describe('FlowRunner', () => {
  it('runs messages, conditions and set until the ask waits; templates see the customer and slots', async () => {
    const first = await runner.start(PHONE_FLOW, ctx);
    expect(first.outcome).toBe('waiting');
    expect(first.messages).toHaveLength(3);
    expect(said(first)).toContain('小美您好～');
    expect(said(first)).toContain('VIP 会员');
    expect(first.state).toMatchObject({ flowId: 'test-flow', flowVersion: 7, node: 'ask_phone', retries: 0, startedAt: ctx.now.toISOString() });
    const done = await runner.resume(PHONE_FLOW, first.state!, { text: '我电话 138-1234-5678 谢谢' }, ctx);
    expect(done.outcome).toBe('ended');
    expect(said(done)).toBe('好的，稍后会打 13812345678 联系您（来自成都）');
    expect(done.state).toBeNull();
  });

  it('flow messages use the shared reply templates: defaults, plain-text values', async () => {
    const f = flow({ start: 'hi', nodes: { hi: { kind: 'end', content: say('{{customer.name|亲}}，您的城市是{{customer.attributes.city|未知}}') } } });
    const anonymous = await runner.start(f, { ...ctx, customer: { externalId: 'guest', tags: [], attributes: {} } });
    expect(said(anonymous)).toBe('亲，您的城市是未知');
    expect(said(await runner.start(f, ctx))).toBe('小美，您的城市是成都');
  });

  it('does not mutate the state it was given', async () => {
    const first = await runner.start(PHONE_FLOW, ctx);
    const frozen = JSON.stringify(first.state);
    await runner.resume(PHONE_FLOW, first.state!, { text: '不知道' }, ctx);
    expect(JSON.stringify(first.state)).toBe(frozen);
  });

  it('re-prompts an invalid answer, then takes onFail after maxRetries', async () => {
    const first = await runner.start(PHONE_FLOW, { ...ctx, customer: { ...ctx.customer, tags: [] } });
    const retry = await runner.resume(PHONE_FLOW, first.state!, { text: '打我座机吧 8888' }, ctx);
    expect(retry.outcome).toBe('waiting');
    expect(retry.state!.retries).toBe(1);
    expect(said(retry)).toContain('请留一个联系电话');
    expect(retry.trace.at(-1)).toMatchObject({ event: 'answer_rejected' });
    const failed = await runner.resume(PHONE_FLOW, retry.state!, { text: '😅😅' }, ctx);
    expect(failed.outcome).toBe('ended');
    expect(said(failed)).toContain('稍后在「我的 > 客服」留言');
  });

  it('without onFail, a failed ask hands off politely', async () => {
    const f = flow({ start: 'a', nodes: { a: { kind: 'ask', slot: 'x', prompt: say('选一个'), validate: { kind: 'choice', options: [{ value: 'a', label: '甲' }] }, maxRetries: 0, next: 'e' }, e: { kind: 'end' } } });
    const first = await runner.start(f, ctx);
    const result = await runner.resume(f, first.state!, { text: '乙' }, ctx);
    expect(result.outcome).toBe('handoff');
    expect(result.handoff).toEqual({ reason: 'ask_failed' });
  });

  it('the loop guard stops a goto loop after maxVisitsPerNode, ending politely when configured', async () => {
    const loop = flow({
      start: 'ask',
      nodes: {
        ask: { kind: 'ask', slot: 'again', prompt: say('还要再来一次吗？'), validate: { kind: 'any' }, next: 'again' },
        again: { kind: 'goto', target: 'ask' },
      },
      settings: { maxVisitsPerNode: 2, onLoopExceeded: 'end' },
    });
    let step = await runner.start(loop, ctx);
    step = await runner.resume(loop, step.state!, { text: '再来' }, ctx);
    expect(step.outcome).toBe('waiting');
    step = await runner.resume(loop, step.state!, { text: '再来再来' }, ctx);
    expect(step.outcome).toBe('loop_exceeded');
    expect(step.handoff).toBeNull();
    expect(said(step)).toContain('原地打转');
  });

  it('a loop without any ask cannot spin forever', async () => {
    const spin = flow({ start: 'a', nodes: { a: { kind: 'message', content: say('转圈圈'), next: 'b' }, b: { kind: 'goto', target: 'a' } } });
    const result = await runner.start(spin, ctx);
    expect(result.outcome).toBe('loop_exceeded');
    expect(result.handoff).toEqual({ reason: 'loop_exceeded' });
    expect(result.messages.filter((m) => contentText(m) === '转圈圈')).toHaveLength(3);
  });

  it.each(['取消', '算了吧', '不用了谢谢', '那就不要了。', '退出！'])('cancel word "%s" leaves the flow', async (text) => {
    const first = await runner.start(PHONE_FLOW, ctx);
    const result = await runner.resume(PHONE_FLOW, first.state!, { text }, ctx);
    expect(result.outcome).toBe('cancelled');
    expect(result.state).toBeNull();
  });

  it('a long message that merely contains a cancel word is not a cancel', async () => {
    const first = await runner.start(PHONE_FLOW, ctx);
    const result = await runner.resume(PHONE_FLOW, first.state!, { text: '不要了这件衣服质量太差我想退' }, ctx);
    expect(result.outcome).toBe('waiting');
  });

  it('validateAnswer tells an answer from a new question without changing anything', async () => {
    const first = await runner.start(PHONE_FLOW, ctx);
    expect(runner.validateAnswer(PHONE_FLOW, first.state!, '13912345678')).toEqual({ valid: true, value: '13912345678', reason: 'matched' });
    expect(runner.validateAnswer(PHONE_FLOW, first.state!, '你们几点下班')).toEqual({ valid: false, reason: 'no_match' });
    expect(runner.validateAnswer(PHONE_FLOW, { ...first.state!, node: 'bye' }, '1')).toEqual({ valid: false, reason: 'not_waiting' });
  });

  it('reprompt repeats the waiting question without counting a retry', async () => {
    const first = await runner.start(PHONE_FLOW, ctx);
    const again = await runner.reprompt(PHONE_FLOW, first.state!, ctx);
    expect(again.outcome).toBe('waiting');
    expect(said(again)).toBe('请留一个联系电话');
    expect(again.state).toEqual(first.state);
  });

  it('a state from another flow or a removed node ends the flow gracefully', async () => {
    const first = await runner.start(PHONE_FLOW, ctx);
    const stale = await runner.resume(PHONE_FLOW, { ...first.state!, node: 'removed_node' }, { text: '13812345678' }, ctx);
    expect(stale.outcome).toBe('ended');
    expect(stale.trace[0].event).toBe('state_invalid');
  });

  it('choice asks get quick-reply buttons; optional asks a skip button; ambiguous answers are retried', async () => {
    const f = flow({
      start: 'size',
      nodes: {
        size: { kind: 'ask', slot: 'size', prompt: say('要换什么尺码？'), validate: { kind: 'choice', options: [{ value: 'M', label: 'M 码', synonyms: ['中号'] }, { value: 'L', label: 'L 码', synonyms: ['大号'] }] }, next: 'note' },
        note: { kind: 'ask', slot: 'note', prompt: say('还有什么要备注的吗？'), validate: { kind: 'any' }, optional: true, next: 'end' },
        end: { kind: 'end', content: say('已记录：{{size}}，备注：{{note}}') },
      },
    });
    const first = await runner.start(f, ctx);
    const buttons = first.messages[0].find((b) => b.type === 'buttons');
    expect(buttons?.type === 'buttons' && buttons.buttons.map((b) => b.label)).toEqual(['M 码', 'L 码']);
    const unsure = await runner.resume(f, first.state!, { text: '中号或者大号都行' }, ctx);
    expect(unsure.trace.at(-1)?.detail).toContain('ambiguous');
    const picked = await runner.resume(f, unsure.state!, { text: '还是大号吧' }, ctx);
    expect(picked.state!.slots.size).toBe('L');
    const skip = picked.messages[0].find((b) => b.type === 'buttons');
    expect(skip?.type === 'buttons' && skip.buttons[0].label).toBe('跳过');
    const end = await runner.resume(f, picked.state!, { text: '跳过' }, ctx);
    expect(said(end)).toBe('已记录：L，备注：');
  });
});
