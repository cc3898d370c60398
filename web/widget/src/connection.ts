/**
 * The widget's line to Wendu: socket.io on `/customer` (docs/realtime.md), and the HTTP
 * conversation API when the socket cannot connect (websockets blocked by a proxy). Both deliver
 * the same messages; the UI dedupes and orders them by seq. A message stays pending until its
 * send is acknowledged and is re-sent after a reconnect with the SAME clientMessageId, so the
 * server stores and answers it once.
 */
import { io, type Socket } from 'socket.io-client';
import type { RichBlock } from '../../../src/content/rich-content.js';
import type { Lang } from './i18n.js';

export interface WireMessage {
  seq: number;
  sender: 'customer' | 'bot' | 'agent' | 'system';
  clientMessageId: string | null;
  text: string;
  content: RichBlock[];
  meta: { replyTo?: number; kind?: string; [key: string]: unknown };
}

export interface HandoffView {
  status: 'none' | 'queued' | 'assigned' | 'offline' | 'closed';
  position: number | null;
  estimatedWaitSeconds: number | null;
  agentName: string | null;
}

export interface ConnectionEvents {
  messages(list: WireMessage[]): void;
  typing(on: boolean): void;
  handoff(view: HandoffView): void;
  /** A send was refused (e.g. too long): it will not be retried. */
  refused(clientMessageId: string, message: string): void;
  /** The socket gave up; the HTTP API carries the conversation from now on. */
  fellBack(): void;
  /** The server is saturated: a sent (stored) message waits for its turn and will be answered. */
  busy(message: string): void;
}

interface Identity {
  conversationId?: string;
  externalId?: string;
  customerId?: string;
}

interface AckFailure {
  ok: false;
  error: { code: string; message: string; details?: { retryAfterSeconds?: number } };
}

/** A send or open without an answer in this long is treated as lost (re-sent after reconnect). */
const ACK_TIMEOUT_MS = 10_000;
/** Consecutive failed socket connects before the widget switches to plain HTTP. */
const FAILED_CONNECTS_BEFORE_HTTP = 2;
/**
 * A socket not open for talking this long after start is treated as blocked (a proxy that
 * swallows websockets may never even refuse them): the widget switches to plain HTTP.
 */
const SOCKET_DEADLINE_MS = 6_000;
/**
 * How often the HTTP fallback asks for new messages. Polls draw from the address's chat budget
 * (2 a second by default, shared by everyone behind one office NAT), so not more often.
 */
const POLL_INTERVAL_MS = 3_000;
/** Busy, not refused: the message stays pending and is tried again (rate limits, server trouble). */
const RETRY_CODES = new Set(['WENDU_RATE_LIMITED', 'WENDU_SERVER_BUSY', 'WENDU_SERVER_DRAINING', 'WENDU_INTERNAL']);
/** When a busy answer names no wait. */
const DEFAULT_RETRY_AFTER_SECONDS = 2;
const MS_PER_SECOND = 1000;
/** Hand-off states whose details change without a message (the queue moves): polled while in them. */
const LIVE_HANDOFF_STATES = new Set(['queued', 'assigned']);
/** Page size when catching up after a long absence (the server's maximum). */
const CATCH_UP_PAGE = 200;
/** The open said "this conversation is not yours / gone": start a new one instead. */
const START_OVER_CODES = new Set(['WENDU_CONVERSATION_NOT_FOUND', 'WENDU_FORBIDDEN']);

/** UUID v4 bytes: version nibble 4, variant bits 10 (RFC 4122). */
const UUID_VERSION_BYTE = 6;
const UUID_VARIANT_BYTE = 8;
const HEX = 16;

