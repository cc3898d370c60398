import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeEntry } from '../kb/schemas.js';
import type { Matcher } from '../nlu/matcher.js';
import { loadDemoKnowledge, matcherFor, toEntries, type DemoKnowledge } from './testing.js';
import { relatedSuggestions, welcomeSuggestions } from './suggestions.js';

const NOW = new Date('2026-06-01T10:00:00+08:00');
let demo: DemoKnowledge;

beforeAll(async () => {
  demo = await loadDemoKnowledge();
});

const related = (entryId: string, opts: Partial<Parameters<typeof relatedSuggestions>[3]> = {}) => {
  const entry = demo.entries.get(entryId)!;
  return relatedSuggestions(demo.matcher, { entryId, question: entry.question }, demo.entries, { max: 4, exclude: new Set(), now: NOW, ...opts });
};

describe('relatedSuggestions on the demo shop', () => {
  it.each([
    ['shop-return-process', ['shop-exchange-process', 'shop-after-sale-rejected']],
    ['shop-invoice-how', ['shop-invoice-download', 'shop-invoice-title-change']],
    ['shop-logistics-tracking', ['shop-logistics-stalled', 'shop-courier-choice']],
    ['shop-coupon-how', ['shop-coupon-get', 'shop-coupon-expired']],
    ['shop-forgot-password', ['shop-login-failed', 'shop-account-stolen']],
    ['shop-pay-huabei', ['shop-pay-credit-card']],
  ])('after「%s」suggests a close neighbour (one of %j), mostly from the same category', (entryId, expected) => {
    const ids = related(entryId).map((s) => s.entryId);
    expect(ids.some((id) => expected.includes(id))).toBe(true);
    const category = demo.entries.get(entryId)!.category;
    const sameCategory = ids.filter((id) => demo.entries.get(id)!.category === category).length;
    expect(sameCategory * 2).toBeGreaterThanOrEqual(ids.length);
  });

  it.each(['shop-return-process', 'shop-invoice-how', 'shop-coupon-how', 'shop-size-guide', 'shop-stock-restock'])(
    'after「%s」: never the answered entry, no duplicates, at most max, questions as stored',
    (entryId) => {
      const list = related(entryId, { max: 3 });
      expect(list.length).toBeGreaterThan(0);
      expect(list.length).toBeLessThanOrEqual(3);
      expect(list.map((s) => s.entryId)).not.toContain(entryId);
      expect(new Set(list.map((s) => s.entryId)).size).toBe(list.length);
      for (const s of list) expect(s.question).toBe(demo.entries.get(s.entryId)!.question);
    },
  );

  it('prefers the same category: most suggestions after an invoice answer are about invoices', () => {
    const categories = related('shop-invoice-how').map((s) => demo.entries.get(s.entryId)!.category);
    expect(categories.filter((c) => c === '发票').length).toBeGreaterThanOrEqual(3);
  });

  it('depends on what was answered — not a fixed list', () => {
    const a = related('shop-return-process').map((s) => s.entryId);
    const b = related('shop-invoice-how').map((s) => s.entryId);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('skips what the conversation already covered', () => {
    const first = related('shop-invoice-how');
    const again = related('shop-invoice-how', { exclude: new Set(first.map((s) => s.entryId)) });
    expect(again.length).toBeGreaterThan(0);
    expect(again.map((s) => s.entryId).filter((id) => first.some((s) => s.entryId === id))).toEqual([]);
  });

  it('ranks the customer\'s own words too (answered.question may be what they typed)', () => {
    const list = relatedSuggestions(demo.matcher, { entryId: 'shop-return-process', question: '衣服不合适想退掉，运费谁出啊' }, demo.entries, { max: 4, exclude: new Set(), now: NOW });
    expect(list.map((s) => s.entryId)).toContain('shop-return-shipping-fee');
  });

  it('fills up with the category\'s hot questions when few entries are near enough', () => {
    const hot = [{ entryId: 'shop-trade-in', count: 50 }];
    const list = related('shop-size-guide', { max: 6, hot });
    expect(list).toHaveLength(6);
    const presale = list.filter((s) => demo.entries.get(s.entryId)!.category === '售前咨询').map((s) => s.entryId);
    expect(presale).toContain('shop-trade-in');
  });

  it('ranks an entry\'s own phrasings once per index; only the customer\'s words are ranked per turn', () => {
    // The real matcher, counted: a new object is what a rebuilt index looks like.
    const queries: string[] = [];
    const counted = Object.create(demo.matcher) as Matcher;
    counted.rank = (query: string, k: number) => (queries.push(query), demo.matcher.rank(query, k));
    const ask = (question: string) => relatedSuggestions(counted, { entryId: 'shop-invoice-how', question }, demo.entries, { max: 4, exclude: new Set(), now: NOW });
    const first = ask('发票怎么开啊');
    const perFirstTurn = queries.length;
    expect(perFirstTurn).toBeGreaterThan(1);
    const second = ask('發票咋開😅');
    expect(queries.length - perFirstTurn).toBe(1);
    expect(queries.at(-1)).toBe('發票咋開😅');
    expect(ask('发票怎么开啊')).toEqual(first);
    expect(second.length).toBeGreaterThan(0);
  });

  it('returns nothing for max 0', () => {
    expect(related('shop-invoice-how', { max: 0 })).toEqual([]);
  });
});

describe('only servable entries are suggested', () => {
  const base = { similarQuestions: [] as string[], channelAnswers: {}, tags: [] as string[], validFrom: null, validTo: null, status: 'published' as const };
  const text = (t: string) => [{ type: 'text' as const, text: t }];
  const entries = toEntries([
    { ...base, id: 'invoice', question: '发票怎么开？', similarQuestions: ['怎么开发票', '开票流程'], answer: text('在订单详情申请'), category: '发票' },
    { ...base, id: 'invoice-download', question: '电子发票在哪里下载？', similarQuestions: ['发票下载'], answer: text('订单详情下载'), category: '发票' },
    { ...base, id: 'invoice-title', question: '发票抬头开错了怎么改？', answer: text('可以申请换开'), category: '发票', validTo: '2026-05-01' },
    { ...base, id: 'invoice-paper', question: '能开纸质发票吗？', answer: text('可以'), category: '发票', status: 'draft' },
    { ...base, id: 'invoice-vat', question: '能开增值税专用发票吗？', answer: text('企业可开'), category: '发票', validFrom: '2026-07-01' },
  ] as Array<Omit<KnowledgeEntry, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'updatedBy'> & { id: string }>);
  // Built after the demo matcher (beforeAll order): segmentation's user words are process-wide.
  let matcher: Matcher;
  beforeAll(() => {
    matcher = matcherFor(entries);
  });

  it('skips expired, draft and not-yet-valid entries', () => {
    const list = relatedSuggestions(matcher, { entryId: 'invoice', question: '发票怎么开？' }, entries, { max: 5, exclude: new Set(), now: NOW });
    expect(list.map((s) => s.entryId)).toEqual(['invoice-download']);
    expect(welcomeSuggestions([{ entryId: 'invoice-title', count: 99 }], entries, { max: 5, now: NOW }).map((s) => s.entryId)).toEqual(['invoice']);
  });

  it('serves an entry once its validity starts', () => {
    const list = relatedSuggestions(matcher, { entryId: 'invoice', question: '发票怎么开？' }, entries, { max: 5, exclude: new Set(), now: new Date('2026-07-02') });
    expect(list.map((s) => s.entryId)).toContain('invoice-vat');
  });
});

describe('welcomeSuggestions', () => {
  it('shows the most-answered servable entries first', () => {
    const hot = [
      { entryId: 'shop-refund-time', count: 120 },
      { entryId: 'shop-logistics-tracking', count: 300 },
      { entryId: 'no-such-entry', count: 999 },
      { entryId: 'shop-invoice-how', count: 80 },
    ];
    expect(welcomeSuggestions(hot, demo.entries, { max: 3, now: NOW }).map((s) => s.entryId)).toEqual([
      'shop-logistics-tracking',
      'shop-refund-time',
      'shop-invoice-how',
    ]);
  });

  it('with no history, shows one per category — each category\'s most asked (most similar questions)', () => {
    const list = welcomeSuggestions([], demo.entries, { max: 20, now: NOW });
    const categories = list.map((s) => demo.entries.get(s.entryId)!.category);
    expect(new Set(categories).size).toBe(categories.length);
    expect(categories).toHaveLength(new Set([...demo.entries.values()].map((e) => e.category)).size);
    for (const s of list) {
      const entry = demo.entries.get(s.entryId)!;
      const sameCategory = [...demo.entries.values()].filter((e) => e.category === entry.category);
      expect(entry.similarQuestions.length).toBe(Math.max(...sameCategory.map((e) => e.similarQuestions.length)));
    }
  });

  it('fills a short history from the categories without repeating', () => {
    const list = welcomeSuggestions([{ entryId: 'shop-pay-huabei', count: 3 }], demo.entries, { max: 5, now: NOW });
    expect(list[0].entryId).toBe('shop-pay-huabei');
    expect(list).toHaveLength(5);
    expect(new Set(list.map((s) => s.entryId)).size).toBe(5);
  });

  it('honours exclude and max', () => {
    const hot = [{ entryId: 'shop-logistics-tracking', count: 300 }, { entryId: 'shop-refund-time', count: 120 }];
    expect(welcomeSuggestions(hot, demo.entries, { max: 1, now: NOW, exclude: new Set(['shop-logistics-tracking']) })).toEqual([
      { entryId: 'shop-refund-time', question: demo.entries.get('shop-refund-time')!.question },
    ]);
    expect(welcomeSuggestions(hot, demo.entries, { max: 0, now: NOW })).toEqual([]);
  });
});
