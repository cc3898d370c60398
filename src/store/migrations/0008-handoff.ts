/**
 * Hand-offs to people (issue 7): the queue and its history, and each agent's presence.
 *
 * - `handoffs`: one row per hand-off of a conversation, scoped by workspace and bot. Status
 *   queued → assigned → closed, or offline (no person could be promised; kept for analytics).
 *   At most ONE active (queued or assigned) hand-off per conversation: a partial unique index,
 *   which SQLite and PostgreSQL both enforce, so two requests racing for one conversation
 *   cannot both queue it.
 * - `handoff_history`: what happened to a hand-off and who did it (assigned, transferred with
 *   the agent's internal note, closed). Notes live here and never in the customer's messages.
 * - `agent_presence`: an agent's availability and own concurrency limit (null → the bot's
 *   `maxConcurrentPerAgent`). Its row is also what an accept locks to count the agent's load.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function handoffMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('handoffs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('agent_id', 'text')
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addColumn('assigned_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('close_tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('handling_seconds', 'integer')
        .execute();
      await db.schema
        .createIndex('handoffs_one_active_per_conversation')
        .unique()
        .on('handoffs')
        .column('conversation_id')
        .where(sql<boolean>`status in ('queued', 'assigned')`)
        .execute();
      // The queue of a group, in the order it is served.
      await db.schema.createIndex('handoffs_queue').on('handoffs').columns(['workspace_id', 'bot_id', 'status', 'group_id', 'priority', 'queued_at']).execute();
      await db.schema.createIndex('handoffs_agent').on('handoffs').columns(['workspace_id', 'agent_id', 'status']).execute();
      await db.schema.createIndex('handoffs_conversation').on('handoffs').columns(['conversation_id', 'queued_at']).execute();

      await db.schema
        .createTable('handoff_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('handoff_id', 'text', (c) => c.notNull().references('handoffs.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('handoff_history_handoff').on('handoff_history').columns(['handoff_id', 'created_at']).execute();

      await db.schema
        .createTable('agent_presence')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('max_concurrent', 'integer')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('agent_presence_workspace').on('agent_presence').columns(['workspace_id', 'status']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('agent_presence').execute();
      await db.schema.dropTable('handoff_history').execute();
      await db.schema.dropTable('handoffs').execute();
    },
  };
}
