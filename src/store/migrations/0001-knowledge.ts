/**
 * The knowledge base: entries, their version history, synonym groups, and key/value settings.
 * Written once for both dialects; the only dialect-specific choice is how the synonym id is
 * generated (see `autoIncrementId`).
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialect } from '../dialect.js';
import { autoIncrementId } from '../dialect.js';

export function knowledgeMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('knowledge_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('similar_questions', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('channel_answers', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text')
        .addColumn('valid_to', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('knowledge_entries_status').on('knowledge_entries').column('status').execute();
      await db.schema.createIndex('knowledge_entries_category').on('knowledge_entries').column('category').execute();
      await db.schema.createIndex('knowledge_entries_updated_at').on('knowledge_entries').column('updated_at').execute();

      await db.schema
        .createTable('knowledge_versions')
        .addColumn('entry_id', 'text', (c) => c.notNull().references('knowledge_entries.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('knowledge_versions_pk', ['entry_id', 'version'])
        .execute();

      await autoIncrementId(db.schema.createTable('synonym_groups'), dialect)
        .addColumn('terms', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('settings').execute();
      await db.schema.dropTable('synonym_groups').execute();
      await db.schema.dropTable('knowledge_versions').execute();
      await db.schema.dropTable('knowledge_entries').execute();
    },
  };
}
