/**
 * The subscriptions of one bus, shared by the in-process and the Redis bus so both deliver alike:
 * one wrapper per subscription (the same function subscribed twice is two subscriptions), the
 * handlers of an event name plus the catch-all ones, and each handler run on its own JSON copy of
 * the event with its failure reported, never thrown into the publisher or the reader.
 */
import { ALL_EVENTS, type AnyEventHandler, type HandlerErrorReporter, type Unsubscribe } from './bus.js';
import type { AnyDomainEvent } from './types.js';

export class EventHandlers {
  private readonly byName = new Map<string, Set<AnyEventHandler>>();

  constructor(private readonly onHandlerError: HandlerErrorReporter) {}

  add(name: string, handler: AnyEventHandler): Unsubscribe {
    const subscription: AnyEventHandler = (event) => handler(event);
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(subscription);
    return async () => {
      set.delete(subscription);
    };
  }

  /** Who hears an event of `name` now: its own handlers, then the catch-all ones. */
  targets(name: string): AnyEventHandler[] {
    return [...(this.byName.get(name) ?? []), ...(this.byName.get(ALL_EVENTS) ?? [])];
  }

  /** Whether `handler` still listens to `name` (unsubscribed since, it asked for silence). */
  listens(name: string, handler: AnyEventHandler): boolean {
    return Boolean(this.byName.get(name)?.has(handler) || this.byName.get(ALL_EVENTS)?.has(handler));
  }

  /** Runs `handler` on its own copy of the event on the wire; a failure is reported, not thrown. */
  run(handler: AnyEventHandler, wire: string): void {
    const event = JSON.parse(wire) as AnyDomainEvent;
    try {
      const result = handler(event);
      if (result instanceof Promise) result.catch((err: unknown) => this.onHandlerError(err, event));
    } catch (err) {
      this.onHandlerError(err, event);
    }
  }

  clear(): void {
    this.byName.clear();
  }
}
