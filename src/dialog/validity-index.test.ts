/**
 * Validity windows in the index, over the real stack: a real SQLite file, the real knowledge
 * service, matcher and policy, and the bot's injectable clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import type { EntryInput } from '../kb/schemas.js';
import { KnowledgeService } from '../kb/service.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import { splitByValidity, splitHoldsAt, VALIDITY_TIMER_CAP_MS } from './validity-index.js';

const sqlite = TEST_BACKENDS.find((b) => b.name === 'sqlite')!;
const HOUR = 60 * 60 * 1000;

/** A small shop: last year's and this year's 双11 with near-identical questions, and a few everyday entries. */
const SHOP: EntryInput[] = [
  {
    id: 'double11-2025',
    question: '双11有什么活动？',
    similarQuestions: ['双十一优惠', '双11满减规则', '双十一有啥折扣', '双11活动什么时候开始'],
    answer: [{ type: 'text', text: '2025 双11：全场满 300 减 40，11 月 11 日 0 点开抢。' }],
    category: '优惠活动',
    validFrom: '2025-11-01T00:00:00+08:00',
    validTo: '2025-11-12T00:00:00+08:00',
  },
  {
    id: 'double11-2026',
    question: '双11有什么活动？',
    similarQuestions: ['双十一优惠', '双11满减规则', '双十一有啥折扣', '双11活动几号开始'],
    answer: [{ type: 'text', text: '2026 双11：全场满 299 减 50，10 月 31 日 20 点开抢。' }],
    category: '优惠活动',
    validFrom: '2026-10-25T00:00:00+08:00',
    validTo: '2026-11-12T00:00:00+08:00',
  },
  {
    id: 'new-year-2027',
    question: '年货节有什么优惠？',
    similarQuestions: ['年货节活动规则', '过年有打折吗', '年货节满减', '买年货有优惠吗'],
    answer: [{ type: 'text', text: '2027 年货节：全场满 199 减 30。' }],
    category: '优惠活动',
    validFrom: '2027-01-10T00:00:00+08:00',
    validTo: '2027-02-10T00:00:00+08:00',
  },
  {
    id: 'return-shipping',
    question: '退货运费谁出？',
    similarQuestions: ['退货要自己付运费吗', '退回去的邮费谁承担', '退货包邮吗'],
    answer: [{ type: 'text', text: '质量问题运费由我们承担；七天无理由退货运费由您承担。' }],
    category: '售后',
  },
  {
    id: 'invoice',
    question: '怎么开发票？',
    similarQuestions: ['发票在哪里开', '可以开专票吗', '电子发票怎么申请'],
    answer: [{ type: 'text', text: '订单完成后在「我的订单 > 申请开票」填写抬头即可。' }],
    category: '发票',
  },
];

let database: TestDatabase;
let knowledge: KnowledgeService;
let clock: Date;
let bot: BotApi;

beforeEach(async () => {
  clock = new Date('2026-11-05T10:00:00+08:00');
  database = await sqlite.open();
  knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => clock });
  for (const entry of SHOP) await knowledge.create(entry, 'test');
});

afterEach(async () => {
  bot?.close();
  vi.useRealTimers();
  await database.dispose();
});

const startBot = async () => (bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => clock }));

describe('splitByValidity', () => {
  it('keeps only entries inside their window and finds the next boundary (a validFrom or a validTo)', async () => {
    const published = (await knowledge.listForMatching()).filter((e) => e.id !== 'return-shipping' && e.id !== 'invoice');
    const split = splitByValidity(published, clock);
    expect(split.inWindow.map((e) => e.id)).toEqual(['double11-2026']);
    expect(split.outOfWindow.map((e) => e.id).sort()).toEqual(['double11-2025', 'new-year-2027']);
    expect(split.nextBoundary?.toISOString()).toBe(new Date('2026-11-12T00:00:00+08:00').toISOString());
    expect(split.previousBoundary?.toISOString()).toBe(new Date('2026-10-25T00:00:00+08:00').toISOString());
    expect(splitHoldsAt(split, new Date('2026-11-11T23:59:59+08:00'))).toBe(true);
    expect(splitHoldsAt(split, new Date('2026-11-12T00:00:00+08:00'))).toBe(false);
    expect(splitHoldsAt(split, new Date('2026-10-24T23:59:59+08:00'))).toBe(false);
    // On the boundary itself the entry has expired (valid_to is exclusive) and the next one is the year's first sale.
    const after = splitByValidity(published, new Date('2026-11-12T00:00:00+08:00'));
    expect(after.inWindow).toEqual([]);
    expect(after.nextBoundary?.toISOString()).toBe(new Date('2027-01-10T00:00:00+08:00').toISOString());
    expect(splitByValidity(published, new Date('2027-03-01T00:00:00+08:00')).nextBoundary).toBeNull();
  });
});

