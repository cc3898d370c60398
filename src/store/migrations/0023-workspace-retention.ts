/**
 * A retention period per workspace (issue 11, privacy): after `retention_days` days without a
 * message, a conversation's text is deleted (counts, outcomes and timings stay for analytics).
 * NULL keeps everything, as before.
 */
import type { Kysely, Migration } from 'kysely';

export function workspaceRetentionMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('workspaces').addColumn('retention_days', 'integer').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('workspaces').dropColumn('retention_days').execute();
    },
  };
}
