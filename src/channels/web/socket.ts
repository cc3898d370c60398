/**
 * The customer realtime channel: socket.io namespace `/customer` (protocol in protocol.ts,
 * documented in docs/realtime.md). It only carries messages in and out — the engine decides.
 *
 * Delivery comes from the event bus, never from the engine's return value: every instance
 * hears `message.created` and emits it to ITS OWN sockets in the conversation's room
 * (`nsp.local`), so a shared (Redis) bus fans out across instances without double delivery.
 */
import { customerMessage } from '../../conversation/customer-view.js';
import type { HandoffQueue } from '../../handoff/desk.js';
import type { IncomingHttpHeaders } from 'node:http';
import type { Namespace, Server, Socket } from 'socket.io';
import type { AnswerFeedbackService } from '../../conversation/answer-feedback.js';
import type { ConversationService } from '../../conversation/service.js';
import { DEFAULT_MESSAGES_PAGE_SIZE } from '../../conversation/schemas.js';
import { WenduError } from '../../errors/index.js';
import type { EventBus, Unsubscribe } from '../../events/bus.js';
import type { MessageLanguage } from '../../server/error-handler.js';
import { messagesPage, openConversation, type CustomerEngine } from '../open-conversation.js';
import { ackForError, CommitWaiters, handleWithAck, type AckLog } from './acks.js';
import {
  BUSY_NOTICE_TEXT,
  DEFAULT_BOT_TYPING_AFTER_MS,
  CLIENT_EVENTS,
  conversationRoom,
  CUSTOMER_NAMESPACE,
  parsePayload,
  SERVER_EVENTS,
  SocketEventSchema,
  SocketFeedbackSchema,
  SocketFetchSchema,
  SocketOpenSchema,
  SocketReadSchema,
  SocketSendSchema,
  SocketTypingSchema,
  type BusyNotice,
  type EventAck,
  type FetchAck,
  type OpenAck,
  type SendAck,
} from './protocol.js';

/** A message refused while this instance drains is resent after this, or at once after the reconnect to another instance. */
const DRAINING_RETRY_AFTER_SECONDS = 1;
/** Hand-off events after which waiting customers may stand somewhere else. */
const HANDOFF_EVENTS = ['handoff.requested', 'handoff.assigned', 'handoff.transferred', 'handoff.closed', 'handoff.requeued'] as const;

export { MAX_RESUME_MESSAGES, type CustomerEngine } from '../open-conversation.js';

/** One bot's conversations and engine: what a socket talks to after `conversation:open`. */
export interface CustomerBot {
  conversations: ConversationService;
  engine: CustomerEngine;
  /** The bot's hand-off desk: waiting customers hear their place change live. */
  desk?: Pick<HandoffQueue, 'viewOf' | 'queuedIn'>;
}

/**
 * The budgets a socket draws from (the server's RateLimits): `address` is shared with the
 * customer HTTP routes and every other socket of the same address; `conversation` with
 * every sender into that conversation; `signal` (typing, read marks) per address.
 */
export interface CustomerRateLimits {
  consume(budget: 'address' | 'conversation' | 'signal', key: string): Promise<void>;
}

/** What the socket knows of the client at connection time. */
export interface CustomerHandshake {
  address: string;
  headers: IncomingHttpHeaders;
}

export interface CustomerChannelOptions {
  /** The server's one socket.io Server (src/channels/socket-server.ts); this channel adds `/customer` to it. */
  io: Server;
  bus: EventBus;
  /** The bot a site names (`botId` in the open payload or the handshake); the default bot when none. */
  botById: (botId: string | undefined) => Promise<CustomerBot>;
  limits: CustomerRateLimits;
  /** The client's address from the handshake — the same answer HTTP's `request.ip` gives (proxy hops included). */
  clientAddress: (handshake: CustomerHandshake) => string;
  /**
   * Runs before a socket joins `/customer`; throwing (e.g. WENDU_ORIGIN_NOT_ALLOWED for a foreign
   * site) refuses it — the client gets `connect_error` with the coded error in `err.data`.
   */
  admit?: (handshake: Socket['handshake']) => Promise<void>;
  log: AckLog;
  /** Where 👍/👎 on answers are stored; without it the `feedback` event is not offered. */
  answerFeedback?: Pick<AnswerFeedbackService, 'vote'>;
  /** The bot types only when its work on a message has taken this long without a reply (DEFAULT_BOT_TYPING_AFTER_MS when absent; 0: on every message). */
  botTypingAfterMs?: number;
}

