/**
 * A rebuild of the bot's index that fails (the database went away for a moment) must neither
 * crash the process nor stop the bot: it keeps answering from its last good index, says so,
 * and the next rebuild repairs it.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';

const sqlite = TEST_BACKENDS.filter((b) => b.name === 'sqlite');

describe.each(sqlite)('a failed index rebuild on $name', (backend) => {
  let database: TestDatabase;
  let knowledge: KnowledgeService;
  let bot: BotApi | undefined;
  let clock = new Date('2026-11-25T10:00:00+08:00');

  beforeEach(async () => {
    database = await backend.open();
    knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => clock });
    await knowledge.create({ id: 'return-fee', question: '退货运费谁出？', similarQuestions: ['退货要自己付邮费吗'], answer: '七天无理由退货的运费由您承担，质量问题我们出。' }, 'op');
    // Its end is a validity boundary: asking after it makes the bot rebuild first.
    await knowledge.create({ id: 'double-11', question: '双11有什么活动？', answer: '满300减50。', validTo: '2026-11-30T00:00:00+08:00' }, 'op');
  });
  afterEach(async () => {
    bot?.close();
    await database.dispose();
  });

  it('keeps answering from the last good index, reports the failure, and recovers on the next rebuild', async () => {
    const failures: unknown[] = [];
    bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => clock, onRebuildError: (err) => failures.push(err) });
    expect(await bot.decide({ text: '退货邮费谁付啊😅' })).toMatchObject({ action: 'answer', entryId: 'return-fee' });

    // The knowledge table disappears; the clock passes the 双11 boundary, so the next question rebuilds.
    await sql`alter table knowledge_entries rename to knowledge_entries_away`.execute(database.db);
    clock = new Date('2026-12-01T10:00:00+08:00');
    expect(await bot.decide({ text: '退货邮费谁付啊😅' })).toMatchObject({ action: 'answer', entryId: 'return-fee' });
    expect(failures.length).toBeGreaterThan(0);

    await sql`alter table knowledge_entries_away rename to knowledge_entries`.execute(database.db);
    const after = await bot.decide({ text: '双11有什么活动' });
    // Rebuilt at the new time: the expired 双11 entry is no longer answered.
    expect(after.entryId === 'double-11' && after.action === 'answer').toBe(false);
    expect(await bot.decide({ text: '退货邮费谁付啊😅' })).toMatchObject({ action: 'answer', entryId: 'return-fee' });
  });
});
