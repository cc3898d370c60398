import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_FILE_NAME, type Database } from './database.js';
import { CHECKPOINT_INTERVAL_MS, startWalCheckpointer } from './wal-checkpoints.js';

const NOW = '2026-06-18T20:00:00.000Z';
/** Enough text that the rows take many pages: the database file must grow by at least this. */
const ROWS = 200;
const ROW_TEXT = '请问我的订单什么时候发货？'.repeat(60);
/** The worker checkpoints every 500 ms; this only bounds the wait on a loaded machine. */
const WAIT_LIMIT_MS = 20_000;
const POLL_MS = 50;
const BIG_VALUE_BYTES = 64 * 1024;
const STEADY_WRITE_BYTES = 96 * 2 ** 20;
const STEADY_BATCH = 20;
const STEADY_PAUSE_MS = 10;
/**
 * The steady writing spans at least this many checkpoint intervals: on a quiet machine 96 MB are
 * written in about a second — two intervals — and the worker cannot be judged on so few passes.
 */
const STEADY_INTERVALS = 8;

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

  it('keeps the WAL bounded while the server never stops writing', async () => {
    database = await openDatabase({ dataDir: dir });
    const wal = join(dir, `${SQLITE_FILE_NAME}-wal`);
    // Each insert adds ~16 pages; together several times the restart threshold, spread over
    // several checkpoint intervals, with no pause long enough for a PASSIVE pass to catch up.
    const value = 'x'.repeat(BIG_VALUE_BYTES);
    let written = 0;
    let largestWal = 0;
    const started = Date.now();
    const span = STEADY_INTERVALS * CHECKPOINT_INTERVAL_MS;
    for (let i = 0; written < STEADY_WRITE_BYTES; i += 1) {
      await database.db.insertInto('settings').values({ key: `big-${i}`, value }).execute();
      written += BIG_VALUE_BYTES;
      largestWal = Math.max(largestWal, statSync(wal).size);
      if (i % STEADY_BATCH !== 0) continue;
      // Short pauses only (never long enough for a passive pass to catch up), more of them while
      // the writing runs ahead of its span.
      do await new Promise((resolve) => setTimeout(resolve, STEADY_PAUSE_MS));
      while (written / STEADY_WRITE_BYTES > (Date.now() - started) / span);
    }
    // Never restarted, the WAL would hold everything written (the backstop is ~200 MB).
    expect(largestWal).toBeLessThan(written / 2);
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
