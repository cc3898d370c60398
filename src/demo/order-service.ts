/**
 * The demo shop's order system: a tiny HTTP service the demo starts on 127.0.0.1 so the
 * order-status and return-request flows (demo/flows/) call a real system over real HTTP.
 * A few orders in every state, and two that misbehave on purpose so the flows' failure
 * branches can be seen (and tested): one answers 500, one answers too late.
 */
import Fastify from 'fastify';

export type OrderStatus = '待发货' | '运输中' | '已签收';

export interface DemoOrder {
  orderId: string;
  status: OrderStatus;
  item: string;
  courier: string | null;
  trackingNo: string | null;
  latestEvent: string;
}

export interface DemoReturn {
  returnId: string;
  orderId: string;
  reason: string;
  photos: string[];
  status: '待审核';
}

/** Looking this order up answers 500 (the order system "is down"). */
export const BROKEN_ORDER_ID = '500000000000500';
/** Looking this order up answers only after `slowResponseMs` (beyond any flow's timeout). */
export const SLOW_ORDER_ID = '900000000000009';
/** Longer than the longest call timeout a flow may set (MAX_CALL_TIMEOUT_MS = 30 s). */
export const DEFAULT_SLOW_RESPONSE_MS = 35_000;
const LOCALHOST = '127.0.0.1';
const HTTP_NOT_FOUND = 404;
const HTTP_CONFLICT = 409;
const HTTP_BAD_REQUEST = 400;
const HTTP_CREATED = 201;
const HTTP_SERVER_ERROR = 500;

export const DEMO_ORDERS: readonly DemoOrder[] = [
  { orderId: '202611110001234567', status: '运输中', item: '温度优选 羽绒服（藏青色 L）', courier: '顺丰速运', trackingNo: 'SF1409876543210', latestEvent: '11月24日 18:32 快件已到达【杭州转运中心】' },
  { orderId: '3917250618000042', status: '待发货', item: '全棉四件套（1.8m 床）', courier: null, trackingNo: null, latestEvent: '仓库正在拣货，预计 48 小时内发出' },
  { orderId: '882026031500123', status: '已签收', item: '小熊养生壶 1.5L', courier: '中通快递', trackingNo: '78312345678901', latestEvent: '11月20日 10:05 已签收，签收人：本人' },
  { orderId: '20261102778899001122', status: '已签收', item: '儿童保温杯 2 只装', courier: '京东物流', trackingNo: 'JDVA20487766554', latestEvent: '11月05日 15:40 已放入丰巢快递柜' },
];

export interface OrderServiceOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  slowResponseMs?: number;
}

export interface OrderService {
  url: string;
  /** Return requests created since start. */
  returns: readonly DemoReturn[];
  close(): Promise<void>;
}

export async function startOrderService(options: OrderServiceOptions = {}): Promise<OrderService> {
  const slowMs = options.slowResponseMs ?? DEFAULT_SLOW_RESPONSE_MS;
  const orders = new Map(DEMO_ORDERS.map((o) => [o.orderId, o]));
  const returns: DemoReturn[] = [];
  const pending = new Set<() => void>();
  // forceCloseConnections: close() must not wait for the deliberately slow request.
  const app = Fastify({ logger: false, forceCloseConnections: true });

  app.get<{ Params: { id: string } }>('/orders/:id', async (req, reply) => {
    const { id } = req.params;
    if (id === BROKEN_ORDER_ID) return reply.status(HTTP_SERVER_ERROR).send({ error: '订单系统内部错误' });
    if (id === SLOW_ORDER_ID) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, slowMs);
        function done() {
          clearTimeout(timer);
          pending.delete(done);
          resolve();
        }
        pending.add(done);
      });
      return reply.status(HTTP_SERVER_ERROR).send({ error: '超时' });
    }
    const order = orders.get(id);
    if (!order) return reply.status(HTTP_NOT_FOUND).send({ error: '订单不存在' });
    return order;
  });

  app.post<{ Body: { orderId?: unknown; reason?: unknown; photos?: unknown } }>('/returns', async (req, reply) => {
    const { orderId, reason, photos } = req.body ?? {};
    const photoList = photos === undefined || photos === null ? [] : Array.isArray(photos) ? photos : [photos];
    if (typeof orderId !== 'string' || typeof reason !== 'string' || !reason || !photoList.every((p) => typeof p === 'string')) {
      return reply.status(HTTP_BAD_REQUEST).send({ error: '需要 orderId、reason，photos 为链接列表' });
    }
    const order = orders.get(orderId);
    if (!order) return reply.status(HTTP_NOT_FOUND).send({ error: '订单不存在' });
    if (order.status !== '已签收') return reply.status(HTTP_CONFLICT).send({ error: '订单签收后才能申请退货', status: order.status });
    const created: DemoReturn = { returnId: `TH${orderId.slice(-6)}${String(returns.length + 1).padStart(3, '0')}`, orderId, reason, photos: photoList as string[], status: '待审核' };
    returns.push(created);
    return reply.status(HTTP_CREATED).send({ returnId: created.returnId, status: created.status });
  });

  const address = await app.listen({ host: LOCALHOST, port: options.port ?? 0 });
  return {
    url: address,
    returns,
    async close() {
      for (const release of [...pending]) release();
      await app.close();
    },
  };
}
