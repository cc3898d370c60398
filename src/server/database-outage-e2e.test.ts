/**
 * PostgreSQL briefly unavailable (issue 10, "Tests"): the server reaches the real PostgreSQL
 * through a TCP relay this test can cut — the database and the server are real, only the
 * network between them goes away. Meanwhile requests answer 503 WENDU_DATABASE_UNAVAILABLE with
 * Retry-After and /readyz says not ready; once it is back everything acknowledged is there,
 * and a retry of what failed is stored once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CUSTOMER_HEADER } from '../channels/http/routes.js';
import { startServer, tempDataDir, type RunningServer } from '../channels/web/test-client.js';
import type { Message } from '../conversation/schemas.js';
import { dropTestSchema, TEST_DATABASE_URL } from '../store/testing.js';
import { DATABASE_RETRY_AFTER_SECONDS } from './error-handler.js';

const HTTP_UNAVAILABLE = 503;
const target = new URL(TEST_DATABASE_URL);
const pgSchema = `wendu_test_${randomBytes(6).toString('hex')}`;

/** A TCP relay to PostgreSQL that can be cut (refusing and dropping connections) and restored on the same port. */
class CuttableRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

const relay = new CuttableRelay();
const dirs: string[] = [];
let running: RunningServer;

beforeAll(async () => {
  await relay.open();
  const viaRelay = new URL(TEST_DATABASE_URL);
  viaRelay.port = String(relay.port);
  viaRelay.searchParams.set('schema', pgSchema);
  const dir = tempDataDir('wendu-pg-outage-');
  dirs.push(dir);
  running = await startServer(dir, { databaseUrl: viaRelay.toString() });
}, 180_000);

afterAll(async () => {
  await running?.server.close();
  await relay.cut().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await dropTestSchema(pgSchema);
});

async function call(method: string, path: string, customerId?: string, body?: unknown) {
  const res = await fetch(`${running.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(customerId ? { [CUSTOMER_HEADER]: customerId } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

describe('PostgreSQL briefly unavailable', () => {
  it('answers 503 with a retry hint meanwhile, loses nothing acknowledged, and works again once it is back', async () => {
    const opened = await call('POST', '/api/v1/conversations', undefined, {});
    expect(opened.status).toBe(201);
    const { conversationId, customerId } = opened.body as { conversationId: string; customerId: string };
    const messages = `/api/v1/conversations/${conversationId}/messages`;
    const kept = await call('POST', messages, customerId, { text: '退货运费谁出呀', clientMessageId: randomUUID() });
    expect(kept.status).toBe(201);

    await relay.cut();
    const retryId = randomUUID();
    const during = await call('POST', messages, customerId, { text: '在吗？急😭', clientMessageId: retryId });
    expect(during.status).toBe(HTTP_UNAVAILABLE);
    expect(during.body.error.code).toBe('WENDU_DATABASE_UNAVAILABLE');
    expect(during.retryAfter).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    // Nothing about the database leaks to the customer.
    expect(JSON.stringify(during.body)).not.toMatch(/ECONN|postgres|5432|terminated/i);
    expect((await call('GET', '/readyz')).status).toBe(HTTP_UNAVAILABLE);
    expect((await call('GET', '/healthz')).status).toBe(200);

    await relay.open();
    await vi.waitFor(async () => expect((await call('GET', '/readyz')).status).toBe(200), { timeout: 15_000, interval: 100 });
    // The customer's retry (same clientMessageId) is stored once and answered.
    const retried = await call('POST', messages, customerId, { text: '在吗？急😭', clientMessageId: retryId });
    expect(retried.status).toBe(201);
    const again = await call('POST', messages, customerId, { text: '在吗？急😭', clientMessageId: retryId });
    expect(again.body.duplicate).toBe(true);
    const log = (await call('GET', `${messages}?after=0`, customerId)).body.messages as Message[];
    const fromCustomer = log.filter((m) => m.sender === 'customer');
    expect(fromCustomer.map((m) => m.text)).toEqual(['退货运费谁出呀', '在吗？急😭']);
    for (const m of fromCustomer) expect(log.some((r) => r.meta.replyTo === m.seq), `seq ${m.seq} answered`).toBe(true);
  });
});
