import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_FILE_NAME, type Database } from './database.js';
import { startWalCheckpointer } from './wal-checkpoints.js';

const NOW = '2026-06-18T20:00:00.000Z';
/** Enough text that the rows take many pages: the database file must grow by at least this. */
const ROWS = 200;
const ROW_TEXT = '请问我的订单什么时候发货？'.repeat(60);
/** The worker checkpoints every 500 ms; this only bounds the wait on a loaded machine. */
const WAIT_LIMIT_MS = 20_000;
const POLL_MS = 50;

async function until(check: () => boolean): Promise<boolean> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return check();
}

describe('WAL checkpoints on a worker thread', () => {
  let dir: string;
  let database: Database | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wendu-wal-'));
  });
  afterEach(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves committed pages into the database file while the server thread only commits', async () => {
    database = await openDatabase({ dataDir: dir });
    const path = join(dir, SQLITE_FILE_NAME);
    // Settle what migrating wrote, so the growth below is the rows' alone.
    expect(await until(() => statSync(`${path}-wal`).size > 0 && statSync(path).size > 0)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = statSync(path).size;
    for (let i = 0; i < ROWS; i += 1) {
      await database.db.insertInto('settings').values({ key: `note-${i}`, value: JSON.stringify({ text: ROW_TEXT, at: NOW }) }).execute();
    }
    // The main connection's own checkpoint is a backstop far above these few hundred pages:
    // only the worker can have grown the file.
    const rowBytes = ROWS * Buffer.byteLength(ROW_TEXT);
    expect(await until(() => statSync(path).size >= before + rowBytes)).toBe(true);
  });

  it('keeps every committed row across close and reopen, and leaves no WAL behind', async () => {
    database = await openDatabase({ dataDir: dir });
    for (let i = 0; i < ROWS; i += 1) await database.db.insertInto('settings').values({ key: `note-${i}`, value: ROW_TEXT }).execute();
    await database.close();
    const path = join(dir, SQLITE_FILE_NAME);
    // The last connection to close folds the WAL in and removes it: the worker's closed first.
    expect(existsSync(`${path}-wal`)).toBe(false);
    database = await openDatabase({ dataDir: dir });
    const rows = await database.db.selectFrom('settings').select('key').where('key', 'like', 'note-%').execute();
    expect(rows).toHaveLength(ROWS);
  });

  it('reports a checkpoint that fails instead of throwing into the server', async () => {
    const path = join(dir, 'not-a-database.db');
    // A file that is not SQLite: the worker's first checkpoint fails.
    new SQLite(path).close();
    writeFileSync(path, 'this is not a database file at all, padded to be long enough to read a header from'.repeat(20));
    const failures: string[] = [];
    const checkpointer = startWalCheckpointer(path, 100, (message) => failures.push(message), 10);
    try {
      expect(await until(() => failures.length > 0)).toBe(true);
      expect(failures[0]).toMatch(/not a database|file is encrypted/);
    } finally {
      await checkpointer.stop();
    }
  });
});
