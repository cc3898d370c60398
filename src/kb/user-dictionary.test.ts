/**
 * The operator's user dictionary: saved per workspace on both databases, validated word by word
 * (a bad list changes nothing), audited, readable by agents and writable by supervisors only,
 * and taught to the bot's segmenter at once — a dictionary word changes how questions match.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.js';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { guardedApp, type GuardedApp, type SignedIn } from '../auth/test-operators.js';
import { parseBotSettings } from '../config/settings.js';
import { createBot, type BotApi } from '../dialog/bot.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { knowledgeRoutes } from './routes.js';
import { KnowledgeService } from './service.js';
import { MAX_DICTIONARY_WORDS } from './user-dictionary.js';

const DICTIONARY = '/api/v1/kb/dictionary';
const SUPERVISOR = 'xiaomei@shop.cn';
const AGENT = 'ajie@shop.cn';

describe.each(TEST_BACKENDS)('user dictionary on $name', (backend) => {
  let database: TestDatabase;
  let knowledge: KnowledgeService;
  let guarded: GuardedApp;
  let supervisor: SignedIn;
  let agent: SignedIn;
  let bot: BotApi;

  beforeEach(async () => {
    database = await backend.open();
    knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
    await loadDemoIfEmpty(knowledge);
    bot = await createBot({ knowledge, settings: parseBotSettings({}) });
    guarded = guardedApp(database);
    await guarded.app.register(knowledgeRoutes, { knowledgeFor: () => knowledge, minedWordsFor: () => bot.minedWords() });
    await guarded.app.ready();
    supervisor = await guarded.signIn(SUPERVISOR, 'supervisor');
    agent = await guarded.signIn(AGENT, 'agent');
  });
  afterEach(async () => {
    bot.close();
    await guarded.app.close();
    await database.dispose();
  });

  it('a supervisor saves the words (trimmed, repeats dropped, her order kept); an agent reads them with the mined words', async () => {
    const saved = await guarded.injectAs(supervisor, { method: 'PUT', url: DICTIONARY, payload: { words: [' 运费险 ', '花呗', '七天无理由', '花呗'] } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ words: ['运费险', '花呗', '七天无理由'] });

    const read = (await guarded.injectAs(agent, { method: 'GET', url: DICTIONARY })).json();
    expect(read.words).toEqual(['运费险', '花呗', '七天无理由']);
    expect(read.mined.length).toBeGreaterThan(0);
    expect(read.mined.every((w: unknown) => typeof w === 'string')).toBe(true);

    expect((await guarded.injectAs(agent, { method: 'PUT', url: DICTIONARY, payload: { words: ['偷改'] } })).statusCode).toBe(403);

    const audit = await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID, { targetType: 'user_dictionary' });
    expect(audit.items).toEqual([
      expect.objectContaining({ actor: `user:${SUPERVISOR}`, action: 'updated', targetId: DEFAULT_WORKSPACE_ID, before: { words: [] }, after: { words: ['运费险', '花呗', '七天无理由'] } }),
    ]);
  });

  it('a bad list is refused naming each bad word, and the saved dictionary is kept', async () => {
    await guarded.injectAs(supervisor, { method: 'PUT', url: DICTIONARY, payload: { words: ['花呗'] } });
    const bad = await guarded.injectAs(supervisor, {
      method: 'PUT',
      url: DICTIONARY,
      payload: { words: ['运费险', '七天 无理由', '险', '这是一个远远超过二十个字的很长很长很长很长的句子', '花\u202e呗', 42] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('WENDU_VALIDATION');
    expect(bad.json().error.details.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`)).toEqual([
      'words.1:whitespace',
      'words.2:length',
      'words.3:length',
      'words.4:forbidden_character',
      'words.5:invalid_type',
    ]);
    const tooMany = Array.from({ length: MAX_DICTIONARY_WORDS + 1 }, (_, i) => `词${i}`);
    expect((await guarded.injectAs(supervisor, { method: 'PUT', url: DICTIONARY, payload: { words: tooMany } })).json().error.details.issues[0].code).toBe('too_big');
    expect((await guarded.injectAs(supervisor, { method: 'PUT', url: DICTIONARY, payload: { terms: ['花呗'] } })).statusCode).toBe(400);

    expect((await guarded.injectAs(agent, { method: 'GET', url: DICTIONARY })).json().words).toEqual(['花呗']);
  });

  it("one workspace's dictionary is its own", async () => {
    const other = new KnowledgeService(database, { workspaceId: 'other-shop' });
    await knowledge.setDictionaryWords(['运费险'], 'op');
    await other.setDictionaryWords(['犇犇卡', '运费险'], 'op');
    await knowledge.setDictionaryWords(['花呗'], 'op');
    expect(await knowledge.dictionaryWords()).toEqual(['花呗']);
    expect(await other.dictionaryWords()).toEqual(['犇犇卡', '运费险']);
  });

  it('a dictionary word is kept whole by the bot at once, and forgotten when removed', async () => {
    // jieba cuts 温度豆 (the demo shop's points) into 温度/豆, so 温度豆怎么用 looks like 温度怎么用.
    const pair = ['温度豆怎么用啊', '温度怎么用'] as const;
    const before = (await bot.similarity(...pair)).score;

    await knowledge.setDictionaryWords(['温度豆'], `user:${SUPERVISOR}`);
    await bot.ready();
    const taught = (await bot.similarity(...pair)).score;
    expect(taught).toBeLessThan(before);

    await knowledge.setDictionaryWords([], `user:${SUPERVISOR}`);
    await bot.ready();
    expect((await bot.similarity(...pair)).score).toBe(before);
  });
});
