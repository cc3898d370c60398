import { describe, expect, it } from 'vitest';
import { BridgeLearner, KB_BRIDGE_OPTIONS, shippedBridgePrior } from './bridges.js';
import { resolveLexicon, SHIPPED_LEXICON_GROUP_IDS, shippedLexiconGroups } from './service-lexicon-groups.js';
import { createMatcher } from './matcher.js';
import type { MatchableEntry } from './types.js';

const entry = (id: string, question: string, ...similarQuestions: string[]): MatchableEntry => ({ id, question, similarQuestions });

/**
 * A tiny shop: only the order entry says 撤回 and 取消 are the same act (one of its paraphrases
 * is 订单咋撤回呀). The appointment entry never says 撤回; another entry does, about messages.
 */
const TEACHING_KB = [
  entry('order-cancel', '怎么取消订单', '订单咋撤回呀'),
  entry('booking-cancel', '预约的安装时间怎么取消'),
  entry('message-recall', '发出去的消息能撤回吗'),
  entry('address', '收货地址填错了怎么改'),
];
/** The same shop without the paraphrase that teaches 撤回 → 取消. */
const SILENT_KB = TEACHING_KB.map((e) => (e.id === 'order-cancel' ? entry('order-cancel', '怎么取消订单') : e));

describe('lexical bridges learned from the knowledge base', () => {
  it('aligns the words two paraphrases of one entry do not share', () => {
    const learner = new BridgeLearner();
    learner.addParaphrases([
      ['取消', '订单'],
      ['订单', '撤回'],
    ]);
    learner.addParaphrases([['退款', '多久', '到账'], ['钱', '拿回来', '多久', '到账']]);
    const table = learner.table(KB_BRIDGE_OPTIONS);
    expect(table.get('撤回')?.get('取消')).toBeGreaterThan(0.3);
    expect(table.get('取消')?.get('撤回')).toBeGreaterThan(0.3);
    expect(table.get('拿回来')?.get('退款')).toBeGreaterThan(0.1);
    // Words both paraphrases share are matched already: nothing to bridge.
    expect(table.get('订单')).toBeUndefined();
    expect(table.get('多久')).toBeUndefined();
  });

  it('a colloquial word reaches an entry that never uses it through what another entry taught', () => {
    const query = '预约好的安装能撤回吗😅';
    const taught = createMatcher(TEACHING_KB, { bridges: { prior: null } }).rank(query, 3);
    const silent = createMatcher(SILENT_KB, { bridges: { prior: null } }).rank(query, 3);
    const booking = (ranked: typeof taught) => ranked.find((c) => c.entryId === 'booking-cancel');
    expect(booking(taught)?.features.bridgeMatch).toBeGreaterThan(0);
    expect(booking(silent)?.features.bridgeMatch ?? 0).toBe(0);
    expect(booking(taught)!.score).toBeGreaterThan(booking(silent)!.score);
    expect(taught[0].entryId).toBe('booking-cancel');
  });

  it('ships a small prior learned from the dev pair sets', () => {
    const prior = shippedBridgePrior();
    expect(prior.size).toBeGreaterThan(500);
    for (const row of prior.values()) for (const a of row.values()) expect(a).toBeGreaterThan(0), expect(a).toBeLessThanOrEqual(1);
  });
});

/** A shop that writes about regions; 退款几天到账 shares 几天到 with every delivery question. */
const SHIPPING_KB = [
  entry('jzh', '江浙沪包邮吗', '江浙沪一般几天能到'),
  entry('north', '北京天津一般几天能到'),
  entry('south', '华南地区发货时效是多久'),
  entry('remote', '新疆西藏能发货吗，运费怎么算'),
  entry('refund', '退款几天到账'),
];

describe('the place gazetteer', () => {
  const places = resolveLexicon().places;

  it('leads a city to its province and its regions', () => {
    expect(places.get('杭州')).toEqual(expect.arrayContaining(['浙江', '华东', '江浙沪']));
    expect(places.get('浙江')).toEqual(expect.arrayContaining(['华东', '江浙沪']));
    expect(places.get('乌鲁木齐')).toEqual(expect.arrayContaining(['新疆', '西北', '偏远地区']));
    expect(places.get('深圳')).toEqual(expect.arrayContaining(['广东', '华南']));
    expect(places.get('杭州')).not.toContain('华南');
  });

  it('covers every province-level division and their cities', () => {
    const placeGroups = shippedLexiconGroups().filter((g) => g.kind === 'places');
    const names = new Set(placeGroups.flatMap((g) => g.terms));
    for (const region of ['华东', '华南', '华北', '华中', '西南', '西北', '东北', '港澳台']) expect(names).toContain(region);
    for (const capital of ['石家庄', '太原', '呼和浩特', '沈阳', '长春', '哈尔滨', '南京', '杭州', '合肥', '福州', '南昌', '济南', '郑州', '武汉', '长沙', '广州', '南宁', '海口', '成都', '贵阳', '昆明', '拉萨', '西安', '兰州', '西宁', '银川', '乌鲁木齐', '台北']) {
      expect(places.has(capital), capital).toBe(true);
    }
    expect(places.size).toBeGreaterThan(300);
  });

  it.each([
    ['杭州几天到啊', 'jzh'],
    ['发到蘇州要幾天', 'jzh'],
    ['乌鲁木齐发货吗 运费多少', 'remote'],
    ['深圳这边多久能收到', 'south'],
  ])('%s → %s', (query, expected) => {
    const lexicon = resolveLexicon();
    const matcher = createMatcher(SHIPPING_KB, { synonyms: lexicon.synonyms, bridges: { places: lexicon.places } });
    expect(matcher.rank(query, 3)[0].entryId).toBe(expected);
  });

  it('switching a region off stops its places reaching it, and the ranking changes', () => {
    const on = resolveLexicon();
    const off = resolveLexicon(new Set(['region-east', 'region-jiangzhehu']));
    expect(off.places.has('杭州')).toBe(false);
    const matcher = (lexicon: typeof on) => createMatcher(SHIPPING_KB, { synonyms: lexicon.synonyms, bridges: { places: lexicon.places } });
    expect(matcher(on).analyze('杭州几天到啊').normalized.text).toBe('江浙沪几天到啊');
    expect(matcher(off).analyze('杭州几天到啊').normalized.text).toBe('杭州几天到啊');
    expect(matcher(on).rank('杭州几天到啊', 1)[0].entryId).toBe('jzh');
    expect(matcher(off).rank('杭州几天到啊', 1)[0].entryId).not.toBe('jzh');
  });

  it('leaves a place the knowledge base names itself, and a place name inside another word', () => {
    const lexicon = resolveLexicon();
    const kb = [...SHIPPING_KB, entry('hangzhou-store', '杭州有线下门店吗')];
    const matcher = createMatcher(kb, { synonyms: lexicon.synonyms, bridges: { places: lexicon.places } });
    expect(matcher.analyze('杭州几天到').normalized.text).toBe('杭州几天到');
    expect(matcher.analyze('中山路那家店还开吗').normalized.text).toBe('中山路那家店还开吗');
  });

  it('every group has a stable id and a Chinese and English label', () => {
    const groups = shippedLexiconGroups();
    expect(new Set(groups.map((g) => g.id)).size).toBe(groups.length);
    expect(SHIPPED_LEXICON_GROUP_IDS.size).toBe(groups.length);
    for (const g of groups) expect(g.label.zh && g.label.en && g.terms.length).toBeTruthy();
  });
});
