/**
 * Accounts: workspaces (one company each), their users, login sessions and API keys.
 * Secrets are never stored: a session token and an API key are kept as their SHA-256 (they
 * are 32 random bytes, so a fast hash is enough — no dictionary to guess from), a password as
 * its argon2id hash. `disabled` is an integer (0/1) like `customers.verified`, portable to both
 * databases.
 */
import type { Kysely, Migration } from 'kysely';

/** Every installation starts with this workspace (src/auth/access.ts DEFAULT_WORKSPACE_ID). */
const DEFAULT_WORKSPACE = { id: 'default', name: '默认工作区' };

export function accountsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('workspaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db
        .insertInto('workspaces')
        .values({ ...DEFAULT_WORKSPACE, created_at: new Date().toISOString() })
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
        // Lower-cased and trimmed before it is written, so unique means unique to a person.
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_workspace').on('users').columns(['workspace_id', 'email']).execute();

      await db.schema
        .createTable('auth_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('auth_tokens_user').on('auth_tokens').columns(['user_id']).execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_keys_workspace').on('api_keys').columns(['workspace_id', 'created_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('api_keys').execute();
      await db.schema.dropTable('auth_tokens').execute();
      await db.schema.dropTable('users').execute();
      await db.schema.dropTable('workspaces').execute();
    },
  };
}
