/**
 * Two Wendu instances on different ports sharing the real PostgreSQL (a schema of their own,
 * via DATABASE_URL `?schema=`) and the real Redis (a key prefix of their own): what a customer
 * writes on one is read on the other, a knowledge edit or a `wendu import` on one is answered by
 * both, a settings change follows, and messages to one conversation sent to both at once are
 * all answered in order. deploy/README.md describes the layout this stands for.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInOn, type SignedIn } from '../auth/test-operators.js';
import { TestAgent } from '../channels/agent/test-client.js';
import { CUSTOMER_HEADER } from '../channels/http/routes.js';
import { startServer, tempDataDir, TestCustomer, type RunningServer } from '../channels/web/test-client.js';
import { childEnv, CLI_MAIN, PACKAGE_ROOT_FOR_TESTS, TSX_LOADER } from '../cli/test-serve-process.js';
import type { Message } from '../conversation/schemas.js';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../events/testing.js';
import { dropTestSchema, TEST_DATABASE_URL } from '../store/testing.js';

/** What the issue asks of a change: answered on every instance within a second. */
const CHANGE_REACHES_EVERY_INSTANCE_MS = 1_000;
/** Two servers migrating, loading the demo and building their indexes on a busy 2-core machine. */
const START_TIMEOUT_MS = 180_000;
/** The instances look for messages a dead peer left unanswered this often (production: a minute). */
const PEER_SWEEP_MS = 500;
/** Longest an index rebuild may take on a loaded test machine. */
const REBUILD_TIMEOUT_MS = 20_000;
/** A CLI run compiles TypeScript with tsx first. */
const CLI_TIMEOUT_MS = 90_000;
/** The apology a customer got when two instances raced on one conversation (dialog/engine.ts REPLY_FAILED). */
const APOLOGY = '系统刚才开了个小差';

const pgSchema = `wendu_test_${randomBytes(6).toString('hex')}`;
const databaseUrl = `${TEST_DATABASE_URL}?schema=${pgSchema}`;
const redisKeyPrefix = uniqueRedisPrefix('instances');
const shared = { databaseUrl, redisUrl: TEST_REDIS_URL, redisKeyPrefix };
const dirs: string[] = [];
let a: RunningServer;
let b: RunningServer;
let supervisor: SignedIn;

