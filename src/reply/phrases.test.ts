import { describe, expect, it } from 'vitest';
import { PHRASES, PHRASE_KEYS, renderPhrase, type Locale, type PhraseKey } from './phrases.js';
import { ReplyVariantSchema, variantMatches, type VariantContext } from './variants.js';

const LOCALES: Locale[] = ['zh', 'en'];
const at = (beijing: string) => new Date(`${beijing}+08:00`);
const DAY = at('2026-06-03T10:00:00');
const NIGHT = at('2026-06-03T23:30:00');
const everyone: VariantContext = { channel: 'web', customer: null, now: DAY };
const cases = PHRASE_KEYS.flatMap((key) => LOCALES.map((locale) => [key, locale] as [PhraseKey, Locale]));

describe('stock phrases', () => {
  it.each(cases)('%s (%s): valid variants, at least two for an ordinary customer by day', (key, locale) => {
    const variants = PHRASES[key][locale];
    for (const v of variants) expect(ReplyVariantSchema.safeParse(v).success).toBe(true);
    expect(variants.filter((v) => variantMatches(v.when, everyone)).length).toBeGreaterThanOrEqual(2);
  });

  it.each(cases)('%s (%s): rotates without repeating, renders no placeholder, no markup', (key, locale) => {
    const recent: string[] = [];
    for (let turn = 0; turn < 6; turn++) {
      const said = renderPhrase(key, { locale, context: { ...everyone, recent } });
      expect(said.key).not.toBe(recent.at(-1));
      expect(said.text).not.toMatch(/\{\{|\}\}|<[a-z]/i);
      expect(said.text.trim().length).toBeGreaterThan(0);
      recent.push(said.key);
    }
  });

  it.each(LOCALES)('the fallback always offers a person, in text and as a one-tap button (%s)', (locale) => {
    for (const variant of PHRASES.fallback[locale]) {
      const blocks = variant.content;
      expect(blocks.some((b) => b.type === 'buttons' && b.buttons.some((x) => x.action === 'reply'))).toBe(true);
    }
    const said = renderPhrase('fallback', { locale: 'zh', context: everyone });
    expect(said.text).toContain('转人工');
  });

  it.each([
    ['welcome', 'zh', { ...everyone, now: NIGHT }, /夜深|这么晚/],
    ['welcome', 'zh', { ...everyone, now: at('2026-06-04T05:30:00') }, /夜深|这么晚/],
    ['welcome', 'zh', everyone, /^(?!.*(夜深|这么晚))/],
    ['welcome', 'zh', { ...everyone, customer: { vipLevel: 3 } }, /^尊敬的王小明/],
    ['welcome', 'zh', { ...everyone, customer: { tags: ['VIP'] } }, /^尊敬的王小明/],
    ['welcome', 'zh', { ...everyone, customer: { vipLevel: 3 }, now: NIGHT }, /^尊敬的王小明.*(夜深|这么晚)/],
    ['welcome', 'en', { ...everyone, customer: { vipLevel: 1 } }, /^Dear 王小明/],
    ['leaveMessage', 'zh', everyone, /明早 9:00/],
  ] as const)('%s (%s) in %j matches %s', (key, locale, context, pattern) => {
    for (let i = 0; i < 10; i++) {
      const said = renderPhrase(key, { locale, context, vars: { customer: { name: '王小明' }, business: { opensAt: '明早 9:00' } } });
      expect(said.text).toMatch(pattern);
    }
  });

  it('a VIP without a name is still greeted warmly, never with an empty name', () => {
    const said = renderPhrase('welcome', { locale: 'zh', context: { ...everyone, customer: { vipLevel: 2 } } });
    expect(said.text).toMatch(/^尊敬的会员/);
  });

  it('leave-a-message without known hours still reads naturally', () => {
    for (let i = 0; i < 10; i++) expect(renderPhrase('leaveMessage', { locale: 'zh', context: everyone }).text).toContain('上班后');
  });

  it('operator overrides replace the built-in set for that key and locale only', () => {
    const overrides = { thanks: { zh: [{ content: [{ type: 'text' as const, text: '{{customer.name|亲}}，不客气呀🌷' }] }] } };
    expect(renderPhrase('thanks', { locale: 'zh', context: everyone, overrides, vars: { customer: { name: '阿珍' } } }).text).toBe('阿珍，不客气呀🌷');
    expect(PHRASES.thanks.en.map((v) => (v.content[0] as { text: string }).text)).toContain(renderPhrase('thanks', { locale: 'en', context: everyone, overrides }).text);
  });

  it('is deterministic for a given random source', () => {
    const a = renderPhrase('handoff', { locale: 'zh', context: everyone, random: () => 0.5 });
    const b = renderPhrase('handoff', { locale: 'zh', context: everyone, random: () => 0.5 });
    expect(a).toEqual(b);
  });
});
