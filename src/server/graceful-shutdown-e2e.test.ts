/**
 * Graceful shutdown drains connections (issue 10, "Tests"): instance A is a real `wendu serve`
 * process, B an in-process server, both on one PostgreSQL schema and one Redis prefix. A gets
 * SIGTERM while a customer's turn is in flight (the order system is slow with this order): A
 * stops taking connections and says not ready at once, refuses the customer's next message
 * unstored, finishes the turn and delivers its reply on the customer's socket, then exits by
 * itself within its drain time. The customer moves to B, resumes by seq, resends the refused
 * message — and every acknowledged message is there exactly once, answered.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CUSTOMER_NAMESPACE, type SendAck } from '../channels/web/protocol.js';
import { startServer, tempDataDir, TEST_BOT_SECRET, TestCustomer, type RunningServer } from '../channels/web/test-client.js';
import { SERVE_START_TIMEOUT_MS, spawnServe, type ServeProcess } from '../cli/test-serve-process.js';
import type { Message } from '../conversation/schemas.js';
import { SLOW_ORDER_ID } from '../demo/order-service.js';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../events/testing.js';
import { dropTestSchema, TEST_DATABASE_URL } from '../store/testing.js';

/** A's drain time: well above the demo order flow's 3 s call timeout, which the turn in flight waits out. */
const DRAIN_MS = 15_000;
/** The process exits within its drain time plus the CLI's exit margin; the rest is a loaded machine's slack. */
const EXIT_WITHIN_MS = DRAIN_MS + 10_000;
const REFUSED_TEXT = '那我的发票呢';

const pgSchema = `wendu_test_${randomBytes(6).toString('hex')}`;
const databaseUrl = `${TEST_DATABASE_URL}?schema=${pgSchema}`;
const redisKeyPrefix = uniqueRedisPrefix('drain');
const dirs: string[] = [];
let a: ServeProcess | undefined;
let b: RunningServer | undefined;

afterAll(async () => {
  await a?.kill9();
  await b?.server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await dropTestSchema(pgSchema);
  await deleteRedisKeys(redisKeyPrefix);
});

/** What a load balancer's probe gets: a status, or null when the connection is refused. */
async function readyzStatus(url: string): Promise<number | null> {
  try {
    return (await fetch(`${url}/readyz`)).status;
  } catch {
    return null;
  }
}

/** A brand-new customer socket to `url`: resolves true once connected, false when refused. */
function newCustomerConnects(url: string): Promise<boolean> {
  const socket = connect(`${url}${CUSTOMER_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve) => {
    const done = (connected: boolean) => {
      socket.close();
      resolve(connected);
    };
    socket.once('connect', () => done(true));
    socket.once('connect_error', () => done(false));
  });
}

describe('SIGTERM to an instance with customers mid-conversation', () => {
  it('drains: not ready at once, new work refused, the turn in flight answered and delivered, exit in time, and the customer resumes on the other instance', { timeout: 3 * SERVE_START_TIMEOUT_MS }, async () => {
    const dirA = tempDataDir('wendu-drain-a-');
    const dirB = tempDataDir('wendu-drain-b-');
    dirs.push(dirA, dirB);
    a = await spawnServe(['--data', dirA, '--port', '0', '--demo'], {
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      WENDU_REDIS_PREFIX: redisKeyPrefix,
      WENDU_BOT_SECRET: TEST_BOT_SECRET,
      WENDU_SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
    });
    b = await startServer(dirB, { databaseUrl, redisUrl: TEST_REDIS_URL, redisKeyPrefix });
    const urlA = a.url;
    expect(await readyzStatus(urlA)).toBe(200);

    const onA = new TestCustomer(urlA);
    const opened = await onA.open();
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const { conversationId, externalId } = opened;
    const first = await onA.say(conversationId, '查订单');
    if (!first.ack.ok) throw new Error(JSON.stringify(first.ack));
    // Committed and acknowledged; its turn waits for the slow order system when SIGTERM comes.
    const inFlight = await onA.emit<SendAck>('message:send', { conversationId, clientMessageId: randomUUID(), text: SLOW_ORDER_ID });
    if (!inFlight.ok) throw new Error(JSON.stringify(inFlight));

    const child = a.child;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const signalledAt = Date.now();
    child.kill('SIGTERM');

    // Not ready at once: from the drain's start on, a probe is refused or told 503 — never 200.
    await vi.waitFor(async () => expect(await readyzStatus(urlA)).not.toBe(200), { timeout: 5_000, interval: 20 });
    expect(await readyzStatus(urlA)).not.toBe(200);
    expect(await newCustomerConnects(urlA)).toBe(false);
    // A connected customer's new message is refused unstored: the client keeps it for elsewhere.
    const refusedId = randomUUID();
    const refused = await onA.emit<SendAck>('message:send', { conversationId, clientMessageId: refusedId, text: REFUSED_TEXT });
    expect(refused).toMatchObject({ ok: false, error: { code: 'WENDU_SERVER_DRAINING', details: { retryAfterSeconds: expect.any(Number) } } });

    // The turn in flight finishes and its reply reaches the customer on A's own socket.
    await vi.waitFor(() => expect(onA.repliesTo(inFlight.seq).length).toBeGreaterThan(0), { timeout: DRAIN_MS, interval: 50 });
    const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), EXIT_WITHIN_MS))]);
    expect(code).toBe(0);
    console.info(`[graceful shutdown] exited ${Date.now() - signalledAt} ms after SIGTERM (drain time ${DRAIN_MS} ms)`);
    a = undefined;
    const held = onA.lastSeq;
    onA.close();

    // What the widget does: reconnect (the load balancer sends it to B), resume by seq, resend what was refused.
    const onB = new TestCustomer(b.url);
    const resumed = await onB.open({ conversationId, profile: { externalId }, lastSeq: held });
    if (!resumed.ok) throw new Error(JSON.stringify(resumed));
    expect(resumed.missed).toEqual([]);
    const resent = await onB.say(conversationId, REFUSED_TEXT, refusedId);
    if (!resent.ack.ok) throw new Error(JSON.stringify(resent.ack));
    expect(resent.ack.duplicate).toBe(false);

    const page = await onB.emit<{ ok: true; messages: Message[] }>('messages:fetch', { conversationId, after: 0 });
    if (!page.ok) throw new Error(JSON.stringify(page));
    const log = page.messages;
    expect(log.map((m) => m.seq)).toEqual(log.map((_, i) => i + 1));
    const fromCustomer = log.filter((m) => m.sender === 'customer');
    expect(fromCustomer.map((m) => m.text)).toEqual(['查订单', SLOW_ORDER_ID, REFUSED_TEXT]);
    expect(fromCustomer.map((m) => m.seq)).toEqual([first.ack.seq, inFlight.seq, resent.ack.seq]);
    for (const m of fromCustomer) expect(log.filter((r) => r.meta.replyTo === m.seq).length, `seq ${m.seq} answered`).toBeGreaterThan(0);
    onB.close();
  });
});
