/**
 * The knowledge review workflow (issue 11, docs/review.md): drafts and suggested edits wait for
 * an approver, with a comment thread.
 *
 * - `workspaces.review`: JSON ReviewSettings (src/config/settings.ts); null → the defaults
 *   (no review required, no four-eyes rule).
 * - `knowledge_reviews`: one proposal — a new entry (its draft lives in `knowledge_entries` with
 *   status `draft`) or a revision of an existing entry (the proposed fields are kept here, so
 *   the published answer keeps serving until approved). Who proposed, who decided, when and
 *   the decision (its comment is the thread's last).
 * - `review_comments`: the thread of a review item. `review_id` names a `knowledge_reviews` row
 *   or a pending similar question (`pending_questions`), the other kind of item in the one
 *   queue, so it carries no foreign key.
 */
import type { Kysely, Migration } from 'kysely';

export function knowledgeReviewsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('workspaces').addColumn('review', 'text').execute();
      await db.schema
        .createTable('knowledge_reviews')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        // new_entry | entry_edit (src/review/schemas.ts)
        .addColumn('kind', 'text', (c) => c.notNull())
        // pending | approved | rejected
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        // The entry's version the proposal was written against (null for a new entry).
        .addColumn('base_version', 'integer')
        // JSON: the proposed entry fields (a patch for entry_edit).
        .addColumn('proposed', 'text', (c) => c.notNull())
        // agent | inbox (where the proposal came from) and its id there (conversation, cluster).
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_ref', 'text')
        .addColumn('proposed_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .execute();
      await db.schema.createIndex('knowledge_reviews_workspace_status').on('knowledge_reviews').columns(['workspace_id', 'status', 'created_at']).execute();
      await db.schema
        .createTable('review_comments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        // comment | approved | rejected: a decision's comment is part of the thread.
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('review_comments_review').on('review_comments').columns(['workspace_id', 'review_id', 'created_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('review_comments').execute();
      await db.schema.dropTable('knowledge_reviews').execute();
      await db.schema.alterTable('workspaces').dropColumn('review').execute();
    },
  };
}
