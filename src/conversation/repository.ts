/**
 * Data access for conversations. Only dialect-neutral kysely (RETURNING and ON CONFLICT …
 * DO UPDATE … WHERE work on SQLite ≥ 3.35 and PostgreSQL); JSON columns are (de)serialised
 * here and nowhere else.
 */
import type { Kysely } from 'kysely';
import type { RichBlock } from '../content/rich-content.js';
import type { ConversationRow, CustomerRow, MessageRow, NewMessageRow, WenduSchema } from '../store/schema.js';
import type {
  Conversation,
  ConversationChannel,
  ConversationStatus,
  Customer,
  EntryAnswerCount,
  Message,
  MessageMeta,
  ReaderRole,
  Sender,
} from './schemas.js';

/** SQLite and PostgreSQL report a broken UNIQUE constraint differently. */

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    tags: JSON.parse(row.tags),
    vipLevel: Number(row.vip_level),
    channel: row.channel,
    attributes: JSON.parse(row.attributes),
    verified: Number(row.verified) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toCustomerRow(c: Customer, workspaceId: string): CustomerRow {
  return {
    id: c.id,
    workspace_id: workspaceId,
    external_id: c.externalId,
    name: c.name,
    tags: JSON.stringify(c.tags),
    vip_level: c.vipLevel,
    channel: c.channel,
    attributes: JSON.stringify(c.attributes),
    verified: c.verified ? 1 : 0,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

function toConversation(row: Omit<ConversationRow, 'state' | 'workspace_id' | 'bot_id'>): Conversation {
  return {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel as ConversationChannel,
    status: row.status as ConversationStatus,
    lastSeq: Number(row.last_seq),
    stateVersion: Number(row.state_version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    sender: row.sender as Sender,
    senderId: row.sender_id,
    clientMessageId: row.client_message_id,
    text: row.text,
    content: JSON.parse(row.content) as RichBlock[],
    meta: JSON.parse(row.meta) as MessageMeta,
    createdAt: row.created_at,
  };
}

export function toMessageRow(m: Message, workspaceId: string): NewMessageRow {
  return {
    id: m.id,
    workspace_id: workspaceId,
    conversation_id: m.conversationId,
    seq: m.seq,
    sender: m.sender,
    sender_id: m.senderId,
    client_message_id: m.clientMessageId,
    text: m.text,
    content: JSON.stringify(m.content),
    meta: JSON.stringify(m.meta),
    reply_to: m.meta.replyTo ?? null,
    entry_id: m.meta.entryId ?? null,
    created_at: m.createdAt,
  };
}

/** A customer message nobody answered (see unansweredCustomerMessages). */
export interface UnansweredMessage {
  conversationId: string;
  seq: number;
  createdAt: string;
}

const CONVERSATION_COLUMNS = ['id', 'customer_id', 'channel', 'status', 'last_seq', 'state_version', 'created_at', 'updated_at'] as const;
/** Senders whose messages can be replies (never the customer's own). */
const REPLYING_SENDERS: Sender[] = ['bot', 'agent', 'system'];

/** Whose conversations a repository sees: customers are per workspace, conversations per bot. */
export interface ConversationScope {
  workspaceId: string;
  botId: string;
}

/**
 * Every query is scoped: customers by workspace, conversations by workspace and bot, messages
 * by workspace — an id from another workspace or bot is simply not found.
 */
export class ConversationRepository {
  constructor(
    readonly db: Kysely<WenduSchema>,
    readonly scope: ConversationScope,
  ) {}

  /** Runs `work` in one transaction with a repository bound to it. */
  transaction<T>(work: (repo: ConversationRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new ConversationRepository(trx, this.scope)));
  }

  async findCustomerByExternalId(externalId: string): Promise<Customer | undefined> {
    const row = await this.db.selectFrom('customers').selectAll().where('workspace_id', '=', this.scope.workspaceId).where('external_id', '=', externalId).executeTakeFirst();
    return row && toCustomer(row);
  }

  async findCustomer(id: string): Promise<Customer | undefined> {
    const row = await this.db.selectFrom('customers').selectAll().where('workspace_id', '=', this.scope.workspaceId).where('id', '=', id).executeTakeFirst();
    return row && toCustomer(row);
  }

  async insertCustomer(customer: Customer): Promise<void> {
    await this.db.insertInto('customers').values(toCustomerRow(customer, this.scope.workspaceId)).execute();
  }

  async updateCustomer(customer: Customer): Promise<void> {
    const { id, created_at: _created, workspace_id: workspaceId, ...fields } = toCustomerRow(customer, this.scope.workspaceId);
    await this.db.updateTable('customers').set(fields).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  }

  /** Narrows a conversations query (select or update) to this repository's workspace and bot. */
  private readonly ownConversations = <Q extends { where: (...args: any[]) => any }>(qb: Q): Q =>
    qb.where('workspace_id', '=', this.scope.workspaceId).where('bot_id', '=', this.scope.botId) as Q;

  async findConversation(id: string): Promise<Conversation | undefined> {
    const row = await this.db.selectFrom('conversations').select(CONVERSATION_COLUMNS).where('id', '=', id).$call(this.ownConversations).executeTakeFirst();
    return row && toConversation(row);
  }

  /** The conversation and its dialog state in one read (a turn needs both). */
  async findConversationWithState(id: string): Promise<{ conversation: Conversation; state: string | null } | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .select([...CONVERSATION_COLUMNS, 'state'])
      .where('id', '=', id)
      .$call(this.ownConversations)
      .executeTakeFirst();
    return row && { conversation: toConversation(row), state: row.state };
  }

  async insertConversation(c: Conversation): Promise<void> {
    await this.db
      .insertInto('conversations')
      .values({
        id: c.id,
        workspace_id: this.scope.workspaceId,
        bot_id: this.scope.botId,
        customer_id: c.customerId,
        channel: c.channel,
        status: c.status,
        last_seq: c.lastSeq,
        state: null,
        state_version: c.stateVersion,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
  }

  /**
   * Takes the next seq of a conversation. The UPDATE locks the conversation row until the
   * transaction ends, so concurrent appends to one conversation queue up here (PostgreSQL) or
   * on the single writer (SQLite); a rolled-back append gives its number back.
   */
  async allocateSeq(conversationId: string, at: string): Promise<{ seq: number; customerId: string } | undefined> {
    const row = await this.db
      .updateTable('conversations')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1), updated_at: at }))
      .where('id', '=', conversationId)
      .$call(this.ownConversations)
      .returning(['last_seq', 'customer_id'])
      .executeTakeFirst();
    return row && { seq: Number(row.last_seq), customerId: row.customer_id };
  }

  /**
   * A turn's one write to the conversation row: the state, if still at `expectedVersion`, and
   * `count` seqs for its replies (the last of them is returned). One UPDATE instead of one per
   * reply plus the state's: each rewrote the row and its three `updated_at` indexes
   * (docs/performance.md, "Third pass"). Undefined when the state moved on (nothing written).
   */
  async commitStateAndAllocate(conversationId: string, state: string, expectedVersion: number, count: number, at: string): Promise<{ lastSeq: number; customerId: string } | undefined> {
    const row = await this.db
      .updateTable('conversations')
      .set((eb) => ({ state, state_version: expectedVersion + 1, last_seq: eb('last_seq', '+', count), updated_at: at }))
      .where('id', '=', conversationId)
      .$call(this.ownConversations)
      .where('state_version', '=', expectedVersion)
      .returning(['last_seq', 'customer_id'])
      .executeTakeFirst();
    return row && { lastSeq: Number(row.last_seq), customerId: row.customer_id };
  }

  async findByClientMessageId(conversationId: string, clientMessageId: string): Promise<Message | undefined> {
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('conversation_id', '=', conversationId)
      .where('client_message_id', '=', clientMessageId)
      .executeTakeFirst();
    return row && toMessage(row);
  }

  async insertMessage(message: Message): Promise<void> {
    await this.db.insertInto('messages').values(toMessageRow(message, this.scope.workspaceId)).execute();
  }

  async messagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toMessage);
  }

  async repliesTo(conversationId: string, customerSeq: number): Promise<Message[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('conversation_id', '=', conversationId)
      .where('reply_to', '=', customerSeq)
      .where('sender', 'in', REPLYING_SENDERS)
      .orderBy('seq')
      .execute();
    return rows.map(toMessage);
  }

  /** Moves the read mark forward only; returns the new mark, or undefined when it was already at or past `seq`. */
  async advanceRead(conversationId: string, reader: ReaderRole, seq: number, at: string): Promise<number | undefined> {
    const row = await this.db
      .insertInto('read_receipts')
      .values({ conversation_id: conversationId, reader, last_read_seq: seq, updated_at: at })
      .onConflict((oc) =>
        oc
          .columns(['conversation_id', 'reader'])
          .doUpdateSet((eb) => ({ last_read_seq: eb.ref('excluded.last_read_seq'), updated_at: eb.ref('excluded.updated_at') }))
          .where((eb) => eb('read_receipts.last_read_seq', '<', eb.ref('excluded.last_read_seq'))),
      )
      .returning('last_read_seq')
      .executeTakeFirst();
    return row && Number(row.last_read_seq);
  }

  async lastRead(conversationId: string, reader: ReaderRole): Promise<number> {
    const row = await this.db
      .selectFrom('read_receipts')
      .select('last_read_seq')
      .where('conversation_id', '=', conversationId)
      .where('reader', '=', reader)
      .executeTakeFirst();
    return row ? Number(row.last_read_seq) : 0;
  }

  async loadState(conversationId: string): Promise<{ state: string | null; version: number } | undefined> {
    const row = await this.db.selectFrom('conversations').select(['state', 'state_version']).where('id', '=', conversationId).$call(this.ownConversations).executeTakeFirst();
    return row && { state: row.state, version: Number(row.state_version) };
  }

  /** Writes the state only if nobody else did since `expectedVersion` was read. */
  async compareAndSetState(conversationId: string, state: string, expectedVersion: number, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('conversations')
      .set({ state, state_version: expectedVersion + 1, updated_at: at })
      .where('id', '=', conversationId)
      .$call(this.ownConversations)
      .where('state_version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Open conversations updated since `since` whose newest message (seq = last_seq) is a
   * customer's with no reply pointing at it; oldest first. Uses the (status, updated_at) and
   * (conversation_id, reply_to) indexes.
   */
  async unansweredCustomerMessages(since: string, limit: number): Promise<UnansweredMessage[]> {
    const rows = await this.db
      .selectFrom('conversations as c')
      .innerJoin('messages as m', (join) => join.onRef('m.conversation_id', '=', 'c.id').onRef('m.seq', '=', 'c.last_seq'))
      .select(['c.id as conversation_id', 'm.seq as seq', 'm.created_at as created_at'])
      .where('c.status', '=', 'open')
      .where('c.updated_at', '>=', since)
      .where('m.sender', '=', 'customer')
      .where('m.created_at', '>=', since)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('messages as r')
              .select('r.id')
              .whereRef('r.conversation_id', '=', 'm.conversation_id')
              .whereRef('r.reply_to', '=', 'm.seq')
              .where('r.sender', 'in', REPLYING_SENDERS),
          ),
        ),
      )
      .orderBy('m.created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ conversationId: r.conversation_id, seq: Number(r.seq), createdAt: r.created_at }));
  }

  async entryAnswerCounts(since: string | undefined, limit: number): Promise<EntryAnswerCount[]> {
    const rows = await this.db
      .selectFrom('messages')
      .select((eb) => ['entry_id', eb.fn.countAll<number | string | bigint>().as('count')])
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('sender', '=', 'bot')
      .where('entry_id', 'is not', null)
      .$if(since !== undefined, (qb) => qb.where('created_at', '>=', since!))
      .groupBy('entry_id')
      .orderBy('count', 'desc')
      .orderBy('entry_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ entryId: r.entry_id as string, count: Number(r.count) }));
  }
}
