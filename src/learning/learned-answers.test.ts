/**
 * What an approved learned phrasing does for the next customer, on the real demo bot (SQLite,
 * self-calibrated again after the change, as the server's bots are): a near variant of it — one
 * word swapped, traditional characters, a particle added — is answered directly with its entry;
 * a question that only shares a word with it is not. (The held-out halves of the learning bench
 * are mostly not near variants of each other: docs/learning.md.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEASURED_AT, openDemoBot, type DemoBot } from '../dialog/testing.js';
import { normalize } from '../nlu/normalize.js';

/** Customers' phrasings the demo does not answer directly before learning, and the entries they mean. */
const LEARNED = [
  // 衣服退回去邮费谁掏 was here until the answer model (docs/confidence.md) answered it before learning.
  { entryId: 'shop-return-shipping-fee', phrasing: '衣服不要了寄回去快递钱谁给', variants: ['裤子不要了寄回去快递钱谁给', '衣服不要了寄回去快遞錢誰給'] },
  { entryId: 'shop-pay-for-friend', phrasing: '叫我爸帮我付钱咋弄', variants: ['叫我哥帮我付钱咋弄', '叫我爸幫我付錢咋弄'] },
];
/** Questions sharing a word with a learned phrasing (衣服, 付钱) but asking something the demo does not cover. */
const UNRELATED = ['衣服洗了会缩水吗', '付钱的时候手机没电了'];

describe('a learned phrasing answers its near variants', () => {
  let demo: DemoBot;
  const decide = (text: string) => demo.bot.decide({ text });

  beforeAll(async () => {
    demo = await openDemoBot({ at: DEMO_MEASURED_AT });
  }, 120_000);
  afterAll(async () => demo.dispose());

  it('before: neither the phrasing nor its variants are answered directly', async () => {
    for (const { phrasing, variants } of LEARNED) {
      for (const text of [phrasing, ...variants]) expect((await decide(text)).action, text).not.toBe('answer');
    }
  });

  it('after approving: the phrasing and its near variants are answered directly with its entry; unrelated questions are not', async () => {
    const unrelatedBefore = await Promise.all(UNRELATED.map(decide));
    for (const { entryId, phrasing } of LEARNED) await demo.knowledge.addLearnedQuestion(entryId, phrasing, 'supervisor', (t) => normalize(t).text);
    await demo.bot.ready();
    await demo.bot.recalibrate();
    for (const { entryId, phrasing, variants } of LEARNED) {
      for (const text of [phrasing, ...variants]) expect(await decide(text), text).toMatchObject({ action: 'answer', entryId });
    }
    const learnedEntries = new Set(LEARNED.map((l) => l.entryId));
    for (const [i, text] of UNRELATED.entries()) {
      const after = await decide(text);
      expect(after.action === 'answer' && learnedEntries.has(after.entryId ?? ''), text).toBe(false);
      expect(after.action, text).toBe(unrelatedBefore[i].action);
    }
  }, 120_000);
});
