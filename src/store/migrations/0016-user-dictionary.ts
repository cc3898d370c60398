/**
 * The operator's user dictionary: words the segmenter must keep whole in one workspace
 * (运费险, 花呗, 七天无理由), one row per word in the operator's order. Saved as a whole list
 * (the audit log keeps who changed it when), next to the words mined from the knowledge base.
 */
import type { Kysely, Migration } from 'kysely';

export function userDictionaryMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('user_dictionary_words')
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('word', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_dictionary_words_pk', ['workspace_id', 'word'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('user_dictionary_words').execute();
    },
  };
}