/**
 * An id for a message or a left message. crypto.randomUUID exists only on https pages; a shop
 * still on plain http gets the same kind of id from getRandomValues (available everywhere).
 */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(HEX));
  bytes[UUID_VERSION_BYTE] = (bytes[UUID_VERSION_BYTE] & 0x0f) | 0x40;
  bytes[UUID_VARIANT_BYTE] = (bytes[UUID_VARIANT_BYTE] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(HEX).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Connection {
  private socket: Socket | null = null;
  private mode: 'socket' | 'http' = 'socket';
  private ready = false;
  private failedConnects = 0;
  /** The server turned the socket away (e.g. this site is not allowed): HTTP would be refused too. */
  private turnedAway = false;
  private handoffLive = false;
  /** Read receipts: what the customer has seen, and what the server was told. */
  private readUpTo = 0;
  private readSent = 0;
  private identity: Identity;
  private lastSeq = 0;
  /** clientMessageId → text, until acknowledged. */
  private readonly pending = new Map<string, string>();
  private readonly inFlight = new Set<string>();
  private socketDeadline: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly origin: string,
    private readonly botId: string,
    private readonly lang: Lang,
    private readonly events: ConnectionEvents,
  ) {
    this.identity = this.load();
  }

  private get storageKey(): string {
    return `wendu:${this.botId}`;
  }

  private load(): Identity {
    try {
      return JSON.parse(localStorage.getItem(this.storageKey) ?? '{}') as Identity;
    } catch {
      return {};
    }
  }

  private save(identity: Identity): void {
    this.identity = identity;
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(identity));
    } catch {
      // Storage blocked (private mode): the conversation still works, it just will not resume.
    }
  }

  get conversationId(): string | undefined {
    return this.identity.conversationId;
  }

  start(): void {
    const socket = io(`${this.origin}/customer`, {
      transports: ['websocket'],
      query: { botId: this.botId },
      auth: { lang: this.lang },
    });
    this.socket = socket;
    this.socketDeadline = setTimeout(() => {
      if (!this.ready && !this.turnedAway) this.fallBack();
    }, SOCKET_DEADLINE_MS);
    socket.on('connect', () => {
      this.failedConnects = 0;
      this.openOverSocket();
    });
    socket.on('disconnect', () => {
      this.ready = false;
      // A read mark in flight may be lost with the connection: say it again after the re-open.
      this.readSent = 0;
      this.inFlight.clear();
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      // A coded refusal comes from the server itself (origin not allowed): no transport will help.
      if (err.data?.code) {
        this.turnedAway = true;
        return;
      }
      this.failedConnects++;
      if (this.failedConnects >= FAILED_CONNECTS_BEFORE_HTTP && !this.ready) this.fallBack();
    });
    socket.on('message', (m: WireMessage) => this.deliver([m]));
    socket.on('typing', (p: { sender: string; typing: boolean }) => this.events.typing(p.sender !== 'customer' && p.typing));
    socket.on('handoff:status', (view: HandoffView) => this.events.handoff(view));
    socket.on('busy', (notice: { message: string }) => this.events.busy(notice.message));
  }

  private openRequest() {
    const { conversationId, externalId } = this.identity;
    return { botId: this.botId, channel: 'web', lastSeq: this.lastSeq, ...(conversationId ? { conversationId } : {}), ...(externalId ? { profile: { externalId } } : {}) };
  }

  private opened(ack: { conversationId: string; externalId: string; customerId: string }): void {
    this.save({ conversationId: ack.conversationId, externalId: ack.externalId, customerId: ack.customerId });
  }

  private openOverSocket(): void {
    const socket = this.socket!;
    socket.timeout(ACK_TIMEOUT_MS).emit('conversation:open', this.openRequest(), async (err: Error | null, ack: (OpenAck & { ok: true }) | AckFailure) => {
      if (err) return; // lost with the connection: the next connect opens again
      if (!ack.ok) {
        if (START_OVER_CODES.has(ack.error.code) && this.identity.conversationId) {
          this.save({ externalId: this.identity.externalId });
          this.openOverSocket();
        }
        return;
      }
      this.opened(ack);
      this.deliver(ack.missed);
      let more = ack.hasMore;
      while (more) {
        const page = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('messages:fetch', { conversationId: ack.conversationId, after: this.lastSeq, limit: CATCH_UP_PAGE });
        if (!page.ok) break;
        this.deliver(page.messages);
        more = page.hasMore;
      }
      this.ready = true;
      if (this.socketDeadline) clearTimeout(this.socketDeadline);
      this.flush();
      void this.refreshHandoff();
    });
  }

  private fallBack(): void {
    if (this.mode === 'http') return;
    this.mode = 'http';
    this.socket?.close();
    this.socket = null;
    this.events.fellBack();
    void this.openOverHttp();
  }

  private async openOverHttp(): Promise<void> {
    try {
      const opened = await this.http<OpenAck & { messages: WireMessage[] }>('POST', '/api/v1/conversations', this.openRequest());
      this.opened(opened);
      this.deliver(opened.messages);
      this.ready = true;
      this.flush();
      void this.refreshHandoff();
    } catch (err) {
      if (err instanceof HttpError && START_OVER_CODES.has(err.code) && this.identity.conversationId) {
        this.save({ externalId: this.identity.externalId });
        return this.openOverHttp();
      }
    }
    this.poll();
  }

  private poll(): void {
    const tick = async () => {
      if (this.ready && this.identity.conversationId) {
        try {
          const page = await this.http<{ messages: WireMessage[] }>('GET', `/api/v1/conversations/${this.identity.conversationId}/messages?after=${this.lastSeq}&limit=${CATCH_UP_PAGE}`);
          this.deliver(page.messages);
          // The hand-off status changes with a message (bot, agent or system) or, while waiting, as the queue moves.
          if (page.messages.length > 0 || this.handoffLive) await this.refreshHandoff();
        } catch {
          // The network is down for now; the next poll tries again.
        }
        this.flush();
      } else if (!this.ready) {
        await this.openOverHttp();
        return;
      }
      setTimeout(tick, POLL_INTERVAL_MS);
    };
    setTimeout(tick, POLL_INTERVAL_MS);
  }

  private deliver(messages: WireMessage[]): void {
    if (messages.length === 0) return;
    for (const m of messages) {
      this.lastSeq = Math.max(this.lastSeq, m.seq);
      if (m.clientMessageId) this.pending.delete(m.clientMessageId);
    }
    this.events.messages(messages);
  }

  /** Queue a customer message; it is sent now if connected, else after the (re)open. */
  send(text: string, clientMessageId: string): void {
    this.pending.set(clientMessageId, text);
    this.flush();
  }

  private flush(): void {
    if (!this.ready || !this.identity.conversationId) return;
    this.sendRead();
    const conversationId = this.identity.conversationId;
    for (const [clientMessageId, text] of this.pending) {
      if (this.inFlight.has(clientMessageId)) continue;
      this.inFlight.add(clientMessageId);
      if (this.mode === 'socket') {
        this.socket!.timeout(ACK_TIMEOUT_MS).emit('message:send', { conversationId, clientMessageId, text }, (err: Error | null, ack: { ok: true; seq: number } | AckFailure) => {
          this.inFlight.delete(clientMessageId);
          if (err) return; // unacknowledged: re-sent with the same id after the next open
          if (!ack.ok && RETRY_CODES.has(ack.error.code)) return this.retryLater(ack.error.details?.retryAfterSeconds);
          this.pending.delete(clientMessageId);
          if (!ack.ok) this.events.refused(clientMessageId, ack.error.message);
        });
      } else {
        this.http<{ message: WireMessage; replies: WireMessage[] }>('POST', `/api/v1/conversations/${conversationId}/messages`, { text, clientMessageId })
          .then((sent) => {
            this.pending.delete(clientMessageId);
            this.deliver([sent.message, ...sent.replies]);
            // The replies may be a hand-off's (queued, or no person now).
            void this.refreshHandoff();
          })
          .catch((err: unknown) => {
            // Network trouble or a busy server: pending, tried again at the next poll.
            if (err instanceof HttpError && !RETRY_CODES.has(err.code)) {
              this.pending.delete(clientMessageId);
              this.events.refused(clientMessageId, err.message);
            }
          })
          .finally(() => this.inFlight.delete(clientMessageId));
      }
    }
  }

  private retryLater(retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS): void {
    setTimeout(() => this.flush(), retryAfterSeconds * MS_PER_SECOND);
  }

  /** The customer is typing, for the agent's screen. Socket only: over HTTP no one would hear it live. */
  typing(on: boolean): void {
    if (this.mode === 'socket' && this.ready && this.identity.conversationId) this.socket?.emit('typing', { conversationId: this.identity.conversationId, typing: on });
  }

  /** The customer has seen everything up to `seq` (read receipts for the agent); sent once connected. */
  markRead(seq: number): void {
    this.readUpTo = Math.max(this.readUpTo, seq);
    this.sendRead();
  }

  private sendRead(): void {
    const conversationId = this.identity.conversationId;
    if (!this.ready || !conversationId || this.readUpTo <= this.readSent) return;
    const seq = this.readUpTo;
    this.readSent = seq;
    if (this.mode === 'socket') this.socket?.emit('read', { conversationId, seq });
    else this.http('POST', `/api/v1/conversations/${conversationId}/read`, { seq }).catch(() => {
      // A lost read mark is harmless: the next one covers it.
    });
  }

  /** Where the customer stands with the people; a failure just leaves the last known status. */
  async refreshHandoff(): Promise<void> {
    if (!this.identity.conversationId) return;
    try {
      const conversation = await this.http<{ handoff: HandoffView }>('GET', `/api/v1/conversations/${this.identity.conversationId}`);
      this.handoffLive = LIVE_HANDOFF_STATES.has(conversation.handoff.status);
      this.events.handoff(conversation.handoff);
    } catch {
      // The socket (or the next poll) brings the status when the network is back.
    }
  }

  /** The HTTP conversation API as this customer (`x-wendu-customer`); failures throw HttpError with the server's message. */
  async http<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'accept-language': this.lang === 'en' ? 'en' : 'zh-CN' };
    if (this.identity.customerId) headers['x-wendu-customer'] = this.identity.customerId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.origin}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = (data as { error?: { code?: string; message?: string } }).error;
      throw new HttpError(response.status, error?.code ?? 'WENDU_INTERNAL', error?.message ?? response.statusText);
    }
    return data as T;
  }
}

interface OpenAck {
  conversationId: string;
  customerId: string;
  externalId: string;
  hasMore: boolean;
  missed: WireMessage[];
}
