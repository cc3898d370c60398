/**
 * Small talk and persona answers (issue 9) over the real stack: real SQLite, the demo knowledge
 * base loaded through the import path, the real matcher, policy and conversation engine. The
 * persona is set the way the settings API sets it (parsed by the same schema).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import { ConversationService } from '../conversation/service.js';
import { TEST_SCOPE } from '../conversation/test-fixture.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { FlowRunner } from '../flows/runner.js';
import { FlowService } from '../flows/service.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import { ConversationEngine } from './engine.js';
import { BotSettingsStore } from './settings-store.js';

/** Wednesday 3 June 2026, 10:00 in Shanghai. */
const DAYTIME = new Date('2026-06-03T10:00:00+08:00');
const HOURS = '每天 9:00–21:00';
const PERSONA = {
  botName: '阿福',
  companyAddress: '杭州市西湖区文三路 90 号 温度大厦 5 楼',
  contacts: [
    { label: '客服热线', value: '400-820-1234' },
    { label: '客服邮箱', value: 'help@wendu.example' },
  ],
};

let database: TestDatabase;
let knowledge: KnowledgeService;
let bot: BotApi;
let bare: BotApi;
let engine: ConversationEngine;

beforeAll(async () => {
  database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  await loadDemoIfEmpty(knowledge);
  bot = await createBot({ knowledge, settings: parseBotSettings(PERSONA), service: () => ({ hours: HOURS }), now: () => DAYTIME });
  // The demo's bot as shipped: no address, no contacts, no hand-off hours known.
  bare = await createBot({ knowledge, settings: parseBotSettings({}), now: () => DAYTIME });
  engine = new ConversationEngine({
    conversations: new ConversationService(database, new MemoryEventBus(), TEST_SCOPE, () => DAYTIME),
    bot,
    flows: new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID }),
    runner: new FlowRunner({ allowedHosts: [] }),
    botSecret: 'test-secret-温度',
    env: {},
    now: () => DAYTIME,
  });
});

afterAll(async () => {
  bot.close();
  bare.close();
  await database.dispose();
});