beforeAll(async () => {
  // One after the other: the first migrates and loads the demo, the second finds both done.
  for (const which of ['a', 'b'] as const) {
    const dir = tempDataDir(`wendu-instance-${which}-`);
    dirs.push(dir);
    const running = await startServer(dir, shared, 0, { peerRecoverySweepMs: PEER_SWEEP_MS });
    if (which === 'a') a = running;
    else b = running;
  }
  supervisor = await signInOn(a.server.accounts, 'zhuguan@wendu-shop.cn', 'supervisor');
}, START_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([a?.server.close(), b?.server.close()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await dropTestSchema(pgSchema);
  await deleteRedisKeys(redisKeyPrefix);
}, START_TIMEOUT_MS);

async function call<T>(server: RunningServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const chat = (server: RunningServer, text: string) => call<{ action: string; entryId: string | null; reply: string }>(server, 'POST', '/api/v1/chat', { text });

describe('two instances on one PostgreSQL and one Redis', () => {
  it('a customer on A: the same conversation is read from B, and a socket on B hears A’s turn live', async () => {
    const onA = new TestCustomer(a.url);
    const opened = await onA.open();
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const onB = new TestCustomer(b.url);
    const resumed = await onB.open({ conversationId: opened.conversationId, profile: { externalId: opened.externalId } });
    expect(resumed.ok).toBe(true);

    const { ack, replies } = await onA.say(opened.conversationId, '退货运费谁出呀？');
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    expect(replies.length).toBeGreaterThan(0);
    // Live on B: the customer's message and the bot's replies, each once.
    await vi.waitFor(() => expect(onB.bySeq.get(replies[replies.length - 1].seq)?.text).toBe(replies[replies.length - 1].text), { timeout: 5_000 });
    expect(onB.bySeq.get(ack.seq)?.text).toBe('退货运费谁出呀？');
    expect([...onB.deliveries.values()].every((count) => count === 1)).toBe(true);

    const log = await call<{ messages: Message[] }>(b, 'GET', `/api/v1/conversations/${opened.conversationId}/messages?after=0`, undefined, { [CUSTOMER_HEADER]: opened.customerId });
    expect(log.status).toBe(200);
    expect(log.body.messages.map((m) => m.seq)).toEqual(onA.seqs);
    expect(log.body.messages.find((m) => m.seq === ack.seq)?.text).toBe('退货运费谁出呀？');
    onA.close();
    onB.close();
  });

  /**
   * The target: "answered on every instance within a second". Each instance applies the
   * entry change to its live index in place (A from its own save, B from the relay) and rebuilds
   * in the background afterwards (docs/matching.md, "Incremental changes"), so the time measured
   * is the save, the trip to B, one read and a few analyses — not a full build.
   */
  it('a knowledge entry added on A is answered on A and on B within a second of the save', async () => {
    const question = '二号仓库周末几点关门呀';
    const before = await chat(b, question);
    expect(before.body.reply).not.toContain('晚上八点');
    const created = await call<{ id: string }>(a, 'POST', '/api/v1/kb/entries', { question, answer: '二号仓库周末晚上八点关门哦～', category: '仓库' }, supervisor.headers);
    expect(created.status).toBe(201);
    const savedAt = Date.now();
    const answeredAfter = (server: RunningServer) =>
      vi
        .waitFor(async () => expect((await chat(server, question)).body.entryId).toBe(created.body.id), { timeout: REBUILD_TIMEOUT_MS, interval: 20 })
        .then(() => Date.now() - savedAt);
    const [onA, onB] = await Promise.all([answeredAfter(a), answeredAfter(b)]);
    console.info(`[instances] knowledge entry saved on A: answered on A after ${onA} ms, on B after ${onB} ms`);
    expect(onA).toBeLessThan(CHANGE_REACHES_EVERY_INSTANCE_MS);
    expect(onB).toBeLessThan(CHANGE_REACHES_EVERY_INSTANCE_MS);
  });

  it('a bot settings change on A is in force on B', async () => {
    const path = '/api/v1/bot/settings';
    const name = `小温${randomBytes(2).toString('hex')}号`;
    const onBBefore = await call<{ settings: { botName: string } }>(b, 'GET', path, undefined, supervisor.headers);
    expect(onBBefore.body.settings.botName).not.toBe(name);
    const patched = await call(a, 'PATCH', path, { botName: name }, supervisor.headers);
    expect(patched.status).toBe(200);
    await vi.waitFor(
      async () => {
        const onB = await call<{ settings: { botName: string } }>(b, 'GET', path, undefined, supervisor.headers);
        expect(onB.body.settings.botName).toBe(name);
      },
      { timeout: CHANGE_REACHES_EVERY_INSTANCE_MS, interval: 20 },
    );
  });

  it('messages to one conversation sent to A and B at once are all answered, each right after its message, none lost or twice', async () => {
    const opened = await call<{ conversationId: string; customerId: string }>(a, 'POST', '/api/v1/conversations', {});
    expect(opened.status).toBe(201);
    const { conversationId, customerId } = opened.body;
    const who = { [CUSTOMER_HEADER]: customerId };
    const texts = ['退货运费谁出呀', '發票怎麼開', '换货要多久啊', '能开增值税专票不', '七天无理由退货吗😅', '优惠券怎么用', '会员积分咋算', '包装坏了能退不'];
    const sent = await Promise.all(
      texts.map((text, i) => call<{ message: Message; duplicate: boolean }>(i % 2 === 0 ? a : b, 'POST', `/api/v1/conversations/${conversationId}/messages`, { text, clientMessageId: randomUUID() }, who)),
    );
    expect(sent.map((s) => s.status)).toEqual(texts.map(() => 201));

    const log = (await call<{ messages: Message[] }>(b, 'GET', `/api/v1/conversations/${conversationId}/messages?after=0`, undefined, who)).body.messages;
    const fromCustomer = log.filter((m) => m.sender === 'customer');
    expect(fromCustomer.map((m) => m.text).sort()).toEqual([...texts].sort());
    expect(log.map((m) => m.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.filter((m) => m.text.includes(APOLOGY))).toEqual([]);
    // One turn at a time: every bot message answers the customer message just before it.
    let lastCustomerSeq = 0;
    const answered = new Set<number>();
    for (const message of log) {
      if (message.sender === 'customer') {
        if (lastCustomerSeq > 0) expect(answered.has(lastCustomerSeq), `seq ${lastCustomerSeq} answered before seq ${message.seq}`).toBe(true);
        lastCustomerSeq = message.seq;
      } else if (message.sender === 'bot' && message.meta.replyTo !== undefined) {
        expect(message.meta.replyTo).toBe(lastCustomerSeq);
        answered.add(message.meta.replyTo);
      }
    }
    expect(answered.has(lastCustomerSeq)).toBe(true);
  });

  it('an import uploaded to A runs as a background job and is answered by both', async () => {
    const question = '四号仓库能自提吗';
    const form = new FormData();
    form.append('file', new Blob([`问题,答案,分类\n${question},四号仓库支持自提，请带好取件码～,仓库\n`], { type: 'text/csv' }), '自提.csv');
    const res = await fetch(`${a.url}/api/v1/kb/import`, { method: 'POST', headers: supervisor.headers, body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 1, errors: [] });
    for (const server of [a, b]) {
      await vi.waitFor(async () => expect((await chat(server, question)).body.reply).toContain('自提'), { timeout: REBUILD_TIMEOUT_MS, interval: 20 });
    }
  });

  it('a message an instance committed but died before answering is answered by the other', async () => {
    const opened = await call<{ conversationId: string; customerId: string }>(a, 'POST', '/api/v1/conversations', {});
    const { conversationId, customerId } = opened.body;
    // Exactly what a kill -9 between the commit and the reply leaves: the message, no answer.
    const { message } = await a.server.conversations.append(conversationId, { sender: 'customer', clientMessageId: randomUUID(), text: '我的退款到账了没呀', content: [{ type: 'text', text: '我的退款到账了没呀' }] });
    await vi.waitFor(
      async () => {
        const log = (await call<{ messages: Message[] }>(b, 'GET', `/api/v1/conversations/${conversationId}/messages?after=${message.seq}`, undefined, { [CUSTOMER_HEADER]: customerId })).body.messages;
        expect(log.filter((m) => m.meta.replyTo === message.seq).length).toBeGreaterThan(0);
      },
      { timeout: 20_000, interval: 100 },
    );
    const log = (await call<{ messages: Message[] }>(b, 'GET', `/api/v1/conversations/${conversationId}/messages?after=0`, undefined, { [CUSTOMER_HEADER]: customerId })).body.messages;
    // Answered once, though both instances sweep: one turn's replies right after it, nothing repeated.
    const replies = log.filter((m) => m.meta.replyTo === message.seq);
    expect(replies.map((m) => m.seq)).toEqual(replies.map((_, i) => message.seq + 1 + i));
    expect(log.filter((m) => m.seq > message.seq).length).toBe(replies.length);
    expect(new Set(replies.map((m) => m.text)).size).toBe(replies.length);
    expect(log.filter((m) => m.sender === 'customer')).toHaveLength(1);
    expect(log.filter((m) => m.text.includes(APOLOGY))).toEqual([]);
  });

  it('an agent connected to A counts as connected on B (the socket.io adapter spans instances), and not once gone', async () => {
    const agent = await signInOn(a.server.accounts, 'xiaomei@wendu-shop.cn', 'agent');
    const userId = (await a.server.accounts.authenticate(agent.token))!.principal.id;
    expect(await b.server.agentChannel.isConnected(userId)).toBe(false);
    const socket = new TestAgent(a.url, { token: agent.token });
    await socket.connected();
    // B's disconnect-grace sweeper asks this: without the adapter it would requeue her conversations.
    expect(await b.server.agentChannel.isConnected(userId)).toBe(true);
    socket.close();
    await vi.waitFor(async () => expect(await b.server.agentChannel.isConnected(userId)).toBe(false), { timeout: 10_000, interval: 50 });
  });

  it('a `wendu import` run against the same database while both run is answered by both', async () => {
    const dir = tempDataDir('wendu-import-');
    dirs.push(dir);
    const file = join(dir, '仓库问答.csv');
    const question = '三号仓库春节放假不';
    writeFileSync(file, `question,answer,category\n${question},三号仓库春节期间照常发货，初一到初三暂停揽收～,仓库\n`);
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI_MAIN, 'import', file], {
        cwd: PACKAGE_ROOT_FOR_TESTS,
        env: childEnv({ DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, WENDU_REDIS_PREFIX: redisKeyPrefix }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += String(chunk)));
      child.stderr!.on('data', (chunk: Buffer) => (out += String(chunk)));
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code !== 0) console.error(out);
        resolve(code);
      });
    });
    expect(exitCode).toBe(0);
    // Neither server wrote it: each only heard it on the bus.
    const importedAt = Date.now();
    const answeredAfter = (server: RunningServer) =>
      vi
        .waitFor(async () => expect((await chat(server, question)).body.reply).toContain('照常发货'), { timeout: REBUILD_TIMEOUT_MS, interval: 20 })
        .then(() => Date.now() - importedAt);
    const [onA, onB] = await Promise.all([answeredAfter(a), answeredAfter(b)]);
    console.info(`[instances] wendu import: answered on A after ${onA} ms, on B after ${onB} ms`);
  }, CLI_TIMEOUT_MS);
});
