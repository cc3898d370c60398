/**
 * The agents' realtime channel: socket.io namespace `/agent` (protocol in protocol.ts, issue 7).
 * It carries the desk's work to people and their answers back — the desk (src/handoff/desk.ts)
 * decides, exactly as for the HTTP agent routes (src/handoff/agent-routes.ts).
 *
 * - Connection: `auth: { token }` (login token or API key), checked by the AccountService;
 *   otherwise `connect_error` with `{ code: 'WENDU_UNAUTHENTICATED' }`. A socket joins its
 *   workspace's room, its user's room and, for supervisors and admins, the supervisors' room.
 * - Delivery comes from the bus, like the customer channel: every instance hears every event
 *   and emits to ITS OWN sockets (`namespace.local`). Hand-off events go to the workspace room;
 *   a conversation's messages, the customer's typing, read marks and — with each customer
 *   message — agent assist go to the agent who has it and to the workspace's supervisors.
 * - Offers: `handoff.offered` goes to the offered agent's own room as `offer` (src/handoff/offers.ts).
 * - Disconnect grace: when an agent's last socket goes, they keep their conversations for the
 *   workspace's `disconnectGraceSeconds`: the end of the grace is stored
 *   (`agent_presence.grace_until`) and cleared when they connect again. Not back by then → the
 *   sweeper (src/handoff/timers.ts) sets them offline and every conversation they held returns
 *   to the queue at its original place. Stored, so a restart during the grace does not forget
 *   it. A server shutting down starts no grace for the sockets it closes itself.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { roleAllows, type Principal } from '../../auth/access.js';
import type { AccountService } from '../../auth/service.js';
import type { ConversationService } from '../../conversation/service.js';
import type { Message } from '../../conversation/schemas.js';
import type { BotApi } from '../../dialog/bot.js';
import { WenduError } from '../../errors/index.js';
import type { EventBus, Unsubscribe } from '../../events/bus.js';
import { assistFor } from '../../handoff/assist.js';
import type { AssistFeedback } from '../../handoff/assist-feedback.js';
import { recentMessages } from '../../handoff/assist-routes.js';
import type { HandoffBoard } from '../../handoff/board.js';
import type { DeskActor, HandoffQueue } from '../../handoff/desk.js';
import type { MessageLanguage } from '../../server/error-handler.js';
import { ackForError, handleWithAck, type AckLog } from '../web/acks.js';
import { parsePayload } from '../web/protocol.js';
import type { CustomerHandshake, CustomerRateLimits } from '../web/socket.js';
import {
  AGENT_CLIENT_EVENTS,
  AGENT_NAMESPACE,
  AGENT_SERVER_EVENTS,
  AgentReadSchema,
  AgentSendSchema,
  AgentTypingSchema,
  FORWARDED_HANDOFF_EVENTS,
  SocketPresenceSchema,
  supervisorsRoom,
  userRoom,
  workspaceRoom,
  type AgentReadAck,
  type AgentSendAck,
  type AssistPush,
  type MessagePush,
  type PresenceAck,
  type ReadPush,
  type TypingPush,
} from './protocol.js';

/** What the channel needs of the bot a conversation belongs to (a registry BotRuntime fits). */
export interface AgentConversationBot {
  workspaceId: string;
  desk: Pick<HandoffQueue, 'workspaceId' | 'botId' | 'activeOf' | 'sendAgentMessage'>;
  conversations: Pick<ConversationService, 'get' | 'messagesAfter' | 'markRead'>;
  bot: Pick<BotApi, 'rank' | 'categoryOf' | 'settings'>;
}