describe('answered from the persona, never from a knowledge entry', () => {
  it.each([
    ['你是机器人吗', 'smalltalk.askIsBot', /阿福.*(不是真人|机器人)|(机器人|不是真人).*阿福/],
    ['你是AI吧😂', 'smalltalk.askIsBot', /转人工/],
    // asked what it is, the bot says so and offers a person — it does not hand over unasked
    ['你是真人吗', 'smalltalk.askIsBot', /转人工/],
    ['是人工吗？', 'smalltalk.askIsBot', /不是真人|机器人/],
    ['你叫什么', 'smalltalk.askName', /阿福/],
    ['怎麼稱呼你', 'smalltalk.askName', /阿福/],
    ['在吗', 'smalltalk.presence', /在/],
    ['你们公司地址', 'smalltalk.askAddress', /杭州市西湖区文三路 90 号/],
    ['公司在哪呀', 'smalltalk.askAddress', /温度大厦/],
    ['客服电话多少', 'smalltalk.askContact', /客服热线：400-820-1234\n客服邮箱：help@wendu\.example/],
    ['怎么联系你们', 'smalltalk.askContact', /400-820-1234/],
    ['人工客服几点上班', 'smalltalk.askHours', /每天 9:00–21:00/],
    ['好的👌', 'smalltalk.acknowledgement', /./],
    ['謝謝～', 'smalltalk.thanks', /./],
  ])('%s → %s', async (text, rule, reply) => {
    const d = await bot.decide({ text });
    expect(d.trace.rule).toBe(rule);
    expect(d.action).toBe('answer');
    expect(d.entryId).toBeNull();
    expect(d.suggestions).toEqual([]);
    expect(d.reply).toMatch(reply);
    expect(d.reply).not.toMatch(/\{\{|花呗|会员等级/);
  });

  it("before the persona, 你是机器人吗 was offered 花呗 and 你叫什么 the membership levels: neither ranks an entry now", async () => {
    for (const text of ['你是机器人吗', '你叫什么']) {
      const d = await bare.decide({ text });
      expect(d.trace.candidates).toEqual([]);
      expect(d.action).toBe('answer');
    }
  });

  it("an operator's disclosure is the answer to 你是机器人吗, with the bot's name filled in", async () => {
    const own = await createBot({ knowledge, settings: parseBotSettings({ ...PERSONA, disclosure: '我是{{bot.name}}，温度优选的智能客服，24 小时在线～' }) });
    try {
      expect((await own.decide({ text: '你是不是机器人？？' })).reply).toBe('我是阿福，温度优选的智能客服，24 小时在线～');
    } finally {
      own.close();
    }
  });

  it('in English the bot says so in English', async () => {
    bare.updateSettings(parseBotSettings({ locale: 'en' }));
    try {
      expect((await bare.decide({ text: '你是机器人吗' })).reply).toMatch(/not a person|I'm a bot/);
    } finally {
      bare.updateSettings(parseBotSettings({}));
    }
  });
});

describe('what the bot is, asked, against a person, asked for', () => {
  it.each(['你是真人吗', '是人工吗', '你是机器人吧'])('%s is answered honestly, with 转人工 offered, and not handed over', async (text) => {
    const d = await bot.decide({ text });
    expect(d.trace.rule).toBe('smalltalk.askIsBot');
    expect(d.action).toBe('answer');
    expect(d.reply).toContain('转人工');
  });

  it.each(['我要真人', '你是真人吗？我要真人', '叫下你们值班的'])('%s hands over', async (text) => {
    const d = await bot.decide({ text });
    expect(d.action).toBe('handoff');
    expect(d.trace.rule).toBe('handoff.explicit_request');
  });
});

describe('a fact the operator has not given is not made up', () => {
  it('without contacts 客服电话多少 is the knowledge entry; without an address 公司在哪 is not invented', async () => {
    const hotline = await bare.decide({ text: '客服电话多少' });
    expect(hotline.entryId).toBe('shop-customer-hotline');
    const address = await bare.decide({ text: '你们公司地址' });
    expect(address.trace.rule).not.toMatch(/^smalltalk/);
    expect(address.action).not.toBe('answer');
  });
});

describe('a business question next to small talk is answered', () => {
  it.each([
    ['你是机器人吗 我要退货', 'shop-return-process'],
    ['你是机器人吗？退貨運費誰承擔？', 'shop-return-shipping-fee'],
    ['在吗我要退货', 'shop-return-process'],
    ['你好，发票怎么开', 'shop-invoice-how'],
  ])('%s → %s', async (text, entryId) => {
    const d = await bot.decide({ text });
    expect(d.action).toBe('answer');
    expect(d.entryId).toBe(entryId);
  });

  it.each(['机器人吸尘器怎么退', '你们的会员叫什么等级'])('%s is not small talk', async (text) => {
    const d = await bot.decide({ text });
    expect(d.trace.rule).not.toMatch(/^smalltalk/);
  });
});

describe('off-topic requests are declined politely, never answered', () => {
  it.each(['帮我写作业', '给我讲个笑话吧', '今天天气怎么样', '帮我写首诗'])('%s', async (text) => {
    const d = await bot.decide({ text });
    expect(d.trace.rule).toBe('smalltalk.offTopic');
    expect(d.action).toBe('fallback');
    expect(d.entryId).toBeNull();
    expect(d.suggestions).toEqual([]);
    // Says what the bot can help with, and the way to a person.
    expect(d.reply).toMatch(/订单|售后|发货/);
    expect(d.reply).toContain('转人工');
  });
});

describe('through the conversation engine', () => {
  it('a customer who asks 你是机器人吗 is told the truth, recorded as small talk without an entry', async () => {
    const { conversation } = await engine.open({ channel: 'web' });
    const { replies } = await engine.handleCustomerMessage(conversation.id, { text: '你是机器人吗', clientMessageId: 'c-1' });
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(/阿福/);
    expect(replies[0].meta).toMatchObject({ action: 'answer', decision: { rule: 'smalltalk.askIsBot', entryId: null } });
    expect(replies[0].meta.entryId).toBeUndefined();
  });
});

describe('persona settings are validated and stored sanitised', () => {
  it.each([
    ['a disclosure that claims to be a person', { disclosure: '我是真人客服小美，不是机器人哦' }],
    ['a disclosure that is only markup', { disclosure: '<script>alert(1)</script>' }],
    ['an address longer than a line', { companyAddress: '路'.repeat(101) }],
    ['a contact without a value', { contacts: [{ label: '电话', value: ' ' }] }],
    ['more contacts than a reply lists', { contacts: Array.from({ length: 6 }, (_, i) => ({ label: `电话${i}`, value: `400-000-000${i}` })) }],
  ])('refuses %s', (_, input) => {
    expect(() => parseBotSettings(input)).toThrow();
  });

  it('keeps what customers will see, without markup', async () => {
    const store = new BotSettingsStore(database, { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID });
    const saved = await store.update({ companyAddress: '杭州市<b>西湖区</b>文三路 90 号', contacts: [{ label: '<i>微信</i>', value: 'wendu_kefu' }] }, 'test');
    expect(saved).toMatchObject({ companyAddress: '杭州市西湖区文三路 90 号', contacts: [{ label: '微信', value: 'wendu_kefu' }] });
    expect(await store.load()).toMatchObject({ companyAddress: '杭州市西湖区文三路 90 号', contacts: [{ label: '微信', value: 'wendu_kefu' }] });
  });
});
