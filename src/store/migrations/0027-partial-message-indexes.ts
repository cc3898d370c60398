/**
 * The message log's three secondary indexes on columns a customer's message never fills, made
 * partial (issue 10, docs/performance.md "Fifth pass, the realtime turn"). `reply_to` is set only
 * on replies and `entry_id` only on answers, yet every customer message wrote a NULL key into all
 * three: three of its six index entries (a bot answer fills both). Every reader constrains the column
 * (`reply_to =`, `entry_id is not null`), which both SQLite and PostgreSQL take as implying the
 * index's `is not null`, so the same plans serve them. Both accept `create index … where`.
 */
import type { Kysely, Migration } from 'kysely';

/** Index name → [columns, the column a row must fill to be indexed]. */
const PARTIAL_MESSAGE_INDEXES: Record<string, [columns: string[], filled: string]> = {
  messages_reply_to: [['conversation_id', 'reply_to'], 'reply_to'],
  messages_entry_answers: [['entry_id', 'created_at'], 'entry_id'],
  messages_workspace_entry: [['workspace_id', 'entry_id', 'created_at'], 'entry_id'],
};

export function partialMessageIndexesMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      for (const [name, [columns, filled]] of Object.entries(PARTIAL_MESSAGE_INDEXES)) {
        await db.schema.dropIndex(name).execute();
        await db.schema.createIndex(name).on('messages').columns(columns).where(filled, 'is not', null).execute();
      }
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const [name, [columns]] of Object.entries(PARTIAL_MESSAGE_INDEXES)) {
        await db.schema.dropIndex(name).execute();
        await db.schema.createIndex(name).on('messages').columns(columns).execute();
      }
    },
  };
}
