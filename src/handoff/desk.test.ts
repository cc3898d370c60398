/**
 * The desk on each backend without the HTTP layer: races decided by the database (two
 * connections on PostgreSQL), the wait estimate from real handling history, and routing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { AccountService } from '../auth/service.js';
import { GOOD_PASSWORD } from '../auth/test-app.js';
import { ConversationService } from '../conversation/service.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import type { Database } from '../store/database.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { HandoffQueue } from './desk.js';
import { HandoffBoard } from './board.js';
import { DEFAULT_HANDOFF_SETTINGS, HandoffSettingsSchema, type HandoffSettings } from './types.js';
import { estimateWaitSeconds, median, onlineCapacity, RECENT_HANDLING_SAMPLE } from './wait-estimate.js';

const START = new Date('2026-06-03T10:00:00+08:00');

describe.each(TEST_BACKENDS)('hand-off desk on $name', (backend) => {
  let database: TestDatabase;
  /** A second connection (pool) to the same storage: another server instance. */
  let other: Database;
  let conversations: ConversationService;
  let agents: string[];
  let clock = START;
  const bus = new MemoryEventBus();
  const board = () => new HandoffBoard(database);
  let settings: HandoffSettings = DEFAULT_HANDOFF_SETTINGS;

  const deskOn = (db: Database) =>
    new HandoffQueue({ database: db, bus, workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID, settings: () => settings, now: () => clock });

  async function waitingCustomer(name: string) {
    const customer = await conversations.upsertCustomer({ name }, { verified: false });
    const conversation = await conversations.start({ channel: 'web', customer });
    await conversations.append(conversation.id, { sender: 'customer', text: `${name}：人工客服在吗`, content: [] });
    return { conversationId: conversation.id, customerId: customer.id };
  }

  const ask = (desk: HandoffQueue, c: { conversationId: string; customerId: string }, priority = 0) =>
    desk.request({ conversationId: c.conversationId, customerId: c.customerId, reason: 'customer_request', priority, topic: null });

  beforeAll(async () => {
    database = await backend.open();
    other = backend.name === 'postgres' ? await database.reopen() : database;
    conversations = new ConversationService(database, bus, { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID });
    const accounts = new AccountService(database);
    agents = [];
    for (const email of ['xiaomei@shop.cn', 'afei@shop.cn', 'ajie@shop.cn']) {
      agents.push((await accounts.createUser(DEFAULT_WORKSPACE_ID, { email, role: 'agent', password: GOOD_PASSWORD }, 'test')).id);
    }
  });
  afterAll(async () => {
    if (other !== database) await other.close();
    await database.dispose();
    await bus.close();
  });

  it('two instances accepting the same hand-off at once: exactly one wins, every time', async () => {
    for (const agent of agents) await board().setPresence(DEFAULT_WORKSPACE_ID, agent, 'online', 50);
    const mine = deskOn(database);
    const theirs = deskOn(other);
    for (let round = 0; round < 10; round++) {
      const c = await waitingCustomer(`抢单顾客${round}`);
      await ask(mine, c);
      const results = await Promise.allSettled([mine.accept(c.conversationId, agents[0]), theirs.accept(c.conversationId, agents[1])]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((r) => r.reason.code)).toEqual(['WENDU_HANDOFF_TAKEN']);
      const assigned = await database.db.selectFrom('handoffs').select('agent_id').where('conversation_id', '=', c.conversationId).where('status', '=', 'assigned').execute();
      expect(assigned).toHaveLength(1);
    }
  });

  it('one agent with one free slot accepting two hand-offs at once on two instances: only one is taken', async () => {
    const agent = agents[2];
    await board().setPresence(DEFAULT_WORKSPACE_ID, agent, 'online', 1);
    for (let round = 0; round < 5; round++) {
      await database.db.updateTable('handoffs').set({ status: 'closed' }).where('agent_id', '=', agent).execute();
      const a = await waitingCustomer(`甲${round}`);
      const b = await waitingCustomer(`乙${round}`);
      await ask(deskOn(database), a);
      await ask(deskOn(database), b);
      const results = await Promise.allSettled([deskOn(database).accept(a.conversationId, agent), deskOn(other).accept(b.conversationId, agent)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code)).toEqual(['WENDU_AGENT_AT_CAPACITY']);
    }
  });

  it('"next in queue" on two instances at once: each agent gets a different customer', async () => {
    await database.db.updateTable('handoffs').set({ status: 'closed' }).where('status', 'in', ['queued', 'assigned']).execute();
    for (const agent of agents) await board().setPresence(DEFAULT_WORKSPACE_ID, agent, 'online', 50);
    const plain = await waitingCustomer('普通顾客');
    const vip = await waitingCustomer('VIP顾客');
    await ask(deskOn(database), plain);
    await ask(deskOn(database), vip, 9);
    const [a, b] = await Promise.all([deskOn(database).acceptNext(agents[0]), deskOn(other).acceptNext(agents[1])]);
    expect(new Set([a?.conversationId, b?.conversationId])).toEqual(new Set([plain.conversationId, vip.conversationId]));
    expect(await deskOn(database).acceptNext(agents[2])).toBeNull();
  });

  it('stores the handling time from accept to close, and estimates the next wait from the median of recent ones', async () => {
    await database.db.updateTable('handoffs').set({ status: 'closed' }).where('status', 'in', ['queued', 'assigned']).execute();
    await database.db.deleteFrom('handoffs').where('status', '=', 'closed').execute();
    for (const agent of agents) await board().setPresence(DEFAULT_WORKSPACE_ID, agent, 'offline', 1);
    await board().setPresence(DEFAULT_WORKSPACE_ID, agents[0], 'online', 1);
    const desk = deskOn(database);
    for (const minutes of [2, 4, 10]) {
      const c = await waitingCustomer(`处理${minutes}分钟`);
      await ask(desk, c);
      await desk.accept(c.conversationId, agents[0]);
      clock = new Date(clock.getTime() + minutes * 60_000);
      const closed = await desk.close(c.conversationId, { userId: agents[0], supervises: false }, []);
      expect(closed.handlingSeconds).toBe(minutes * 60);
    }
    // Median of 2, 4, 10 minutes = 4 minutes; one online agent with one free slot.
    const first = await ask(desk, await waitingCustomer('新来的'));
    expect(first).toMatchObject({ status: 'queued', position: 1, estimatedWaitSeconds: 240 });
    const second = await ask(desk, await waitingCustomer('再来一个'));
    expect(second).toMatchObject({ status: 'queued', position: 2, estimatedWaitSeconds: 480 });
    // A wait beyond the limit is not promised.
    settings = HandoffSettingsSchema.parse({ maxWaitSeconds: 600 });
    const third = await ask(desk, await waitingCustomer('第三个'));
    expect(third).toMatchObject({ status: 'offline', why: 'long_wait' });
    settings = DEFAULT_HANDOFF_SETTINGS;
  });
});

describe('wait estimate', () => {
  const load = (status: 'online' | 'away', assigned: number, maxConcurrent: number | null = null) => ({ userId: 'u', name: 'n', status, maxConcurrent, assigned, groups: null });

  it('counts only online agents, their free slots, and their total when all are full', () => {
    expect(onlineCapacity([load('online', 1, 3), load('online', 0), load('away', 0)], 5)).toEqual({ agents: 2, free: 7, total: 8 });
    expect(onlineCapacity([load('online', 2, 2)], 5)).toEqual({ agents: 1, free: 0, total: 2 });
  });

  it('is handling × ceil(position / slots), the default handling time without history, and none without agents', () => {
    expect(estimateWaitSeconds(3, { agents: 1, free: 2, total: 2 }, [], 300)).toBe(600);
    expect(estimateWaitSeconds(1, { agents: 1, free: 0, total: 2 }, [100, 900, 200], 300)).toBe(200);
    expect(estimateWaitSeconds(1, { agents: 0, free: 0, total: 0 }, [100], 300)).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(RECENT_HANDLING_SAMPLE).toBeGreaterThan(1);
  });
});
