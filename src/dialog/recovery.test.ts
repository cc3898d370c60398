/**
 * Nothing unanswered after a crash (issue 6, finding 12). The crash is simulated the way it
 * happens: the customer's message is committed through ConversationService and the engine
 * never runs; then a real server starts on that data folder. And two engines (two instances)
 * on one PostgreSQL database recover the same message at once: it is answered once.
 */
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, tempDataDir, TestCustomer, WAIT, type RunningServer } from '../channels/web/test-client.js';
import { parseBotSettings } from '../config/settings.js';
import { CONVERSATIONS_API_PREFIX, CUSTOMER_HEADER } from '../channels/http/routes.js';
import type { Message } from '../conversation/schemas.js';
import { ConversationService } from '../conversation/service.js';
import { TEST_SCOPE } from '../conversation/test-fixture.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { FlowRunner } from '../flows/runner.js';
import { FlowService } from '../flows/service.js';
import { readFlowFiles } from '../flows/demo-files.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { openDatabase } from '../store/database.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import { ConversationEngine } from './engine.js';
import { spawnServe, SERVE_START_TIMEOUT_MS, type ServeProcess } from '../cli/test-serve-process.js';
import { SLOW_ORDER_ID } from '../demo/order-service.js';
import { answerUnansweredMessages } from './recovery.js';

const HOUR_MS = 3600 * 1000;
const dirs: string[] = [];
const servers: RunningServer[] = [];

