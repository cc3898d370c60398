import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentText } from '../content/fallback-text.js';
import { BROKEN_ORDER_ID, SLOW_ORDER_ID, startOrderService, type OrderService } from '../demo/order-service.js';
import { FlowRunner } from './runner.js';
import type { FlowContext, FlowState, RunnableFlow, StepResult } from './types.js';
import { parseFlowDefinition } from './validate.js';

const load = (name: string): RunnableFlow => ({
  ...parseFlowDefinition(JSON.parse(readFileSync(new URL(`../../demo/flows/${name}.json`, import.meta.url), 'utf8'))),
  version: 1,
});
const ORDER_STATUS = load('order-status');
const RETURN_REQUEST = load('return-request');
/** Short enough that the timeout test is quick, far below the slow order's delay. */
const TEST_CALL_TIMEOUT_MS = 300;

const said = (r: StepResult) => r.messages.map((m) => contentText(m)).join('\n');

describe('demo flows against the real demo order service', () => {
  let service: OrderService;
  let runner: FlowRunner;
  let ctx: FlowContext;

  beforeAll(async () => {
    service = await startOrderService();
    runner = new FlowRunner({ allowedHosts: ['127.0.0.1'] });
    ctx = {
      customer: { externalId: 'u-1001', name: '王女士', tags: ['VIP'], vipLevel: 3, attributes: {} },
      channel: 'web',
      now: new Date('2026-11-25T06:00:00Z'),
      env: { orderServiceUrl: service.url },
    };
  });
  afterAll(() => service.close());

  /** Plays a conversation; returns every step. */
  async function talk(flow: RunnableFlow, answers: string[], context = ctx): Promise<StepResult[]> {
    const steps = [await runner.start(flow, context)];
    for (const answer of answers) {
      const state = steps.at(-1)!.state as FlowState;
      expect(state, `flow ended before "${answer}"`).not.toBeNull();
      // The engine stores the state as JSON between messages.
      steps.push(await runner.resume(flow, JSON.parse(JSON.stringify(state)), { text: answer }, context));
    }
    return steps;
  }

  it('order status: asks for the number, looks it up, answers in transit with courier and tracking number', async () => {
    const steps = await talk(ORDER_STATUS, ['订单号是 2026 1111 0001 2345 67，帮我看看到哪了😭']);
    expect(steps[0].outcome).toBe('waiting');
    expect(said(steps[0])).toContain('订单号');
    const last = steps[1];
    expect(last.outcome).toBe('ended');
    expect(said(last)).toContain('运输中');
    expect(said(last)).toContain('顺丰速运');
    expect(said(last)).toContain('SF1409876543210');
    expect(last.trace.map((t) => t.event)).toContain('call_ok');
  });

  it.each([
    ['3917250618000042', '还没发货'],
    ['我的单号882026031500123', '已签收'],
  ])('order status: %s → %s', async (answer, expected) => {
    const steps = await talk(ORDER_STATUS, [answer]);
    expect(steps.at(-1)!.outcome).toBe('ended');
    expect(said(steps.at(-1)!)).toContain(expected);
  });

  it('order status: retries a non-number, then hands off after maxRetries', async () => {
    const steps = await talk(ORDER_STATUS, ['我不知道啊', '就是昨天买的那个外套', '你自己查嘛']);
    expect(steps[1].outcome).toBe('waiting');
    expect(said(steps[1])).toContain('不是订单号');
    expect(steps[1].state!.retries).toBe(1);
    expect(steps[2].outcome).toBe('waiting');
    expect(steps[3].outcome).toBe('handoff');
    expect(steps[3].handoff).toEqual({ reason: 'order_number_not_recognised' });
  });

  it('order status: unknown numbers loop back, and the loop guard hands off on the fourth round', async () => {
    const steps = await talk(ORDER_STATUS, ['111122223333', '111122223334', '111122223335']);
    expect(said(steps[1])).toContain('没有查到订单号 111122223333');
    expect(steps[1].outcome).toBe('waiting');
    expect(steps[2].outcome).toBe('waiting');
    expect(steps[3].outcome).toBe('loop_exceeded');
    expect(steps[3].handoff).toEqual({ reason: 'loop_exceeded' });
    expect(said(steps[3])).toContain('原地打转');
    expect(steps[3].state).toBeNull();
  });

  it('order status: a 500 from the order system apologises and offers a human', async () => {
    const steps = await talk(ORDER_STATUS, [BROKEN_ORDER_ID, '要']);
    expect(said(steps[1])).toContain('订单系统暂时没有响应');
    expect(steps[1].trace.find((t) => t.event === 'call_failed')?.detail).toContain('http_status');
    expect(steps[1].messages.at(-1)!.some((b) => b.type === 'buttons')).toBe(true);
    expect(steps[2].outcome).toBe('handoff');
    expect(steps[2].handoff).toEqual({ reason: 'order_service_unavailable' });
  });

  it('order status: a timeout takes the failure branch; "不用了" there is an answer, not a cancel', async () => {
    const quick: RunnableFlow = structuredClone(ORDER_STATUS);
    const lookup = quick.nodes.lookup;
    if (lookup.kind !== 'call') throw new Error('lookup is a call');
    lookup.timeoutMs = TEST_CALL_TIMEOUT_MS;
    const started = Date.now();
    const steps = await talk(quick, [SLOW_ORDER_ID, '不用了']);
    expect(Date.now() - started).toBeLessThan(TEST_CALL_TIMEOUT_MS * 10);
    expect(steps[1].trace.find((t) => t.event === 'call_failed')?.detail).toContain('timeout');
    expect(steps[2].outcome).toBe('ended');
    expect(said(steps[2])).toContain('稍后再发订单号');
  });

  it('order status: calls are refused when the host is not on the allow-list', async () => {
    const closed = new FlowRunner({ allowedHosts: ['api.shop.example'] });
    const first = await closed.start(ORDER_STATUS, ctx);
    const step = await closed.resume(ORDER_STATUS, first.state!, { text: '202611110001234567' }, ctx);
    expect(step.trace.find((t) => t.event === 'call_failed')?.detail).toContain('host_not_allowed');
    expect(said(step)).toContain('订单系统暂时没有响应');
  });

  it('return request: order, reason by button, photos, confirm → a return record with its id', async () => {
    const before = service.returns.length;
    const steps = await talk(RETURN_REQUEST, [
      '20261102778899001122',
      '杯子盖子坏了，质量不好',
      '图在这 https://img.example.com/a.jpg ，还有 https://img.example.com/b.jpg',
      '确认提交',
    ]);
    const reasonPrompt = steps[1].messages.at(-1)!;
    const buttons = reasonPrompt.find((b) => b.type === 'buttons');
    expect(buttons && buttons.type === 'buttons' && buttons.buttons.map((b) => b.label)).toContain('质量问题');
    expect(said(steps[3])).toContain('原因：质量问题');
    const done = steps[4];
    expect(done.outcome).toBe('ended');
    expect(service.returns.length).toBe(before + 1);
    const created = service.returns.at(-1)!;
    expect(created).toMatchObject({ orderId: '20261102778899001122', reason: '质量问题', photos: ['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'] });
    expect(said(done)).toContain(created.returnId);
    expect(said(done)).toContain('待审核');
  });

  it('return request: photos skipped with 没有, reason typed in traditional characters', async () => {
    const steps = await talk(RETURN_REQUEST, ['882026031500123', '尺碼太小了', '沒有', '确认']);
    expect(steps[3].trace.map((t) => t.event)).toContain('answer_skipped');
    expect(steps[4].outcome).toBe('ended');
    expect(service.returns.at(-1)).toMatchObject({ orderId: '882026031500123', reason: '尺码不合适', photos: [] });
  });

  it('return request: an order not yet delivered is refused politely (409 branch)', async () => {
    const steps = await talk(RETURN_REQUEST, ['3917250618000042', '不喜欢', '跳过', '好的']);
    expect(steps[4].outcome).toBe('ended');
    expect(said(steps[4])).toContain('签收后才能申请退货');
  });

  it('return request: 算了 leaves the flow at any question', async () => {
    const steps = await talk(RETURN_REQUEST, ['882026031500123', '算了算了，不退了']);
    expect(steps[2].outcome).toBe('cancelled');
    expect(steps[2].state).toBeNull();
    expect(said(steps[2])).toContain('已为您取消');
  });

  it('转人工 works inside the flow', async () => {
    const steps = await talk(RETURN_REQUEST, ['882026031500123', '转人工！！']);
    expect(steps[2].outcome).toBe('handoff');
    expect(steps[2].handoff).toEqual({ reason: 'customer_request' });
  });
});
