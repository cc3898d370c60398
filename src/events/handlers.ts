/**
 * The subscriptions of one bus, shared by the in-process and the Redis bus so both deliver alike:
 * one wrapper per subscription (the same function subscribed twice is two subscriptions), the
 * handlers of an event name (those whose filter takes the payload) plus the catch-all ones, and
 * each handler run on its own JSON copy of the event with its failure reported, never thrown into
 * the publisher or the reader.
 */
import { ALL_EVENTS, type AnyEventHandler, type HandlerErrorReporter, type Unsubscribe } from './bus.js';
import type { AnyDomainEvent } from './types.js';

/** A subscription's filter (SubscribeOptions.only), over any event's payload. */
export type PayloadFilter = (payload: unknown) => boolean;

export class EventHandlers {
  private readonly byName = new Map<string, Set<AnyEventHandler>>();
  private readonly filters = new Map<AnyEventHandler, PayloadFilter>();

  constructor(private readonly onHandlerError: HandlerErrorReporter) {}

  add(name: string, handler: AnyEventHandler, only?: PayloadFilter): Unsubscribe {
    const subscription: AnyEventHandler = (event) => handler(event);
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(subscription);
    if (only) this.filters.set(subscription, only);
    return async () => {
      set.delete(subscription);
      this.filters.delete(subscription);
    };
  }

  /**
   * Who hears an event of `name` now: its own handlers whose filter takes `payload` (read, never
   * changed), then the catch-all ones. A filter that throws is reported and its handler skipped.
   */
  targets(name: string, payload: unknown, occurredAt: string): AnyEventHandler[] {
    const wanted: AnyEventHandler[] = [];
    for (const handler of this.byName.get(name) ?? []) {
      const only = this.filters.get(handler);
      if (!only || this.accepts(only, name, payload, occurredAt)) wanted.push(handler);
    }
    for (const handler of this.byName.get(ALL_EVENTS) ?? []) wanted.push(handler);
    return wanted;
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
    this.filters.clear();
  }

  private accepts(only: PayloadFilter, name: string, payload: unknown, occurredAt: string): boolean {
    try {
      return only(payload);
    } catch (err) {
      this.onHandlerError(err, { name, payload, occurredAt } as AnyDomainEvent);
      return false;
    }
  }
}
