/**
 * Which groups of the shipped customer-service lexicon (src/nlu/lexicons/service-lexicon.ts) a
 * workspace's operator switched off. Only the switched-off groups are stored, so a group added to
 * the shipped lexicon in a later release is on for every bot without a data change.
 */
import type { Kysely, Migration } from 'kysely';

export function lexiconSwitchesMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('lexicon_disabled_groups')
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lexicon_disabled_groups_pk', ['workspace_id', 'group_id'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('lexicon_disabled_groups').execute();
    },
  };
}
