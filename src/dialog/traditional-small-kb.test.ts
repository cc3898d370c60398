/**
 * Traditional characters on a small knowledge base (issue 9): a 10-entry shop written in simplified characters,
 * asked in traditional (Taiwan and Hong Kong forms), and the same shop written in traditional asked in simplified.
 * Normalisation (opencc-js, src/nlu/text-basics.ts) runs before everything, so every feature the matcher computes —
 * words, characters, pinyin, the key word — and so the decision must be the same as for the simplified twin.
 * The real matcher and policy, no mocks.
 */
import { describe, expect, it } from 'vitest';
import { parseBotSettings } from '../config/settings.js';
import { answerText, EntryInputSchema, type KnowledgeEntry } from '../kb/schemas.js';
import { createMatcher } from '../nlu/matcher.js';
import { toSimplifiedChinese } from '../nlu/text-basics.js';
import { decide } from './policy.js';

const SHOP: { id: string; question: string; similar: string[] }[] = [
  { id: 'size', question: '鞋码偏大还是偏小？', similar: ['尺码准不准', '平时穿40码选哪个', '鞋子偏码吗'] },
  { id: 'invoice', question: '发票怎么开？', similar: ['能开发票吗', '怎么申请电子发票', '开票在哪里'] },
  { id: 'return-fee', question: '退货运费谁出？', similar: ['退货要自己出邮费吗', '寄回去的运费谁承担'] },
  { id: 'return', question: '怎么申请退货？', similar: ['我想退货', '不想要了怎么退'] },
  { id: 'delivery', question: '下单后几天到货？', similar: ['多久能收到', '什么时候发货'] },
  { id: 'huabei', question: '可以用花呗分期吗？', similar: ['支持花呗吗', '花呗分期有手续费吗'] },
  { id: 'account', question: '账号被冻结了怎么办？', similar: ['账号登不上了', '账户被限制了'] },
  { id: 'sms', question: '收不到短信验证码怎么办？', similar: ['验证码一直不来', '没收到验证码'] },
  { id: 'points', question: '会员积分怎么用？', similar: ['积分能抵钱吗', '积分在哪里兑换'] },
  { id: 'coupon', question: '优惠券过期了还能用吗？', similar: ['券过期了怎么办', '红包到期了能延期吗'] },
];

/** Traditional phrasings (Taiwan and Hong Kong forms, colloquial) and their simplified twins. */
const TWINS: [traditional: string, simplified: string][] = [
  ['鞋碼偏不偏', '鞋码偏不偏'],
  ['發票怎麼開？', '发票怎么开？'],
  ['運費誰出', '运费谁出'],
  ['退貨運費是我出嗎😭', '退货运费是我出吗😭'],
  ['甚麼時候發貨啊', '什么时候发货啊'],
  ['帳號被凍結了怎麼辦', '账号被冻结了怎么办'],
  ['收唔到簡訊驗證碼', '收唔到短信验证码'],
  ['可以用花唄分期嗎', '可以用花呗分期吗'],
  ['會員積分點樣用', '会员积分点样用'],
  ['優惠券過期咗仲用得唔得', '优惠券过期咗仲用得唔得'],
];

const NOW = new Date('2026-11-20T10:00:00+08:00');

function shopOf(convert: (text: string) => string) {
  const entries = SHOP.map((e): KnowledgeEntry => ({
    ...EntryInputSchema.parse({ question: convert(e.question), similarQuestions: e.similar.map(convert), answer: [{ type: 'text', text: `${e.id} 的答案` }] }),
    id: e.id,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'test',
  }));
  const matcher = createMatcher(entries.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similarQuestions, answerText: answerText(e.answer) })));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const settings = parseBotSettings({});
  return {
    matcher,
    ask: (text: string) => decide(text, { settings, matcher, entries: byId, now: NOW, channel: 'web', variants: { channel: 'web', now: NOW } }),
  };
}

/** The shop as a Taiwan or Hong Kong business writes it: these characters in their traditional forms (帳號 as Taiwan writes it). */
const TRADITIONAL_FORMS = '码碼发發开開运運费費谁誰货貨后後几幾么麼账帳号號冻凍结結办辦户戶验驗证證会會员員积積优優过過还還吗嗎样樣选選个個请請电電里裡邮郵担擔钱錢兑兌换換红紅呗唄时時来來没沒准準单單问問题題们們这這买買门門级級长長无無内內';
const TO_TRADITIONAL = new Map(Array.from({ length: TRADITIONAL_FORMS.length / 2 }, (_, k) => [TRADITIONAL_FORMS[2 * k], TRADITIONAL_FORMS[2 * k + 1]]));
const toTraditional = (text: string) => [...text].map((ch) => TO_TRADITIONAL.get(ch) ?? ch).join('');

describe('traditional characters on a 10-entry knowledge base', () => {
  const simplifiedShop = shopOf((t) => t);

  it.each(TWINS)('%s is understood exactly like %s: the same words, characters, pinyin and decision', (traditional, simplified) => {
    const [t, s] = [simplifiedShop.matcher.analyze(traditional), simplifiedShop.matcher.analyze(simplified)];
    expect({ ...t, normalized: { ...t.normalized, original: '' } }).toEqual({ ...s, normalized: { ...s.normalized, original: '' } });
    const [dt, ds] = [simplifiedShop.ask(traditional), simplifiedShop.ask(simplified)];
    expect(dt.action).toBe(ds.action);
    expect(dt.entryId).toBe(ds.entryId);
    expect(dt.confidence).toBe(ds.confidence);
    expect(dt.trace.candidates.map((c) => [c.entryId, c.features])).toEqual(ds.trace.candidates.map((c) => [c.entryId, c.features]));
  });

  it.each<[string, string]>([
    ['鞋碼偏不偏', 'size'],
    ['發票怎麼開？', 'invoice'],
    ['退貨運費是我出嗎😭', 'return-fee'],
    ['帳號被凍結了怎麼辦', 'account'],
    ['可以用花唄分期嗎', 'huabei'],
  ])('%s is answered with %s', (traditional, entryId) => {
    expect(simplifiedShop.ask(traditional)).toMatchObject({ action: 'answer', entryId });
  });

  it('a knowledge base written in traditional characters answers simplified and traditional questions alike', () => {
    const traditionalShop = shopOf(toTraditional);
    expect(toSimplifiedChinese(toTraditional('发票怎么开？'))).toBe('发票怎么开？'); // the hand-made forms are real traditional ones
    for (const [traditional, simplified] of TWINS) {
      const [dt, ds] = [traditionalShop.ask(traditional), traditionalShop.ask(simplified)];
      expect([dt.action, dt.entryId, dt.confidence]).toEqual([ds.action, ds.entryId, ds.confidence]);
      const onSimplifiedShop = simplifiedShop.ask(simplified);
      expect([ds.action, ds.entryId]).toEqual([onSimplifiedShop.action, onSimplifiedShop.entryId]);
    }
  });
});
