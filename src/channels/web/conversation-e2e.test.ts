/**
 * End to end over a real socket.io connection to a real server (real SQLite folder, the demo
 * knowledge base, the demo flows and the demo order service on 127.0.0.1): context follow-ups,
 * both demo flows with their call and failure branch, the loop guard, cancel and hand-off from
 * inside a flow. Customers write like customers.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../conversation/schemas.js';
import { BROKEN_ORDER_ID, DEMO_ORDERS } from '../../demo/order-service.js';
import { internalKeysIn } from '../../conversation/internals-testing.js';
import { CLIENT_EVENTS, SERVER_EVENTS } from './protocol.js';
import { operatorView, startServer, tempDataDir, TestCustomer, textOf, type RunningServer } from './test-client.js';

let running: RunningServer;
let dataDir: string;
let asOperatorSees: (messages: readonly Message[]) => Promise<Message[]>;
const clients: TestCustomer[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  running = await startServer(dataDir);
  asOperatorSees = operatorView(running);
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
  await running?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A new anonymous visitor with a fresh conversation. */
async function newConversation(): Promise<{ customer: TestCustomer; conversationId: string; visitor: { externalId: string; customerId: string }; say: (text: string) => Promise<Message[]> }> {
  const customer = new TestCustomer(running.url);
  clients.push(customer);
  const ack = await customer.open({});
  if (!ack.ok) throw new Error(`open refused: ${JSON.stringify(ack.error)}`);
  const conversationId = ack.conversationId;
  return {
    customer,
    conversationId,
    visitor: { externalId: ack.externalId, customerId: ack.customerId },
    async say(text) {
      const { ack: sent, replies } = await customer.say(conversationId, text);
      if (!sent.ok) throw new Error(`“${text}” refused: ${JSON.stringify(sent.error)}`);
      return replies;
    },
  };
}

const entryOf = (replies: Message[]) => replies.find((m) => m.meta.entryId)?.meta.entryId;
/** Where the flow stands after a turn: operators read it (a customer's copy carries no flow state). */
const flowOutcome = async (replies: Message[]) => ((await asOperatorSees(replies)).at(-1)?.meta.flow as { outcome?: string } | undefined)?.outcome;
const byStatus = (status: string) => DEMO_ORDERS.find((o) => o.status === status)!;

describe('context follow-ups over a socket', () => {
  it('我想退货 → 运费谁出 answers the return-shipping entry; 那换货呢 switches to an exchange entry', async () => {
    const { customer, say } = await newConversation();
    expect(textOf([...customer.bySeq.values()])).not.toBe(''); // the welcome
    expect(entryOf(await say('我想退货'))).toBe('shop-return-process');
    const fee = await say('运费谁出');
    expect(entryOf(fee), textOf(fee)).toBe('shop-return-shipping-fee');
    const exchange = await say('那换货呢');
    expect(entryOf(exchange), textOf(exchange)).toMatch(/^shop-exchange-/);
  });
});

describe('order-status flow with the demo order service', () => {
  it('asks for the order number, calls the order service and answers with the status', async () => {
    const { say } = await newConversation();
    const order = byStatus('运输中');
    const asked = await say('帮我查下订单，买的羽绒服到哪了');
    expect(textOf(asked)).toContain('订单号');
    expect(await flowOutcome(asked)).toBe('waiting');
    const answered = await say(`订单号 ${order.orderId} 谢谢`);
    const text = textOf(answered);
    expect(text).toContain('运输中');
    expect(text).toContain(order.trackingNo!);
    expect(text).toContain('杭州转运中心');
  });

  it('apologises and offers a person when the order system fails', async () => {
    const { say } = await newConversation();
    await say('查订单');
    const failed = await say(BROKEN_ORDER_ID);
    expect(textOf(failed)).toContain('订单系统暂时没有响应');
    const handedOff = await say('要');
    expect(handedOff[handedOff.length - 1].meta.action).toBe('handoff');
    expect(textOf(handedOff)).toContain('人工客服');
  });
});

describe('return-request flow', () => {
  it('collects order, reason and photos, then creates a return record and replies with its id', async () => {
    const { say } = await newConversation();
    const returnsBefore = running.server.orderService!.returns.length;
    const order = byStatus('已签收');
    expect(textOf(await say('我要退货'))).toContain('订单号');
    expect(textOf(await say(order.orderId))).toContain('原因');
    expect(textOf(await say('太小了，穿不上😭'))).toContain('照片');
    expect(textOf(await say('跳过'))).toContain('确认');
    const done = await say('确认');
    const created = running.server.orderService!.returns.slice(returnsBefore);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ orderId: order.orderId, reason: '尺码不合适' });
    expect(textOf(done)).toContain(created[0].returnId);
    expect(await flowOutcome(done)).toBe('ended');
  });
});

