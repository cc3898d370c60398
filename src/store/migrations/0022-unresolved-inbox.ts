/**
 * The unresolved inbox (issue 11, docs/learning.md): every question the bot could not settle —
 * a fallback, a rejected clarification, a 👎, a request for a person right after an answer, a
 * hand-off after repeated misses, a question an agent had to answer — kept condensed (no order
 * numbers, phones or e-mails) and grouped into clusters as it arrives.
 *
 * - `unresolved_clusters`: one row per group of questions that mean the same; its status
 *   (open / dismissed / resolved) and what the operator did. Counts, first and last seen are read
 *   from the questions, never kept as counters two writers could both bump from one old value.
 * - `unresolved_questions`: the questions, each in one cluster. One conversation saying the same
 *   thing for the same reason twice (a turn worked out again) is one row.
 * - `unresolved_cluster_terms`: the inverted index from character bigrams to clusters that
 *   finds the few clusters a new question may join, in SQL, so every instance sees the same.
 * - `unresolved_inbox_locks`: one row per workspace, locked (PostgreSQL `FOR UPDATE`) while a
 *   question picks or creates its cluster, so two questions arriving at once on two instances
 *   never create two clusters for one meaning. SQLite runs one writer at a time anyway.
 */
import type { Kysely, Migration } from 'kysely';

export function unresolvedInboxMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('unresolved_clusters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        // The first question's condensed text: the cluster's name in lists.
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        // JSON: the action taken and its before/after (src/learning/inbox.ts ClusterResolution).
        .addColumn('resolution', 'text')
        .execute();
      await db.schema.createIndex('unresolved_clusters_workspace_status').on('unresolved_clusters').columns(['workspace_id', 'status']).execute();
      await db.schema
        .createTable('unresolved_questions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull().references('unresolved_clusters.id').onDelete('cascade'))
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        // The customer message (its seq) the question came from; 0 when not known.
        .addColumn('message_seq', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        // The entry the bot answered or offered, when there was one.
        .addColumn('entry_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('unresolved_questions_turn', ['conversation_id', 'reason', 'text'])
        .execute();
      await db.schema.createIndex('unresolved_questions_cluster').on('unresolved_questions').columns(['cluster_id', 'created_at']).execute();
      await db.schema
        .createTable('unresolved_cluster_terms')
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull().references('unresolved_clusters.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('unresolved_cluster_terms_pk', ['workspace_id', 'term', 'cluster_id'])
        .execute();
      await db.schema
        .createTable('unresolved_inbox_locks')
        .addColumn('workspace_id', 'text', (c) => c.primaryKey())
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('unresolved_inbox_locks').execute();
      await db.schema.dropTable('unresolved_cluster_terms').execute();
      await db.schema.dropTable('unresolved_questions').execute();
      await db.schema.dropTable('unresolved_clusters').execute();
    },
  };
}
