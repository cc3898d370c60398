/**
 * Data access for conversations. Only dialect-neutral kysely (RETURNING and ON CONFLICT …
 * DO UPDATE … WHERE work on SQLite ≥ 3.35 and PostgreSQL); JSON columns are (de)serialised
 * here and nowhere else.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { RichBlock } from '../content/rich-content.js';
import { preparedQuery } from '../store/prepared-query.js';
import type { ConversationRow, CustomerRow, MessageRow, NewMessageRow, WenduSchema } from '../store/schema.js';
import type {
  Conversation,
  ConversationChannel,
  ConversationStatus,
  Customer,
  EntryAnswerCount,
  ServedCandidate,
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

/** A decision record's candidates, those well-formed (a record is the engine's, but the meta column is free JSON). */
function rankingOf(meta: MessageMeta): ServedCandidate[] {
  const candidates = (meta.decision as { candidates?: unknown } | undefined)?.candidates;
  if (!Array.isArray(candidates)) return [];
  return candidates
    .filter((c): c is ServedCandidate => typeof c?.entryId === 'string' && typeof c.confidence === 'number' && typeof c.features === 'object' && c.features !== null)
    .map((c) => ({ entryId: c.entryId, confidence: c.confidence, features: c.features }));
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

/** `metaText`: the meta already serialised by the caller (it checked its size on that text), else serialised here. */
export function toMessageRow(m: Message, workspaceId: string, metaText = JSON.stringify(m.meta)): Required<NewMessageRow> {
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
    meta: metaText,
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

type Scoped<T = object> = T & { workspaceId: string; botId: string };

/*
 * The statements of opening a conversation and of a customer's turn, compiled once per database
 * (src/store/prepared-query.ts): building and compiling them per call was more of a turn's CPU
 * than running most of them (docs/performance.md, "Fourth pass"). Conversations are always
 * narrowed to the repository's workspace and bot.
 */
const CUSTOMER_BY_EXTERNAL_ID = preparedQuery((db, p: { workspaceId: string; externalId: string }) =>
  db.selectFrom('customers').selectAll().where('workspace_id', '=', p.workspaceId).where('external_id', '=', p.externalId),
);
const CUSTOMER_BY_ID = preparedQuery((db, p: { workspaceId: string; id: string }) =>
  db.selectFrom('customers').selectAll().where('workspace_id', '=', p.workspaceId).where('id', '=', p.id),
);
const INSERT_CUSTOMER = preparedQuery((db, p: CustomerRow) =>
  db.insertInto('customers').values({
    id: p.id,
    workspace_id: p.workspace_id,
    external_id: p.external_id,
    name: p.name,
    tags: p.tags,
    vip_level: p.vip_level,
    channel: p.channel,
    attributes: p.attributes,
    verified: p.verified,
    created_at: p.created_at,
    updated_at: p.updated_at,
  }),
);
const UPDATE_CUSTOMER = preparedQuery((db, p: CustomerRow) =>
  db
    .updateTable('customers')
    .set({ external_id: p.external_id, name: p.name, tags: p.tags, vip_level: p.vip_level, channel: p.channel, attributes: p.attributes, verified: p.verified, updated_at: p.updated_at })
    .where('workspace_id', '=', p.workspace_id)
    .where('id', '=', p.id),
);
const CONVERSATION = preparedQuery((db, p: Scoped<{ id: string }>) =>
  db.selectFrom('conversations').select(CONVERSATION_COLUMNS).where('id', '=', p.id).where('workspace_id', '=', p.workspaceId).where('bot_id', '=', p.botId),
);
const CONVERSATION_WITH_STATE = preparedQuery((db, p: Scoped<{ id: string }>) =>
  db
    .selectFrom('conversations')
    .select([...CONVERSATION_COLUMNS, 'state'])
    .where('id', '=', p.id)
    .where('workspace_id', '=', p.workspaceId)
    .where('bot_id', '=', p.botId),
);
const STATE = preparedQuery((db, p: Scoped<{ id: string }>) =>
  db.selectFrom('conversations').select(['state', 'state_version']).where('id', '=', p.id).where('workspace_id', '=', p.workspaceId).where('bot_id', '=', p.botId),
);
const INSERT_CONVERSATION = preparedQuery((db, p: Scoped<Omit<Conversation, 'status'> & { status: string }>) =>
  db.insertInto('conversations').values({
    id: p.id,
    workspace_id: p.workspaceId,
    bot_id: p.botId,
    customer_id: p.customerId,
    channel: p.channel,
    status: p.status,
    last_seq: p.lastSeq,
    state: null,
    state_version: p.stateVersion,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  }),
);
const ALLOCATE_SEQ = preparedQuery((db, p: Scoped<{ id: string; at: string }>) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), updated_at: p.at }))
    .where('id', '=', p.id)
    .where('workspace_id', '=', p.workspaceId)
    .where('bot_id', '=', p.botId)
    .returning(['last_seq', 'customer_id']),
);
const COMMIT_STATE_AND_ALLOCATE = preparedQuery((db, p: Scoped<{ id: string; state: string; expectedVersion: number; nextVersion: number; count: number; at: string }>) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ state: p.state, state_version: p.nextVersion, last_seq: eb('last_seq', '+', p.count), updated_at: p.at }))
    .where('id', '=', p.id)
    .where('workspace_id', '=', p.workspaceId)
    .where('bot_id', '=', p.botId)
    .where('state_version', '=', p.expectedVersion)
    .returning(['last_seq', 'customer_id']),
);
const SET_STATE = preparedQuery((db, p: Scoped<{ id: string; state: string; expectedVersion: number; nextVersion: number; at: string }>) =>
  db
    .updateTable('conversations')
    .set({ state: p.state, state_version: p.nextVersion, updated_at: p.at })
    .where('id', '=', p.id)
    .where('workspace_id', '=', p.workspaceId)
    .where('bot_id', '=', p.botId)
    .where('state_version', '=', p.expectedVersion),
);
const MESSAGE_BY_CLIENT_ID = preparedQuery((db, p: { workspaceId: string; conversationId: string; clientMessageId: string }) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .where('conversation_id', '=', p.conversationId)
    .where('client_message_id', '=', p.clientMessageId),
);
const INSERT_MESSAGE = preparedQuery((db, p: Required<NewMessageRow>) =>
  db.insertInto('messages').values({
    id: p.id,
    workspace_id: p.workspace_id,
    conversation_id: p.conversation_id,
    seq: p.seq,
    sender: p.sender,
    sender_id: p.sender_id,
    client_message_id: p.client_message_id,
    text: p.text,
    content: p.content,
    meta: p.meta,
    reply_to: p.reply_to,
    entry_id: p.entry_id,
    created_at: p.created_at,
  }),
);
const MESSAGES_AFTER = preparedQuery((db, p: { workspaceId: string; conversationId: string; afterSeq: number; limit: number }) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .where('conversation_id', '=', p.conversationId)
    .where('seq', '>', p.afterSeq)
    .orderBy('seq')
    .limit(p.limit),
);
const REPLIES_TO = preparedQuery((db, p: { workspaceId: string; conversationId: string; customerSeq: number }) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .where('conversation_id', '=', p.conversationId)
    .where('reply_to', '=', p.customerSeq)
    .where('sender', 'in', REPLYING_SENDERS)
    .orderBy('seq'),
);
const ADVANCE_READ = preparedQuery((db, p: { conversationId: string; reader: string; seq: number; at: string }) =>
  db
    .insertInto('read_receipts')
    .values({ conversation_id: p.conversationId, reader: p.reader, last_read_seq: p.seq, updated_at: p.at })
    .onConflict((oc) =>
      oc
        .columns(['conversation_id', 'reader'])
        .doUpdateSet((eb) => ({ last_read_seq: eb.ref('excluded.last_read_seq'), updated_at: eb.ref('excluded.updated_at') }))
        .where((eb) => eb('read_receipts.last_read_seq', '<', eb.ref('excluded.last_read_seq'))),
    )
    .returning('last_read_seq'),
);
const LAST_READ = preparedQuery((db, p: { conversationId: string; reader: string }) =>
  db.selectFrom('read_receipts').select('last_read_seq').where('conversation_id', '=', p.conversationId).where('reader', '=', p.reader),
);

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
    /** The database's write transactions (grouped commits on SQLite, src/store/group-commit.ts). */
    private readonly writes: Database['writeTransaction'],
  ) {}

  /**
   * Runs `work` in one transaction with a repository bound to it; settles after the commit. On
   * SQLite it may share that commit with other conversations' writes of the same moment, so
   * `work` must use only the repository it is given.
   */
  transaction<T>(work: (repo: ConversationRepository) => Promise<T>): Promise<T> {
    // Bound to the transaction, the repository's own `transaction` runs inside it.
    return this.writes((trx) => work(new ConversationRepository(trx, this.scope, (inner) => inner(trx))));
  }

  async findCustomerByExternalId(externalId: string): Promise<Customer | undefined> {
    const row = await CUSTOMER_BY_EXTERNAL_ID.first(this.db, { workspaceId: this.scope.workspaceId, externalId });
    return row && toCustomer(row);
  }

  async findCustomer(id: string): Promise<Customer | undefined> {
    const row = await CUSTOMER_BY_ID.first(this.db, { workspaceId: this.scope.workspaceId, id });
    return row && toCustomer(row);
  }

  async insertCustomer(customer: Customer): Promise<void> {
    await INSERT_CUSTOMER.run(this.db, toCustomerRow(customer, this.scope.workspaceId));
  }

  async updateCustomer(customer: Customer): Promise<void> {
    await UPDATE_CUSTOMER.run(this.db, toCustomerRow(customer, this.scope.workspaceId));
  }

  async findConversation(id: string): Promise<Conversation | undefined> {
    const row = await CONVERSATION.first(this.db, { ...this.scope, id });
    return row && toConversation(row);
  }

  /** The conversation and its dialog state in one read (a turn needs both). */
  async findConversationWithState(id: string): Promise<{ conversation: Conversation; state: string | null } | undefined> {
    const row = await CONVERSATION_WITH_STATE.first(this.db, { ...this.scope, id });
    return row && { conversation: toConversation(row), state: row.state };
  }

  async insertConversation(c: Conversation): Promise<void> {
    await INSERT_CONVERSATION.run(this.db, { ...c, ...this.scope });
  }

  /**
   * Takes the next seq of a conversation. The UPDATE locks the conversation row until the
   * transaction ends, so concurrent appends to one conversation queue up here (PostgreSQL) or
   * on the single writer (SQLite); a rolled-back append gives its number back.
   */
  async allocateSeq(conversationId: string, at: string): Promise<{ seq: number; customerId: string } | undefined> {
    const row = await ALLOCATE_SEQ.first(this.db, { ...this.scope, id: conversationId, at });
    return row && { seq: Number(row.last_seq), customerId: row.customer_id };
  }

  /**
   * A turn's one write to the conversation row: the state, if still at `expectedVersion`, and
   * `count` seqs for its replies (the last of them is returned). One UPDATE instead of one per
   * reply plus the state's: each rewrote the row and its three `updated_at` indexes
   * (docs/performance.md, "Third pass"). Undefined when the state moved on (nothing written).
   */
  async commitStateAndAllocate(conversationId: string, state: string, expectedVersion: number, count: number, at: string): Promise<{ lastSeq: number; customerId: string } | undefined> {
    const row = await COMMIT_STATE_AND_ALLOCATE.first(this.db, { ...this.scope, id: conversationId, state, expectedVersion, nextVersion: expectedVersion + 1, count, at });
    return row && { lastSeq: Number(row.last_seq), customerId: row.customer_id };
  }

  async findByClientMessageId(conversationId: string, clientMessageId: string): Promise<Message | undefined> {
    const row = await MESSAGE_BY_CLIENT_ID.first(this.db, { workspaceId: this.scope.workspaceId, conversationId, clientMessageId });
    return row && toMessage(row);
  }

  async insertMessage(message: Message, metaText: string): Promise<void> {
    await INSERT_MESSAGE.run(this.db, toMessageRow(message, this.scope.workspaceId, metaText));
  }

  async messagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const rows = await MESSAGES_AFTER.rows(this.db, { workspaceId: this.scope.workspaceId, conversationId, afterSeq, limit });
    return rows.map(toMessage);
  }

  async repliesTo(conversationId: string, customerSeq: number): Promise<Message[]> {
    const rows = await REPLIES_TO.rows(this.db, { workspaceId: this.scope.workspaceId, conversationId, customerSeq });
    return rows.map(toMessage);
  }

  /** Moves the read mark forward only; returns the new mark, or undefined when it was already at or past `seq`. */
  async advanceRead(conversationId: string, reader: ReaderRole, seq: number, at: string): Promise<number | undefined> {
    const row = await ADVANCE_READ.first(this.db, { conversationId, reader, seq, at });
    return row && Number(row.last_read_seq);
  }

  async lastRead(conversationId: string, reader: ReaderRole): Promise<number> {
    const row = await LAST_READ.first(this.db, { conversationId, reader });
    return row ? Number(row.last_read_seq) : 0;
  }

  async loadState(conversationId: string): Promise<{ state: string | null; version: number } | undefined> {
    const row = await STATE.first(this.db, { ...this.scope, id: conversationId });
    return row && { state: row.state, version: Number(row.state_version) };
  }

  /** Writes the state only if nobody else did since `expectedVersion` was read. */
  async compareAndSetState(conversationId: string, state: string, expectedVersion: number, at: string): Promise<boolean> {
    const result = await SET_STATE.run(this.db, { ...this.scope, id: conversationId, state, expectedVersion, nextVersion: expectedVersion + 1, at });
    return Number(result.numAffectedRows) === 1;
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

  /** Built per call, not prepared: it runs at most once a minute (the welcome's count), not per turn. */
  /** The rankings of the bot's newest decisions (their replies' recorded candidates, best first), newest first. */
  async servedRankings(limit: number): Promise<ServedCandidate[][]> {
    const rows = await this.db
      .selectFrom('messages')
      .select('messages.meta')
      // The newest conversations' replies (indexed on both sides: conversations by workspace and update
      // time, messages by conversation), not a scan of the whole message log: each has at least one. The
      // conversations are this workspace's and bot's; a condition on the messages' workspace as well made
      // SQLite walk every message of the workspace instead (100,000 messages: 0.5–1.4 s, blocking).
      .where('messages.conversation_id', 'in', (qb) =>
        qb
          .selectFrom('conversations')
          .select('id')
          .where('workspace_id', '=', this.scope.workspaceId)
          .where('bot_id', '=', this.scope.botId)
          .orderBy('updated_at', 'desc')
          .limit(limit),
      )
      .where('messages.sender', '=', 'bot')
      // Only replies that carry a decision record (not greetings, promotions or hand-off notices).
      .where('messages.meta', 'like', '%"candidates":[{%')
      .orderBy('messages.created_at', 'desc')
      .orderBy('messages.seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => rankingOf(JSON.parse(r.meta) as MessageMeta)).filter((ranking) => ranking.length > 0);
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
