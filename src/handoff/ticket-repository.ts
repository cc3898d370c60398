/**
 * Data access for tickets and their history. Every query is scoped by workspace: a ticket id
 * from another workspace is simply not found. Events get per-ticket seqs taken by an UPDATE of
 * the ticket row, so concurrent writers to one ticket queue up on that row (PostgreSQL) or the
 * single writer (SQLite) and the history has no gaps or twins.
 */
import type { Kysely } from 'kysely';
import { preparedQuery } from '../store/prepared-query.js';
import type { TicketEventRow, TicketRow, WenduSchema } from '../store/schema.js';
import type { ContactKind, Ticket, TicketEvent, TicketEventKind, TicketStatus } from './ticket-schemas.js';

function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    botId: row.bot_id,
    conversationId: row.conversation_id,
    customerId: row.customer_id,
    contact: row.contact,
    contactKind: row.contact_kind as ContactKind,
    text: row.text,
    clientMessageId: row.client_message_id,
    status: row.status as TicketStatus,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toEvent(row: TicketEventRow): TicketEvent {
  return { seq: Number(row.seq), actor: row.actor, kind: row.kind as TicketEventKind, text: row.text, at: row.at };
}

export interface NewTicketEvent {
  actor: string;
  kind: TicketEventKind;
  text: string | null;
}

/** What an event changes on its ticket besides `updated_at`. */
export interface TicketChange {
  status?: TicketStatus;
  /** Becomes the owner unless the ticket already has one. */
  claimFor?: string;
  /** Becomes the owner, replacing any (an explicit assignment). */
  ownerId?: string;
  /** Only when the ticket is in this status (else nothing is written): makes a repeated trigger harmless. */
  onlyIf?: TicketStatus;
}

export class TicketRepository {
  constructor(
    readonly db: Kysely<WenduSchema>,
    readonly workspaceId: string,
  ) {}

  transaction<T>(work: (repo: TicketRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new TicketRepository(trx, this.workspaceId)));
  }

  /** Inserts the ticket with its `created` event as seq 1. */
  async insert(ticket: Ticket, created: NewTicketEvent): Promise<void> {
    await this.db
      .insertInto('tickets')
      .values({
        id: ticket.id,
        workspace_id: this.workspaceId,
        bot_id: ticket.botId,
        conversation_id: ticket.conversationId,
        customer_id: ticket.customerId,
        contact: ticket.contact,
        contact_kind: ticket.contactKind,
        text: ticket.text,
        client_message_id: ticket.clientMessageId,
        status: ticket.status,
        owner_id: ticket.ownerId,
        last_event_seq: 1,
        created_at: ticket.createdAt,
        updated_at: ticket.updatedAt,
      })
      .execute();
    await this.db
      .insertInto('ticket_events')
      .values({ ticket_id: ticket.id, seq: 1, workspace_id: this.workspaceId, actor: created.actor, kind: created.kind, text: created.text, at: ticket.createdAt })
      .execute();
  }

  async find(id: string): Promise<Ticket | undefined> {
    const row = await this.db.selectFrom('tickets').selectAll().where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return row && toTicket(row);
  }

  /** Whether `userId` is an enabled account of this workspace (who a ticket may be assigned to). */
  async isActiveUser(userId: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('id').where('workspace_id', '=', this.workspaceId).where('id', '=', userId).where('disabled', '=', 0).executeTakeFirst();
    return row !== undefined;
  }

  async findByClientMessageId(conversationId: string, clientMessageId: string): Promise<Ticket | undefined> {
    const row = await this.db
      .selectFrom('tickets')
      .selectAll()
      .where('workspace_id', '=', this.workspaceId)
      .where('conversation_id', '=', conversationId)
      .where('client_message_id', '=', clientMessageId)
      .executeTakeFirst();
    return row && toTicket(row);
  }

  async events(ticketId: string): Promise<TicketEvent[]> {
    const rows = await this.db
      .selectFrom('ticket_events')
      .selectAll()
      .where('workspace_id', '=', this.workspaceId)
      .where('ticket_id', '=', ticketId)
      .orderBy('seq')
      .execute();
    return rows.map(toEvent);
  }

  /**
   * Newest first, `limit` of them, older than ticket `before` when given (created_at, then id
   * breaks ties, so paging never skips or repeats a ticket created in the same millisecond).
   */
  /** `owner`: a user id, or null for tickets nobody owns; absent → anyone's. */
  async list(query: { status?: TicketStatus; owner?: string | null; limit: number; before?: Ticket }): Promise<Ticket[]> {
    const { status, owner, limit, before } = query;
    const rows = await this.db
      .selectFrom('tickets')
      .selectAll()
      .where('workspace_id', '=', this.workspaceId)
      .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
      .$if(owner !== undefined, (qb) => (owner === null ? qb.where('owner_id', 'is', null) : qb.where('owner_id', '=', owner!)))
      .$if(before !== undefined, (qb) =>
        qb.where((eb) => eb.or([eb('created_at', '<', before!.createdAt), eb.and([eb('created_at', '=', before!.createdAt), eb('id', '<', before!.id)])])),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toTicket);
  }

  /**
   * Records events on a ticket and applies `change`, unless the ticket is closed; returns the
   * ticket after the change, or undefined when it is missing. The UPDATE takes the row lock
   * first, so the closed check and the seqs hold under concurrent writers.
   */
  async record(ticketId: string, events: NewTicketEvent[], change: TicketChange, at: string): Promise<Ticket | undefined> {
    const row = await this.db
      .updateTable('tickets')
      .set((eb) => ({
        last_event_seq: eb('last_event_seq', '+', events.length),
        updated_at: at,
        ...(change.status ? { status: change.status } : {}),
        ...(change.claimFor ? { owner_id: eb.fn.coalesce('owner_id', eb.val(change.claimFor)) } : {}),
        ...(change.ownerId ? { owner_id: change.ownerId } : {}),
      }))
      .where('workspace_id', '=', this.workspaceId)
      .where('id', '=', ticketId)
      .where('status', '!=', 'closed')
      .$if(change.onlyIf !== undefined, (qb) => qb.where('status', '=', change.onlyIf!))
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    const first = Number(row.last_event_seq) - events.length + 1;
    await this.db
      .insertInto('ticket_events')
      .values(events.map((e, i) => ({ ticket_id: ticketId, seq: first + i, workspace_id: this.workspaceId, actor: e.actor, kind: e.kind, text: e.text, at })))
      .execute();
    return toTicket(row);
  }
}

/**
 * The `status` tickets on a conversation, whatever their workspace: conversation ids are unique
 * across workspaces, and the caller (a bus subscriber) has only the conversation id.
 */
/** Asked on every customer message (the follow-up of src/handoff/ticket-follow-up.ts): compiled once (src/store/prepared-query.ts). */
const TICKETS_ON_CONVERSATION = preparedQuery((db, p: { conversationId: string; status: string }) =>
  db.selectFrom('tickets').select(['id', 'workspace_id']).where('conversation_id', '=', p.conversationId).where('status', '=', p.status),
);

export async function ticketsOnConversation(db: Kysely<WenduSchema>, conversationId: string, status: TicketStatus): Promise<Array<{ id: string; workspaceId: string }>> {
  const rows = await TICKETS_ON_CONVERSATION.rows(db, { conversationId, status });
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id }));
}
