/**
 * `HandoffQueue.releaseAgent` on each backend: a gone agent's conversations go back to the
 * queue at their original place (queued_at and priority kept), with a history row and a
 * `handoff.requeued` event — and nobody else's conversation moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { AccountService } from '../auth/service.js';
import { GOOD_PASSWORD } from '../auth/test-app.js';
import { ConversationService } from '../conversation/service.js';
import type { EventPayloads } from '../events/types.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { HandoffBoard } from './board.js';
import { HandoffQueue } from './desk.js';
import { DEFAULT_HANDOFF_SETTINGS } from './types.js';

const START = new Date('2026-06-03T10:00:00+08:00');
const MINUTE_MS = 60_000;

describe.each(TEST_BACKENDS)('releasing a gone agent on $name', (backend) => {
  let database: TestDatabase;
  let conversations: ConversationService;
  let desk: HandoffQueue;
  let board: HandoffBoard;
  let xiaomei: string;
  let afei: string;
  let clock = START;
  const bus = new MemoryEventBus();
  const requeued: Array<EventPayloads['handoff.requeued']> = [];

  async function asking(name: string, priority = 0): Promise<string> {
    const customer = await conversations.upsertCustomer({ name }, { verified: false });
    const conversation = await conversations.start({ channel: 'web', customer });
    await conversations.append(conversation.id, { sender: 'customer', text: `${name}：在吗在吗，找人工`, content: [] });
    const outcome = await desk.request({ conversationId: conversation.id, customerId: customer.id, reason: 'customer_request', priority, topic: null });
    expect(outcome.status).toBe('queued');
    clock = new Date(clock.getTime() + MINUTE_MS);
    return conversation.id;
  }

  beforeAll(async () => {
    database = await backend.open();
    conversations = new ConversationService(database, bus, { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID });
    desk = new HandoffQueue({ database, bus, workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID, conversations, settings: () => DEFAULT_HANDOFF_SETTINGS, now: () => clock });
    board = new HandoffBoard(database, () => clock);
    const accounts = new AccountService(database);
    xiaomei = (await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'xiaomei@shop.cn', role: 'agent', password: GOOD_PASSWORD }, 'test')).id;
    afei = (await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'afei@shop.cn', role: 'agent', password: GOOD_PASSWORD }, 'test')).id;
    for (const agent of [xiaomei, afei]) await board.setPresence(DEFAULT_WORKSPACE_ID, agent, 'online', 10);
    await bus.subscribe('handoff.requeued', ({ payload }) => {
      requeued.push(payload);
    });
  });
  afterAll(async () => {
    await database.dispose();
    await bus.close();
  });

  it('puts the agent’s conversations back at their place, keeps everyone else’s', async () => {
    const early = await asking('等了很久的王姐', 0);
    const vip = await asking('VIP李先生', 5);
    const others = await asking('阿飞的顾客');
    const closedOne = await asking('已经解决的张同学');
    const later = await asking('后来的小赵');
    const queuedAtBefore = await database.db.selectFrom('handoffs').select(['conversation_id', 'queued_at', 'priority']).where('conversation_id', 'in', [early, vip]).execute();

    for (const id of [early, vip, closedOne]) await desk.accept(id, xiaomei);
    await desk.accept(others, afei);
    await desk.close(closedOne, { userId: xiaomei, supervises: false }, []);

    const released = await desk.releaseAgent(xiaomei);
    expect(released.sort()).toEqual([early, vip].sort());

    const queue = (await board.list(DEFAULT_WORKSPACE_ID, 'queue', xiaomei)).map((row) => row.id);
    // Priority first, then who came first: the VIP, then 王姐 — both still ahead of 小赵.
    expect(queue).toEqual([vip, early, later]);
    const after = await database.db.selectFrom('handoffs').select(['conversation_id', 'queued_at', 'priority', 'agent_id', 'assigned_at']).where('conversation_id', 'in', [early, vip]).execute();
    for (const row of after) {
      const before = queuedAtBefore.find((b) => b.conversation_id === row.conversation_id)!;
      expect(row).toMatchObject({ queued_at: before.queued_at, agent_id: null, assigned_at: null });
      expect(Number(row.priority)).toBe(Number(before.priority));
    }
    expect((await desk.viewOf(early)).status).toBe('queued');
    expect((await desk.activeOf(others))?.agentId).toBe(afei);
    expect((await desk.activeOf(closedOne))).toBeNull();

    const history = await desk.historyOf((await desk.activeOf(early))!.handoffId);
    expect(history.at(-1)).toMatchObject({ kind: 'requeued', actor: 'system', details: { fromAgentId: xiaomei, why: 'agent_disconnected' } });
    await expect.poll(() => requeued.map((e) => e.conversationId).sort()).toEqual([early, vip].sort());
    expect(requeued[0]).toMatchObject({ workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID, fromAgentId: xiaomei, why: 'agent_disconnected' });

    // The customer is told the person is gone and that they kept their place — no promise of when.
    const told = (await conversations.messagesAfter(early, 0, 50)).filter((m) => m.meta.kind === 'handoff.requeued');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ sender: 'system' });
    expect(told[0].text).toMatch(/原来的位置|排队位置不变/);
    expect(told[0].text).not.toMatch(/请稍候|请稍等|马上/);

    // Releasing again finds nothing left to move.
    expect(await desk.releaseAgent(xiaomei)).toEqual([]);
  });
});
