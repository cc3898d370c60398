/**
 * The event bus over Redis, for several Wendu instances (bus.ts says what every bus promises).
 *
 * Events go into ONE Redis stream (XADD) that every instance reads from its own position
 * (XREAD BLOCK). A stream rather than pub/sub because a reader that lost its connection (Redis
 * restarted, a network blip) continues from the last id it saw and misses nothing still in the
 * stream; pub/sub would silently drop what was published meanwhile — and a dropped
 * `knowledge.changed` leaves an instance answering from an old index until the next change.
 * One stream for every name keeps the publish order across names, and `'*'` costs nothing.
 */
import { Redis } from 'ioredis';
import { WenduError } from '../errors/index.js';
import { REDIS_RECONNECT } from '../store/redis-reconnect.js';
import { ALL_EVENTS, reportToStderr, type AnyEventHandler, type EventBus, type EventHandler, type HandlerErrorReporter, type SubscribeOptions, type Unsubscribe } from './bus.js';
import { EventHandlers, type PayloadFilter } from './handlers.js';
import type { EventName, EventPayloads } from './types.js';

/** The stream keeps about this many recent events (XADD MAXLEN ~): minutes of traffic, enough for a reader to catch up after a blip. */
export const STREAM_MAX_EVENTS = 10_000;
/** How long one XREAD waits before it looks again (also how soon a closed bus's reader notices). */
const READ_BLOCK_MS = 1_000;
/** Events taken per XREAD. */
const READ_BATCH = 500;
/** Pause after a failed read before trying again (ioredis reconnects meanwhile). */
const READ_RETRY_MS = 200;
/** Key of the stream under the prefix. */
const STREAM_SUFFIX = 'events';
/** The one field of a stream entry: the serialised event. */
const EVENT_FIELD = 'e';
/**
 * The name of a marker entry (`delivered`): its writer waits until it has read past it; every
 * reader skips it. An event entry of a name nobody subscribes to, so an instance of an older
 * version reading the same stream in a rolling update skips it too.
 */
const MARKER_NAME = 'bus.marker';
const MARKER_WIRE = JSON.stringify({ name: MARKER_NAME });

export interface RedisEventBusOptions {
  url: string;
  /** Keys start with this; instances that share events share the prefix (tests use a unique one each). */
  keyPrefix?: string;
  onHandlerError?: HandlerErrorReporter;
  now?: () => Date;
  /** Told when the reader loses or regains Redis (pino's logger fits). */
  log?: { warn(details: object, message: string): void };
}

export const DEFAULT_BUS_KEY_PREFIX = 'wendu:bus';

/** The reading connection's name in CLIENT LIST (an operator sees which instances read which bus). */
export function readerConnectionName(keyPrefix: string): string {
  return `${keyPrefix.replace(/[^\w:.-]/g, '_')}:reader`;
}

export class RedisEventBus implements EventBus {
  private readonly handlers: EventHandlers;
  private readonly now: () => Date;
  private readonly stream: string;
  private closed = false;
  /** `delivered` calls waiting for the reader to pass their marker's id. */
  private markers: Array<{ id: string; resolve: () => void }> = [];

  private constructor(
    private readonly writer: Redis,
    private readonly reader: Redis,
    private readonly options: RedisEventBusOptions,
    private lastId: string,
  ) {
    this.handlers = new EventHandlers(options.onHandlerError ?? reportToStderr);
    this.now = options.now ?? (() => new Date());
    this.stream = `${options.keyPrefix ?? DEFAULT_BUS_KEY_PREFIX}:${STREAM_SUFFIX}`;
  }

