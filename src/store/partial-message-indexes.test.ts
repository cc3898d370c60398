/**
 * Migration 0027: the message log's reply and entry indexes hold only the rows that fill their
 * column (a customer's message fills neither), and the queries that read them — a retry's
 * replies, recovery's unanswered messages, the most-answered entries — still use them, on both
 * databases. On an empty table a planner picks any usable index, so the test asks whether the
 * partial index CAN serve each query: SQLite's `indexed by` fails to prepare when it cannot, and
 * PostgreSQL is left only that index (the others dropped in a transaction rolled back after).
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WenduSchema } from './schema.js';
import { TEST_BACKENDS, type TestDatabase } from './testing.js';

const PARTIAL = { messages_reply_to: 'reply_to', messages_entry_answers: 'entry_id', messages_workspace_entry: 'entry_id' } as const;

/** The reading queries' shapes, as src/conversation/repository.ts and src/learning/health.ts write them. */
const READERS: { name: string; index: keyof typeof PARTIAL; query: string }[] = [
  {
    name: 'a retry’s stored replies',
    index: 'messages_reply_to',
    query: `select * from messages {USE} where workspace_id = 'default' and conversation_id = 'c-1' and reply_to = 3 and sender in ('bot', 'system') order by seq`,
  },
  {
    name: 'unanswered customer messages (recovery)',
    index: 'messages_reply_to',
    query: `select m.seq from messages m where m.sender = 'customer' and not exists (select r.id from messages r {USE} where r.conversation_id = m.conversation_id and r.reply_to = m.seq and r.sender in ('bot', 'system'))`,
  },
  {
    name: 'the most-answered entries (welcome)',
    index: 'messages_workspace_entry',
    query: `select entry_id, count(*) from messages {USE} where workspace_id = 'default' and sender = 'bot' and entry_id is not null group by entry_id`,
  },
  {
    name: 'an entry’s answers',
    index: 'messages_entry_answers',
    query: `select count(*) from messages {USE} where entry_id = 'kb-1' and created_at >= '2026-01-01'`,
  },
];

async function indexDefinitions(database: TestDatabase): Promise<Map<string, string>> {
  const rows =
    database.dialect === 'sqlite'
      ? (await sql<{ name: string; def: string }>`select name, sql as def from sqlite_master where type = 'index' and tbl_name = 'messages' and sql is not null`.execute(database.db)).rows
      : (await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes where tablename = 'messages' and schemaname = current_schema()`.execute(database.db)).rows;
  return new Map(rows.map((r) => [r.name, r.def]));
}

/** The plan of `query` when only `index` may serve it (on PostgreSQL: the only index left, scans off). */
async function planWithOnly(db: Kysely<WenduSchema>, dialect: string, index: string, query: string): Promise<string> {
  if (dialect === 'sqlite') {
    const rows = (await sql.raw<{ detail: string }>(`explain query plan ${query.replace('{USE}', `indexed by ${index}`)}`).execute(db)).rows;
    return rows.map((r) => r.detail).join('\n');
  }
  return db
    .transaction()
    .execute(async (trx) => {
      const others = (await sql<{ name: string; constraint: string | null }>`
        select i.indexname as name, c.conname as constraint from pg_indexes i
        left join pg_constraint c on c.conname = i.indexname and c.connamespace = (select oid from pg_namespace where nspname = current_schema())
        where i.tablename = 'messages' and i.schemaname = current_schema() and i.indexname <> ${index}`.execute(trx)).rows;
      for (const other of others) {
        await sql.raw(other.constraint ? `alter table messages drop constraint "${other.constraint}" cascade` : `drop index "${other.name}"`).execute(trx);
      }
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = (await sql.raw<{ 'QUERY PLAN': string }>(`explain ${query.replace('{USE}', '')}`).execute(trx)).rows;
      throw new RolledBack(rows.map((r) => r['QUERY PLAN']).join('\n'));
    })
    .catch((err: unknown) => {
      if (err instanceof RolledBack) return err.plan;
      throw err;
    });
}

/** Leaves the transaction that dropped the other indexes without keeping anything it did. */
class RolledBack extends Error {
  constructor(readonly plan: string) {
    super('rolled back');
  }
}

describe.each(TEST_BACKENDS)('partial message indexes on $name', (backend) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await backend.open();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('indexes only the rows that fill the column', async () => {
    const defs = await indexDefinitions(database);
    for (const [name, column] of Object.entries(PARTIAL)) {
      expect(defs.get(name), name).toMatch(new RegExp(`where\\s+\\(?"?${column}"?\\s+is\\s+not\\s+null`, 'i'));
    }
  });

  it.each(READERS)('$name still reads its index', async ({ index, query }) => {
    expect(await planWithOnly(database.db, database.dialect, index, query)).toContain(index);
  });
});
