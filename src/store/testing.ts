/**
 * Test support: the backends every store-backed test suite runs against (hono's
 * `common.case.test.ts` style). SQLite gets a fresh temp folder, PostgreSQL a fresh random
 * schema; `dispose` removes either. Not imported by production code.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, SQLITE_FILE_NAME, type Database } from './database.js';
import type { SqlDialect } from './dialect.js';
import { PRIVATE_FILE_MODE } from './private-file.js';

/** The real PostgreSQL of the test environment; override with WENDU_TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.WENDU_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends Database {
  /** Close and throw away everything the test wrote. */
  dispose(): Promise<void>;
  /** Re-open the same storage (same folder / schema), e.g. to test persistence and re-migration. */
  reopen(): Promise<Database>;
}

export interface TestOpenOptions {
  /** Stop at this migration (to write old-shape rows); `reopen` then migrates to the latest. */
  migrateUpTo?: string;
}

export interface TestBackend {
  name: SqlDialect;
  open(options?: TestOpenOptions): Promise<TestDatabase>;
}

/**
 * Where the test run's global setup (src/store/sqlite-template-setup.ts) left one migrated SQLite
 * file; each fresh test database is a copy of it. Migrating a new file runs every migration,
 * a copy does not (docs/test-suite-time.md).
 */
export const SQLITE_TEMPLATE_ENV = 'WENDU_TEST_SQLITE_TEMPLATE';

/** Migrates a new SQLite database in `dir` and returns its file, complete without its WAL. */
export async function buildSqliteTemplate(dir: string): Promise<string> {
  // Closing the last connection folds the WAL into the file, so the file alone is the database.
  await (await openDatabase({ dataDir: dir })).close();
  const file = join(dir, SQLITE_FILE_NAME);
  if (existsSync(`${file}-wal`)) throw new Error(`SQLite template kept a WAL file: ${file}-wal`);
  return file;
}

let sqliteTemplate: Promise<string> | undefined;

/** The run's template, or (outside vitest's run: bench scripts) one built for this process. */
function migratedSqliteTemplate(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const fromRun = process.env[SQLITE_TEMPLATE_ENV];
    if (fromRun) return fromRun;
    const dir = mkdtempSync(join(tmpdir(), 'wendu-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return buildSqliteTemplate(dir);
  })().catch((err: unknown) => {
    sqliteTemplate = undefined;
    throw err;
  });
  return sqliteTemplate;
}

async function openTestSqlite(options: TestOpenOptions = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wendu-test-'));
  // A test of one migration needs the old shape: it migrates a new file itself.
  if (options.migrateUpTo === undefined) {
    const file = join(dataDir, SQLITE_FILE_NAME);
    copyFileSync(await migratedSqliteTemplate(), file, constants.COPYFILE_FICLONE);
    chmodSync(file, PRIVATE_FILE_MODE);
  }
  // Still opened through openDatabase: on a copy its migration run finds nothing left to do.
  const database = await openDatabase({ dataDir, migrateUpTo: options.migrateUpTo });
  return {
    ...database,
    reopen: () => openDatabase({ dataDir }),
    async dispose() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function openTestPostgres(options: TestOpenOptions = {}): Promise<TestDatabase> {
  const pgSchema = `wendu_test_${randomBytes(6).toString('hex')}`;
  const open = () => openDatabase({ databaseUrl: TEST_DATABASE_URL, pgSchema, migrateUpTo: options.migrateUpTo });
  // Every suite shares one PostgreSQL server; under a loaded machine a run once failed before its
  // first migration ("migration failed: unknown") and passed on the next try. Say why, try once more:
  // a real migration bug fails the second time too.
  const database = await open().catch((err: unknown) => {
    console.warn('[test postgres] 打开测试库失败，重试一次 (opening the test database failed; retrying once):', err instanceof Error ? `${err.message} ${JSON.stringify((err as { details?: unknown }).details ?? {})}` : err);
    return open();
  });
  return {
    ...database,
    reopen: () => openDatabase({ databaseUrl: TEST_DATABASE_URL, pgSchema }),
    async dispose() {
      await sql`drop schema if exists ${sql.id(pgSchema)} cascade`.execute(database.db);
      await database.close();
    },
  };
}

export const TEST_BACKENDS: TestBackend[] = [
  { name: 'sqlite', open: openTestSqlite },
  { name: 'postgres', open: openTestPostgres },
];

/** Drops a test's own PostgreSQL schema (the e2e files that run whole servers each use one). */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}
