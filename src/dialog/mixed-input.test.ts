/**
 * What customers actually type, on the demo shop: full pinyin (with or without spaces and tones, mixed with
 * characters), misspelt pinyin, pinyin initials and English service words inside Chinese questions. These are
 * tuning phrasings (written with the reader, tuned on) over the real stack: SQLite, the demo loaded through the
 * import path, the real matcher and policy. Each must be answered with its entry or have it offered first-class in
 * 您是想问, and none may be answered with another entry; the direct-answer count is printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';

const MEASURED_AT = new Date('2026-11-25T10:00:00+08:00');

const PHRASINGS: [typed: string, entryId: string][] = [
  // full pinyin, spaces or none, tone marks and digits, mixed with characters
  ['wo xiang tuihuo', 'shop-return-process'],
  ['woxiangtuihuo', 'shop-return-process'],
  ['我想tuihuo', 'shop-return-process'],
  ['tuì huò', 'shop-return-process'],
  ['fapiao zenme kai', 'shop-invoice-how'],
  ['fa piao zen me kai', 'shop-invoice-how'],
  ['zenme tuikuan', 'shop-refund-only'],
  ['kuaidi dao na le', 'shop-logistics-tracking'],
  ['tuikuan duojiu daozhang a', 'shop-refund-time'],
  ['wangji mima le', 'shop-forgot-password'],
  ['shou bu dao yanzhengma', 'shop-sms-code'],
  // misspelt pinyin
  ['zenme tuikuang', 'shop-refund-only'],
  ['wanji mima', 'shop-forgot-password'],
  ['zifu sibai zenmeban', 'shop-pay-failed'],
  ['tuihuo yunfei sei chu', 'shop-return-shipping-fee'],
  // initials of the shop's main words
  ['fp', 'shop-invoice-how'],
  ['th', 'shop-return-process'],
  ['tk多久到账', 'shop-refund-time'],
  // English service words in a Chinese question; brand and model kept
  ['我的order怎么cancel', 'shop-order-cancel'],
  ['能开invoice吗', 'shop-invoice-how'],
  ['refund多久到账', 'shop-refund-time'],
  ['iPhone 15有货吗', 'shop-stock-restock'],
  ['可以用credit card付款吗', 'shop-pay-credit-card'],
  ['怎么return啊😭', 'shop-return-process'],
  ['coupon怎么用', 'shop-coupon-how'],
  ['我的package到哪了', 'shop-logistics-tracking'],
  ['password忘了咋办', 'shop-forgot-password'],
  ['能exchange吗 size小了', 'shop-exchange-process'],
];

const sqlite = TEST_BACKENDS.find((b) => b.name === 'sqlite')!;
let database: TestDatabase;
let bot: BotApi;

beforeAll(async () => {
  database = await sqlite.open();
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => MEASURED_AT });
  await loadDemoIfEmpty(knowledge);
  bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => MEASURED_AT });
});

afterAll(async () => {
  bot.close();
  await database.dispose();
});

describe('pinyin, misspelt pinyin, initials and English words on the demo shop (tuning phrasings)', () => {
  const answered: string[] = [];
  afterAll(() => {
    console.log(`mixed input: ${answered.length} of ${PHRASINGS.length} answered directly, the rest offered`);
  });

  it.each(PHRASINGS)('%s → %s, answered or offered, never another entry', async (typed, entryId) => {
    const d = await bot.decide({ text: typed });
    if (d.action === 'answer') {
      expect(d.entryId).toBe(entryId);
      answered.push(typed);
    } else {
      expect(d.action).toBe('clarify');
      expect(d.suggestions.map((s) => s.entryId)).toContain(entryId);
    }
  });
});
