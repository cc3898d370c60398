import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { cachingStatements } from './statement-cache.js';

interface Db {
  notes: { id: Generated<number>; text: string };
}

describe('SQLite statement cache', () => {
  let dir: string;
  let file: SQLite.Database;
  let prepared: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wendu-stmt-'));
    file = new SQLite(join(dir, 'cache.db'));
    file.exec('create table notes (id integer primary key, text text not null)');
    // Counts real preparations (the cache's misses) on the real file.
    prepared = [];
    const prepare = file.prepare.bind(file);
    file.prepare = ((text: string) => {
      prepared.push(text);
      return prepare(text);
    }) as typeof file.prepare;
  });
  afterEach(() => {
    file.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a query once and answers it right every time after', async () => {
    const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: cachingStatements(file) }) });
    for (const text of ['我的快递到哪了', '退貨怎麼弄', '发票开错了😭']) await db.insertInto('notes').values({ text }).execute();
    const texts = [];
    for (const id of [1, 2, 3]) texts.push((await db.selectFrom('notes').select('text').where('id', '=', id).executeTakeFirstOrThrow()).text);
    expect(texts).toEqual(['我的快递到哪了', '退貨怎麼弄', '发票开错了😭']);
    expect(prepared.filter((t) => t.startsWith('insert'))).toHaveLength(1);
    expect(prepared.filter((t) => t.startsWith('select'))).toHaveLength(1);
  });

  it('keeps at most its size, dropping the least recently used', async () => {
    const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: cachingStatements(file, 2) }) });
    const a = () => db.selectFrom('notes').select('id').execute();
    const b = () => db.selectFrom('notes').select('text').execute();
    const c = () => db.selectFrom('notes').selectAll().execute();
    await a();
    await b();
    await a(); // a is now the most recent: c evicts b
    await c();
    await a();
    expect(prepared.length).toBe(3);
    await b();
    expect(prepared.length).toBe(4);
  });

  it('sees a column added after the statement was cached', async () => {
    const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: cachingStatements(file) }) });
    await db.insertInto('notes').values({ text: '在吗' }).execute();
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([{ id: 1, text: '在吗' }]);
    await sql`alter table notes add column mood text default '急'`.execute(db);
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([{ id: 1, text: '在吗', mood: '急' }]);
  });

  it('streams a query that is cached too', async () => {
    const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: cachingStatements(file) }) });
    for (const text of ['一', '二', '三']) await db.insertInto('notes').values({ text }).execute();
    const query = () => db.selectFrom('notes').select('text').orderBy('id');
    expect((await query().execute()).map((r) => r.text)).toEqual(['一', '二', '三']);
    const streamed: string[] = [];
    for await (const row of query().stream()) streamed.push(row.text);
    expect(streamed).toEqual(['一', '二', '三']);
    expect((await query().execute()).map((r) => r.text)).toEqual(['一', '二', '三']);
  });
});

describe('the embedded database', () => {
  it('runs WAL with synchronous = NORMAL (durable across a process crash, not a power loss)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wendu-sync-'));
    const database = await openDatabase({ dataDir: dir });
    try {
      const [journal] = (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db)).rows;
      const [sync] = (await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db)).rows;
      expect(journal.journal_mode).toBe('wal');
      expect(sync.synchronous).toBe(1); // 0 OFF, 1 NORMAL, 2 FULL
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
