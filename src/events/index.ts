/** Domain events and the bus that carries them (in-process now, Redis for several instances later). */
export { EVENT_NAMES, isEventName } from './types.js';
export type { EventName, EventPayloads, DomainEvent, AnyDomainEvent } from './types.js';
export { ALL_EVENTS, reportToStderr } from './bus.js';
export type { EventBus, EventHandler, AnyEventHandler, Unsubscribe, HandlerErrorReporter } from './bus.js';
export { MemoryEventBus } from './memory-bus.js';
export type { MemoryEventBusOptions } from './memory-bus.js';
export { RedisEventBus, DEFAULT_BUS_KEY_PREFIX } from './redis-bus.js';
export type { RedisEventBusOptions } from './redis-bus.js';
