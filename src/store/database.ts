/**
 * Opens Wendu's database: an embedded SQLite file by default, PostgreSQL when a URL is given.
 * Migrations run on open, so a caller always receives a database at the latest schema.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { WenduError } from '../errors/index.js';
import type { SqlDialect } from './dialect.js';
import { StaticMigrationProvider } from './migrations/index.js';
import { GroupCommit } from './group-commit.js';
import { createPrivateFile, readableByOthers } from './private-file.js';
import { QueuedSqliteDialect } from './sqlite-queue.js';
import { cachingStatements } from './statement-cache.js';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startWalCheckpointer } from './wal-checkpoints.js';
import type { WenduSchema } from './schema.js';

/** Folder for the embedded database when none is given (relative to the working directory). */
export const DEFAULT_DATA_DIR = 'data';
/** File name of the embedded database inside the data folder. */
export const SQLITE_FILE_NAME = 'wendu.db';
/** Files SQLite keeps next to the database in WAL mode. */
const SQLITE_SIDE_FILE_SUFFIXES = ['-wal', '-shm'] as const;
/** How long SQLite waits for another writer (e.g. the CLI importing while the server runs). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** Where PostgreSQL keeps tables when no schema is chosen. */
const PG_DEFAULT_SCHEMA = 'public';
/** PostgreSQL identifiers: unquoted-safe, at most 63 bytes. */
const PG_SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export interface OpenDatabaseOptions {
  /** Folder holding `wendu.db` (SQLite). Ignored when `databaseUrl` is given. */
  dataDir?: string;
  /** `postgres://…` — use PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL only: keep every table in this schema (created if missing), for tests and tenants. */
  pgSchema?: string;
  /** Tests of a migration only: stop after this migration instead of migrating to the latest. */
  migrateUpTo?: string;
}

