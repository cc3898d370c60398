/**
 * Test support for the end-to-end suites: a real server (buildServer on a real SQLite folder,
 * the demo knowledge, flows and order service) and a customer client over a real socket.io
 * connection that keeps what it received, deduplicated by seq, as a widget would. Not
 * imported by production code.
 *
 * A turn is over when the bot's typing indicator goes off: the server publishes it after the
 * engine resolved, i.e. after every reply's `message.created`, and the bus keeps that order.
 * Test servers type on every turn for it (TYPING_ON_EVERY_TURN; a real one only for slow replies).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { vi } from 'vitest';
import { loadServerConfig, type ServerConfigInput } from '../../config/server-config.js';
import type { Message } from '../../conversation/schemas.js';
import { signInOn, type SignedIn } from '../../auth/test-operators.js';
import { buildServer, type BuildServerOptions, type WenduServer } from '../../server/app.js';
import { CLIENT_EVENTS, CUSTOMER_NAMESPACE, SERVER_EVENTS, type OpenAck, type SendAck } from './protocol.js';

/** Long enough for a flow's call to the order service and a busy CI machine. */
export const TURN_TIMEOUT_MS = 15_000;
export const WAIT = { timeout: TURN_TIMEOUT_MS, interval: 10 };
/** A fixed secret so tests can sign profiles the way an embedding site's server would. */
export const TEST_BOT_SECRET = 'wendu-e2e-测试密钥-0123456789';

export function tempDataDir(prefix = 'wendu-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunningServer {
  server: WenduServer;
  url: string;
  port: number;
}

/**
 * Every test client connects from 127.0.0.1, and the per-address budget is shared by all its
 * sockets and HTTP requests: suites that are not about limits get budgets they never reach.
 * The limits suite (src/server/rate-limits-e2e.test.ts) sets its own.
 */
const GENEROUS_BUDGET = { burst: 100_000, refillPerSecond: 1000 };
export const GENEROUS_RATE_LIMITS = {
  chatRateLimit: GENEROUS_BUDGET,
  rateLimits: { conversation: GENEROUS_BUDGET, signal: GENEROUS_BUDGET, import: GENEROUS_BUDGET, similarity: GENEROUS_BUDGET, apiKey: GENEROUS_BUDGET },
} satisfies Partial<ServerConfigInput>;

/**
 * `say` ends a turn when the bot's typing goes off; a server types only for a reply slower than
 * botTypingAfterMs (docs/realtime.md), so test servers type on every turn unless a test says otherwise.
 */
export const TYPING_ON_EVERY_TURN = { botTypingAfterMs: 0 } satisfies Partial<ServerConfigInput>;