  /** Connects (refusing to start when Redis cannot be reached) and starts reading from the stream's end. */
  static async open(options: RedisEventBusOptions): Promise<RedisEventBus> {
    const writer = new Redis(options.url, { lazyConnect: true, ...REDIS_RECONNECT });
    // The reader blocks in XREAD; while Redis is away its commands wait for the reconnect instead of failing.
    const prefix = options.keyPrefix ?? DEFAULT_BUS_KEY_PREFIX;
    const reader = new Redis(options.url, { lazyConnect: true, ...REDIS_RECONNECT, maxRetriesPerRequest: null, connectionName: readerConnectionName(prefix) });
    for (const client of [writer, reader]) client.on('error', (err: Error) => options.log?.warn({ err: err.message }, '事件总线的 Redis 暂时不可用 (event bus Redis unavailable)'));
    try {
      await Promise.all([writer.connect(), reader.connect()]);
      const stream = `${prefix}:${STREAM_SUFFIX}`;
      // Start after the newest entry: events published before this instance came are not its business.
      const [newest] = (await writer.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
      const bus = new RedisEventBus(writer, reader, options, newest?.[0] ?? '0-0');
      void bus.readLoop();
      return bus;
    } catch (err) {
      writer.disconnect();
      reader.disconnect();
      throw new Error(`无法连接 REDIS_URL 指定的 Redis (cannot reach REDIS_URL): ${(err as Error).message}`);
    }
  }

  async publish<N extends EventName>(name: N, payload: EventPayloads[N]): Promise<void> {
    if (this.closed) throw new WenduError('WENDU_INTERNAL', { reason: 'event bus closed', event: name });
    const wire = JSON.stringify({ name, payload, occurredAt: this.now().toISOString() });
    await this.writer.xadd(this.stream, 'MAXLEN', '~', STREAM_MAX_EVENTS, '*', EVENT_FIELD, wire);
  }

  subscribe<N extends EventName>(name: N, handler: EventHandler<N>, options?: SubscribeOptions<N>): Promise<Unsubscribe>;
  subscribe(name: typeof ALL_EVENTS, handler: AnyEventHandler): Promise<Unsubscribe>;
  async subscribe(name: EventName | typeof ALL_EVENTS, handler: AnyEventHandler | ((event: never) => unknown), options?: SubscribeOptions<EventName>): Promise<Unsubscribe> {
    if (this.closed) throw new WenduError('WENDU_INTERNAL', { reason: 'event bus closed', event: name });
    // Live at once: the reader started at open, so every event published from now on is read.
    return this.handlers.add(name, handler as AnyEventHandler, options?.only as PayloadFilter | undefined);
  }

  /** Adds a marker to the stream and resolves once the reader has dispatched everything up to it. */
  async delivered(): Promise<void> {
    if (this.closed) throw new WenduError('WENDU_INTERNAL', { reason: 'event bus closed' });
    const id = await this.writer.xadd(this.stream, 'MAXLEN', '~', STREAM_MAX_EVENTS, '*', EVENT_FIELD, MARKER_WIRE);
    if (id === null) return;
    await new Promise<void>((resolve) => {
      this.markers.push({ id, resolve });
      this.settleMarkers();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const { resolve } of this.markers) resolve();
    this.markers = [];
    this.handlers.clear();
    // The reader may sit in a blocking XREAD: cut it rather than wait for the block to end. Not
    // awaited: an XREAD resent after a reconnect may never settle once cut (seen with ioredis);
    // the loop stops at its next turn either way, and delivers nothing with no handlers left.
    this.reader.disconnect();
    await this.writer.quit().catch(() => this.writer.disconnect());
  }

  private async readLoop(): Promise<void> {
    while (!this.closed) {
      let batch: [string, [string, string[]][]][] | null;
      try {
        batch = (await this.reader.xread('COUNT', READ_BATCH, 'BLOCK', READ_BLOCK_MS, 'STREAMS', this.stream, this.lastId)) as typeof batch;
      } catch (err) {
        if (this.closed) return;
        this.options.log?.warn({ err: (err as Error).message }, '读取事件流失败，稍后重试 (event stream read failed; retrying)');
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
        continue;
      }
      for (const [, entries] of batch ?? []) {
        for (const [id, fields] of entries) {
          this.lastId = id;
          const wire = fields[fields.indexOf(EVENT_FIELD) + 1];
          if (wire !== undefined) this.dispatch(wire);
        }
      }
      this.settleMarkers();
    }
  }

  private settleMarkers(): void {
    const read = this.markers.filter((marker) => compareStreamIds(marker.id, this.lastId) <= 0);
    if (read.length === 0) return;
    this.markers = this.markers.filter((marker) => !read.includes(marker));
    for (const { resolve } of read) resolve();
  }

  private dispatch(wire: string): void {
    // Read once for its name and the filters (never handed to a handler: each gets its own copy).
    const { name, payload, occurredAt } = JSON.parse(wire) as { name: string; payload: unknown; occurredAt: string };
    if (name === MARKER_NAME) return;
    for (const handler of this.handlers.targets(name, payload, occurredAt)) this.handlers.run(handler, wire);
  }
}

/** Orders two stream ids (`<ms>-<seq>`): negative when `a` came first. */
function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}
