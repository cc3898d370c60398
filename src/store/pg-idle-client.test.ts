/**
 * PostgreSQL dropping an idle pooled connection (a restart, a failover, an admin terminating
 * sessions) must not crash Wendu: the pool reports it, discards the client, and the next query
 * opens a new connection.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { TEST_BACKENDS } from './testing.js';

describe('PostgreSQL idle connections', () => {
  it('survives the server terminating an idle pooled connection', async () => {
    const database = await TEST_BACKENDS.find((b) => b.name === 'postgres')!.open();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const admin = new pg.Client({ connectionString: process.env.WENDU_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
    await admin.connect();
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      // The connection is back in the pool, idle, when the server ends it.
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      await vi.waitFor(() => expect(warnings.join('\n')).toContain('PostgreSQL closed an idle connection'), { timeout: 5000 });
      const again = await sql<{ ok: number }>`select 1 as ok`.execute(database.db);
      expect(again.rows[0]!.ok).toBe(1);
    } finally {
      process.off('warning', onWarning);
      await admin.end();
      await database.dispose();
    }
  });
});