/** Listens on 127.0.0.1 (a free port unless `port` is given). */
export async function startServer(
  dataDir: string,
  overrides: Partial<ServerConfigInput> = {},
  port = 0,
  options: BuildServerOptions = {},
): Promise<RunningServer> {
  const config = loadServerConfig({ logLevel: 'silent', dataDir, demo: true, botSecret: TEST_BOT_SECRET, ...GENEROUS_RATE_LIMITS, ...TYPING_ON_EVERY_TURN, ...overrides }, {});
  const server = await buildServer(config, options);
  await server.app.listen({ host: '127.0.0.1', port });
  const address = server.app.server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${address.port}`, port: address.port };
}

export type AckResult<T> = T | { ok: false; error: { code: string; message: string; details: unknown } };

export class TestCustomer {
  readonly socket: Socket;
  /** Every message received (`message` events and resume), by seq. */
  readonly bySeq = new Map<number, Message>();
  /** How many times each seq arrived as a `message` event (duplicates show up here). */
  readonly deliveries = new Map<number, number>();
  readonly typing: Array<{ sender: string; typing: boolean }> = [];
  readonly reads: Array<{ reader: string; lastReadSeq: number }> = [];
  private botTypingOff = 0;

  constructor(
    url: string,
    options: { autoConnect?: boolean; auth?: Record<string, unknown>; headers?: Record<string, string>; query?: Record<string, string> } = {},
  ) {
    this.socket = connect(`${url}${CUSTOMER_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      auth: options.auth,
      // Node only (a browser sets Origin itself): what a browser on another site, or a proxy, would send.
      extraHeaders: options.headers,
      query: options.query,
    });
    this.socket.on(SERVER_EVENTS.message, (message: Message) => {
      this.deliveries.set(message.seq, (this.deliveries.get(message.seq) ?? 0) + 1);
      this.bySeq.set(message.seq, message);
    });
    this.socket.on(SERVER_EVENTS.typing, (t: { sender: string; typing: boolean }) => {
      this.typing.push(t);
      if (t.sender === 'bot' && !t.typing) this.botTypingOff += 1;
    });
    this.socket.on(SERVER_EVENTS.read, (r: { reader: string; lastReadSeq: number }) => this.reads.push(r));
  }

  /** Acks of the automatic re-opens after each reconnect (see resumeOnReconnect). */
  readonly resumes: Array<AckResult<OpenAck>> = [];

  /** Like a widget: after every reconnect, open the conversation again from the last seq held. */
  resumeOnReconnect(payload: () => Record<string, unknown>): void {
    let first = !this.socket.connected;
    this.socket.on('connect', () => {
      if (first) {
        first = false;
        return;
      }
      void this.open({ ...payload(), lastSeq: this.lastSeq }).then((ack) => this.resumes.push(ack));
    });
  }

  /** Seqs received, ascending. */
  get seqs(): number[] {
    return [...this.bySeq.keys()].sort((a, b) => a - b);
  }

  get lastSeq(): number {
    const seqs = this.seqs;
    return seqs.length === 0 ? 0 : seqs[seqs.length - 1];
  }

  emit<T = { ok: true }>(event: string, payload: unknown): Promise<AckResult<T>> {
    return this.socket.timeout(TURN_TIMEOUT_MS).emitWithAck(event, payload) as Promise<AckResult<T>>;
  }

  async open(payload: Record<string, unknown> = {}): Promise<AckResult<OpenAck>> {
    const ack = await this.emit<OpenAck>(CLIENT_EVENTS.open, payload);
    if (ack.ok) for (const m of ack.missed) this.bySeq.set(m.seq, m);
    return ack;
  }

  /** Sends and waits for the whole turn; returns the ack and the bot's replies to this message. */
  async say(conversationId: string, text: string, clientMessageId: string = randomUUID()): Promise<{ ack: AckResult<SendAck>; replies: Message[] }> {
    const before = this.botTypingOff;
    const ack = await this.emit<SendAck>(CLIENT_EVENTS.send, { conversationId, clientMessageId, text });
    if (!ack.ok) return { ack, replies: [] };
    await vi.waitFor(() => {
      if (this.botTypingOff <= before) throw new Error(`no end of turn for “${text}”`);
    }, WAIT);
    return { ack, replies: this.repliesTo(ack.seq) };
  }

  repliesTo(seq: number): Message[] {
    return [...this.bySeq.values()].filter((m) => m.meta.replyTo === seq).sort((a, b) => a.seq - b.seq);
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * The same messages as operators read them — the transcript route (`GET /api/v1/agent/conversations/:id`)
 * with a supervisor's token — decision record, rule and flow trace included: what a customer's copy
 * never carries (src/conversation/customer-view.ts).
 */
export function operatorView(running: Pick<RunningServer, 'server' | 'url'>): (messages: readonly Message[]) => Promise<Message[]> {
  let supervisor: Promise<SignedIn> | undefined;
  return async (messages) => {
    if (messages.length === 0) return [];
    supervisor ??= signInOn(running.server.accounts, 'operator-view@example.com', 'supervisor');
    const res = await fetch(`${running.url}/api/v1/agent/conversations/${messages[0].conversationId}`, { headers: (await supervisor).headers });
    if (!res.ok) throw new Error(`transcript: ${res.status} ${await res.text()}`);
    const bySeq = new Map(((await res.json()) as { messages: Message[] }).messages.map((m) => [m.seq, m]));
    return messages.map((m) => bySeq.get(m.seq)!);
  };
}

/** The rule each message was written by, as operators read it (a direct rule, else the decision's). */
export async function rulesOf(asOperatorSees: (messages: readonly Message[]) => Promise<Message[]>, messages: readonly Message[]): Promise<Array<string | undefined>> {
  return (await asOperatorSees(messages)).map((m) => (m.meta.rule as string | undefined) ?? (m.meta.decision as { rule?: string } | undefined)?.rule);
}

/** All text of some messages, for assertions and failure output. */
export function textOf(messages: Message[]): string {
  return messages.map((m) => m.text).join('\n');
}
