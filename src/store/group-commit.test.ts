import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit, MAX_GROUPED_WRITES } from './group-commit.js';
import type { WenduSchema } from './schema.js';

describe('SQLite group commit', () => {
  let dir: string;
  let file: SQLite.Database;
  /** A second connection to the same file: what it reads is committed. */
  let reader: SQLite.Database;
  let db: Kysely<WenduSchema>;
  let commits: number;
  let group: GroupCommit;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wendu-group-'));
    file = new SQLite(join(dir, 'group.db'));
    file.pragma('journal_mode = WAL');
    file.exec('create table workspaces (id text primary key, name text not null, created_at text not null)');
    reader = new SQLite(join(dir, 'group.db'));
    commits = 0;
    const prepare = file.prepare.bind(file);
    file.prepare = ((text: string) => {
      if (text === 'commit') commits += 1;
      return prepare(text);
    }) as typeof file.prepare;
    db = new Kysely<WenduSchema>({ dialect: new SqliteDialect({ database: file }) });
    group = new GroupCommit(db);
  });
  afterEach(async () => {
    await db.destroy();
    reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: string) => (trx: Kysely<WenduSchema>) => trx.insertInto('workspaces').values({ id, name: `店铺${id}`, created_at: 't' }).execute().then(() => id);
  const committed = () => (reader.prepare('select id from workspaces order by id').all() as Array<{ id: string }>).map((r) => r.id);

  it('commits the transactions of one moment once, and settles each only when another connection can read it', async () => {
    const seen: string[][] = [];
    const settled = ['a', 'b', 'c'].map((id) => group.run(insert(id)).then((value) => (seen.push(committed()), value)));
    expect(await Promise.all(settled)).toEqual(['a', 'b', 'c']);
    expect(commits).toBe(1);
    expect(seen).toEqual([['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c']]);
    // A later moment is a group of its own.
    await group.run(insert('d'));
    expect(commits).toBe(2);
    expect(committed()).toEqual(['a', 'b', 'c', 'd']);
  });

  it(`commits at most MAX_GROUPED_WRITES (${MAX_GROUPED_WRITES}) at once; the rest in the next groups`, async () => {
    const ids = Array.from({ length: 2 * MAX_GROUPED_WRITES + 22 }, (_, i) => `w${String(i).padStart(3, '0')}`);
    expect(await Promise.all(ids.map((id) => group.run(insert(id))))).toEqual(ids);
    expect(commits).toBe(3);
    expect(committed()).toEqual(ids);
  });

  it('rolls back only the transaction that failed: the group is run again one by one, it gets its own error and the others commit', async () => {
    await group.run(insert('taken'));
    const results = await Promise.allSettled([
      group.run(insert('x')),
      group.run(async (trx) => {
        await insert('half')(trx);
        return insert('taken')(trx); // breaks the primary key after a write of its own
      }),
      group.run(insert('y')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committed()).toEqual(['taken', 'x', 'y']);
  });

  it('a transaction alone in its moment that fails writes nothing and rejects', async () => {
    await expect(
      group.run(async (trx) => {
        await insert('lone')(trx);
        throw new Error('失败');
      }),
    ).rejects.toThrow('失败');
    expect(committed()).toEqual([]);
  });
});
