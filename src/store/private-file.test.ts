/**
 * The database is created 0600 like the bot secret (issue 6, finding 14), whatever the umask,
 * and its WAL side files follow; an existing readable file is reported, not silently changed.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exposedDatabaseFiles, openDatabase, SQLITE_FILE_NAME } from './database.js';
import { createPrivateFile, readableByOthers } from './private-file.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wendu-mode-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('private files', () => {
  it('a new SQLite database and its -wal / -shm files are 0600 even under a permissive umask', async () => {
    const dataDir = temp();
    const previous = process.umask(0o000);
    let database;
    try {
      database = await openDatabase({ dataDir });
      const path = join(dataDir, SQLITE_FILE_NAME);
      expect(modeOf(path)).toBe(0o600);
      for (const side of [`${path}-wal`, `${path}-shm`]) {
        if (existsSync(side)) expect(modeOf(side)).toBe(0o600);
      }
      expect(exposedDatabaseFiles(dataDir)).toEqual([]);
    } finally {
      process.umask(previous);
      await database?.close();
    }
  });

  it('leaves an existing file alone but reports it when others can read it', async () => {
    const dataDir = temp();
    const path = join(dataDir, SQLITE_FILE_NAME);
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    expect(createPrivateFile(path)).toBe(false);
    expect(modeOf(path)).toBe(0o644);
    expect(readableByOthers(path)).toBe(true);
    const database = await openDatabase({ dataDir });
    await database.close();
    expect(exposedDatabaseFiles(dataDir)).toContain(path);
  });
});
