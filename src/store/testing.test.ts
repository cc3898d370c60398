/**
 * The SQLite test databases are copies of one migrated template (testing.ts): each copy is
 * private, at the latest migration, and shares nothing with the template or another copy.
 */
import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from './database.js';
import { PRIVATE_FILE_MODE } from './private-file.js';
import { SQLITE_TEMPLATE_ENV, TEST_BACKENDS } from './testing.js';

const sqlite = TEST_BACKENDS.find((b) => b.name === 'sqlite')!;
const NOW = '2026-11-30T10:00:00.000Z';
const FILE_MODE_BITS = 0o777;

async function workspaceIds(database: Awaited<ReturnType<typeof sqlite.open>>): Promise<string[]> {
  return (await database.db.selectFrom('workspaces').select('id').orderBy('id').execute()).map((w) => w.id);
}

describe('SQLite test databases copied from the migrated template', () => {
  it('the run migrated the template once in its global setup', () => {
    expect(process.env[SQLITE_TEMPLATE_ENV]).toMatch(new RegExp(`${SQLITE_FILE_NAME}$`));
  });

  it('a test’s writes reach neither the template nor the next fresh database', async () => {
    const first = await sqlite.open();
    const defaults = await workspaceIds(first);
    await first.db.insertInto('workspaces').values({ id: 'copy-1', name: '第一份', created_at: NOW }).execute();
    const second = await sqlite.open();
    try {
      expect(await workspaceIds(first)).toEqual([...defaults, 'copy-1'].sort());
      expect(await workspaceIds(second)).toEqual(defaults);
    } finally {
      await first.dispose();
      await second.dispose();
    }
    const third = await sqlite.open();
    try {
      expect(await workspaceIds(third)).toEqual(defaults);
    } finally {
      await third.dispose();
    }
  });

  it('the copy is readable by its owner only, like a server’s own database', async () => {
    const database = await sqlite.open();
    try {
      const files = (await sql<{ name: string; file: string }>`pragma database_list`.execute(database.db)).rows;
      const main = files.find((f) => f.name === 'main')!.file;
      expect(main.endsWith(SQLITE_FILE_NAME)).toBe(true);
      expect(main).not.toBe(process.env[SQLITE_TEMPLATE_ENV]);
      expect(statSync(main).mode & FILE_MODE_BITS).toBe(PRIVATE_FILE_MODE);
    } finally {
      await database.dispose();
    }
  });
});
