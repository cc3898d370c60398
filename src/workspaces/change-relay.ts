/**
 * Changes travel between instances on the event bus. A process publishes what it wrote itself
 * (knowledge, flows, a bot's settings or hand-off settings, a bot's record) and applies what
 * other processes wrote, so every instance's index, cached settings and flows follow the
 * database within a moment — on one instance (memory bus) this costs one event to itself,
 * which it ignores. The CLI (`wendu import`) publishes only.
 *
 * Events carry ids, never the data: a receiver re-reads the committed rows, so an event that
 * arrives late or twice does no harm.
 */
import { randomUUID } from 'node:crypto';
import type { EventBus, Unsubscribe } from '../events/bus.js';
import type { ChangeSource } from '../events/change-listeners.js';
import type { EventPayloads } from '../events/types.js';
import type { KnowledgeChange } from '../kb/service.js';

export const CHANGE_EVENTS = ['knowledge.changed', 'flows.changed', 'settings.changed', 'bot.changed'] as const;
export type ChangeEventName = (typeof CHANGE_EVENTS)[number];
type ChangePayload<N extends ChangeEventName> = Omit<EventPayloads[N], 'origin'>;

/** What a process does with a change another process wrote. */
export type ChangeAppliers = { [N in ChangeEventName]: (change: ChangePayload<N>) => void | Promise<void> };

export class ChangeRelay {
  /** This process among the instances (random per start). */
  readonly origin = randomUUID();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly bus: EventBus,
    private readonly log?: { error(details: object, message: string): void },
  ) {}

  /**
   * Publishes a change written here, after its commit. Never throws: the write stands; an
   * instance that misses it answers from what it had until the next change (said in the log).
   */
  publish<N extends ChangeEventName>(name: N, change: ChangePayload<N>): void {
    const sent = this.bus
      .publish(name, { ...change, origin: this.origin } as unknown as EventPayloads[N])
      .catch((err: unknown) => this.log?.error({ err, event: name }, '变更未能通知其他实例 (change not published to other instances)'));
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  /** Resolves once every change published so far was handed to the bus (before a CLI closes it). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Applies the changes other processes publish. */
  async listen(apply: ChangeAppliers): Promise<Unsubscribe[]> {
    const subscribe = <N extends ChangeEventName>(name: N) =>
      this.bus.subscribe(name, async ({ payload }) => {
        if (payload.origin === this.origin) return;
        try {
          await (apply[name] as (change: ChangePayload<N>) => void | Promise<void>)(payload);
        } catch (err) {
          this.log?.error({ err, event: name, workspaceId: payload.workspaceId }, '应用其他实例的变更失败 (applying another instance’s change failed)');
        }
      });
    return Promise.all(CHANGE_EVENTS.map(subscribe));
  }
}

/** Publishes the knowledge changes a service writes here (the registry's and the CLI's). */
export function publishKnowledgeChanges(knowledge: { workspaceId: string; onChange(listener: (change: KnowledgeChange, source: ChangeSource) => void): () => void }, relay: ChangeRelay): () => void {
  return knowledge.onChange((change, source) => {
    if (source === 'here') relay.publish('knowledge.changed', { workspaceId: knowledge.workspaceId, change: { kind: change.kind, ...(change.ids ? { ids: change.ids } : {}) } });
  });
}
