/**
 * Conversations: customers, conversations, the append-only message log and read receipts.
 * Dialect-neutral DDL only. Two message columns are copied out of `meta` on append
 * (`reply_to`, `entry_id`) so "the replies to customer message N" and "how often was entry X
 * answered" are indexed lookups on both databases instead of JSON queries that differ per
 * dialect.
 */
import type { Kysely, Migration } from 'kysely';

export function conversationsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('external_id', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('vip_level', 'integer', (c) => c.notNull())
        .addColumn('channel', 'text')
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('verified', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .addColumn('state', 'text')
        .addColumn('state_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('conversations_customer').on('conversations').columns(['customer_id', 'updated_at']).execute();
      await db.schema.createIndex('conversations_status').on('conversations').columns(['status', 'updated_at']).execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('sender_id', 'text')
        .addColumn('client_message_id', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('meta', 'text', (c) => c.notNull())
        .addColumn('reply_to', 'integer')
        .addColumn('entry_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('messages_conversation_seq', ['conversation_id', 'seq'])
        // NULLs are distinct on both databases, so messages without a client id never collide.
        .addUniqueConstraint('messages_conversation_client_id', ['conversation_id', 'client_message_id'])
        .execute();
      await db.schema.createIndex('messages_reply_to').on('messages').columns(['conversation_id', 'reply_to']).execute();
      await db.schema.createIndex('messages_entry_answers').on('messages').columns(['entry_id', 'created_at']).execute();

      await db.schema
        .createTable('read_receipts')
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('reader', 'text', (c) => c.notNull())
        .addColumn('last_read_seq', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('read_receipts_pk', ['conversation_id', 'reader'])
        .execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('read_receipts').execute();
      await db.schema.dropTable('messages').execute();
      await db.schema.dropTable('conversations').execute();
      await db.schema.dropTable('customers').execute();
    },
  };
}
