/**
 * The event bus interface. The in-process bus (memory-bus.ts) serves one instance; a Redis
 * bus will serve several. Both pass the same contract suite (bus-contract.ts), so callers
 * may rely on exactly what is written here and nothing more:
 *
 * - Delivery is asynchronous: a handler never runs on the publisher's stack, and `publish`
 *   resolving means the event was handed to the transport, not that anyone handled it.
 * - Each subscriber receives events in the order they were published (per publisher).
 * - Each handler receives its own copy of the payload (as if it came over the wire).
 * - A subscription may name the payloads it wants (`only`): the others are never copied for it.
 *   The filter reads the payload as published (it must not change it) at some moment between
 *   publish and delivery — at publish on the in-process bus, on receipt on Redis; one that
 *   throws is reported like a failing handler and its handler skips that event.
 * - A failing handler never fails `publish` nor starves other handlers; the bus reports it.
 * - `publish` rejects only when the transport itself is unavailable (e.g. after `close`).
 * - `subscribe` resolves once the subscription is live: an event published after that
 *   resolves is delivered.
 * - `delivered` resolves once every event this bus published before the call has been handed
 *   to this instance's handlers (a graceful shutdown waits for it before closing the sockets
 *   that the replies go to).
 */
import type { AnyDomainEvent, DomainEvent, EventName, EventPayloads } from './types.js';

export type EventHandler<N extends EventName> = (event: DomainEvent<N>) => void | Promise<void>;
export type AnyEventHandler = (event: AnyDomainEvent) => void | Promise<void>;
/** Stops a subscription; calling it again does nothing. */
export type Unsubscribe = () => Promise<void>;

/** Subscribe to this name to receive every event. */
export const ALL_EVENTS = '*';

/**
 * Which payloads a subscription wants: a handler that ignores most of an event's traffic (bot
 * messages for a customer-message listener, anything while nobody is connected) names it here
 * instead of receiving, and paying to copy, every one (docs/performance.md, "Fifth pass, the realtime turn").
 */
export interface SubscribeOptions<N extends EventName> {
  only?: (payload: Readonly<EventPayloads[N]>) => boolean;
}

export interface EventBus {
  publish<N extends EventName>(name: N, payload: EventPayloads[N]): Promise<void>;
  subscribe<N extends EventName>(name: N, handler: EventHandler<N>, options?: SubscribeOptions<N>): Promise<Unsubscribe>;
  subscribe(name: typeof ALL_EVENTS, handler: AnyEventHandler): Promise<Unsubscribe>;
  /** Resolves once every event published here before the call has reached this instance's handlers. */
  delivered(): Promise<void>;
  /** Stops delivery and releases connections; later publishes reject. */
  close(): Promise<void>;
}

/** Called when a handler throws or rejects; the default writes to stderr. */
export type HandlerErrorReporter = (error: unknown, event: AnyDomainEvent) => void;

export const reportToStderr: HandlerErrorReporter = (error, event) => {
  console.error(`[wendu] 事件处理失败 event handler failed: ${event.name}`, error);
};
