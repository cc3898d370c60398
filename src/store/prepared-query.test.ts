import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedQuery } from './prepared-query.js';
import { TEST_BACKENDS, type TestDatabase } from './testing.js';

describe.each(TEST_BACKENDS)('prepared queries on $name', (backend) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await backend.open();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('builds a query once per database and runs it with each call’s own values, in and out of a transaction', async () => {
    let builds = 0;
    const insert = preparedQuery((db, p: { name: string; at: string }) => {
      builds += 1;
      return db.insertInto('workspaces').values({ id: p.name, name: p.name, created_at: p.at });
    });
    const find = preparedQuery((db, p: { id: string }) => {
      builds += 1;
      return db.selectFrom('workspaces').select(['id', 'name', 'created_at']).where('id', '=', p.id).where('name', 'in', ['温度', '客服', '第三']);
    });
    await insert.run(database.db, { name: '温度', at: 't1' });
    await database.db.transaction().execute(async (trx) => {
      await insert.run(trx, { name: '客服', at: 't2' });
      expect(await find.first(trx, { id: '客服' })).toEqual({ id: '客服', name: '客服', created_at: 't2' });
    });
    expect(await find.first(database.db, { id: '温度' })).toEqual({ id: '温度', name: '温度', created_at: 't1' });
    expect(await find.first(database.db, { id: '第三' })).toBeUndefined();
    expect(await find.rows(database.db, { id: '客服' })).toEqual([{ id: '客服', name: '客服', created_at: 't2' }]);
    // One build each, though they ran on the database and inside a transaction.
    expect(builds).toBe(2);
  });

  it('refuses a placeholder used as more than a value — it would have run as a constant', async () => {
    const next = preparedQuery((db, p: { id: string; version: number }) =>
      db.updateTable('workspaces').set({ name: String(p.version + 1) }).where('id', '=', p.id),
    );
    await expect(next.run(database.db, { id: 'x', version: 1 })).rejects.toThrow(/version used as more than a value/);
  });
});