export interface AgentChannelOptions {
  /** The server's one socket.io Server (src/channels/socket-server.ts); this channel adds `/agent`. */
  io: Server;
  bus: EventBus;
  accounts: Pick<AccountService, 'authenticate'>;
  board: Pick<HandoffBoard, 'setPresence' | 'startGrace' | 'cancelGrace'>;
  /** The bot of a conversation; WENDU_CONVERSATION_NOT_FOUND when there is none. */
  botOfConversation: (conversationId: string) => Promise<AgentConversationBot>;
  /** How long a disconnected agent keeps their conversations (the workspace's default bot's `disconnectGraceSeconds`). */
  graceSecondsOf: (workspaceId: string) => Promise<number>;
  /** The server's budgets: `address` per connection attempt, `conversation` per message, `signal` per agent for typing and read. */
  limits: CustomerRateLimits;
  clientAddress: (handshake: CustomerHandshake) => string;
  log: AckLog;
  /** Records messages sent from an assist suggestion (`fromSuggestion`); without it they are only sent. */
  assistFeedback?: AssistFeedback;
}

export interface AgentChannel {
  namespace: Namespace;
  /** Whether the user has a socket on any instance (the sweeper asks before ending a grace). */
  isConnected(userId: string): Promise<boolean>;
  /**
   * Stops the bus subscriptions and waits for requests in progress. Call
   * it BEFORE the transports close (the customer channel's close): disconnects after this start
   * no grace. Safe to call twice.
   */
  close(): Promise<void>;
}

interface SocketData {
  principal: Principal;
  language: MessageLanguage;
}