describe('last year\'s 双11 never competes with this year\'s', () => {
  it.each(['双11有什么活动', '双十一有啥优惠啊😄', '雙11有什麼活動', '双11满减规则是啥'])('%s → this year\'s entry, answered directly', async (text) => {
    await startBot();
    const d = await bot.decide({ text });
    expect(d.action).toBe('answer');
    expect(d.entryId).toBe('double11-2026');
    expect(d.trace.candidates.map((c) => c.entryId)).not.toContain('double11-2025');
  });

  it('the trace still says an expired entry matches, and why it was not used', async () => {
    await startBot();
    const d = await bot.decide({ text: '双11有什么活动' });
    expect(d.trace.outOfWindow).toMatchObject([{ entryId: 'double11-2025', state: 'expired', validTo: '2025-11-12T00:00:00+08:00' }]);
    // The console's Try it flags this wording (web/console/src/admin/pages/try/DecisionTrace.tsx).
    expect(d.trace.explanation).toMatch(/已过期、未生效或未发布/);
    expect(d.trace.explanation).toContain('「双11有什么活动？」已过期');
  });

  it('a question nothing out of window resembles carries no such note', async () => {
    await startBot();
    const d = await bot.decide({ text: '退货运费要我自己出吗' });
    expect(d.entryId).toBe('return-shipping');
    expect(d.trace.outOfWindow).toBeUndefined();
    expect(d.trace.explanation).not.toMatch(/已过期/);
  });
});

describe('re-indexing at validity boundaries', () => {
  it('an entry not yet valid is answered once its window opens, and no more once it closes', async () => {
    await startBot();
    const early = await bot.decide({ text: '年货节有啥优惠' });
    expect(early.entryId).not.toBe('new-year-2027');
    expect(early.action).not.toBe('answer');
    expect(early.trace.outOfWindow?.map((c) => [c.entryId, c.state])).toContainEqual(['new-year-2027', 'not_yet_valid']);

    clock = new Date('2027-01-10T00:00:00+08:00');
    const open = await bot.decide({ text: '年货节有啥优惠' });
    expect(open).toMatchObject({ action: 'answer', entryId: 'new-year-2027' });

    clock = new Date('2027-02-10T00:00:00+08:00');
    const closed = await bot.decide({ text: '年货节有啥优惠' });
    expect(closed.entryId).not.toBe('new-year-2027');
    expect(closed.trace.outOfWindow?.map((c) => [c.entryId, c.state])).toContainEqual(['new-year-2027', 'expired']);

    // A clock set back (an NTP correction, a test) re-indexes for that time too.
    clock = new Date('2027-01-20T00:00:00+08:00');
    expect(await bot.decide({ text: '年货节有啥优惠' })).toMatchObject({ action: 'answer', entryId: 'new-year-2027' });
  });

  it('a timer re-indexes at the boundary without waiting for a question; long waits are capped and only re-armed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    clock = new Date('2026-11-11T21:00:00+08:00'); // three hours before this year's 双11 entry expires
    await startBot();
    // categoryOf reads the index as it stands (no re-index on demand), so it shows what the timer did.
    expect(bot.categoryOf('double11-2026')).toBe('优惠活动');
    expect(vi.getTimerCount()).toBe(1);

    clock = new Date(clock.getTime() + VALIDITY_TIMER_CAP_MS);
    vi.advanceTimersByTime(VALIDITY_TIMER_CAP_MS);
    await bot.ready();
    expect(bot.categoryOf('double11-2026')).toBe('优惠活动'); // woke before the boundary: re-armed only
    expect(vi.getTimerCount()).toBe(1);

    clock = new Date('2026-11-12T00:00:00+08:00');
    vi.advanceTimersByTime(3 * HOUR);
    await bot.ready();
    expect(bot.categoryOf('double11-2026')).toBeNull();
    // Armed again for the next boundary (年货节 opens on 2027-01-10); closing the bot clears it.
    expect(vi.getTimerCount()).toBe(1);
    bot.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a knowledge base without validity windows arms no timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (const entry of SHOP) if (entry.validTo) await knowledge.archive(entry.id!, 'test');
    await startBot();
    expect(vi.getTimerCount()).toBe(0);
    expect((await bot.decide({ text: '电子发票怎么开' })).entryId).toBe('invoice');
  });
});
