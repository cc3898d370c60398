/**
 * Upgrading a database from before workspaces: every customer, conversation, message and the
 * stored bot settings survive into the default workspace and bot, on SQLite and PostgreSQL;
 * afterwards the same shop user id may exist once per workspace.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_FILE_NAME, type Database } from '../database.js';
import type { SqlDialect } from '../dialect.js';
import { TEST_DATABASE_URL } from '../testing.js';
import { StaticMigrationProvider } from './index.js';

const BEFORE_WORKSPACES = '0004-audit-log';
const AT = '2026-03-08T09:00:00.000Z';

interface Storage {
  dialect: SqlDialect;
  /** Where kysely keeps its migration table (PostgreSQL: the test's own schema, as openDatabase does). */
  migrationTableSchema?: string;
  prepare(): Promise<void>;
  raw(): Kysely<any>;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

function sqliteStorage(): Storage {
  const dataDir = mkdtempSync(join(tmpdir(), 'wendu-migrate-'));
  return {
    dialect: 'sqlite',
    prepare: async () => {},
    raw: () => {
      const file = new SQLite(join(dataDir, SQLITE_FILE_NAME));
      file.pragma('foreign_keys = ON');
      return new Kysely<any>({ dialect: new SqliteDialect({ database: file }) });
    },
    open: () => openDatabase({ dataDir }),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

function postgresStorage(): Storage {
  const pgSchema = `wendu_migrate_${randomBytes(6).toString('hex')}`;
  return {
    dialect: 'postgres',
    migrationTableSchema: pgSchema,
    async prepare() {
      const db = this.raw();
      await sql`create schema ${sql.id(pgSchema)}`.execute(db);
      await db.destroy();
    },
    raw: () => new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${pgSchema}` }) }) }),
    open: () => openDatabase({ databaseUrl: TEST_DATABASE_URL, pgSchema }),
    async dispose() {
      const db = this.raw();
      await sql`drop schema if exists ${sql.id(pgSchema)} cascade`.execute(db);
      await db.destroy();
    },
  };
}

describe.each([
  ['sqlite', sqliteStorage],
  ['postgres', postgresStorage],
] as const)('migration to workspaces on %s', (_name, makeStorage) => {
  let storage: Storage;
  afterEach(async () => storage?.dispose());

  it('keeps every customer, conversation, message and the bot settings, in the default workspace and bot', async () => {
    storage = makeStorage();
    await storage.prepare();
    const raw = storage.raw();
    const migrator = new Migrator({ db: raw, provider: new StaticMigrationProvider(storage.dialect), migrationTableSchema: storage.migrationTableSchema });
    const before = await migrator.migrateTo(BEFORE_WORKSPACES);
    expect(before.error).toBeUndefined();
    await raw.insertInto('settings').values({ key: 'bot', value: JSON.stringify({ answerThreshold: 0.7 }) }).execute();
    await raw
      .insertInto('customers')
      .values({ id: 'cu-1', external_id: 'shop-user-42', name: '小美', tags: '[]', vip_level: 2, channel: 'web', attributes: '{}', verified: 1, created_at: AT, updated_at: AT })
      .execute();
    await raw
      .insertInto('conversations')
      .values({ id: 'cv-1', customer_id: 'cu-1', channel: 'web', status: 'open', last_seq: 1, state: null, state_version: 0, created_at: AT, updated_at: AT })
      .execute();
    await raw
      .insertInto('messages')
      .values({ id: 'msg-1', conversation_id: 'cv-1', seq: 1, sender: 'customer', sender_id: null, client_message_id: 'c1', text: '发漂怎么开😭', content: '[]', meta: '{}', reply_to: null, entry_id: null, created_at: AT })
      .execute();
    await raw.destroy();

    const database = await storage.open();
    try {
      const customer = await database.db.selectFrom('customers').selectAll().executeTakeFirstOrThrow();
      expect(customer).toMatchObject({ id: 'cu-1', workspace_id: 'default', external_id: 'shop-user-42', name: '小美' });
      expect(await database.db.selectFrom('conversations').select(['id', 'workspace_id', 'bot_id', 'customer_id']).execute()).toEqual([
        { id: 'cv-1', workspace_id: 'default', bot_id: 'default', customer_id: 'cu-1' },
      ]);
      expect(await database.db.selectFrom('messages').select(['text', 'workspace_id']).execute()).toEqual([{ text: '发漂怎么开😭', workspace_id: 'default' }]);
      const bot = await database.db.selectFrom('bots').selectAll().where('id', '=', 'default').executeTakeFirstOrThrow();
      expect(JSON.parse(bot.settings)).toEqual({ answerThreshold: 0.7 });
      expect(bot.workspace_id).toBe('default');

      // The same shop user id is a separate customer in another workspace, still unique within one.
      const other = { name: null, tags: '[]', vip_level: 0, channel: null, attributes: '{}', verified: 0, created_at: AT, updated_at: AT };
      await database.db.insertInto('customers').values({ id: 'cu-2', workspace_id: 'shop-b', external_id: 'shop-user-42', ...other }).execute();
      await expect(database.db.insertInto('customers').values({ id: 'cu-3', workspace_id: 'default', external_id: 'shop-user-42', ...other }).execute()).rejects.toThrow();
      // Foreign keys are back on after the rebuild: a conversation needs its customer.
      await expect(
        database.db
          .insertInto('conversations')
          .values({ id: 'cv-x', workspace_id: 'default', bot_id: 'default', customer_id: 'cu-none', channel: 'web', status: 'open', last_seq: 0, state: null, state_version: 0, created_at: AT, updated_at: AT })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await database.close();
    }
  });
});