afterEach(async () => {
  for (const running of servers.splice(0)) await running.server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<RunningServer> {
  const running = await startServer(dataDir);
  servers.push(running);
  return running;
}

async function stop(running: RunningServer): Promise<void> {
  servers.splice(servers.indexOf(running), 1);
  await running.server.close();
}

async function http(running: RunningServer, method: string, path: string, customerId?: string, body?: unknown) {
  const res = await fetch(`${running.url}${CONVERSATIONS_API_PREFIX}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(customerId ? { [CUSTOMER_HEADER]: customerId } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** What the dead server managed before dying: the customer's message, committed, no reply. */
async function commitWithoutReply(dataDir: string, conversationId: string, text: string, clientMessageId: string, at?: Date): Promise<Message> {
  const database = await openDatabase({ dataDir });
  try {
    const service = new ConversationService(database, new MemoryEventBus(), TEST_SCOPE, at ? () => at : undefined);
    const customer = await service.getCustomer((await service.get(conversationId)).customerId);
    const { message } = await service.append(conversationId, { sender: 'customer', senderId: customer!.externalId, clientMessageId, text, content: [{ type: 'text', text }] });
    return message;
  } finally {
    await database.close();
  }
}

describe('a restarted server answers what the crash left unanswered', () => {
  it('the reply arrives over the HTTP messages API and the socket resume; a resend gets the same reply, not a second one', async () => {
    const dataDir = tempDataDir('wendu-recovery-');
    dirs.push(dataDir);
    const before = await start(dataDir);
    const opened = (await http(before, 'POST', '', undefined, { channel: 'web' })).body as { conversationId: string; customerId: string; externalId: string };
    await stop(before);

    const clientMessageId = randomUUID();
    const lost = await commitWithoutReply(dataDir, opened.conversationId, '发漂怎么开啊 急用😭', clientMessageId);
    const after = await start(dataDir);
    const report = await after.server.recovery;
    expect(report).toMatchObject({ found: 1, answered: 1, failed: 0 });

    const page = await http(after, 'GET', `/${opened.conversationId}/messages?after=${lost.seq}`, opened.customerId);
    const replies = (page.body.messages as Message[]).filter((m) => m.meta.replyTo === lost.seq);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies[0].sender).toBe('bot');
    expect(replies.map((m) => m.text).join('')).toContain('发票');

    const customer = new TestCustomer(after.url);
    try {
      const resumed = await customer.open({ conversationId: opened.conversationId, profile: { externalId: opened.externalId }, lastSeq: lost.seq });
      if (!resumed.ok) throw new Error(JSON.stringify(resumed));
      expect(resumed.missed.map((m) => m.seq)).toEqual(replies.map((m) => m.seq));
      // The widget never got an ack before the crash and resends: stored once, answered once.
      const { ack, replies: again } = await customer.say(opened.conversationId, '发漂怎么开啊 急用😭', clientMessageId);
      expect(ack).toMatchObject({ ok: true, seq: lost.seq, duplicate: true });
      expect(again.map((m) => m.seq)).toEqual(replies.map((m) => m.seq));
    } finally {
      customer.close();
    }
    const all = (await http(after, 'GET', `/${opened.conversationId}/messages`, opened.customerId)).body.messages as Message[];
    expect(all.filter((m) => m.meta.replyTo === lost.seq)).toHaveLength(replies.length);
  });

  it('leaves alone a message older than the recovery window', async () => {
    const dataDir = tempDataDir('wendu-recovery-old-');
    dirs.push(dataDir);
    const before = await start(dataDir);
    const opened = (await http(before, 'POST', '', undefined, {})).body as { conversationId: string; customerId: string };
    await stop(before);
    const old = await commitWithoutReply(dataDir, opened.conversationId, '在吗在吗', randomUUID(), new Date(Date.now() - 5 * HOUR_MS));
    const after = await start(dataDir);
    expect(await after.server.recovery).toMatchObject({ found: 0, answered: 0 });
    const page = await http(after, 'GET', `/${opened.conversationId}/messages?after=${old.seq}`, opened.customerId);
    expect(page.body.messages).toEqual([]);
  });
});

describe('kill -9 in the middle of a turn', () => {
  let served: ServeProcess | undefined;
  afterEach(async () => {
    await served?.kill9();
  });

  it('the message the killed server was answering is answered after the restart', { timeout: 2 * SERVE_START_TIMEOUT_MS }, async () => {
    const dataDir = tempDataDir('wendu-kill9-');
    dirs.push(dataDir);
    served = await spawnServe(['--data', dataDir, '--port', '0', '--demo'], { WENDU_BOT_SECRET: 'kill9-test-secret-0123456789' });
    const call = (method: string, path: string, customerId?: string, body?: unknown) =>
      fetch(`${served!.url}${CONVERSATIONS_API_PREFIX}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(customerId ? { [CUSTOMER_HEADER]: customerId } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const opened = (await (await call('POST', '', undefined, {})).json()) as { conversationId: string; customerId: string };
    const path = `/${opened.conversationId}/messages`;
    expect((await call('POST', path, opened.customerId, { text: '查订单', clientMessageId: randomUUID() })).status).toBe(201);
    // The order system takes its time with this order: the turn is in flight when we kill.
    void call('POST', path, opened.customerId, { text: SLOW_ORDER_ID, clientMessageId: randomUUID() }).catch(() => undefined);
    let lost: Message | undefined;
    await vi.waitFor(async () => {
      const messages = ((await (await call('GET', path, opened.customerId)).json()) as { messages: Message[] }).messages;
      lost = messages.find((m) => m.sender === 'customer' && m.text === SLOW_ORDER_ID);
      if (!lost) throw new Error('not committed yet');
    }, { timeout: 10_000, interval: 20 });
    await served.kill9();
    served = undefined;

    const after = await start(dataDir);
    const report = await after.server.recovery;
    expect(report).toMatchObject({ found: 1, answered: 1 });
    const page = await http(after, 'GET', `${path}?after=${lost!.seq}`, opened.customerId);
    const replies = (page.body.messages as Message[]).filter((m) => m.meta.replyTo === lost!.seq);
    expect(replies.length).toBeGreaterThan(0);
  });
});

describe('two instances recovering on PostgreSQL', () => {
  let database: TestDatabase;
  let bot: BotApi;
  let conversations: ConversationService;
  const engines: ConversationEngine[] = [];

  beforeAll(async () => {
    database = await TEST_BACKENDS.find((b) => b.name === 'postgres')!.open();
    const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
    await loadDemoIfEmpty(knowledge);
    await new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID }).seed(await readFlowFiles(), 'test');
    bot = await createBot({ knowledge, settings: parseBotSettings({}) });
    conversations = new ConversationService(database, new MemoryEventBus(), TEST_SCOPE);
    // Two engines over one database and nothing else shared: what two server instances are.
    for (let i = 0; i < 2; i++) {
      engines.push(new ConversationEngine({ conversations: new ConversationService(database, new MemoryEventBus(), TEST_SCOPE), bot, flows: new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID }), runner: new FlowRunner({ allowedHosts: [] }), botSecret: 'recovery-test-secret', env: {} }));
    }
  }, WAIT.timeout);

  afterAll(async () => {
    bot?.close();
    await database?.dispose();
  });

  it('both start, both find the message, it is answered once', async () => {
    const opened = await engines[0].open({ channel: 'web', profile: { name: '等回复的刘先生' } });
    const { message } = await conversations.append(opened.conversation.id, { sender: 'customer', clientMessageId: 'lost-1', text: '退款多久到账', content: [] });
    const reports = await Promise.all(engines.map((engine) => answerUnansweredMessages({ conversations, engine, windowHours: 2 })));
    expect(reports.every((r) => r.found === 1 && r.failed === 0)).toBe(true);
    const replies = await conversations.repliesTo(opened.conversation.id, message.seq);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((m) => m.sender === 'bot')).toBe(true);
    const log = await conversations.messagesAfter(opened.conversation.id, message.seq);
    expect(log.map((m) => m.seq)).toEqual(replies.map((m) => m.seq));
    expect(await conversations.unansweredCustomerMessages({ since: new Date(Date.now() - HOUR_MS).toISOString(), limit: 10 })).toEqual([]);
  });
});
