/**
 * kill -9 of one instance mid-conversation (issue 10, "Tests"): instance A is a real `wendu
 * serve` process, B an in-process server, both on one PostgreSQL schema and one Redis prefix.
 * A is killed while it is answering; the customer reconnects to B, resumes by sequence number,
 * finds every acknowledged message there exactly once — and B answers the one A never did.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startServer, tempDataDir, TEST_BOT_SECRET, TestCustomer, type RunningServer } from '../channels/web/test-client.js';
import { SERVE_START_TIMEOUT_MS, spawnServe, type ServeProcess } from '../cli/test-serve-process.js';
import { SLOW_ORDER_ID } from '../demo/order-service.js';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../events/testing.js';
import { dropTestSchema, TEST_DATABASE_URL } from '../store/testing.js';

/** B looks for a dead peer's unanswered messages this often (production: a minute). */
const PEER_SWEEP_MS = 500;
/** B's answer to the lost message goes through the order flow, whose call times out first. */
const ANSWER_TIMEOUT_MS = 60_000;

const pgSchema = `wendu_test_${randomBytes(6).toString('hex')}`;
const databaseUrl = `${TEST_DATABASE_URL}?schema=${pgSchema}`;
const redisKeyPrefix = uniqueRedisPrefix('kill');
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

describe('kill -9 of one instance', () => {
  it('the customer moves to the other instance, resumes by seq, and every acknowledged message is there once and answered', { timeout: 3 * SERVE_START_TIMEOUT_MS }, async () => {
    const dirA = tempDataDir('wendu-kill-a-');
    const dirB = tempDataDir('wendu-kill-b-');
    dirs.push(dirA, dirB);
    a = await spawnServe(['--data', dirA, '--port', '0', '--demo'], { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, WENDU_REDIS_PREFIX: redisKeyPrefix, WENDU_BOT_SECRET: TEST_BOT_SECRET });
    b = await startServer(dirB, { databaseUrl, redisUrl: TEST_REDIS_URL, redisKeyPrefix }, 0, { peerRecoverySweepMs: PEER_SWEEP_MS });

    const onA = new TestCustomer(a.url);
    const opened = await onA.open();
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const { conversationId, externalId } = opened;
    const first = await onA.say(conversationId, '查订单');
    if (!first.ack.ok) throw new Error(JSON.stringify(first.ack));
    expect(first.replies.length).toBeGreaterThan(0);
    // The order system is slow with this one: A is mid-turn (committed, not answered) when it dies.
    const lost = await onA.emit<{ ok: true; seq: number }>('message:send', { conversationId, clientMessageId: randomUUID(), text: SLOW_ORDER_ID });
    if (!lost.ok) throw new Error(JSON.stringify(lost));
    const held = onA.lastSeq;
    await a.kill9();
    a = undefined;
    onA.close();

    // What the widget does when its instance is gone: connect again (the proxy sends it to B) and resume.
    const onB = new TestCustomer(b.url);
    const resumed = await onB.open({ conversationId, profile: { externalId }, lastSeq: held });
    if (!resumed.ok) throw new Error(JSON.stringify(resumed));
    await vi.waitFor(
      async () => {
        const page = await onB.emit<{ ok: true; messages: Array<{ seq: number; meta: { replyTo?: number } }> }>('messages:fetch', { conversationId, after: 0 });
        if (!page.ok) throw new Error(JSON.stringify(page));
        for (const m of page.messages) onB.bySeq.set(m.seq, m as never);
        expect(onB.repliesTo(lost.seq).length).toBeGreaterThan(0);
      },
      { timeout: ANSWER_TIMEOUT_MS, interval: 200 },
    );
    const all = [...onB.bySeq.values()].sort((x, y) => x.seq - y.seq);
    expect(all.map((m) => m.seq)).toEqual(all.map((_, i) => i + 1));
    const fromCustomer = all.filter((m) => m.sender === 'customer');
    expect(fromCustomer.map((m) => m.text)).toEqual(['查订单', SLOW_ORDER_ID]);
    expect(fromCustomer.map((m) => m.seq)).toEqual([first.ack.seq, lost.seq]);
    for (const m of fromCustomer) expect(onB.repliesTo(m.seq).length, `seq ${m.seq} answered`).toBeGreaterThan(0);
    onB.close();
  });
});
