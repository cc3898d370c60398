/**
 * The one test suite of the versioned-document store, run for every document kind (knowledge
 * entries, flows) on SQLite and PostgreSQL — like src/events/bus-contract.ts for buses. Call
 * `describeVersionedDocuments` from the kind's test file. Test support only.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.js';
import { isWenduError } from '../errors/index.js';
import { TEST_BACKENDS, type TestDatabase } from './testing.js';
import { type DocumentContent, type DocumentKind, VersionedDocuments } from './versioned-documents.js';

export interface VersionedKindCase<C extends DocumentContent> {
  kind: DocumentKind<C>;
  /** A valid, published document with this id. */
  sample(id: string): C;
  /** The same document with its content changed (still published). */
  edit(content: C): C;
}

const SHOP_A = 'shop-a';
const SHOP_B = 'shop-b';

/** A clock that moves one minute per call, so every write has a distinct, predictable time. */
function steppingClock(start = Date.parse('2026-11-11T00:00:00.000Z')) {
  let t = start;
  return () => new Date((t += 60_000));
}

const codeOf = (err: unknown) => (isWenduError(err) ? err.code : undefined);

export function describeVersionedDocuments<C extends DocumentContent>(name: string, c: VersionedKindCase<C>): void {
  describe.each(TEST_BACKENDS)(`versioned ${name} on $name`, (backend) => {
    let database: TestDatabase;
    let a: VersionedDocuments<C>;
    let b: VersionedDocuments<C>;
    const store = (workspaceId: string) => new VersionedDocuments(database.db, database.dialect, c.kind, { workspaceId, now: steppingClock() });
    const audit = (workspaceId: string) => new AuditLog(database.db).list(workspaceId, { targetType: c.kind.targetType });

    beforeEach(async () => {
      database = await backend.open();
      a = store(SHOP_A);
      b = store(SHOP_B);
    });
    afterEach(() => database.dispose());

    it('creates version 1 and audits it, then refuses the same id in the same workspace', async () => {
      const created = await a.create(c.sample('faq-1'), 'user:amy@shop-a.cn');
      expect(created).toMatchObject({ id: 'faq-1', version: 1, updatedBy: 'user:amy@shop-a.cn' });
      expect(created.createdAt).toBe(created.updatedAt);
      expect(await a.get('faq-1')).toEqual(created);
      expect((await a.versions('faq-1')).map((v) => [v.documentId, v.version, v.change, v.changedBy])).toEqual([['faq-1', 1, 'created', 'user:amy@shop-a.cn']]);
      const [record] = (await audit(SHOP_A)).items;
      expect(record).toMatchObject({ action: 'created', targetId: 'faq-1', actor: 'user:amy@shop-a.cn', before: null });
      expect(record!.after).toEqual(JSON.parse(JSON.stringify(c.kind.content(created))));
      expect(codeOf(await a.create(c.sample('faq-1'), 'x').catch((e) => e))).toBe(c.kind.conflict);
    });

    it('versions a change, writes nothing for no change, records archiving, restores forward', async () => {
      const v1 = await a.create(c.sample('faq-1'), 'amy');
      const edited = c.edit(c.kind.content(v1));
      const v2 = await a.change('faq-1', 'bob', () => edited);
      expect(v2).toMatchObject({ changed: true, document: { version: 2, updatedBy: 'bob', createdAt: v1.createdAt } });
      expect(await a.change('faq-1', 'bob', (current) => c.kind.content(current))).toMatchObject({ changed: false, document: { version: 2 } });
      const archived = await a.change('faq-1', 'carol', (current) => ({ ...c.kind.content(current), status: 'archived' }));
      expect(archived.document).toMatchObject({ version: 3, status: 'archived' });

      const restored = await a.restore('faq-1', 1, 'amy');
      expect(restored.version).toBe(4);
      expect(a.sameContent(restored, v1)).toBe(true);
      expect(codeOf(await a.restore('faq-1', 99, 'amy').catch((e) => e))).toBe('WENDU_VERSION_NOT_FOUND');
      expect((await a.versions('faq-1')).map((v) => [v.version, v.change, v.changedBy])).toEqual([
        [4, 'restored', 'amy'],
        [3, 'archived', 'carol'],
        [2, 'updated', 'bob'],
        [1, 'created', 'amy'],
      ]);
      const records = (await audit(SHOP_A)).items.reverse();
      expect(records.map((r) => [r.action, r.actor])).toEqual([
        ['created', 'amy'],
        ['updated', 'bob'],
        ['archived', 'carol'],
        ['restored', 'amy'],
      ]);
      // Before and after are the content on either side of each change.
      expect(records[1]!.before).toEqual(records[0]!.after);
      expect(records[3]!.before).toMatchObject({ status: 'archived' });
      expect(records[3]!.after).toEqual(records[0]!.after);
    });

    it('keeps each workspace to itself: same ids coexist, another workspace’s id is not found', async () => {
      await a.create(c.sample('faq-1'), 'amy');
      const theirs = await b.create(c.edit(c.sample('faq-1')), 'mallory');
      expect(theirs.version).toBe(1);
      expect(a.sameContent(await a.get('faq-1'), c.sample('faq-1'))).toBe(true);

      await a.create(c.sample('only-a'), 'amy');
      expect(await b.find('only-a')).toBeUndefined();
      for (const attempt of [
        () => b.get('only-a'),
        () => b.versions('only-a'),
        () => b.change('only-a', 'mallory', (current) => ({ ...c.kind.content(current), status: 'archived' })),
        () => b.restore('only-a', 1, 'mallory'),
      ]) {
        expect(codeOf(await (attempt() as Promise<unknown>).catch((e) => e))).toBe(c.kind.notFound);
      }
      expect((await a.get('only-a')).version).toBe(1);
      expect((await audit(SHOP_B)).items.map((r) => r.targetId)).toEqual(['faq-1']);
    });

    it('commits the document, its version and its audit record together or not at all', async () => {
      await a.create(c.sample('faq-1'), 'amy');
      // A stray version 2 makes the next write's version insert fail half-way through.
      const versionColumn = sql.ref(c.kind.versionDocumentColumn);
      await sql`insert into ${sql.table(c.kind.versionsTable)} (workspace_id, ${versionColumn}, version, snapshot, change, changed_by, changed_at)
        values (${SHOP_A}, 'faq-1', 2, '{}', 'updated', 'ghost', '2026-11-11T00:00:00.000Z')`.execute(database.db);
      await expect(a.change('faq-1', 'bob', (current) => c.edit(c.kind.content(current)))).rejects.toThrow();
      const current = await a.get('faq-1');
      expect(current.version).toBe(1);
      expect(a.sameContent(current, c.sample('faq-1'))).toBe(true);
      expect((await audit(SHOP_A)).items.map((r) => r.action)).toEqual(['created']);
    });

    it('settles two racing creates of one id with one conflict', async () => {
      const results = await Promise.allSettled([a.create(c.sample('race'), 'amy'), store(SHOP_A).create(c.sample('race'), 'bob')]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(codeOf(rejected.reason)).toBe(c.kind.conflict);
      expect((await audit(SHOP_A)).items).toHaveLength(1);
    });
  });
}
