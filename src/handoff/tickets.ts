/**
 * TicketService (one workspace): the message a customer leaves when no person can take the
 * conversation becomes a ticket with a status, an owner and a history; an agent's answer goes
 * back into the conversation as an `agent` message, so the customer sees it when they return
 * (and at once when connected: the bus carries every committed message to their socket).
 *
 * Nothing is lost: the left message is also appended to the conversation log as the
 * customer's message, followed by a system acknowledgement that replies to it — which also
 * keeps the crash recovery (src/dialog/recovery.ts) from letting the bot answer it.
 * History lives in `ticket_events`; the audit log is for configuration changes, not this.
 */
import { randomInt } from 'node:crypto';
import type { Conversation } from '../conversation/schemas.js';
import type { ConversationService } from '../conversation/service.js';
import { WenduError } from '../errors/index.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Locale } from '../reply/phrases.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import { TicketRepository, type NewTicketEvent, type TicketChange } from './ticket-repository.js';
import {
  checkedText,
  LeaveMessageSchema,
  MAX_LEFT_MESSAGE_LENGTH,
  MAX_TICKET_REPLY_LENGTH,
  parseContact,
  TicketAssignSchema,
  TicketCloseSchema,
  TicketListQuerySchema,
  TicketReplySchema,
  UNOWNED,
  type Ticket,
  type TicketAgent,
  type TicketPage,
  type TicketWithHistory,
} from './ticket-schemas.js';

export const TICKET_ID_PREFIX = 'tk-';
/** Same alphabet as conversation ids: no look-alikes, so an id survives being read out on the phone. */
const ID_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
/** 31^16 ≈ 7e23: never repeats; tickets are reached through a workspace's account, not by id alone. */
const ID_RANDOM_LENGTH = 16;

