import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueuedSqliteDialect } from './sqlite-queue.js';

interface Db {
  notes: { id: Generated<number>; text: string };
}

describe('the queued SQLite connection', () => {
  let dir: string;
  let db: Kysely<Db>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wendu-queue-'));
    const file = new SQLite(join(dir, 'queue.db'));
    file.exec('create table notes (id integer primary key, text text not null)');
    db = new Kysely<Db>({ dialect: new QueuedSqliteDialect({ database: file }) });
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves many waiting transactions one at a time, in the order they asked', async () => {
    const started: number[] = [];
    let inside = 0;
    let mostInside = 0;
    const transactions = Array.from({ length: 300 }, (_, i) =>
      db.transaction().execute(async (trx) => {
        started.push(i);
        mostInside = Math.max(mostInside, ++inside);
        await trx.insertInto('notes').values({ text: `第${i}条：快递到哪了😭` }).execute();
        await new Promise((resolve) => setImmediate(resolve)); // holds the connection across a real wait
        await trx.selectFrom('notes').select('id').where('text', '=', `第${i}条：快递到哪了😭`).executeTakeFirstOrThrow();
        inside -= 1;
      }),
    );
    await Promise.all(transactions);
    expect(mostInside).toBe(1);
    expect(started).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect((await db.selectFrom('notes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(300);
  });

  it('frees the connection after a failed transaction', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('notes').values({ text: '退货' }).execute();
        throw new Error('顾客取消了');
      }),
    ).rejects.toThrow('顾客取消了');
    await db.insertInto('notes').values({ text: '换货' }).execute();
    expect((await db.selectFrom('notes').select('text').execute()).map((r) => r.text)).toEqual(['换货']);
  });
});
