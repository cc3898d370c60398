/**
 * The customers' 👍 / 👎 on bot answers (issue 8), raw material for the learning loop. One vote
 * per answer: unique on (conversation_id, message_seq) — a second vote replaces the first.
 * `helpful` is an integer (0/1) like `customers.verified`; `entry_id` is the knowledge entry the
 * answer came from (null for flow or fallback replies).
 */
import type { Kysely, Migration } from 'kysely';

export function answerFeedbackMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('answer_feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('message_seq', 'integer', (c) => c.notNull())
        .addColumn('entry_id', 'text')
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('answer_feedback_message', ['conversation_id', 'message_seq'])
        .execute();
      await db.schema.createIndex('answer_feedback_workspace_time').on('answer_feedback').columns(['workspace_id', 'updated_at', 'id']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('answer_feedback').execute();
    },
  };
}
