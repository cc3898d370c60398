/**
 * An entry change is answered from the live index in place, before the background rebuild
 * (src/dialog/bot.ts, docs/matching.md "Incremental changes"): a real SQLite file, the demo shop
 * loaded through the import path, the real matcher. Prints how long from the save to the first
 * decision that reflects it; asserts only what the decision says.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';

const sqlite = TEST_BACKENDS.find((b) => b.name === 'sqlite')!;
let database: TestDatabase;
let knowledge: KnowledgeService;
let bot: BotApi;

beforeAll(async () => {
  database = await sqlite.open();
  knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  await loadDemoIfEmpty(knowledge);
  bot = await createBot({ knowledge, settings: parseBotSettings({}) });
});

afterAll(async () => {
  bot.close();
  await database.dispose();
});

/** Whether the background rebuild has finished, watched from the moment of the change. */
function watchRebuild(): () => boolean {
  let done = false;
  void bot.ready().then(() => (done = true));
  return () => done;
}

describe('entry changes answered from the live index, before the rebuild', () => {
  it('a new entry answers its own question at once', async () => {
    const question = '寄到国外能发吗？';
    expect((await bot.decide({ text: question })).entryId).toBeNull();
    const started = performance.now();
    const entry = await knowledge.create({ question, similarQuestions: ['海外能不能寄😅', '国外地址可以下单不'], answer: '目前只支持寄往中国大陆地址，港澳台和海外暂不支持哦。' }, 'test');
    const rebuiltYet = watchRebuild();
    const decision = await bot.decide({ text: question });
    console.log(`new entry: save → answered ${(performance.now() - started).toFixed(0)} ms (rebuild finished before: ${rebuiltYet()})`);
    expect(decision.entryId).toBe(entry.id);
    await bot.ready();
    expect((await bot.decide({ text: question })).entryId).toBe(entry.id);
  });

  it('an edited entry answers a newly added phrasing at once, and archived it answers no more', async () => {
    const phrasing = '门卫大爷说没见过我的件儿啊';
    const before = await bot.decide({ text: phrasing });
    const target = 'shop-signed-not-received';
    const current = await knowledge.get(target);
    const started = performance.now();
    await knowledge.update(target, { similarQuestions: [...current.similarQuestions, phrasing] }, 'test');
    const rebuiltYet = watchRebuild();
    const edited = await bot.decide({ text: phrasing });
    expect(before.entryId).not.toBe(target);
    console.log(`edit: save → answered ${(performance.now() - started).toFixed(0)} ms (before: ${before.entryId} ${before.trace.rule}; rebuild finished before: ${rebuiltYet()})`);
    expect(edited.entryId).toBe(target);
    expect(edited.trace.candidates[0]?.matchedQuestion).toBe(phrasing);

    await knowledge.archive(target, 'test');
    const archived = await bot.decide({ text: phrasing });
    expect(archived.entryId).not.toBe(target);
    expect(archived.trace.candidates.map((m) => m.entryId)).not.toContain(target);
    await bot.ready();
    expect((await bot.decide({ text: phrasing })).trace.candidates.map((m) => m.entryId)).not.toContain(target);
  });

  it('an entry whose validity window has ended leaves the index at once', async () => {
    const question = '双十二红包怎么领？';
    const entry = await knowledge.create({ question, similarQuestions: ['12.12紅包在哪領'], answer: '活动页领取。' }, 'test');
    expect((await bot.decide({ text: question })).entryId).toBe(entry.id);
    await knowledge.update(entry.id, { validTo: new Date(Date.now() - 60_000).toISOString() }, 'test');
    expect((await bot.decide({ text: question })).entryId).not.toBe(entry.id);
  });
});
