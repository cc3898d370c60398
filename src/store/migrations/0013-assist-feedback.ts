/**
 * The learning loop's raw material (issue 7): each agent message that started from an assist
 * suggestion, with the suggestion, what was really sent and whether the agent edited it.
 * `edited` is an integer (0/1) like `customers.verified`. One row per sent message (a retried
 * socket send stores it once): unique on (conversation_id, message_seq).
 */
import type { Kysely, Migration } from 'kysely';

export function assistFeedbackMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('assist_feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('message_seq', 'integer', (c) => c.notNull())
        .addColumn('customer_question', 'text')
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('suggested_answer', 'text', (c) => c.notNull())
        .addColumn('sent_text', 'text', (c) => c.notNull())
        .addColumn('edited', 'integer', (c) => c.notNull())
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addUniqueConstraint('assist_feedback_message', ['conversation_id', 'message_seq'])
        .execute();
      await db.schema.createIndex('assist_feedback_workspace_time').on('assist_feedback').columns(['workspace_id', 'at', 'id']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('assist_feedback').execute();
    },
  };
}
