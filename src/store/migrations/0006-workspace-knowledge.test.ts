import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../auth/access.js';
import type { Database } from '../database.js';
import { TEST_BACKENDS, type TestDatabase } from '../testing.js';

const AT = '2026-03-08T09:30:00.000Z';
/** The migration before workspaces: the shape of every database written until now. */
const BEFORE_WORKSPACES = '0004-audit-log';

function entry(id: string, question: string) {
  return {
    id,
    question,
    similar_questions: JSON.stringify(['发票咋开', '能开專票吗😅']),
    answer: JSON.stringify([{ type: 'text', text: '在「我的订单」申请开票。' }]),
    channel_answers: '{}',
    category: '发票',
    tags: '["财务"]',
    status: 'published',
    valid_from: null,
    valid_to: null,
    version: 2,
    created_at: AT,
    updated_at: AT,
    updated_by: '小李',
  };
}
const version = (n: number) => ({ version: n, snapshot: `{"v":${n}}`, change: n === 1 ? 'created' : 'updated', changed_by: '小李', changed_at: AT });
const flow = { id: 'order-status', name: '查订单', definition: '{"id":"order-status"}', status: 'published', version: 1, created_at: AT, updated_at: AT, updated_by: 'demo' };

/** Old-shape rows, written with raw SQL since the typed schema already has workspace_id. */
async function writeOldRows(db: Database['db']): Promise<void> {
  const old = db as unknown as import('kysely').Kysely<any>;
  await old.insertInto('knowledge_entries').values([entry('faq-1', '怎么开发票'), entry('faq-2', '退款多久到账')]).execute();
  await old.insertInto('knowledge_versions').values([1, 2].flatMap((n) => [{ entry_id: 'faq-1', ...version(n) }, { entry_id: 'faq-2', ...version(n) }])).execute();
  await old.insertInto('synonym_groups').values({ terms: '["发票","发漂"]', created_at: AT }).execute();
  await old.insertInto('flows').values(flow).execute();
  await old.insertInto('flow_versions').values({ flow_id: 'order-status', ...version(1) }).execute();
}

describe.each(TEST_BACKENDS)('migration 0006-workspace-knowledge on $name', (backend) => {
  let old: TestDatabase | undefined;
  let migrated: Database | undefined;
  afterEach(async () => {
    await migrated?.close();
    await old?.dispose();
    old = migrated = undefined;
  });

  it('moves every existing row into the default workspace, losing none', async () => {
    old = await backend.open({ migrateUpTo: BEFORE_WORKSPACES });
    await writeOldRows(old.db);
    migrated = await old.reopen();
    const db = migrated.db;

    const entries = await db.selectFrom('knowledge_entries').selectAll().orderBy('id').execute();
    expect(entries).toEqual([
      // learned_questions: added later by 0024, '[]' for the rows already there.
      { ...entry('faq-1', '怎么开发票'), workspace_id: DEFAULT_WORKSPACE_ID, learned_questions: '[]' },
      { ...entry('faq-2', '退款多久到账'), workspace_id: DEFAULT_WORKSPACE_ID, learned_questions: '[]' },
    ]);
    const versions = await db.selectFrom('knowledge_versions').select(['workspace_id', 'entry_id', 'version', 'snapshot']).orderBy('entry_id').orderBy('version').execute();
    expect(versions.map((v) => [v.workspace_id, v.entry_id, Number(v.version), v.snapshot])).toEqual([
      [DEFAULT_WORKSPACE_ID, 'faq-1', 1, '{"v":1}'],
      [DEFAULT_WORKSPACE_ID, 'faq-1', 2, '{"v":2}'],
      [DEFAULT_WORKSPACE_ID, 'faq-2', 1, '{"v":1}'],
      [DEFAULT_WORKSPACE_ID, 'faq-2', 2, '{"v":2}'],
    ]);
    expect(await db.selectFrom('synonym_groups').select(['workspace_id', 'terms']).execute()).toEqual([{ workspace_id: DEFAULT_WORKSPACE_ID, terms: '["发票","发漂"]' }]);
    expect(await db.selectFrom('flows').selectAll().execute()).toEqual([{ ...flow, workspace_id: DEFAULT_WORKSPACE_ID }]);
    expect(await db.selectFrom('flow_versions').select(['workspace_id', 'flow_id']).execute()).toEqual([{ workspace_id: DEFAULT_WORKSPACE_ID, flow_id: 'order-status' }]);
  });

  it('keys by workspace afterwards, and deleting an entry still removes only its own versions', async () => {
    old = await backend.open({ migrateUpTo: BEFORE_WORKSPACES });
    await writeOldRows(old.db);
    migrated = await old.reopen();
    const db = migrated.db;
    // The same id in another workspace is a different entry.
    await db.insertInto('knowledge_entries').values({ ...entry('faq-1', '怎么开发票'), workspace_id: 'shop-b' }).execute();
    await db.insertInto('knowledge_versions').values({ workspace_id: 'shop-b', entry_id: 'faq-1', ...version(1) }).execute();
    await db.insertInto('flows').values({ ...flow, workspace_id: 'shop-b' }).execute();
    await expect(db.insertInto('knowledge_entries').values({ ...entry('faq-1', '重复'), workspace_id: DEFAULT_WORKSPACE_ID }).execute()).rejects.toThrow();

    // The cascade follows the composite key: shop-b's faq-1 takes its own version with it, nothing else.
    await db.deleteFrom('knowledge_entries').where('workspace_id', '=', 'shop-b').where('id', '=', 'faq-1').execute();
    const left = await db.selectFrom('knowledge_versions').select(['workspace_id', 'entry_id']).execute();
    expect(left).toHaveLength(4);
    expect(left.every((v) => v.workspace_id === DEFAULT_WORKSPACE_ID)).toBe(true);
  });

  if (backend.name === 'sqlite') {
    it('leaves foreign keys on and consistent after the rebuild', async () => {
      old = await backend.open({ migrateUpTo: BEFORE_WORKSPACES });
      await writeOldRows(old.db);
      migrated = await old.reopen();
      expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(migrated.db)).rows[0]!.foreign_keys).toBe(1);
      expect((await sql`pragma foreign_key_check`.execute(migrated.db)).rows).toEqual([]);
      await expect(
        migrated.db.insertInto('flow_versions').values({ workspace_id: DEFAULT_WORKSPACE_ID, flow_id: 'ghost', ...version(1) }).execute(),
      ).rejects.toThrow();
    });
  }
});
