/**
 * Learned questions (customers' phrasings approved through learning) are matched, but below the
 * operator's own questions: LEARNED_QUESTION_WEIGHT (docs/learning.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMatcher, LEARNED_QUESTION_WEIGHT, LEARNED_RANK_OFFSET } from './matcher.js';
import type { MatchableEntry } from './types.js';

const SHOP: MatchableEntry[] = [
  { id: 'return-process', question: '怎么申请退货？', similarQuestions: ['退货流程是什么', '我要退货'], answerText: '在「我的订单」里点「申请售后」，选择退货并填写原因。' },
  { id: 'return-shipping-fee', question: '退货运费谁承担？', similarQuestions: ['退货邮费谁出'], answerText: '质量问题由商家承担运费；七天无理由退货由买家承担。' },
  { id: 'invoice-how', question: '发票怎么开？', similarQuestions: ['可以开发票吗'], answerText: '下单时勾选「开具发票」，或在订单完成后到订单详情里补开。' },
  { id: 'logistics', question: '怎么查物流信息？', similarQuestions: ['我的快递到哪了'], answerText: '在「我的订单」里点「查看物流」即可看到最新的配送进度。' },
];

describe('learned questions in the matcher', () => {
  it('weighs a learned phrasing below an operator question, in recall and in the rerank', () => {
    expect(LEARNED_QUESTION_WEIGHT).toBeGreaterThan(0);
    expect(LEARNED_QUESTION_WEIGHT).toBeLessThan(1);
    // The rerank's discount is at least recall's.
    expect(LEARNED_RANK_OFFSET).toBeLessThanOrEqual(Math.log(LEARNED_QUESTION_WEIGHT));
  });

  it('another entry’s learned colloquial phrasing leaves a right answer more of its lead than the same words as an operator question', () => {
    // 在线实名怎么弄 measured on the telecom set: another entry's learned 情號怎麼弄 became its runner-up.
    const query = '电子发票怎么弄';
    const colloquial = '快递单号怎么弄';
    const asOperator = SHOP.map((e) => (e.id === 'logistics' ? { ...e, similarQuestions: [...e.similarQuestions, colloquial] } : e));
    const asLearned = SHOP.map((e) => (e.id === 'logistics' ? { ...e, learnedQuestions: [colloquial] } : e));
    const [operatorTop, operatorRunnerUp] = createMatcher(asOperator).rank(query, 2);
    const [learnedTop, learnedRunnerUp] = createMatcher(asLearned).rank(query, 2);
    expect(operatorTop.entryId).toBe('invoice-how');
    expect(learnedTop.entryId).toBe('invoice-how');
    expect(operatorRunnerUp).toMatchObject({ entryId: 'logistics', matchedQuestion: colloquial });
    expect(learnedRunnerUp.entryId).toBe('logistics');
    expect(learnedTop.features.margin).toBeGreaterThan(operatorTop.features.margin as number);
    expect(learnedTop.confidence).toBeGreaterThan(operatorTop.confidence);
  });

  it('does not count a learned phrasing recall did not find against its entry (learned phrasings add evidence, never dilute it)', () => {
    // The demo shop and a tuning-set question: the phrasings learned for its entry are far from it;
    // counted unfound they lowered the share of the entry's questions recall found (0.71 → 0.56)
    // and the answer model's confidence in the right answer with it.
    const read = (file: string) => JSON.parse(readFileSync(new URL(`../../demo/${file}`, import.meta.url), 'utf8'));
    const kb: { id: string; question: string; similar_questions: string[]; tags?: string[] }[] = read('knowledge.json');
    const entries = (learned: string[]): MatchableEntry[] => kb.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similar_questions, learnedQuestions: e.id === 'shop-stock-restock' ? learned : [] }));
    const rank = (learned: string[]) => createMatcher(entries(learned), { synonyms: read('synonyms.json'), userWords: kb.flatMap((e) => e.tags ?? []) }).rank('这款啥时候补货呀', 2)[0];
    const before = rank([]);
    const after = rank(['到货提醒', '沒貨了還會再進嗎']);
    expect(before.entryId).toBe('shop-stock-restock');
    expect(after.entryId).toBe('shop-stock-restock');
    // Found, a learned phrasing counts like any question of the entry; unfound, not at all.
    expect(after.features.recalledShare).toBeGreaterThanOrEqual(before.features.recalledShare as number);
    const near = rank(['这个啥时候补货']);
    expect(near.features.supportQuestions).toBe((before.features.supportQuestions as number) + 1);
  });

  it('learns lexical bridges from a learned phrasing: its colloquial word reaches the entry in another customer’s question', () => {
    // 锁 is in no operator question; learned beside 修改服务密码 and the rest, it is bridged to their words.
    const PHONE: MatchableEntry[] = [
      { id: 'service-password', question: '服务密码忘了怎么办？', similarQuestions: ['怎么重置服务密码', '修改服务密码'], answerText: '拨打 10086 按提示重置服务密码。' },
      { id: 'wifi-password', question: '怎么修改 WiFi 密码？', similarQuestions: ['路由器密码怎么改'], answerText: '登录光猫管理页面修改。' },
      { id: 'report-loss', question: '手机丢了怎么挂失？', similarQuestions: ['手机被偷了怎么停机'], answerText: '拨打 10086 挂失。' },
    ];
    const query = '被锁了咋解开';
    expect(createMatcher(PHONE, { bridges: { prior: null } }).rank(query, 3)).toEqual([]);
    const learned = PHONE.map((e) => (e.id === 'service-password' ? { ...e, learnedQuestions: ['密码输错好几次被锁了'] } : e));
    const [top] = createMatcher(learned, { bridges: { prior: null } }).rank(query, 3);
    expect(top.entryId).toBe('service-password');
    // Matched on an operator question that holds the query's word only through the learned bridge.
    expect(top.matchedQuestion).not.toBe('密码输错好几次被锁了');
    expect(top.features.bridgeMatch).toBeGreaterThan(0);
  });

  it('ranks a learned phrasing below an operator question that matches the query as well', () => {
    // The same text is the operator's similar question of one entry and a learned phrasing of another.
    const text = '包裹咋还没到啊';
    const entries = SHOP.map((e) =>
      e.id === 'logistics' ? { ...e, similarQuestions: [...e.similarQuestions, text] } : e.id === 'return-process' ? { ...e, learnedQuestions: [text] } : e,
    );
    const [first, second] = createMatcher(entries).rank(text, 2);
    expect(first).toMatchObject({ entryId: 'logistics', matchedQuestion: text });
    expect(second).toMatchObject({ entryId: 'return-process', matchedQuestion: text });
    expect(second.score).toBeLessThan(first.score);
    // Weighed below in the rerank too, not only in recall: the same pair features score at least
    // the offset lower, so another entry's learned phrasing cuts a right answer's lead less.
    expect(first.score - second.score).toBeGreaterThanOrEqual(-LEARNED_RANK_OFFSET);
    // With the roles swapped the order swaps: it is the kind of question, not the entry, that counts.
    const swapped = SHOP.map((e) =>
      e.id === 'logistics' ? { ...e, learnedQuestions: [text] } : e.id === 'return-process' ? { ...e, similarQuestions: [...e.similarQuestions, text] } : e,
    );
    expect(createMatcher(swapped).rank(text, 1)[0].entryId).toBe('return-process');
  });

  it('matches through a learned phrasing, more confidently than without it', () => {
    const query = '发漂咋整捏';
    const [before] = createMatcher(SHOP).rank(query, 1);
    const learned = SHOP.map((e) => (e.id === 'invoice-how' ? { ...e, learnedQuestions: [query] } : e));
    const [after] = createMatcher(learned).rank(query, 1);
    expect(after).toMatchObject({ entryId: 'invoice-how', matchedQuestion: query });
    expect(after.confidence).toBeGreaterThan(before.confidence);
  });

  it('indexes a learned phrasing the operator also has once, as the operator’s', () => {
    const both = SHOP.map((e) => (e.id === 'invoice-how' ? { ...e, learnedQuestions: ['可以开发票吗'] } : e));
    expect(createMatcher(both).questionCount).toBe(createMatcher(SHOP).questionCount);
  });

  it('leaves a learned phrasing out of a ranking when excluded, like any question', () => {
    const query = '发漂咋整捏';
    const learned = SHOP.map((e) => (e.id === 'invoice-how' ? { ...e, learnedQuestions: [query] } : e));
    const left = createMatcher(learned).rank(query, 3, { exclude: { questions: new Set([query]) } });
    expect(left.map((c) => c.matchedQuestion)).not.toContain(query);
  });
});
