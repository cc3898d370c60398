/**
 * Issue 6, finding 15: how a bot cuts (and so answers) a question depends on its knowledge as it
 * is now, never on what was added and removed before. A bot that lived through "add an entry and
 * a synonym group with new words → archive / delete them" must decide exactly as a bot started
 * fresh on the same knowledge.
 */
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import type { Decision } from './decision.js';

/** Customer questions around the words the temporary knowledge teaches (and some that are not). */
const QUESTIONS = [
  '小金库的钱咋转出来',
  '温度小金库提现多久到账啊😭',
  '零钱通里的钱能退到银行卡吗',
  '犇犇生鲜的券咋用不了',
  '退款多久到账',
  '我的快递到哪了',
];

const TEMPORARY_ENTRY = {
  id: 'xiaojinku',
  question: '温度小金库的钱怎么转出',
  similarQuestions: ['小金库提现多久到', '犇犇生鲜小金库转出到银行卡要多久'],
  answer: [{ type: 'text' as const, text: '在「我的-温度小金库」点「转出」，一般 2 小时内到账。' }],
  category: '账户',
  tags: ['温度小金库', '犇犇生鲜', '小金库转出'],
};
const TEMPORARY_SYNONYMS = ['小金库', '零钱通', '余额宝'];

/** What a decision chose and why, with every score; wording (rotated phrase variants) and timing left out. */
function comparable(decision: Decision): unknown {
  const { action, entryId, confidence, suggestions, trace } = decision;
  return { action, entryId, confidence, suggestions, trace: { ...trace, elapsedMs: 0 } };
}

describe.each(TEST_BACKENDS)('segmentation follows the knowledge base on $name', (backend) => {
  let database: TestDatabase;
  let knowledge: KnowledgeService;
  const bots: BotApi[] = [];
  const clock = new Date('2026-11-25T10:00:00+08:00');

  const startBot = async () => {
    const bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => clock });
    bots.push(bot);
    return bot;
  };
  const decisions = (bot: BotApi) => Promise.all(QUESTIONS.map(async (text) => comparable(await bot.decide({ text }))));

  beforeEach(async () => {
    database = await backend.open();
    knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => clock });
    await loadDemoIfEmpty(knowledge);
  });
  afterEach(async () => {
    for (const bot of bots.splice(0)) bot.close();
    await database.dispose();
  });

  it('a bot that saw an entry and a synonym group come and go decides as a bot started fresh', async () => {
    const veteran = await startBot();
    const before = await decisions(veteran);

    await knowledge.create(TEMPORARY_ENTRY, 'op');
    const group = await knowledge.addSynonymGroup(TEMPORARY_SYNONYMS, 'op');
    await veteran.ready();
    expect(await veteran.decide({ text: '小金库的钱咋转出来' })).toMatchObject({ entryId: 'xiaojinku' });

    await knowledge.archive(TEMPORARY_ENTRY.id, 'op');
    await knowledge.deleteSynonymGroup(group.id, 'op');
    await veteran.ready();

    const fresh = await startBot();
    expect(await decisions(veteran)).toEqual(await decisions(fresh));
    expect(await decisions(veteran)).toEqual(before);
  });

  it('a synonym group added then deleted leaves no trace', async () => {
    const veteran = await startBot();
    const group = await knowledge.addSynonymGroup(['犇犇生鲜', '犇犇超市'], 'op');
    await veteran.ready();
    await knowledge.deleteSynonymGroup(group.id, 'op');
    await veteran.ready();
    expect(await decisions(veteran)).toEqual(await decisions(await startBot()));
  });
});