describe('flow control', () => {
  it('the loop guard hands over after the same question keeps coming back', async () => {
    const { say } = await newConversation();
    await say('查订单');
    const unknownOrders = ['123456789012', '1234567890123', '12345678901234', '123456789012345', '1234567890123456'];
    let last: Message[] = [];
    for (const orderNo of unknownOrders) {
      last = await say(orderNo);
      if ((await flowOutcome(last)) !== 'waiting') break;
      expect(textOf(last)).toContain('没有查到订单号');
    }
    expect(textOf(last)).toContain('原地打转');
    expect(last[last.length - 1].meta.action).toBe('handoff');
  });

  it('取消 leaves the flow, and the next message is no longer taken as its answer', async () => {
    const { say } = await newConversation();
    await say('查订单');
    const cancelled = await say('算了不查了');
    expect(textOf(cancelled)).toContain('取消');
    expect(await flowOutcome(cancelled)).toBe('cancelled');
    const after = await say('包邮吗');
    const seen = await asOperatorSees(after);
    expect(seen.every((m) => !m.meta.flow)).toBe(true);
    expect(entryOf(after), JSON.stringify(seen.map((m) => [m.text, m.meta.action, (m.meta.decision as { rule?: string })?.rule]))).toBe('shop-shipping-fee');
  });

  it('转人工 inside a flow hands over at once', async () => {
    const { say } = await newConversation();
    await say('我要退货');
    const handoff = await say('转人工');
    expect(handoff[handoff.length - 1].meta.action).toBe('handoff');
    // The hand-off phrase rotates between variants; every one of them names a person.
    expect(textOf(handoff)).toMatch(/人工/);
    // The flow is over: an order number now is not taken as the flow's answer.
    const after = await say(byStatus('已签收').orderId);
    expect(textOf(after)).not.toContain('退货的原因');
  });
});

describe('customers never receive internals', () => {
  it('no confidence, score, feature, threshold, rule, emotion or trace at any depth of what reaches the customer — live, on resume, in history', async () => {
    const { customer, conversationId, say, visitor } = await newConversation();
    const live: Message[] = [];
    customer.socket.on(SERVER_EVENTS.message, (m: Message) => live.push(m));
    // An answer with 猜你想问, a 您是想问, two questions at once, a flow step (its trace is the
    // operator's), an upset customer and a hand-off by rule: every kind of bot record there is.
    expect(entryOf(await say('发票怎么开呀'))).toBe('shop-invoice-how');
    await say('快递');
    await say('怎么退货？发票怎么开？');
    await say('帮我查下订单');
    await say('算了不查了');
    await say('气死我了，到底还发不发货');
    await say('转人工');
    const botReplies = [...customer.bySeq.values()].filter((m) => m.sender !== 'customer');
    // Every bot message came live too, but the welcome (it came with the open, before the listener).
    expect(live.filter((m) => m.sender !== 'customer')).toHaveLength(botReplies.length - 1);
    // What operators read of the same messages does carry the record: the customer's copy is a projection.
    const operatorCopies = await asOperatorSees(botReplies);
    expect(internalKeysIn(operatorCopies)).toEqual(expect.arrayContaining(['decision', 'trace', 'confidence', 'features', 'thresholds', 'rule']));

    // A second device of the same visitor resumes from the start and pages through the history;
    // and the HTTP history.
    const again = new TestCustomer(running.url);
    clients.push(again);
    const resumed = await again.open({ conversationId, profile: { externalId: visitor.externalId }, lastSeq: 0 });
    if (!resumed.ok) throw new Error(JSON.stringify(resumed.error));
    expect(resumed.missed.length).toBe(customer.bySeq.size);
    const fetched = await again.emit(CLIENT_EVENTS.fetch, { conversationId, after: 0, limit: 200 });
    const history = await fetch(`${running.url}/api/v1/conversations/${conversationId}/messages?after=0&limit=200`, { headers: { 'x-wendu-customer': visitor.customerId } });
    expect(history.status).toBe(200);
    const historyBody = (await history.json()) as { messages: Message[] };
    expect(historyBody.messages.length).toBe(customer.bySeq.size);
    for (const payload of [live, resumed, fetched, historyBody]) expect(internalKeysIn(payload)).toEqual([]);
  });
});