export function newTicketId(): string {
  let id = TICKET_ID_PREFIX;
  for (let i = 0; i < ID_RANDOM_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** What the customer is told once their message is stored: true (a person reads it later) and where the answer comes. */
const RECEIVED: Record<Locale, (contact: string) => string> = {
  zh: (contact) => `留言收到啦～ 同事会尽快处理，回复会发在这里，必要时也会通过您留的 ${contact} 联系您。`,
  en: (contact) => `Got your message. A colleague will follow up: the answer will appear here, and they may reach you at ${contact} if needed.`,
};

/** The customer as a ticket's actor (customers have no accounts). */
export const customerActor = (customerId: string): string => `customer:${customerId}`;

export interface TicketServiceOptions {
  workspaceId: string;
  /** The conversation log of one of this workspace's bots (the registry's `bot(botId).conversations`). */
  conversationsOf: (botId: string) => Promise<ConversationService>;
  now?: () => Date;
}

export interface LeaveMessageOptions {
  /** Language of the acknowledgement (the bot's locale); Chinese when absent. */
  locale?: Locale;
}

export interface LeftMessage {
  ticket: Ticket;
  /** Seq of the customer's message in the conversation log. */
  messageSeq: number;
  /** True when this clientMessageId had already left a message: the earlier ticket is returned. */
  duplicate: boolean;
}

export class TicketService {
  private readonly repo: TicketRepository;
  private readonly now: () => Date;

  constructor(
    database: Pick<Database, 'db'>,
    private readonly options: TicketServiceOptions,
  ) {
    this.repo = new TicketRepository(database.db, options.workspaceId);
    this.now = options.now ?? (() => new Date());
  }

  get workspaceId(): string {
    return this.options.workspaceId;
  }

  /**
   * The customer leaves a message on `conversation` (of the bot `conversations` serves). Checked
   * whole before anything is written: a bad contact or an empty text stores nothing. A retry
   * with the same `clientMessageId` returns the same ticket (`duplicate: true`) and completes
   * whatever the first attempt did not get to write into the conversation.
   */
  async leaveMessage(conversations: ConversationService, conversation: Conversation, input: unknown, options: LeaveMessageOptions = {}): Promise<LeftMessage> {
    this.assertOwnWorkspace(conversations);
    const body = parseOrThrow(LeaveMessageSchema, input);
    const contact = parseContact(body.contact);
    const text = checkedText(body.text, MAX_LEFT_MESSAGE_LENGTH);
    const clientMessageId = body.clientMessageId ?? null;
    const earlier = clientMessageId ? await this.repo.findByClientMessageId(conversation.id, clientMessageId) : undefined;
    if (earlier) return { ticket: earlier, messageSeq: await this.intoConversation(conversations, earlier, options), duplicate: true };
    const at = this.now().toISOString();
    const ticket: Ticket = {
      id: newTicketId(),
      botId: conversations.scope.botId,
      conversationId: conversation.id,
      customerId: conversation.customerId,
      contact: contact.value,
      contactKind: contact.kind,
      text,
      clientMessageId,
      status: 'open',
      ownerId: null,
      createdAt: at,
      updatedAt: at,
    };
    try {
      // The ticket first: if the conversation append fails after it, the message still reaches a person.
      await this.repo.transaction((repo) => repo.insert(ticket, { actor: customerActor(conversation.customerId), kind: 'created', text }));
    } catch (err) {
      // The same retry twice at once: the other one made the ticket.
      const twin = clientMessageId && isUniqueViolation(err) ? await this.repo.findByClientMessageId(conversation.id, clientMessageId) : undefined;
      if (!twin) throw err;
      return { ticket: twin, messageSeq: await this.intoConversation(conversations, twin, options), duplicate: true };
    }
    return { ticket, messageSeq: await this.intoConversation(conversations, ticket, options), duplicate: false };
  }

  /**
   * The left message as the customer's message in the log, then the acknowledgement replying
   * to it. Both carry client ids derived from the ticket, so running this again (a retry)
   * writes nothing twice. Returns the customer message's seq.
   */
  private async intoConversation(conversations: ConversationService, ticket: Ticket, options: LeaveMessageOptions): Promise<number> {
    const meta = { ticketId: ticket.id };
    const { message } = await conversations.append(ticket.conversationId, {
      sender: 'customer',
      senderId: ticket.customerId,
      clientMessageId: `${ticket.id}:left`,
      text: ticket.text,
      content: [{ type: 'text', text: ticket.text }],
      meta: { ...meta, contact: ticket.contact },
    });
    const received = RECEIVED[options.locale ?? 'zh'](ticket.contact);
    await conversations.append(ticket.conversationId, {
      sender: 'system',
      clientMessageId: `${ticket.id}:received`,
      text: received,
      content: [{ type: 'text', text: received }],
      meta: { ...meta, replyTo: message.seq },
    });
    return message.seq;
  }

  /** `query` as TicketListQuery (validated here: routes pass the raw query string object). */
  async list(query: unknown = {}): Promise<TicketPage> {
    const { status, owner, limit, before } = parseOrThrow(TicketListQuerySchema, query);
    const after = before === undefined ? undefined : await this.find(before);
    const tickets = await this.repo.list({ status, owner: owner === UNOWNED ? null : owner, limit, before: after });
    return { tickets, nextBefore: tickets.length === limit ? tickets[tickets.length - 1].id : null };
  }

  async get(ticketId: string): Promise<TicketWithHistory> {
    const ticket = await this.find(ticketId);
    return { ...ticket, events: await this.repo.events(ticket.id) };
  }

  /**
   * An agent answers: the answer is appended to the ticket's conversation as an `agent` message
   * (sent by the agent's user id), the agent takes the ticket if nobody owns it, and the ticket
   * waits for the customer (`pending`). A closed ticket takes no answers (WENDU_TICKET_CLOSED).
   *
   * The message goes first: the customer getting the answer matters more than its history
   * line, and a ticket closed meanwhile is caught before anything is sent.
   */
  async reply(ticketId: string, input: unknown, agent: TicketAgent): Promise<TicketWithHistory> {
    const { text: raw } = parseOrThrow(TicketReplySchema, input);
    const text = checkedText(raw, MAX_TICKET_REPLY_LENGTH);
    const ticket = await this.find(ticketId);
    if (ticket.status === 'closed') throw new WenduError('WENDU_TICKET_CLOSED', { ticketId });
    const conversations = await this.options.conversationsOf(ticket.botId);
    this.assertOwnWorkspace(conversations);
    await conversations.append(ticket.conversationId, {
      sender: 'agent',
      senderId: agent.id,
      text,
      content: [{ type: 'text', text }],
      meta: { ticketId: ticket.id },
    });
    const events: NewTicketEvent[] = [];
    if (ticket.ownerId === null) events.push({ actor: agent.actor, kind: 'assigned', text: agent.id });
    events.push({ actor: agent.actor, kind: 'replied', text });
    await this.record(ticket.id, events, { status: 'pending', claimFor: agent.id });
    return this.get(ticket.id);
  }

  /**
   * Gives the ticket to `ownerId`, an enabled user of this workspace (else WENDU_USER_NOT_FOUND).
   * An agent may only take it themselves (WENDU_FORBIDDEN otherwise); a closed ticket stays closed.
   */
  async assign(ticketId: string, input: unknown, agent: TicketAgent): Promise<TicketWithHistory> {
    const { ownerId } = parseOrThrow(TicketAssignSchema, input);
    if (ownerId !== agent.id && !agent.mayAssignOthers) throw new WenduError('WENDU_FORBIDDEN', { reason: '客服只能把工单分配给自己' });
    const ticket = await this.find(ticketId);
    if (!(await this.repo.isActiveUser(ownerId))) throw new WenduError('WENDU_USER_NOT_FOUND', { ownerId });
    if (ticket.ownerId !== ownerId) await this.record(ticket.id, [{ actor: agent.actor, kind: 'assigned', text: ownerId }], { ownerId });
    return this.get(ticket.id);
  }

  /** Done: no more answers. Closing a closed ticket changes nothing. */
  async close(ticketId: string, input: unknown, agent: TicketAgent): Promise<TicketWithHistory> {
    const { note } = parseOrThrow(TicketCloseSchema, input ?? {});
    const ticket = await this.find(ticketId);
    if (ticket.status !== 'closed') {
      await this.record(ticket.id, [{ actor: agent.actor, kind: 'closed', text: note || null }], { status: 'closed' }).catch((err: unknown) => {
        // Closed by someone else meanwhile: the outcome is the one asked for.
        if (!(err instanceof WenduError && err.code === 'WENDU_TICKET_CLOSED')) throw err;
      });
    }
    return this.get(ticket.id);
  }

  private async record(ticketId: string, events: NewTicketEvent[], change: TicketChange): Promise<void> {
    const at = this.now().toISOString();
    const updated = await this.repo.transaction((repo) => repo.record(ticketId, events, change, at));
    if (!updated) throw new WenduError('WENDU_TICKET_CLOSED', { ticketId });
  }

  private async find(ticketId: string): Promise<Ticket> {
    const ticket = await this.repo.find(ticketId);
    if (!ticket) throw new WenduError('WENDU_TICKET_NOT_FOUND', { ticketId });
    return ticket;
  }

  /** A conversation log of another workspace is never written from this one (a wiring mistake, not a customer's). */
  private assertOwnWorkspace(conversations: ConversationService): void {
    if (conversations.scope.workspaceId !== this.options.workspaceId) {
      throw new WenduError('WENDU_TICKET_NOT_FOUND', { reason: 'conversation of another workspace' });
    }
  }
}
