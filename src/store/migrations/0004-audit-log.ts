/**
 * The audit log: who changed what in a workspace (knowledge, flows, settings, users, keys),
 * with the state before and after. Append-only; the actor comes from the account, never from
 * a request header.
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialect } from '../dialect.js';
import { autoIncrementId } from '../dialect.js';

export function auditLogMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await autoIncrementId(db.schema.createTable('audit_log'), dialect)
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_workspace_time').on('audit_log').columns(['workspace_id', 'id']).execute();
      await db.schema.createIndex('audit_log_target').on('audit_log').columns(['workspace_id', 'target_type', 'target_id']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('audit_log').execute();
    },
  };
}
