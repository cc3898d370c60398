import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentText } from '../content/fallback-text.js';
import { AllowedHostsSchema, matchAllowedHost, normaliseAllowedHost, restrictedAddress } from './call-policy.js';
import { performCall, renderCallUrl, type ResolveHost } from './call.js';
import { FlowRunner } from './runner.js';
import { CallNodeSchema, type CallNode } from './schemas.js';
import { templateVars, type FlowContext, type FlowScope, type StepResult } from './types.js';
import { parseFlowDefinition } from './validate.js';

const scope: FlowScope = {
  slots: { order_no: '2026/../../admin?x=1', photos: ['https://img.example.com/a.jpg'], note: null },
  customer: { externalId: 'u 1', name: '张三', tags: [], attributes: {} },
  channel: 'web',
  env: { orderServiceUrl: 'http://127.0.0.1:4010/api' },
};
const vars = templateVars(scope);
const SECRET = 'ADMIN_TOKEN=s3cr3t-内部密钥';
/** Well above any loopback round trip, far below the test timeout. */
const CALL_TIMEOUT_MS = 3000;

/** A stand-in for a company system (and for the internal services a flow must not reach). */
class TestService {
  server!: Server;
  hits: string[] = [];
  streamedBytes = 0;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.hits.push(`${req.method} ${req.url} host=${req.headers.host}`);
    const json = (status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    switch (req.url) {
      case '/orders/202611110001234567':
        return json(200, { status: '运输中', courier: '顺丰速运', internal: { apiKey: SECRET } });
      case '/secret':
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end(SECRET);
      case '/redirect':
        return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      case '/declared-huge':
        return void res.writeHead(200, { 'content-length': String(64 * 1024 * 1024) }).end('{}');
      case '/endless':
        return this.stream(res);
      default:
        return json(404, { error: 'not found' });
    }
  }