function languageOf(socket: Socket): MessageLanguage {
  const raw = (socket.handshake.auth as { lang?: unknown } | undefined)?.lang ?? socket.handshake.query.lang;
  return typeof raw === 'string' && raw.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

function tokenOf(socket: Socket): string | null {
  const raw = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  return typeof raw === 'string' && raw.length > 0 ? raw : null;
}

/** Hand-offs are taken by people: an API key may watch, but has no presence, no load and no name to show. */
function personOf(socket: Socket): Principal {
  const { principal } = socket.data as SocketData;
  if (principal.kind !== 'user') throw new WenduError('WENDU_FORBIDDEN', { reason: '接待会话需要以客服账号登录，不能使用 API 密钥' });
  return principal;
}

function actorFor(principal: Principal): DeskActor {
  return { userId: principal.id, supervises: roleAllows(principal.role, 'supervisor') };
}

export async function attachAgentChannel(options: AgentChannelOptions): Promise<AgentChannel> {
  const { bus, log, limits, board } = options;
  const namespace = options.io.of(AGENT_NAMESPACE);
  const inFlight = new Set<Promise<unknown>>();
  /** Per conversation, the delivery in progress: pushes keep the order the bus published them in. */
  const deliveries = new Map<string, Promise<void>>();
  let closing: Promise<void> | undefined;

  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const ackContext = { log, language: (socket: Socket) => (socket.data as SocketData).language, track };

  /** Bus handlers run concurrently; chaining per conversation keeps message N before N+1 on the agent's screen. */
  function inOrder(conversationId: string, work: () => Promise<void>): void {
    const next = (deliveries.get(conversationId) ?? Promise.resolve()).then(work).catch((err: unknown) => log.error({ err, conversationId }, 'agent push failed'));
    deliveries.set(conversationId, next);
    void next.finally(() => {
      if (deliveries.get(conversationId) === next) deliveries.delete(conversationId);
    });
    track(next);
  }

  function hasLocalSockets(rooms: string[]): boolean {
    return rooms.some((room) => (namespace.adapter.rooms.get(room)?.size ?? 0) > 0);
  }

  /**
   * Whether any agent is connected to this instance: with none, a conversation's messages and
   * typing have no one to reach here (watchersOf says the same), so they are not even copied.
   */
  const anyAgentHere = (): boolean => namespace.sockets.size > 0;

  /** Who watches a conversation live: its assigned agent and the workspace's supervisors — if any of them is connected here. */
  async function watchersOf(conversationId: string): Promise<{ bot: AgentConversationBot; rooms: string[] } | null> {
    if (!anyAgentHere()) return null;
    const bot = await options.botOfConversation(conversationId);
    const active = await bot.desk.activeOf(conversationId);
    if (active?.status !== 'assigned' || !active.agentId) return null;
    const rooms = [userRoom(active.agentId), supervisorsRoom(bot.workspaceId)];
    return hasLocalSockets(rooms) ? { bot, rooms } : null;
  }

  async function pushMessage(conversationId: string, message: Message): Promise<void> {
    const watchers = await watchersOf(conversationId);
    if (!watchers) return;
    // One emit to several rooms reaches a socket in both (a supervisor who holds it) once.
    namespace.local.to(watchers.rooms).emit(AGENT_SERVER_EVENTS.message, { conversationId, message } satisfies MessagePush);
    if (message.sender !== 'customer') return;
    const { bot } = watchers;
    const [messages, conversation] = await Promise.all([recentMessages(bot.conversations, conversationId), bot.conversations.get(conversationId)]);
    const assist = await assistFor(bot.bot, messages, { locale: bot.bot.settings.locale, channel: conversation.channel });
    namespace.local.to(watchers.rooms).emit(AGENT_SERVER_EVENTS.assist, { conversationId, seq: message.seq, assist } satisfies AssistPush);
  }

  const subscriptions: Unsubscribe[] = await Promise.all([
    ...FORWARDED_HANDOFF_EVENTS.map((name) =>
      bus.subscribe(name, ({ payload }) => {
        namespace.local.to(workspaceRoom(payload.workspaceId)).emit(name, payload);
      }),
    ),
    bus.subscribe('handoff.offered', ({ payload }) => {
      namespace.local.to(userRoom(payload.agentId)).emit(AGENT_SERVER_EVENTS.offer, payload);
    }),
    bus.subscribe('message.created', ({ payload }) => inOrder(payload.conversationId, () => pushMessage(payload.conversationId, payload.message)), { only: anyAgentHere }),
    bus.subscribe(
      'typing',
      ({ payload }) => {
        inOrder(payload.conversationId, async () => {
          const watchers = await watchersOf(payload.conversationId);
          if (watchers) namespace.local.to(watchers.rooms).emit(AGENT_SERVER_EVENTS.typing, { conversationId: payload.conversationId, sender: payload.sender, typing: payload.typing } satisfies TypingPush);
        });
      },
      // An agent's own typing is for the customer (the customer channel shows it), and the bot's for nobody here.
      { only: (payload) => payload.sender === 'customer' && anyAgentHere() },
    ),
    bus.subscribe(
      'message.read',
      ({ payload }) => {
        inOrder(payload.conversationId, async () => {
          const watchers = await watchersOf(payload.conversationId);
          if (watchers) namespace.local.to(watchers.rooms).emit(AGENT_SERVER_EVENTS.read, { conversationId: payload.conversationId, reader: payload.reader, lastReadSeq: payload.lastReadSeq } satisfies ReadPush);
        });
      },
      { only: anyAgentHere },
    ),
  ]);

  /** A conversation of the caller's workspace; another workspace's is "not found", so ids reveal nothing. */
  async function conversationOf(principal: Principal, conversationId: string): Promise<AgentConversationBot> {
    const bot = await options.botOfConversation(conversationId);
    if (bot.workspaceId !== principal.workspaceId) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId });
    return bot;
  }

  /** Typing and read marks are for the agent who has the conversation, or a supervisor. */
  async function assertHolds(principal: Principal, bot: AgentConversationBot, conversationId: string): Promise<void> {
    if (roleAllows(principal.role, 'supervisor')) return;
    const active = await bot.desk.activeOf(conversationId);
    if (active?.status === 'assigned' && active.agentId === principal.id) return;
    throw new WenduError('WENDU_FORBIDDEN', { conversationId, reason: '只有接待该会话的客服或主管可以操作' });
  }

  /** Any socket of the user still connected — on any instance when the adapter spans several. */
  async function stillConnected(userId: string): Promise<boolean> {
    return (await namespace.in(userRoom(userId)).fetchSockets()).length > 0;
  }

  async function startGrace(principal: Principal): Promise<void> {
    if (closing || principal.kind !== 'user' || (await stillConnected(principal.id))) return;
    const seconds = await options.graceSecondsOf(principal.workspaceId);
    // Back (or shutting down) while the settings were read: nothing to wait for.
    if (closing || hasLocalSockets([userRoom(principal.id)])) return;
    await board.startGrace(principal.workspaceId, principal.id, seconds);
  }

  namespace.use((socket, next) => {
    const language = languageOf(socket);
    (async () => {
      await limits.consume('address', options.clientAddress(socket.handshake));
      const token = tokenOf(socket);
      const authenticated = token ? await options.accounts.authenticate(token) : null;
      if (!authenticated) throw new WenduError('WENDU_UNAUTHENTICATED');
      socket.data = { principal: authenticated.principal, language } satisfies SocketData;
    })().then(
      () => next(),
      (err: unknown) => {
        const ack = ackForError(err, language, log, { event: 'connect', socket: socket.id, namespace: AGENT_NAMESPACE });
        next(Object.assign(new Error(ack.error.code), { data: ack.error }));
      },
    );
  });

  namespace.on('connection', (socket) => {
    if (closing) {
      socket.disconnect(true);
      return;
    }
    const { principal } = socket.data as SocketData;
    const rooms = [workspaceRoom(principal.workspaceId), userRoom(principal.id)];
    if (roleAllows(principal.role, 'supervisor')) rooms.push(supervisorsRoom(principal.workspaceId));
    void socket.join(rooms);
    if (principal.kind === 'user') track(board.cancelGrace(principal.workspaceId, principal.id).catch((err: unknown) => log.error({ err, userId: principal.id }, 'disconnect grace not cancelled')));
    socket.on('disconnect', () => track(startGrace(principal).catch((err: unknown) => log.error({ err, userId: principal.id }, 'disconnect grace not started'))));

    handleWithAck(socket, AGENT_CLIENT_EVENTS.presence, ackContext, async (payload): Promise<PresenceAck> => {
      const person = personOf(socket);
      const { status, maxConcurrent, groups } = parsePayload(SocketPresenceSchema, payload);
      return { ok: true, presence: await board.setPresence(person.workspaceId, person.id, status, maxConcurrent, groups) };
    });

    handleWithAck(socket, AGENT_CLIENT_EVENTS.send, ackContext, async (payload): Promise<AgentSendAck> => {
      const person = personOf(socket);
      const { conversationId, clientMessageId, text, fromSuggestion } = parsePayload(AgentSendSchema, payload);
      await limits.consume('conversation', conversationId);
      const { desk } = await conversationOf(person, conversationId);
      const message = options.assistFeedback
        ? await options.assistFeedback.send(desk, conversationId, actorFor(person), text, fromSuggestion, clientMessageId)
        : await desk.sendAgentMessage(conversationId, actorFor(person), text, clientMessageId);
      return { ok: true, seq: message.seq, message };
    });

    handleWithAck(socket, AGENT_CLIENT_EVENTS.typing, ackContext, async (payload) => {
      const person = personOf(socket);
      const { conversationId, typing } = parsePayload(AgentTypingSchema, payload);
      await limits.consume('signal', `agent:${person.id}`);
      await assertHolds(person, await conversationOf(person, conversationId), conversationId);
      await bus.publish('typing', { conversationId, sender: 'agent', senderId: person.id, typing });
      return { ok: true };
    });

    handleWithAck(socket, AGENT_CLIENT_EVENTS.read, ackContext, async (payload): Promise<AgentReadAck> => {
      const person = personOf(socket);
      const { conversationId, seq } = parsePayload(AgentReadSchema, payload);
      await limits.consume('signal', `agent:${person.id}`);
      const bot = await conversationOf(person, conversationId);
      await assertHolds(person, bot, conversationId);
      return { ok: true, lastReadSeq: await bot.conversations.markRead(conversationId, 'agent', seq) };
    });
  });

  return {
    namespace,
    isConnected: stillConnected,
    close() {
      closing ??= (async () => {
        await Promise.allSettled([...inFlight]);
        for (const unsubscribe of subscriptions) await unsubscribe();
      })();
      return closing;
    },
  };
}
