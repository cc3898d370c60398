import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { isWenduError } from '../errors/index.js';
import { openDatabase, SQLITE_FILE_NAME } from './database.js';
import { migrationsFor } from './migrations/index.js';
import { TEST_BACKENDS, TEST_DATABASE_URL, type TestDatabase } from './testing.js';

const NOW = '2026-03-08T09:30:00.000Z';

function entryRow(id: string, workspace_id = 'default') {
  return {
    workspace_id,
    id,
    question: '快递几天能到？',
    similar_questions: JSON.stringify(['发货后多久到货', '物流好慢啊😭']),
    learned_questions: JSON.stringify(['快遞咋還沒到啊']),
    answer: JSON.stringify([{ type: 'text', text: '一般 2-3 天送达。' }]),
    channel_answers: '{}',
    category: '物流',
    tags: '[]',
    status: 'published',
    valid_from: null,
    valid_to: null,
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    updated_by: 'operator',
  };
}

describe.each(TEST_BACKENDS)('database on $name', (backend) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await backend.open();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('reports its dialect', () => {
    expect(database.dialect).toBe(backend.name);
  });

  it('runs every migration on open', async () => {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
    expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrationsFor(backend.name)).sort());
  });

  it('stores and reads back unicode text in every table', async () => {
    await database.db.insertInto('knowledge_entries').values(entryRow('kb-1')).execute();
    await database.db
      .insertInto('knowledge_versions')
      .values({ workspace_id: 'default', entry_id: 'kb-1', version: 1, snapshot: '{"q":"發票"}', change: 'created', changed_by: '小王', changed_at: NOW })
      .execute();
    await database.db.insertInto('settings').values({ key: 'bot', value: '{"answerThreshold":0.7}' }).execute();
    const entry = await database.db.selectFrom('knowledge_entries').selectAll().where('id', '=', 'kb-1').executeTakeFirstOrThrow();
    expect(entry).toEqual(entryRow('kb-1'));
    const version = await database.db.selectFrom('knowledge_versions').selectAll().executeTakeFirstOrThrow();
    expect(version.snapshot).toBe('{"q":"發票"}');
    expect(version.changed_by).toBe('小王');
  });

  it('generates increasing synonym group ids', async () => {
    const ids: number[] = [];
    for (const terms of [['发票', '发漂'], ['退款', '退钱']]) {
      const row = await database.db
        .insertInto('synonym_groups')
        .values({ workspace_id: 'default', terms: JSON.stringify(terms), created_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(Number(row.id));
    }
    expect(ids[1]).toBeGreaterThan(ids[0]);
  });

  it('refuses a version for an entry that does not exist (foreign key)', async () => {
    await expect(
      database.db
        .insertInto('knowledge_versions')
        .values({ workspace_id: 'default', entry_id: 'ghost', version: 1, snapshot: '{}', change: 'created', changed_by: 'x', changed_at: NOW })
        .execute(),
    ).rejects.toThrow();
  });

  it('refuses a duplicate entry id in one workspace, allows it in another', async () => {
    await database.db.insertInto('knowledge_entries').values(entryRow('dup')).execute();
    await expect(database.db.insertInto('knowledge_entries').values(entryRow('dup')).execute()).rejects.toThrow();
    await database.db.insertInto('knowledge_entries').values(entryRow('dup', 'shop-b')).execute();
    // A version must belong to an entry of ITS workspace.
    const version = { entry_id: 'dup', version: 1, snapshot: '{}', change: 'created', changed_by: 'x', changed_at: NOW };
    await database.db.insertInto('knowledge_versions').values({ ...version, workspace_id: 'shop-b' }).execute();
    await expect(database.db.insertInto('knowledge_versions').values({ ...version, workspace_id: 'shop-c' }).execute()).rejects.toThrow();
  });

  it('keeps data and does not re-run migrations when opened again', async () => {
    await database.db.insertInto('knowledge_entries').values(entryRow('kept')).execute();
    const again = await database.reopen();
    try {
      const rows = await again.db.selectFrom('knowledge_entries').select('id').execute();
      expect(rows).toEqual([{ id: 'kept' }]);
    } finally {
      await again.close();
    }
  });
});

describe('database options', () => {
  it('puts the SQLite file at <dataDir>/wendu.db', async () => {
    const [sqlite] = TEST_BACKENDS;
    const database = await sqlite.open();
    try {
      const file = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(database.db);
      expect(file.rows[0].file.endsWith(join('', SQLITE_FILE_NAME))).toBe(true);
      expect(existsSync(file.rows[0].file)).toBe(true);
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
      expect(fk.rows[0].foreign_keys).toBe(1);
      const wal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
      expect(wal.rows[0].journal_mode).toBe('wal');
    } finally {
      await database.dispose();
    }
  });

  it('isolates PostgreSQL schemas from each other', async () => {
    const postgres = TEST_BACKENDS.find((b) => b.name === 'postgres')!;
    const a = await postgres.open();
    const b = await postgres.open();
    try {
      await a.db.insertInto('knowledge_entries').values(entryRow('only-in-a')).execute();
      expect(await b.db.selectFrom('knowledge_entries').select('id').execute()).toEqual([]);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  it('rejects an unsafe PostgreSQL schema name', async () => {
    const err = await openDatabase({ databaseUrl: TEST_DATABASE_URL, pgSchema: 'x"; drop table y; --' }).catch((e) => e);
    expect(isWenduError(err) && err.code).toBe('WENDU_CONFIG_INVALID');
  });
});
