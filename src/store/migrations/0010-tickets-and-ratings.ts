/**
 * Tickets (a message the customer left when no person could take the conversation) with their
 * history, and satisfaction ratings. A ticket is owned by a workspace and a bot and points at
 * the conversation it came from, so the answer goes back into that conversation.
 *
 * Ratings: at most one per conversation and hand-off — `handoff_id` null stands for "the
 * conversation, no hand-off known"; rating again replaces the earlier score. NULLs never
 * collide in a unique index, hence the coalesce: one expression index works on both databases.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../dialect.js';
import { autoIncrementId } from '../dialect.js';

export function ticketsAndRatingsMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('tickets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('contact', 'text', (c) => c.notNull())
        .addColumn('contact_kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('client_message_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('last_event_seq', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tickets_workspace_time').on('tickets').columns(['workspace_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('tickets_workspace_status_time').on('tickets').columns(['workspace_id', 'status', 'created_at', 'id']).execute();
      // A retried leave-message (same client id) finds its ticket instead of making a second one.
      await db.schema.createIndex('tickets_conversation_client_message').on('tickets').columns(['conversation_id', 'client_message_id']).unique().execute();

      await db.schema
        .createTable('ticket_events')
        .addColumn('ticket_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ticket_events_pk', ['ticket_id', 'seq'])
        .execute();

      await autoIncrementId(db.schema.createTable('ratings'), dialect)
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('handoff_id', 'text')
        .addColumn('score', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await sql`create unique index ratings_one_per_handoff on ratings (conversation_id, (coalesce(handoff_id, '')))`.execute(db);
      await db.schema.createIndex('ratings_workspace_time').on('ratings').columns(['workspace_id', 'bot_id', 'created_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('ratings').execute();
      await db.schema.dropTable('ticket_events').execute();
      await db.schema.dropTable('tickets').execute();
    },
  };
}
