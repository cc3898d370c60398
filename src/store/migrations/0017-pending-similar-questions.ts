/**
 * Pending similar questions (issue 9, learning from clarification taps): what customers' taps
 * and rejections teach, waiting for an operator. One row per (workspace, kind, entry, normalised
 * phrasing) — the unique key makes concurrent confirmations of the same phrasing one row — and
 * one sighting per conversation, so "how many customers said so" counts distinct conversations
 * (one joker confirming ten times is one). Counts and first / last seen are read from the
 * sightings, never kept as a counter two writers could both increment from the same old value.
 */
import type { Kysely, Migration } from 'kysely';

export function pendingSimilarQuestionsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('pending_questions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        // The bot whose conversation first taught it (the knowledge base is the workspace's).
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('phrasing', 'text', (c) => c.notNull())
        .addColumn('phrasing_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .addUniqueConstraint('pending_questions_phrasing', ['workspace_id', 'kind', 'entry_id', 'phrasing_key'])
        .execute();
      await db.schema.createIndex('pending_questions_workspace_status').on('pending_questions').columns(['workspace_id', 'status']).execute();
      await db.schema
        .createTable('pending_question_sightings')
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('seen_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pending_question_sightings_pk', ['question_id', 'conversation_id'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('pending_question_sightings').execute();
      await db.schema.dropTable('pending_questions').execute();
    },
  };
}
