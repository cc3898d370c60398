import { describe, expect, it, vi } from 'vitest';
import { describeEventBus } from './bus-contract.js';
import { MemoryEventBus } from './memory-bus.js';
import type { AnyDomainEvent } from './types.js';

describeEventBus('memory', { create: () => new MemoryEventBus({ onHandlerError: () => {} }) });

describe('MemoryEventBus specifics', () => {
  it('reports a failing handler with the event it failed on', async () => {
    const failures: { error: unknown; event: AnyDomainEvent }[] = [];
    const bus = new MemoryEventBus({ onHandlerError: (error, event) => failures.push({ error, event }) });
    await bus.subscribe('typing', () => {
      throw new Error('同步失败');
    });
    await bus.subscribe('typing', async () => {
      throw new Error('异步失败');
    });
    await bus.publish('typing', { conversationId: 'cv-x', sender: 'agent', senderId: '客服小美', typing: true });
    await vi.waitFor(() => expect(failures).toHaveLength(2));
    expect(failures.map((f) => (f.error as Error).message).sort()).toEqual(['同步失败', '异步失败'].sort());
    expect(failures[0].event.name).toBe('typing');
    await bus.close();
  });

  it('stamps events with its clock', async () => {
    const bus = new MemoryEventBus({ now: () => new Date('2026-03-08T01:02:03.000Z') });
    const seen: string[] = [];
    await bus.subscribe('*', (e) => {
      seen.push(e.occurredAt);
    });
    await bus.publish('conversation.state_changed', { conversationId: 'cv-t', version: 1 });
    await vi.waitFor(() => expect(seen).toEqual(['2026-03-08T01:02:03.000Z']));
    await bus.close();
  });

  it('keeps separate instances separate (one process, one bus)', async () => {
    const a = new MemoryEventBus();
    const b = new MemoryEventBus();
    const seenByB: unknown[] = [];
    const seenByA: unknown[] = [];
    await b.subscribe('typing', (e) => {
      seenByB.push(e);
    });
    await a.subscribe('typing', (e) => {
      seenByA.push(e);
    });
    await a.publish('typing', { conversationId: 'cv-a', sender: 'customer', senderId: null, typing: false });
    await vi.waitFor(() => expect(seenByA).toHaveLength(1));
    expect(seenByB).toHaveLength(0);
    await a.close();
    await b.close();
  });
});
