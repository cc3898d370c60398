/**
 * The bot's persona is a setting (issue 8): its name replaces 小温 in every welcome and thanks,
 * and an operator's greeting replaces the built-in welcomes — templates filled, markup gone.
 * Real SQLite, the demo knowledge, the engine; settings changed the way the settings API does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
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

/** Wednesday 3 June 2026, 10:00 in Shanghai: daytime, no night greetings. */
const DAYTIME = new Date('2026-06-03T10:00:00+08:00');

let database: TestDatabase;
let bot: BotApi;
let engine: ConversationEngine;

beforeAll(async () => {
  database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  await loadDemoIfEmpty(knowledge);
  bot = await createBot({ knowledge, settings: parseBotSettings({}) });
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
  await database.dispose();
});

async function welcomeOf(name?: string): Promise<string> {
  const opened = await engine.open({ channel: 'web', ...(name ? { profile: { name } } : {}) });
  return opened.messages[0].text;
}

describe('the persona in the welcome', () => {
  it('a renamed bot introduces itself by its new name, never as 小温', async () => {
    bot.updateSettings(parseBotSettings({ botName: '阿福' }));
    const seen = new Set<string>();
    // Several conversations, so the welcomes that name the bot come up among the variants.
    for (let i = 0; i < 12; i++) seen.add(await welcomeOf());
    const all = [...seen].join('\n');
    expect(all).toContain('我是阿福');
    expect(all).not.toContain('小温');
  });

  it("the operator's greeting is the welcome, with the customer's name or its default filled in", async () => {
    bot.updateSettings(parseBotSettings({ botName: '阿福', greeting: '{{customer.name|亲}}，歡迎光臨小店～ 我是{{bot.name}}，有啥問題直接問😊' }));
    expect(await welcomeOf('王小明')).toMatch(/^王小明，歡迎光臨小店～ 我是阿福，有啥問題直接問😊/);
    expect(await welcomeOf()).toMatch(/^亲，歡迎光臨小店～ 我是阿福/);
  });

  it('a greeting with markup is shown as its text; without a greeting the built-in welcomes come back', async () => {
    bot.updateSettings(parseBotSettings({ greeting: '<b>欢迎</b><img src=x onerror=alert(1)>光临<script>alert(1)</script>' }));
    expect(await welcomeOf()).toMatch(/^欢迎光临/);
    expect(await welcomeOf()).not.toMatch(/<|onerror|alert/);
    bot.updateSettings(parseBotSettings({ greeting: null }));
    expect(await welcomeOf()).not.toMatch(/^欢迎光临/);
  });
});

describe('persona settings are validated', () => {
  it.each([
    ['an empty name', { botName: '   ' }],
    ['a name that is only markup', { botName: '<script></script>' }],
    ['a name too long for a chat header', { botName: '小'.repeat(21) }],
    ['a greeting that is only markup', { greeting: '<img src=x onerror=alert(1)>' }],
    ['a greeting longer than a bubble or two', { greeting: '您好'.repeat(251) }],
    ['a greeting with a broken placeholder', { greeting: '{{customer name}}您好' }],
  ])('refuses %s', (_, input) => {
    expect(() => parseBotSettings(input)).toThrow();
  });
});
