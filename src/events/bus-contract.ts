/**
 * The contract every EventBus implementation passes (hono's common.case.test.ts style): call
 * `describeEventBus` from the implementation's test file with a factory. Test support only,
 * never imported by production code. "Not delivered" is proven without sleeping: events
 * arrive in publish order, so once a later marker event arrives, an earlier one would have too.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALL_EVENTS, type EventBus } from './bus.js';
import type { AnyDomainEvent, DomainEvent, EventName } from './types.js';

/** How long a test waits for an event that should arrive (a network bus needs a moment). */
const DELIVERY_TIMEOUT_MS = 5_000;
const ORDERED_EVENT_COUNT = 100;

const typing = (conversationId: string, isTyping = true) =>
  ({ conversationId, sender: 'customer', senderId: null, typing: isTyping }) as const;

export interface EventBusFactory {
  create(): Promise<EventBus> | EventBus;
}

export function describeEventBus(name: string, factory: EventBusFactory): void {
  describe(`event bus contract: ${name}`, () => {
    let bus: EventBus;
    beforeEach(async () => {
      bus = await factory.create();
    });
    afterEach(async () => {
      await bus.close();
    });

    async function record<N extends EventName>(eventName: N): Promise<DomainEvent<N>[]> {
      const seen: DomainEvent<N>[] = [];
      await bus.subscribe(eventName, (e) => {
        seen.push(e);
      });
      return seen;
    }

    async function recordAll(): Promise<AnyDomainEvent[]> {
      const seen: AnyDomainEvent[] = [];
      await bus.subscribe(ALL_EVENTS, (e) => {
        seen.push(e);
      });
      return seen;
    }

    const arrived = (check: () => void) => vi.waitFor(check, { timeout: DELIVERY_TIMEOUT_MS, interval: 5 });

    it('delivers a published event with its name, payload and time', async () => {
      const seen = await record('message.read');
      await bus.publish('message.read', { conversationId: 'cv-1', reader: 'customer', lastReadSeq: 3 });
      await arrived(() => expect(seen).toHaveLength(1));
      expect(seen[0].name).toBe('message.read');
      expect(seen[0].payload).toEqual({ conversationId: 'cv-1', reader: 'customer', lastReadSeq: 3 });
      expect(Number.isNaN(Date.parse(seen[0].occurredAt))).toBe(false);
    });

    it('never runs a handler on the publisher’s stack', async () => {
      const seen = await record('typing');
      const publishing = bus.publish('typing', typing('cv-sync'));
      // A handler that ran inside publish would already have recorded the event here.
      expect(seen).toHaveLength(0);
      await publishing;
      await arrived(() => expect(seen).toHaveLength(1));
    });

    it('delivers only the subscribed name, and every name to a "*" subscriber', async () => {
      const reads = await record('message.read');
      const all = await recordAll();
      await bus.publish('typing', typing('cv-2'));
      await bus.publish('message.read', { conversationId: 'cv-2', reader: 'agent', lastReadSeq: 1 });
      await arrived(() => expect(all.map((e) => e.name)).toEqual(['typing', 'message.read']));
      await arrived(() => expect(reads).toHaveLength(1));
      expect(reads[0].payload.reader).toBe('agent');
    });

    it('delivered() resolves only after every event published before it reached the handlers, and is not itself an event', async () => {
      const seen = await record('typing');
      const all = await recordAll();
      for (let i = 0; i < ORDERED_EVENT_COUNT; i++) await bus.publish('typing', typing(`cv-flush-${i}`));
      await bus.delivered();
      // No waiting here: delivered() promised they had all arrived.
      expect(seen.map((e) => e.payload.conversationId)).toEqual(Array.from({ length: ORDERED_EVENT_COUNT }, (_, i) => `cv-flush-${i}`));
      await bus.publish('message.read', { conversationId: 'cv-after', reader: 'agent', lastReadSeq: 1 });
      await arrived(() => expect(all.at(-1)?.name).toBe('message.read'));
      expect(all.map((e) => e.name)).toEqual([...seen.map(() => 'typing'), 'message.read']);
    });

    it('delivers to every subscriber of a name', async () => {
      const first = await record('conversation.state_changed');
      const second = await record('conversation.state_changed');
      await bus.publish('conversation.state_changed', { conversationId: 'cv-3', version: 2 });
      await arrived(() => expect([first.length, second.length]).toEqual([1, 1]));
    });

    it('keeps publish order for each subscriber', async () => {
      const seen = await record('conversation.state_changed');
      for (let version = 1; version <= ORDERED_EVENT_COUNT; version++) {
        await bus.publish('conversation.state_changed', { conversationId: 'cv-order', version });
      }
      await arrived(() => expect(seen).toHaveLength(ORDERED_EVENT_COUNT));
      expect(seen.map((e) => e.payload.version)).toEqual(Array.from({ length: ORDERED_EVENT_COUNT }, (_, i) => i + 1));
    });

    it('stops delivering after unsubscribe, and unsubscribing twice is harmless', async () => {
      const kept = await record('typing');
      const dropped: unknown[] = [];
      const unsubscribe = await bus.subscribe('typing', (e) => {
        dropped.push(e);
      });
      await bus.publish('typing', typing('cv-before'));
      await arrived(() => expect(dropped).toHaveLength(1));
      await unsubscribe();
      await unsubscribe();
      await bus.publish('typing', typing('cv-after'));
      await bus.publish('typing', typing('cv-marker'));
      await arrived(() => expect(kept).toHaveLength(3));
      expect(dropped).toHaveLength(1);
    });

    it('treats the same function subscribed twice as two subscriptions', async () => {
      const seen: string[] = [];
      const handler = (e: DomainEvent<'typing'>) => {
        seen.push(e.payload.conversationId);
      };
      const first = await bus.subscribe('typing', handler);
      await bus.subscribe('typing', handler);
      await first();
      await bus.publish('typing', typing('cv-twice'));
      await arrived(() => expect(seen).toEqual(['cv-twice']));
    });

    it('isolates a failing handler: publish resolves and other handlers still run', async () => {
      await bus.subscribe('typing', () => {
        throw new Error('坏掉的订阅者');
      });
      await bus.subscribe('typing', async () => {
        throw new Error('异步坏掉的订阅者');
      });
      const seen = await record('typing');
      await expect(bus.publish('typing', typing('cv-4'))).resolves.toBeUndefined();
      await bus.publish('typing', typing('cv-5'));
      await arrived(() => expect(seen.map((e) => e.payload.conversationId)).toEqual(['cv-4', 'cv-5']));
    });

    it('gives each handler its own copy of the payload', async () => {
      const payload = { conversationId: 'cv-copy', version: 1 };
      await bus.subscribe('conversation.state_changed', (e) => {
        e.payload.version = 999;
      });
      const seen = await record('conversation.state_changed');
      await bus.publish('conversation.state_changed', payload);
      payload.version = 2; // the publisher reusing its object changes nothing already published
      await arrived(() => expect(seen).toHaveLength(1));
      expect(seen[0].payload.version).toBe(1);
      expect(payload.version).toBe(2);
    });

    it('runs a filtered handler only for the payloads its filter takes, and a throwing filter skips it without starving others', async () => {
      const customers: string[] = [];
      await bus.subscribe('typing', (e) => void customers.push(e.payload.conversationId), { only: (p) => p.sender === 'customer' });
      await bus.subscribe('typing', () => undefined, {
        only: () => {
          throw new Error('坏掉的过滤器');
        },
      });
      const all = await record('typing');
      await bus.publish('typing', { conversationId: 'cv-bot', sender: 'bot', senderId: null, typing: true });
      await bus.publish('typing', typing('cv-customer'));
      await bus.publish('typing', { conversationId: 'cv-agent', sender: 'agent', senderId: 'u-1', typing: false });
      // The unfiltered subscriber saw all three: a filtered one would have seen the agent's by now too.
      await arrived(() => expect(all.map((e) => e.payload.conversationId)).toEqual(['cv-bot', 'cv-customer', 'cv-agent']));
      expect(customers).toEqual(['cv-customer']);
    });

    it('hands a filter the payload as published, and the handler still its own copy', async () => {
      const looked: unknown[] = [];
      const seen: DomainEvent<'conversation.state_changed'>[] = [];
      await bus.subscribe('conversation.state_changed', (e) => void seen.push(e), {
        only: (p) => {
          looked.push({ ...p });
          return p.version > 1;
        },
      });
      const payload = { conversationId: 'cv-filter', version: 2 };
      await bus.publish('conversation.state_changed', payload);
      payload.version = 1; // after publish: neither the filter's verdict nor the copy may follow it
      await arrived(() => expect(seen).toHaveLength(1));
      expect(seen[0].payload).toEqual({ conversationId: 'cv-filter', version: 2 });
      expect(looked).toEqual([{ conversationId: 'cv-filter', version: 2 }]);
    });

    it('carries Chinese text and emoji unchanged', async () => {
      const seen = await record('message.created');
      const message = {
        id: 'msg-1',
        conversationId: 'cv-6',
        seq: 1,
        sender: 'customer' as const,
        senderId: null,
        clientMessageId: 'c-1',
        text: '我的快遞怎麼還沒到啊😭 單號 SF1234567890',
        content: [{ type: 'text' as const, text: '我的快遞怎麼還沒到啊😭' }],
        meta: { replyTo: undefined },
        createdAt: '2026-03-08T09:30:00.000Z',
      };
      await bus.publish('message.created', { conversationId: 'cv-6', customerId: 'cu-1', message });
      await arrived(() => expect(seen).toHaveLength(1));
      expect(seen[0].payload.message.text).toBe(message.text);
      // As over the wire: undefined fields are dropped.
      expect(seen[0].payload.message.meta).toEqual({});
    });

    it('refuses to publish after close', async () => {
      await bus.close();
      await expect(bus.publish('typing', typing('cv-closed'))).rejects.toThrow();
    });
  });
}
