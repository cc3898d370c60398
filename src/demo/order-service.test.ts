import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_ORDER_ID, DEMO_ORDERS, SLOW_ORDER_ID, startOrderService, type OrderService } from './order-service.js';

/** The slow order answers after this; the test gives up well before. */
const SLOW_MS = 2000;
const CLIENT_TIMEOUT_MS = 200;
const ORDER_NUMBER = /^\d{12,20}$/;

describe('demo order service', () => {
  let service: OrderService;
  beforeAll(async () => {
    service = await startOrderService({ slowResponseMs: SLOW_MS });
  });
  afterAll(() => service.close());

  it('listens on 127.0.0.1 on a random port', () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('has realistic orders in every status', () => {
    expect(new Set(DEMO_ORDERS.map((o) => o.status))).toEqual(new Set(['待发货', '运输中', '已签收']));
    for (const o of [...DEMO_ORDERS.map((d) => d.orderId), BROKEN_ORDER_ID, SLOW_ORDER_ID]) expect(o).toMatch(ORDER_NUMBER);
    for (const o of DEMO_ORDERS.filter((d) => d.status !== '待发货')) expect(o.trackingNo && o.courier).toBeTruthy();
  });

  it('GET /orders/:id answers an order, 404 for an unknown one, 500 for the broken one', async () => {
    const ok = await fetch(`${service.url}/orders/202611110001234567`);
    expect(await ok.json()).toMatchObject({ status: '运输中', courier: '顺丰速运' });
    expect((await fetch(`${service.url}/orders/123456789012`)).status).toBe(404);
    expect((await fetch(`${service.url}/orders/${BROKEN_ORDER_ID}`)).status).toBe(500);
  });

  it('the slow order does not answer within a client timeout', async () => {
    const started = Date.now();
    await expect(fetch(`${service.url}/orders/${SLOW_ORDER_ID}`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
  });

  it('POST /returns creates a return for a delivered order and refuses the others', async () => {
    const post = (body: unknown) => fetch(`${service.url}/returns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post({ orderId: '882026031500123', reason: '质量问题', photos: ['https://img.example.com/kettle.jpg'] });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toEqual({ returnId: expect.stringMatching(/^TH\d{9}$/), status: '待审核' });
    expect(service.returns.at(-1)).toMatchObject({ returnId: body.returnId, photos: ['https://img.example.com/kettle.jpg'] });
    expect((await post({ orderId: '882026031500123', reason: '尺码不合适', photos: null })).status).toBe(201);
    expect((await post({ orderId: '3917250618000042', reason: '不想要了' })).status).toBe(409);
    expect((await post({ orderId: '000000000000', reason: '质量问题' })).status).toBe(404);
    expect((await post({ orderId: '882026031500123' })).status).toBe(400);
  });
});