  /** Streams JSON-ish bytes until the client hangs up (or the test's safety limit). */
  private stream(res: ServerResponse): void {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const safetyLimit = 256 * 1024 * 1024;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('"');
    const pump = () => {
      while (!res.destroyed && this.streamedBytes < safetyLimit) {
        this.streamedBytes += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => res.destroy());
    pump();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const callNode = (url: string, extra: Partial<CallNode> = {}): CallNode => CallNodeSchema.parse({ kind: 'call', url, next: 'x', timeoutMs: CALL_TIMEOUT_MS, ...extra });

/** DNS at the network boundary: names we choose, pointing where an attacker would point them. */
function fakeDns(records: Record<string, Array<{ address: string; family: 4 | 6 }>>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const found = records[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };
  return Object.assign(resolve, { asked });
}

describe('call node: URLs and the allow-list', () => {
  it('percent-encodes slot values in the URL but keeps env base URLs as configured', () => {
    expect(renderCallUrl({ url: '{{env.orderServiceUrl}}/orders/{{slots.order_no}}?who={{customer.externalId}}' }, vars)).toBe(
      'http://127.0.0.1:4010/api/orders/2026%2F..%2F..%2Fadmin%3Fx%3D1?who=u%201',
    );
  });

  it.each([
    ['http://127.0.0.1:4010/x', ['127.0.0.1'], 'exact'],
    ['http://127.0.0.1:4010/x', ['127.0.0.1:4010'], 'exact'],
    ['http://127.0.0.1:4011/x', ['127.0.0.1:4010'], null],
    ['http://2130706433:4010/x', ['127.0.0.1:4010'], 'exact'],
    ['http://127.0.0.1/x', ['2130706433'], 'exact'],
    ['http://orders.internal/x', ['Orders.Internal'], 'exact'],
    ['http://orders.internal./x', ['orders.internal:80'], 'exact'],
    ['https://orders.internal/x', ['orders.internal:80'], null],
    ['http://[fd00::5]:8080/x', ['[fd00::5]:8080'], 'exact'],
    ['https://api.shop.example/x', ['*.shop.example'], 'wildcard'],
    ['https://shop.example/x', ['*.shop.example'], null],
    ['https://evil-shop.example/x', ['*.shop.example'], null],
    ['https://api.shop.example.evil.cn/x', ['*.shop.example'], null],
    ['http://169.254.169.254/latest', ['api.shop.example'], null],
    ['http://localhost/x', [], null],
    ['http://anything.cn/x', ['*'], null],
    ['http://anything.cn/x', ['*.cn'], null],
  ])('%s allowed by %j → %s', (url, allowed, expected) => {
    expect(matchAllowedHost(new URL(url), allowed)).toBe(expected);
  });

  it('admin input is normalised; entries that are not hosts are refused in Chinese', () => {
    expect(AllowedHostsSchema.parse(['Orders.Shop.CN', '*.shop.cn', '127.0.0.1:4010', '2130706433', 'orders.shop.cn'])).toEqual([
      'orders.shop.cn',
      '*.shop.cn',
      '127.0.0.1:4010',
      '127.0.0.1',
    ]);
    for (const bad of ['*', '*.cn', 'http://shop.cn/x', 'a b.cn', 'user@shop.cn', '']) {
      expect(normaliseAllowedHost(bad), bad).toBeNull();
      const result = AllowedHostsSchema.safeParse([bad]);
      expect(result.success, bad).toBe(false);
      expect(result.error!.issues[0].message).toContain('不是合法的主机');
    }
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.100.100.200', 'shared'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00:ec2::254', 'unique local'],
    ['fc00::1', 'unique local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:a9fe:a9fe]', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::', 'loopback'],
    ['239.1.1.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['orders.internal', 'not an address'],
  ])('%s is restricted (%s)', (address, reason) => {
    expect(restrictedAddress(address)).toContain(reason);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2400:3200::1', '::ffff:8.8.8.8', '114.114.114.114'])('%s is public', (address) => {
    expect(restrictedAddress(address)).toBeNull();
  });
});

describe('call node: over real HTTP', () => {
  let orders: TestService;
  let internal: TestService;

  beforeAll(async () => {
    orders = await new TestService().start();
    internal = await new TestService().start();
  });
  afterAll(async () => {
    await orders.close();
    await internal.close();
  });
  beforeEach(() => {
    orders.hits = [];
    internal.hits = [];
  });

  it('reaches a host the admin allowed exactly, and keeps only the mapped fields', async () => {
    const node = callNode(`http://${orders.host}/orders/{{order_no}}`, { saveAs: { status: 'status', courier: '$.courier' } });
    const result = await performCall(node, templateVars({ ...scope, slots: { order_no: '202611110001234567' } }), { allowedHosts: [orders.host] });
    expect(result).toEqual({ ok: true, status: 200, slots: { status: '运输中', courier: '顺丰速运' }, url: `http://${orders.host}/orders/202611110001234567` });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('never sends a request to a non-http(s) URL or an unlisted host', async () => {
    const file = await performCall(callNode('file:///etc/passwd'), vars, { allowedHosts: ['127.0.0.1'] });
    expect(file).toMatchObject({ ok: false, failure: 'invalid_url' });
    const other = await performCall(callNode(`http://127.0.0.1:${internal.port}/secret`), vars, { allowedHosts: [orders.host] });
    expect(other).toMatchObject({ ok: false, failure: 'host_not_allowed' });
    expect(internal.hits).toEqual([]);
  });

  it.each([
    ['decimal IPv4', (port: number) => `http://2130706433:${port}/secret`],
    ['hex IPv4', (port: number) => `http://0x7f.1:${port}/secret`],
    ['IPv4-mapped IPv6', (port: number) => `http://[::ffff:127.0.0.1]:${port}/secret`],
    ['unspecified 0.0.0.0', (port: number) => `http://0.0.0.0:${port}/secret`],
    ['unspecified ::', (port: number) => `http://[::]:${port}/secret`],
    ['localhost', (port: number) => `http://localhost:${port}/secret`],
    ['metadata name', () => 'http://metadata.google.internal/computeMetadata/v1/'],
  ])('refuses %s when the admin allowed only public shop hosts', async (_name, url) => {
    const result = await performCall(callNode(url(internal.port)), vars, { allowedHosts: ['*.shop.example', 'api.shop.example', '*.google.internal'] });
    expect(result.ok).toBe(false);
    expect(['host_not_allowed', 'address_not_allowed']).toContain(!result.ok && result.failure);
    expect(internal.hits).toEqual([]);
  });

  it.each([
    ['127.0.0.1', [{ address: '127.0.0.1', family: 4 as const }]],
    ['::ffff:127.0.0.1', [{ address: '::ffff:127.0.0.1', family: 6 as const }]],
    ['0.0.0.0', [{ address: '0.0.0.0', family: 4 as const }]],
    ['a public and a loopback address (rebinding)', [{ address: '203.0.113.7', family: 4 as const }, { address: '127.0.0.1', family: 4 as const }]],
    ['169.254.169.254', [{ address: '169.254.169.254', family: 4 as const }]],
  ])('a name allowed by a wildcard that resolves to %s is refused at connection time', async (_what, addresses) => {
    const dns = fakeDns({ 'orders.shop.example': addresses });
    const result = await performCall(callNode(`http://orders.shop.example:${internal.port}/secret`), vars, { allowedHosts: ['*.shop.example'], resolve: dns });
    expect(result).toMatchObject({ ok: false, failure: 'address_not_allowed' });
    expect(dns.asked).toEqual(['orders.shop.example']);
    expect(internal.hits).toEqual([]);
  });

  it('an exact entry for a name unlocks its private address; the socket goes to the checked address, resolved once', async () => {
    const dns = fakeDns({ 'orders.internal': [{ address: '127.0.0.1', family: 4 }] });
    const node = callNode(`http://orders.internal:${orders.port}/orders/202611110001234567`, { saveAs: { status: 'status' } });
    const result = await performCall(node, vars, { allowedHosts: [`orders.internal:${orders.port}`], resolve: dns });
    expect(result).toMatchObject({ ok: true, slots: { status: '运输中' } });
    expect(dns.asked).toEqual(['orders.internal']);
    expect(orders.hits).toEqual([`GET /orders/202611110001234567 host=orders.internal:${orders.port}`]);
  });

  it('with the system resolver: localhost is refused unless named exactly, and works when it is', async () => {
    const url = `http://localhost:${orders.port}/orders/202611110001234567`;
    expect(await performCall(callNode(url), vars, { allowedHosts: ['127.0.0.1'] })).toMatchObject({ ok: false, failure: 'host_not_allowed' });
    expect(await performCall(callNode(url, { saveAs: { status: 'status' } }), vars, { allowedHosts: [`localhost:${orders.port}`] })).toMatchObject({
      ok: true,
      slots: { status: '运输中' },
    });
  });

  it('does not follow a redirect (a 3xx is a failure the flow can branch on)', async () => {
    const result = await performCall(callNode(`http://${orders.host}/redirect`), vars, { allowedHosts: [orders.host] });
    expect(result).toMatchObject({ ok: false, failure: 'redirect', status: 302 });
    expect(orders.hits).toHaveLength(1);
  });

  it('cuts an endless response off while it streams, long before the timeout', async () => {
    orders.streamedBytes = 0;
    const started = Date.now();
    const result = await performCall(callNode(`http://${orders.host}/endless`, { timeoutMs: 20_000 }), vars, { allowedHosts: [orders.host] });
    expect(result).toMatchObject({ ok: false, failure: 'too_large' });
    expect(Date.now() - started).toBeLessThan(5000);
    // Socket buffers hold a few MB at most; without the cap the server streams 256 MB.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(orders.streamedBytes).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a declared oversize response without reading it', async () => {
    const result = await performCall(callNode(`http://${orders.host}/declared-huge`), vars, { allowedHosts: [orders.host] });
    expect(result).toMatchObject({ ok: false, failure: 'too_large', status: 200 });
  });

  it('never puts a raw response body into the result, the trace or what the customer reads', async () => {
    const result = await performCall(callNode(`http://${orders.host}/secret`), vars, { allowedHosts: [orders.host] });
    expect(result).toMatchObject({ ok: false, failure: 'invalid_json' });
    expect(JSON.stringify(result)).not.toContain('s3cr3t');

    const flow = parseFlowDefinition({
      id: 'leak-probe',
      name: '查订单',
      start: 'lookup',
      nodes: {
        lookup: { kind: 'call', url: `http://${orders.host}/orders/202611110001234567`, saveAs: { whole: '$', internal: 'internal' }, next: 'copy', onError: 'sorry' },
        copy: { kind: 'set', slots: { text: '结果：{{whole}} {{internal}}', same: '{{internal}}' }, next: 'show' },
        show: { kind: 'end', content: [{ type: 'text', text: '亲，查到啦：{{whole}}{{internal}}{{text}}{{slots.same}}{{status|}}✅' }] },
        sorry: { kind: 'end', content: [{ type: 'text', text: '系统开小差了😭' }] },
      },
    });
    const ctx: FlowContext = { customer: { externalId: 'u-9', tags: [], attributes: {} }, channel: 'web', now: new Date(), callPolicy: { allowedHosts: [orders.host] } };
    const step: StepResult = await new FlowRunner().start(flow, ctx);
    const seen = JSON.stringify({ said: step.messages.map((m) => contentText(m)), trace: step.trace });
    expect(step.outcome).toBe('ended');
    expect(seen).not.toContain('s3cr3t');
    expect(seen).not.toContain('顺丰速运');

    const secretFlow = structuredClone(flow);
    if (secretFlow.nodes.lookup.kind !== 'call') throw new Error('lookup is a call');
    secretFlow.nodes.lookup.url = `http://${orders.host}/secret`;
    const failed = await new FlowRunner().start(secretFlow, ctx);
    expect(JSON.stringify({ said: failed.messages.map((m) => contentText(m)), trace: failed.trace })).not.toContain('s3cr3t');
  });

  it('takes the allow-list per run: each bot its own, none by default', async () => {
    const flow = parseFlowDefinition({
      id: 'order-status',
      name: '查订单',
      start: 'lookup',
      nodes: {
        lookup: { kind: 'call', url: `http://${orders.host}/orders/202611110001234567`, saveAs: { status: 'status' }, next: 'done', onError: 'sorry' },
        done: { kind: 'end', content: [{ type: 'text', text: '您的订单{{status}}～' }] },
        sorry: { kind: 'end', content: [{ type: 'text', text: '系统开小差了😭' }] },
      },
    });
    const base: FlowContext = { customer: { externalId: 'u-9', tags: [], attributes: {} }, channel: 'web', now: new Date() };
    const runner = new FlowRunner();
    expect(contentText((await runner.start(flow, base)).messages[0])).toBe('系统开小差了😭');
    const shopA = await runner.start(flow, { ...base, callPolicy: { allowedHosts: [orders.host] } });
    expect(contentText(shopA.messages[0])).toBe('您的订单运输中～');
    const shopB = await runner.start(flow, { ...base, callPolicy: { allowedHosts: ['*.other-shop.example'] } });
    expect(shopB.trace.find((t) => t.event === 'call_failed')?.detail).toContain('host_not_allowed');
    expect(orders.hits).toHaveLength(1);
  });
});
