/**
 * Two registries over one database and one bus — two instances, as far as changes go: what one
 * writes, the other's caches follow; nothing echoes back. (Knowledge, bot settings and `wendu
 * import` across two real servers on PostgreSQL + Redis: src/server/instances-e2e.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import type { ChangeSource } from '../events/change-listeners.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import type { AnyDomainEvent } from '../events/types.js';
import type { Database } from '../store/database.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { WorkspaceRegistry } from './registry.js';

const sqlite = TEST_BACKENDS.find((b) => b.name === 'sqlite')!;
const SECRET = 'wendu-relay-测试密钥-0123456789abcdef';

describe('changes relayed between instances', () => {
  let database: TestDatabase;
  let second: Database;
  let bus: MemoryEventBus;
  let a: WorkspaceRegistry;
  let b: WorkspaceRegistry;
  let published: AnyDomainEvent[];

  beforeEach(async () => {
    database = await sqlite.open();
    second = await database.reopen();
    bus = new MemoryEventBus();
    published = [];
    await bus.subscribe('*', (e) => {
      published.push(e);
    });
    a = new WorkspaceRegistry({ database, bus, botSecret: SECRET });
    b = new WorkspaceRegistry({ database: second, bus, botSecret: SECRET });
    await Promise.all([a.listenForChanges(), b.listenForChanges()]);
  });

  afterEach(async () => {
    await a.close();
    await b.close();
    await bus.close();
    await second.close();
    await database.dispose();
  });

  it('a bot’s allowed sites changed on A are what B allows, though B had them cached', async () => {
    expect(await b.allowedOrigins(DEFAULT_BOT_ID)).toEqual([]);
    await a.bots.setAllowedOrigins(DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, { allowedOrigins: ['https://shop.example.cn'] }, 'user:admin');
    await vi.waitFor(async () => expect(await b.allowedOrigins(DEFAULT_BOT_ID)).toEqual(['https://shop.example.cn']));
    expect(published.filter((e) => e.name === 'bot.changed')).toHaveLength(1);
  });

  it('a flow saved on A reaches B’s flow listeners as written elsewhere, once, and A’s as written here', async () => {
    const heard: Record<'a' | 'b', Array<{ ids: string[]; source: ChangeSource }>> = { a: [], b: [] };
    a.workspace(DEFAULT_WORKSPACE_ID).flows.onChange(({ ids }, source) => heard.a.push({ ids, source }));
    b.workspace(DEFAULT_WORKSPACE_ID).flows.onChange(({ ids }, source) => heard.b.push({ ids, source }));
    const text = (t: string) => [{ type: 'text' as const, text: t }];
    await a.workspace(DEFAULT_WORKSPACE_ID).flows.create(
      {
        id: 'invoice-title',
        name: '修改发票抬头',
        trigger: { keywords: ['发票抬头', '改抬头'] },
        start: 'ask',
        nodes: {
          ask: { kind: 'ask', slot: 'title', prompt: text('新的发票抬头是？'), validate: { kind: 'any' }, next: 'done' },
          done: { kind: 'end', content: text('好的，已改为「{{title}}」') },
        },
      },
      '运营-小张',
    );
    await vi.waitFor(() => expect(heard.b).toEqual([{ ids: ['invoice-title'], source: 'elsewhere' }]));
    expect(heard.a).toEqual([{ ids: ['invoice-title'], source: 'here' }]);
    // B applied it without publishing it again.
    expect(published.filter((e) => e.name === 'flows.changed')).toHaveLength(1);
  });

  it('bot settings saved on A are in force in B’s open bot', async () => {
    const onB = await b.bot(DEFAULT_BOT_ID);
    const onA = await a.bot(DEFAULT_BOT_ID);
    expect(onB.bot.settings.botName).not.toBe('小温二号');
    await onA.settings.update({ botName: '小温二号' }, 'user:zhuguan');
    await vi.waitFor(() => expect(onB.bot.settings.botName).toBe('小温二号'));
  });
});
