/**
 * Canned replies: an agent's own (owner = their user id) and the workspace's shared ones
 * (owner = `shared`), each reached by a shortcut. `owner` is never null, so one unique index
 * keeps a shortcut unique per owner on both databases.
 */
import type { Kysely, Migration } from 'kysely';

export function cannedRepliesMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('canned_replies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('shortcut', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('canned_replies_owner_shortcut', ['workspace_id', 'owner', 'shortcut'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('canned_replies').execute();
    },
  };
}
