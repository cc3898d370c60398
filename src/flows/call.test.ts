import { describe, expect, it } from 'vitest';
import { hostAllowed, performCall, renderCallUrl } from './call.js';
import { CallNodeSchema } from './schemas.js';
import type { TemplateScope } from './templates.js';

const scope: TemplateScope = {
  slots: { order_no: '2026/../../admin?x=1', photos: ['https://img.example.com/a.jpg'], note: null },
  customer: { externalId: 'u 1', name: '张三', tags: [], attributes: {} },
  channel: 'web',
  env: { orderServiceUrl: 'http://127.0.0.1:4010/api' },
};

describe('call node', () => {
  it('percent-encodes slot values in the URL but keeps env base URLs as configured', () => {
    expect(renderCallUrl({ url: '{{env.orderServiceUrl}}/orders/{{slots.order_no}}?who={{customer.externalId}}' }, scope)).toBe(
      'http://127.0.0.1:4010/api/orders/2026%2F..%2F..%2Fadmin%3Fx%3D1?who=u%201',
    );
  });

  it.each([
    ['http://127.0.0.1:4010/x', ['127.0.0.1'], true],
    ['http://127.0.0.1:4010/x', ['127.0.0.1:4010'], true],
    ['http://127.0.0.1:4011/x', ['127.0.0.1:4010'], false],
    ['https://api.shop.example/x', ['*.shop.example'], true],
    ['https://evil-shop.example/x', ['*.shop.example'], false],
    ['http://169.254.169.254/latest', ['api.shop.example'], false],
    ['http://localhost/x', [], false],
  ])('%s allowed by %j → %s', (url, allowed, expected) => {
    expect(hostAllowed(new URL(url), allowed)).toBe(expected);
  });

  it('never sends a request to a non-http(s) URL or an unlisted host', async () => {
    let called = 0;
    const spyFetch = (async () => {
      called++;
      return new Response('{}');
    }) as typeof fetch;
    const node = CallNodeSchema.parse({ kind: 'call', url: 'file:///etc/passwd', next: 'x' });
    expect(await performCall(node, scope, { allowedHosts: ['*'], fetch: spyFetch })).toMatchObject({ ok: false, failure: 'invalid_url' });
    const other = CallNodeSchema.parse({ kind: 'call', url: 'http://10.0.0.5/admin', next: 'x' });
    expect(await performCall(other, scope, { allowedHosts: ['127.0.0.1'], fetch: spyFetch })).toMatchObject({ ok: false, failure: 'host_not_allowed' });
    expect(called).toBe(0);
  });
});