export interface CustomerChannel {
  io: Server;
  namespace: Namespace;
  /**
   * Graceful shutdown, before close: new connections and messages are refused (messages with
   * WENDU_SERVER_DRAINING, unstored: the client resends them after reconnecting elsewhere);
   * resolves once the requests in progress are done and their replies were handed to the sockets.
   */
  drain(): Promise<void>;
  /** Disconnects every socket, waits for requests in progress, stops listening to the bus. Safe to call twice. */
  close(): Promise<void>;
}

/** What a socket may address: the conversations it opened, with their customer and bot. */
interface SocketData {
  conversations: Map<string, { customerId: string; bot: CustomerBot }>;
  /** Worked out once at connection: the peer address may be gone once the handshake request closed. */
  address: string;
  language: MessageLanguage;
  /** The bot named in the handshake (`auth.botId` or `?botId=`), if any. */
  botId: string | undefined;
}

function handshakeBotId(socket: Socket): string | undefined {
  const raw = (socket.handshake.auth as { botId?: unknown } | undefined)?.botId ?? socket.handshake.query.botId;
  return typeof raw === 'string' && raw.length > 0 ? raw : undefined;
}

function languageOf(socket: Socket): MessageLanguage {
  const raw = (socket.handshake.auth as { lang?: unknown } | undefined)?.lang ?? socket.handshake.query.lang;
  return typeof raw === 'string' && raw.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

export async function attachCustomerChannel(options: CustomerChannelOptions): Promise<CustomerChannel> {
  const { bus, botById, log, io } = options;
  const namespace = io.of(CUSTOMER_NAMESPACE);
  const { limits } = options;
  const botTypingAfterMs = options.botTypingAfterMs ?? DEFAULT_BOT_TYPING_AFTER_MS;
  const waiters = new CommitWaiters();
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;
  let draining: Promise<void> | undefined;

  // Live before the first socket connects, so no committed message goes unheard.
  const subscriptions: Unsubscribe[] = await Promise.all([
    bus.subscribe('message.created', ({ payload }) => {
      namespace.local.to(conversationRoom(payload.conversationId)).emit(SERVER_EVENTS.message, customerMessage(payload.message));
      waiters.committed(payload.message);
    }),
    bus.subscribe('typing', ({ payload }) => {
      // The customer's own typing is for the agent side; echoing it back would be noise.
      if (payload.sender === 'customer') return;
      namespace.local.to(conversationRoom(payload.conversationId)).emit(SERVER_EVENTS.typing, { sender: payload.sender, typing: payload.typing });
    }),
    bus.subscribe('message.read', ({ payload }) => {
      namespace.local.to(conversationRoom(payload.conversationId)).emit(SERVER_EVENTS.read, { reader: payload.reader, lastReadSeq: payload.lastReadSeq });
    }),
    ...HANDOFF_EVENTS.map((name) => bus.subscribe(name, ({ payload }) => tellWhereTheyStand(payload))),
  ]);

  /**
   * When the queue moves (someone was taken, left, was transferred or came back), every waiting
   * customer of that group connected here hears their new place, and the one it happened to
   * hears their new status. Only rooms with a socket on this instance are worked out.
   */
  async function tellWhereTheyStand(event: { botId: string; groupId: string; conversationId: string }): Promise<void> {
    try {
      const { desk } = await botById(event.botId);
      if (!desk) return;
      const affected = new Set([event.conversationId, ...(await desk.queuedIn(event.groupId))]);
      for (const conversationId of affected) {
        const room = conversationRoom(conversationId);
        if (!namespace.adapter.rooms.get(room)?.size) continue;
        namespace.local.to(room).emit(SERVER_EVENTS.handoff, await desk.viewOf(conversationId));
      }
    } catch (err) {
      log.warn({ err, conversationId: event.conversationId }, 'hand-off status not pushed');
    }
  }

  /** The bot's typing indicator is a courtesy: failing to show it must never fail a send. */
  async function botTyping(conversationId: string, typing: boolean): Promise<void> {
    try {
      await bus.publish('typing', { conversationId, sender: 'bot', senderId: null, typing });
    } catch (err) {
      log.warn({ err, conversationId }, 'typing indicator not published');
    }
  }

  /**
   * The bot's typing indicator for one message: shown only when the bot has been working on it
   * (its turn let in) for botTypingAfterMs without replying — a flow's slow call. A wait in line
   * before that is the `busy` notice's to tell. `stop` ends it, with `typing: false` only when
   * `true` was sent.
   */
  async function botTypingIfSlow(conversationId: string): Promise<{ started(): void; stop(): Promise<void> }> {
    let shown = botTypingAfterMs === 0;
    // 0 means on every message, before the turn starts — a timer of 0 could lose to a turn that runs in microtasks.
    if (shown) await botTyping(conversationId, true);
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    return {
      started: () => {
        if (shown || stopped) return;
        timer = setTimeout(() => {
          shown = true;
          void botTyping(conversationId, true);
        }, botTypingAfterMs);
      },
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        if (shown) await botTyping(conversationId, false);
      },
    };
  }

  /** Per address, not per socket: a second socket from the same address draws from the same budget. */
  async function take(budget: 'address' | 'signal', socket: Socket): Promise<void> {
    await limits.consume(budget, (socket.data as SocketData).address);
  }

  function customerOf(socket: Socket, conversationId: string): { customerId: string; bot: CustomerBot } {
    const opened = (socket.data as SocketData).conversations.get(conversationId);
    if (!opened) throw new WenduError('WENDU_FORBIDDEN', { conversationId, reason: '请先发送 conversation:open' });
    return opened;
  }

  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const ackContext = { log, language: (socket: Socket) => (socket.data as SocketData).language, track };
  function handle(socket: Socket, event: string, handler: (payload: unknown, reply: (ack: unknown) => boolean) => Promise<unknown>): void {
    handleWithAck(socket, event, ackContext, handler);
  }

  const admit = options.admit;
  if (admit) {
    namespace.use((socket, next) => {
      admit(socket.handshake).then(
        () => next(),
        (err: unknown) => {
          const ack = ackForError(err, languageOf(socket), log, { event: 'connect', socket: socket.id });
          next(Object.assign(new Error(ack.error.code), { data: ack.error }));
        },
      );
    });
  }

  namespace.on('connection', (socket) => {
    if (closing || draining) {
      socket.disconnect(true);
      return;
    }
    const data: SocketData = { conversations: new Map(), language: languageOf(socket), address: options.clientAddress(socket.handshake), botId: handshakeBotId(socket) };
    socket.data = data;

    handle(socket, CLIENT_EVENTS.open, async (payload): Promise<OpenAck> => {
      const request = parsePayload(SocketOpenSchema, payload);
      await take('address', socket);
      const bot = await botById(request.botId ?? data.botId);
      // The ack carries everything after the client's lastSeq — all of it for a client that has none.
      const { messages, ...opened } = await openConversation(
        bot,
        { ...request, channel: request.channel ?? 'web', lastSeq: request.lastSeq ?? 0 },
        {
          beforeReadingLog: async ({ conversationId, customerId }) => {
            await socket.join(conversationRoom(conversationId));
            data.conversations.set(conversationId, { customerId, bot });
          },
        },
      );
      return { ok: true, ...opened, missed: messages };
    });

    handle(socket, CLIENT_EVENTS.send, async (payload, reply): Promise<SendAck> => {
      const { conversationId, clientMessageId, text } = parsePayload(SocketSendSchema, payload);
      if (draining) throw new WenduError('WENDU_SERVER_DRAINING', { retryAfterSeconds: DRAINING_RETRY_AFTER_SECONDS });
      const { engine } = customerOf(socket, conversationId).bot;
      await take('address', socket);
      await limits.consume('conversation', conversationId);
      // Acknowledge on the commit (heard on the bus), not after the bot's replies: a slow flow
      // call must not leave the customer's own message looking unsent.
      const stopWaiting = waiters.wait(conversationId, clientMessageId, (message) => {
        reply({ ok: true, seq: message.seq, duplicate: false } satisfies SendAck);
      });
      const typing = await botTypingIfSlow(conversationId);
      try {
        const result = await engine.handleCustomerMessage(conversationId, {
          text,
          clientMessageId,
          onLongWait: () => socket.emit(SERVER_EVENTS.busy, { conversationId, clientMessageId, message: BUSY_NOTICE_TEXT[data.language] } satisfies BusyNotice),
          onStart: typing.started,
        });
        return { ok: true, seq: result.message.seq, duplicate: result.duplicate };
      } finally {
        stopWaiting();
        await typing.stop();
      }
    });

    handle(socket, CLIENT_EVENTS.fetch, async (payload): Promise<FetchAck> => {
      const { conversationId, after, limit } = parsePayload(SocketFetchSchema, payload);
      const { conversations } = customerOf(socket, conversationId).bot;
      await take('address', socket);
      const { messages, hasMore } = await messagesPage(conversations, conversationId, after, limit ?? DEFAULT_MESSAGES_PAGE_SIZE);
      return { ok: true, messages, hasMore };
    });

    handle(socket, CLIENT_EVENTS.typing, async (payload) => {
      const { conversationId, typing } = parsePayload(SocketTypingSchema, payload);
      const { customerId } = customerOf(socket, conversationId);
      await take('signal', socket);
      await bus.publish('typing', { conversationId, sender: 'customer', senderId: customerId, typing });
      return { ok: true };
    });

    handle(socket, CLIENT_EVENTS.read, async (payload) => {
      const { conversationId, seq } = parsePayload(SocketReadSchema, payload);
      const { conversations } = customerOf(socket, conversationId).bot;
      await take('signal', socket);
      const lastReadSeq = await conversations.markRead(conversationId, 'customer', seq);
      return { ok: true, lastReadSeq };
    });

    const { answerFeedback } = options;
    if (answerFeedback) {
      handle(socket, CLIENT_EVENTS.feedback, async (payload) => {
        const { conversationId, ...vote } = parsePayload(SocketFeedbackSchema, payload);
        const { conversations } = customerOf(socket, conversationId).bot;
        await take('signal', socket);
        const saved = await answerFeedback.vote(conversations, await conversations.get(conversationId), vote);
        return { ok: true, seq: saved.seq, helpful: saved.helpful, comment: saved.comment };
      });
    }

    handle(socket, CLIENT_EVENTS.event, async (payload): Promise<EventAck> => {
      const { conversationId, name } = parsePayload(SocketEventSchema, payload);
      const { engine } = customerOf(socket, conversationId).bot;
      await take('address', socket);
      await limits.consume('conversation', conversationId);
      const messages = await engine.handleEvent(conversationId, name);
      return { ok: true, seqs: messages.map((m) => m.seq) };
    });
  });

  return {
    io,
    namespace,
    drain() {
      draining ??= (async () => {
        await Promise.allSettled([...inFlight]);
        // The replies were published; this waits until this instance's sockets were handed them.
        // Redis gone at shutdown: the replies are in the database, the customer gets them on resume.
        await bus.delivered().catch((err: unknown) => log.warn({ err }, '停机时事件总线不可用，回复将在顾客重连后补齐 (bus unavailable while draining)'));
      })();
      return draining;
    },
    close() {
      closing ??= (async () => {
        // Closing the transports (not a socket.io DISCONNECT) makes clients reconnect on their
        // own — to this server after a restart, or to another instance. Long-polling clients
        // are closed too; the HTTP server is fastify's to close. The transports are shared with
        // the agent channel (/agent): close that one first, so its disconnects start no grace.
        io.engine.close();
        await Promise.allSettled([...inFlight]);
        for (const unsubscribe of subscriptions) await unsubscribe();
      })();
      return closing;
    },
  };
}
