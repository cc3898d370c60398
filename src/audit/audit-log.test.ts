import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { AuditLog } from './audit-log.js';

describe.each(TEST_BACKENDS)('audit log on $name', (backend) => {
  let database: TestDatabase;
  let audit: AuditLog;
  beforeEach(async () => {
    database = await backend.open();
    audit = new AuditLog(database.db);
  });
  afterEach(async () => database.dispose());

  it('records who changed what, before and after, and lists one workspace newest first', async () => {
    await audit.record({ workspaceId: 'shop-a', actor: 'user:amy@shop-a.cn', action: 'created', targetType: 'knowledge_entry', targetId: 'e1', after: { question: '怎么开发票' } });
    await audit.record({ workspaceId: 'shop-a', actor: 'user:amy@shop-a.cn', action: 'updated', targetType: 'knowledge_entry', targetId: 'e1', before: { question: '怎么开发票' }, after: { question: '怎么开發票？' } });
    await audit.record({ workspaceId: 'shop-b', actor: 'user:bob@shop-b.cn', action: 'created', targetType: 'flow', targetId: 'f1', after: { name: '查订单' } });

    const a = await audit.list('shop-a');
    expect(a.items.map((i) => i.action)).toEqual(['updated', 'created']);
    expect(a.items[0]).toMatchObject({ actor: 'user:amy@shop-a.cn', before: { question: '怎么开发票' }, after: { question: '怎么开發票？' } });
    expect(a.items.every((i) => i.workspaceId === 'shop-a')).toBe(true);
    expect((await audit.list('shop-b')).items).toHaveLength(1);
  });

  it('pages backwards and filters by target', async () => {
    for (let i = 0; i < 5; i++) await audit.record({ workspaceId: 'w', actor: 'system', action: 'updated', targetType: 'bot_settings', targetId: `b${i % 2}` });
    const first = await audit.list('w', { limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await audit.list('w', { limit: 2, beforeId: first.nextBeforeId! });
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);
    expect((await audit.list('w', { targetId: 'b0' })).items).toHaveLength(3);
  });

  it('commits with the writer’s transaction or not at all', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await audit.record({ workspaceId: 'w', actor: 'system', action: 'created', targetType: 'user', targetId: 'u1' }, trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await audit.list('w')).items).toHaveLength(0);
  });
});
