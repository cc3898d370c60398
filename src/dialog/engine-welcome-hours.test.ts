/**
 * The welcome never disagrees with the hours (issue 7): at night, a shop whose people have gone
 * home says so and names when they are back (the default group's real opening time); a 7×24
 * team is not called offline. Real SQLite, the demo knowledge, the engine with a fixed clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import { signProfile } from '../conversation/customer-profile.js';
import { ConversationService } from '../conversation/service.js';
import { TEST_SCOPE } from '../conversation/test-fixture.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { FlowRunner } from '../flows/runner.js';
import { FlowService } from '../flows/service.js';
import { parseHandoffSettings } from '../handoff/settings-rules.js';
import type { HandoffSettings } from '../handoff/types.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import { ConversationEngine } from './engine.js';

const SECRET = 'test-secret-温度';
/** Wednesday 3 June 2026, 23:30 in Shanghai: night, and a weekday team has gone home. */
const WEDNESDAY_NIGHT = new Date('2026-06-03T23:30:00+08:00');
/** Saturday 6 June 2026, 10:00: daytime, but a weekday-only team is closed until Monday. */
const SATURDAY_MORNING = new Date('2026-06-06T10:00:00+08:00');
const WEEKDAYS_9_TO_18 = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ from: '09:00', to: '18:00' }]]));

const OFFLINE_CLAIM = /不在线|下班|留言|不在人工客服的服务时间/;

let database: TestDatabase;
let bot: BotApi;
let flows: FlowService;

beforeAll(async () => {
  database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  await loadDemoIfEmpty(knowledge);
  flows = new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  bot = await createBot({ knowledge, settings: parseBotSettings({}) });
});

afterAll(async () => {
  bot.close();
  await database.dispose();
});

function engineAt(now: Date, settings: HandoffSettings | undefined): ConversationEngine {
  return new ConversationEngine({
    conversations: new ConversationService(database, new MemoryEventBus(), TEST_SCOPE, () => now),
    bot,
    flows,
    runner: new FlowRunner({ allowedHosts: [] }),
    botSecret: SECRET,
    env: {},
    now: () => now,
    ...(settings ? { handoffSettings: () => settings } : {}),
  });
}

const weekdayTeam = parseHandoffSettings({ groups: [{ id: 'default', name: '人工客服', alwaysOpen: false, weekly: WEEKDAYS_9_TO_18, chineseCalendar: false }] });
const roundTheClock = parseHandoffSettings({});

async function welcomeOf(engine: ConversationEngine, profile?: Record<string, unknown>): Promise<string> {
  const opened = await engine.open({ channel: 'web', ...(profile ? { profile, signature: signProfile(profile, SECRET) } : { profile: { name: '小王' } }) });
  return opened.messages.map((m) => m.text).join('\n');
}

describe('the welcome and the hours', () => {
  it('at night with the team gone home: says so and names the real opening time', async () => {
    const engine = engineAt(WEDNESDAY_NIGHT, weekdayTeam);
    // Several opens: every night variant a customer may get is checked, not just one.
    for (let i = 0; i < 6; i++) {
      const said = await welcomeOf(engine);
      expect(said).toMatch(/夜深|这么晚/);
      expect(said).toMatch(/下班/);
      expect(said).toContain('明天 9:00');
    }
  });

  it('at night with a 7×24 team: never claims colleagues are offline', async () => {
    const engine = engineAt(WEDNESDAY_NIGHT, roundTheClock);
    for (let i = 0; i < 6; i++) {
      const said = await welcomeOf(engine);
      expect(said).toMatch(/夜深|这么晚/);
      expect(said).not.toMatch(OFFLINE_CLAIM);
    }
  });

  it('a VIP at night gets the VIP greeting with the same truth about the hours', async () => {
    const profile = (id: string) => ({ externalId: id, name: '王姐', vipLevel: 2, expiresAt: new Date(WEDNESDAY_NIGHT.getTime() + 3_600_000).toISOString() });
    const closed = await welcomeOf(engineAt(WEDNESDAY_NIGHT, weekdayTeam), profile('vip-night-closed'));
    expect(closed).toMatch(/^尊敬的王姐/);
    expect(closed).toContain('明天 9:00');
    const open = await welcomeOf(engineAt(WEDNESDAY_NIGHT, roundTheClock), profile('vip-night-open'));
    expect(open).toMatch(/^尊敬的王姐/);
    expect(open).not.toMatch(OFFLINE_CLAIM);
  });

  it('in the daytime outside the hours (a weekend), says when people are back', async () => {
    const said = await welcomeOf(engineAt(SATURDAY_MORNING, weekdayTeam));
    expect(said).toContain('不在人工客服的服务时间');
    expect(said).toContain('后天 9:00'); // Monday, two days ahead
    // Open hours in the daytime: the ordinary welcome.
    expect(await welcomeOf(engineAt(new Date('2026-06-03T10:00:00+08:00'), weekdayTeam))).not.toMatch(OFFLINE_CLAIM);
  });

  it('without hand-off settings (the bot alone), makes no claim about the people at night', async () => {
    const said = await welcomeOf(engineAt(WEDNESDAY_NIGHT, undefined));
    expect(said).toMatch(/夜深|这么晚/);
    expect(said).not.toMatch(OFFLINE_CLAIM);
  });
});
