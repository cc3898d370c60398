/**
 * The in-process event bus: the default for a single Wendu instance. It behaves like a bus
 * over the wire (see bus.ts): handlers run on a later microtask, in publish order, each with
 * its own JSON copy of the event, so code tested against it keeps working on Redis.
 */
import { WenduError } from '../errors/index.js';
import { ALL_EVENTS, reportToStderr, type AnyEventHandler, type EventBus, type EventHandler, type HandlerErrorReporter, type SubscribeOptions, type Unsubscribe } from './bus.js';
import { EventHandlers, type PayloadFilter } from './handlers.js';
import type { EventName, EventPayloads } from './types.js';

export interface MemoryEventBusOptions {
  onHandlerError?: HandlerErrorReporter;
  now?: () => Date;
}

export class MemoryEventBus implements EventBus {
  private readonly handlers: EventHandlers;
  private readonly now: () => Date;
  private closed = false;

  constructor(options: MemoryEventBusOptions = {}) {
    this.handlers = new EventHandlers(options.onHandlerError ?? reportToStderr);
    this.now = options.now ?? (() => new Date());
  }

  async publish<N extends EventName>(name: N, payload: EventPayloads[N]): Promise<void> {
    if (this.closed) throw new WenduError('WENDU_INTERNAL', { reason: 'event bus closed', event: name });
    const occurredAt = this.now().toISOString();
    // Filters read the payload as published, now; handlers not wanting it get no copy.
    const targets = this.handlers.targets(name, payload, occurredAt);
    if (targets.length === 0) return;
    // Serialised now, so a publisher changing its object afterwards changes nothing delivered.
    const wire = JSON.stringify({ name, payload, occurredAt });
    queueMicrotask(() => {
      for (const handler of targets) this.deliver(name, handler, wire);
    });
  }

  subscribe<N extends EventName>(name: N, handler: EventHandler<N>, options?: SubscribeOptions<N>): Promise<Unsubscribe>;
  subscribe(name: typeof ALL_EVENTS, handler: AnyEventHandler): Promise<Unsubscribe>;
  async subscribe(name: EventName | typeof ALL_EVENTS, handler: AnyEventHandler | ((event: never) => unknown), options?: SubscribeOptions<EventName>): Promise<Unsubscribe> {
    if (this.closed) throw new WenduError('WENDU_INTERNAL', { reason: 'event bus closed', event: name });
    return this.handlers.add(name, handler as AnyEventHandler, options?.only as PayloadFilter | undefined);
  }

  /** Deliveries are queued as microtasks in publish order: one queued after them runs after them. */
  delivered(): Promise<void> {
    return new Promise((resolve) => queueMicrotask(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
  }

  private deliver(name: string, handler: AnyEventHandler, wire: string): void {
    // Unsubscribed (or closed) between publish and delivery: the subscriber asked for silence.
    if (this.handlers.listens(name, handler)) this.handlers.run(handler, wire);
  }
}