export interface Database {
  db: Kysely<WenduSchema>;
  dialect: SqlDialect;
  /**
   * A write transaction of the hot path (a customer's message, a turn's replies). On SQLite
   * those arriving in the same turn of the event loop share one commit (group-commit.ts); on
   * PostgreSQL each is its own transaction (grouping there would hold several conversations'
   * row locks at once, which two instances could take in opposite orders). Settles after its
   * commit either way.
   */
  writeTransaction<T>(work: (trx: Transaction<WenduSchema>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `DATABASE_URL=postgres://…/db?schema=name` keeps Wendu's tables in that schema (several deployments, or tests, in one database). */
const SCHEMA_URL_PARAM = 'schema';

function splitSchema(databaseUrl: string): { url: string; schema?: string } {
  const parsed = new URL(databaseUrl);
  const schema = parsed.searchParams.get(SCHEMA_URL_PARAM);
  if (schema === null) return { url: databaseUrl };
  // Not a libpq parameter: PostgreSQL would refuse it, so it is taken out before connecting.
  parsed.searchParams.delete(SCHEMA_URL_PARAM);
  return { url: parsed.toString(), schema };
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const fromUrl = options.databaseUrl ? splitSchema(options.databaseUrl) : undefined;
  const opts = { ...options, ...(fromUrl ? { databaseUrl: fromUrl.url, pgSchema: options.pgSchema ?? fromUrl.schema } : {}) };
  const database = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts.pgSchema) : openSqlite(opts.dataDir);
  try {
    // kysely looks for its migration table in every schema unless told which one, so another
    // tenant's (or test's) migration table would be mistaken for ours.
    await migrate(database, database.dialect === 'postgres' ? (opts.pgSchema ?? PG_DEFAULT_SCHEMA) : undefined, opts.migrateUpTo);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/** Socket errors of a database connection that could not be made or was cut. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);
/** PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03 (shutting down, cannot connect now). */
const PG_UNAVAILABLE_STATE = /^(08\d{3}|57P0[123])$/;
/** What node-postgres says when a connection dies under a query, or the pool cannot get one. */
const PG_UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/**
 * The database is away (restarting, failing over, unreachable) rather than refusing this query:
 * the caller should answer 503 with a retry hint (WENDU_DATABASE_UNAVAILABLE), not a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (UNREACHABLE_CODES.has(e.code) || PG_UNAVAILABLE_STATE.test(e.code))) return true;
  return typeof e.message === 'string' && PG_UNAVAILABLE_MESSAGE.test(e.message);
}

/** How long a readiness query may take before the database counts as not answering. */
const DATABASE_PING_TIMEOUT_MS = 1_000;

/** True when the database answers a trivial query now (the readiness check). */
export async function databaseAnswers(database: Pick<Database, 'db'>): Promise<boolean> {
  const query = sql`select 1`.execute(database.db).then(
    () => true,
    () => false,
  );
  const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DATABASE_PING_TIMEOUT_MS).unref());
  return Promise.race([query, late]);
}

function openSqlite(dataDir = DEFAULT_DATA_DIR): Database {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, SQLITE_FILE_NAME);
  // Created 0600 before SQLite opens it: SQLite then gives its -wal and -shm files the same
  // mode, so customers' messages are never readable by other users of the machine.
  createPrivateFile(path);
  const file = new SQLite(path);
  file.pragma('journal_mode = WAL');
  // In WAL mode NORMAL syncs at checkpoints, not at every commit: a committed turn survives a
  // crash of the process (it is in the WAL file), but the last commits before a power loss or
  // OS crash may be lost. FULL (the default) paid an fsync per message (docs/performance.md).
  file.pragma('synchronous = NORMAL');
  file.pragma('foreign_keys = ON');
  file.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  // Checkpoints run on a worker thread, not inside a commit on the event loop (wal-checkpoints.ts).
  file.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  const checkpointer = startWalCheckpointer(path, SQLITE_BUSY_TIMEOUT_MS, (message) => {
    process.emitWarning(`SQLite checkpoint failed: ${message}`, { code: 'WENDU_SQLITE_CHECKPOINT' });
  });
  const db = new Kysely<WenduSchema>({ dialect: new QueuedSqliteDialect({ database: cachingStatements(file) }) });
  const commits = new GroupCommit(db);
  return {
    db,
    dialect: 'sqlite',
    writeTransaction: (work) => commits.run(work),
    async close() {
      // The worker's connection first: the last connection to close folds the WAL into the file.
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

/**
 * The embedded database's files in `dataDir` (wendu.db, -wal, -shm) that other users of the
 * machine can read — made by an older version or by hand; the server warns about them.
 */
export function exposedDatabaseFiles(dataDir = DEFAULT_DATA_DIR): string[] {
  const path = join(resolve(dataDir), SQLITE_FILE_NAME);
  return [path, ...SQLITE_SIDE_FILE_SUFFIXES.map((suffix) => `${path}${suffix}`)].filter(readableByOthers);
}

async function openPostgres(url: string, schema?: string): Promise<Database> {
  if (schema !== undefined && !PG_SCHEMA_PATTERN.test(schema)) {
    throw new WenduError('WENDU_CONFIG_INVALID', { pgSchema: schema, reason: 'schema 名只能包含小写字母、数字和下划线' });
  }
  // `options` is sent at connection start-up, so every pooled connection has the search path
  // before its first query — no race with an on-connect hook.
  const pool = new pg.Pool({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  // An idle pooled connection the server drops (a PostgreSQL restart, a failover, an admin
  // terminating sessions) is reported as a pool 'error' event; unhandled, it would crash the
  // process. The pool discards that client and the next query opens a new connection.
  pool.on('error', (err) => {
    process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`, { code: 'WENDU_PG_IDLE_CLIENT' });
  });
  // A connection cut while checked out between two queries (kysely holds it for a moment, a
  // transaction for longer) emits 'error' on the client, which the pool listens to only while
  // idle: unheard, it would crash the process on a database restart. The query in flight still
  // fails (503, WENDU_DATABASE_UNAVAILABLE) and the pool drops the broken client on release.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<WenduSchema>({ dialect: new PostgresDialect({ pool }) });
  if (schema) {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch (err) {
      await db.destroy();
      throw err;
    }
  }
  return { db, dialect: 'postgres', writeTransaction: (work) => db.transaction().execute(work), close: () => db.destroy() };
}

/**
 * SQLite migrations that rebuild a table (0006) must run with foreign keys OFF, or dropping the
 * old table cascades into its children. The pragma is a no-op inside a transaction, so it is
 * switched here, around the whole run; `foreign_key_check` then proves the rebuilt tables
 * still agree before the database is used.
 */
async function migrate(database: Database, migrationTableSchema: string | undefined, upTo: string | undefined): Promise<void> {
  const sqlite = database.dialect === 'sqlite';
  if (sqlite) await sql`pragma foreign_keys = off`.execute(database.db);
  try {
    await runMigrations(database, migrationTableSchema, upTo);
    if (sqlite) {
      const broken = (await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(database.db)).rows;
      if (broken.length > 0) {
        throw new WenduError('WENDU_INTERNAL', { violations: broken.slice(0, 10) }, '数据库迁移后外键不一致 (foreign keys broken after migration)');
      }
    }
  } finally {
    if (sqlite) await sql`pragma foreign_keys = on`.execute(database.db);
  }
}

async function runMigrations(database: Database, migrationTableSchema: string | undefined, upTo: string | undefined): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider: new StaticMigrationProvider(database.dialect),
    migrationTableSchema,
  });
  const { error, results } = upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(upTo);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new WenduError('WENDU_INTERNAL', { migration: failed, cause: String(error) }, `数据库迁移失败：${failed ?? '未知'} (${String(error)})`);
  }
}
