import { describe, expect, it } from 'vitest';
import type { DecisionAction } from '../dialog/decision.js';
import type { Emotion, EmotionLabel } from '../nlu/types.js';
import { MAX_PROMOTIONS_PER_CONVERSATION, parsePromotion, selectPromotion, type Promotion, type PromotionContext } from './promotions.js';

const emotion = (label: EmotionLabel, score = label === 'neutral' ? 0 : 0.6): Emotion => ({ label, score, cues: [] });
const NOW = new Date('2026-11-05T10:00:00+08:00');

const DOUBLE_ELEVEN: Promotion = {
  id: 'double-eleven',
  content: [{ type: 'card', card: { title: '双十一预售开始啦', text: '付定金立减 50 元', url: 'https://shop.example/1111' } }],
  maxPerConversation: 1,
  validFrom: '2026-10-20',
  validTo: '2026-11-12',
};
const PLUS_MEMBER: Promotion = {
  id: 'plus-member',
  content: [{ type: 'text', text: '开通 PLUS 会员，积分翻倍～' }],
  categories: ['会员与积分'],
  maxPerConversation: 2,
};
const ALL = [DOUBLE_ELEVEN, PLUS_MEMBER];

const ctx = (over: Partial<PromotionContext> = {}): PromotionContext => ({
  emotion: emotion('neutral'),
  action: 'answer',
  entryCategory: '物流配送',
  shownCounts: {},
  now: NOW,
  ...over,
});

describe('selectPromotion', () => {
  it.each([
    ['a calm customer after an answer', ctx(), 'double-eleven'],
    ['a happy customer', ctx({ emotion: emotion('positive') }), 'double-eleven'],
    ['an answer in the targeted category prefers the targeted promotion', ctx({ entryCategory: '会员与积分' }), 'plus-member'],
    ['the targeted one again, below its cap of 2', ctx({ entryCategory: '会员与积分', shownCounts: { 'plus-member': 1 } }), 'plus-member'],
    ['the general one once the targeted one reached its cap', ctx({ entryCategory: '会员与积分', shownCounts: { 'plus-member': 2 }, maxTotal: 5 }), 'double-eleven'],
    ['an answer without category gets only untargeted promotions', ctx({ entryCategory: null }), 'double-eleven'],
  ])('shows one to %s', (_, context, expected) => {
    expect(selectPromotion(ALL, context)?.id).toBe(expected);
  });

  it.each<[string, PromotionContext]>([
    ['the customer is upset (negative)', ctx({ emotion: emotion('negative') })],
    ['the customer is angry', ctx({ emotion: emotion('angry', 0.9) })],
    ['the customer is angry in the targeted category', ctx({ emotion: emotion('angry'), entryCategory: '会员与积分' })],
    ...(['handoff', 'fallback', 'clarify', 'flow'] as DecisionAction[]).map((action): [string, PromotionContext] => [`the bot is doing ${action}`, ctx({ action })]),
    ['the answer was about a complaint (投诉与建议)', ctx({ entryCategory: '投诉与建议' })],
    ['the answer was after-sale (售后)', ctx({ entryCategory: '售后' })],
    ['its cap per conversation is reached', ctx({ shownCounts: { 'double-eleven': 1 } })],
    [`${MAX_PROMOTIONS_PER_CONVERSATION} promotions were already shown in this conversation`, ctx({ entryCategory: '会员与积分', shownCounts: { 'double-eleven': 1, 'plus-member': 1 } })],
    ['it has not started yet', ctx({ now: new Date('2026-10-19T12:00:00+08:00') })],
    ['it has ended', ctx({ now: new Date('2026-11-12T00:00:00Z') })],
  ])('shows none when %s', (_, context) => {
    expect(selectPromotion(ALL, context)).toBeNull();
  });

  it('shows none when there are no promotions', () => {
    expect(selectPromotion([], ctx())).toBeNull();
  });

  it('rotates among equal promotions: the least shown first', () => {
    const a: Promotion = { id: 'a', content: [{ type: 'text', text: '新人礼包' }], maxPerConversation: 3 };
    const b: Promotion = { id: 'b', content: [{ type: 'text', text: '邀请有礼' }], maxPerConversation: 3 };
    expect(selectPromotion([a, b], ctx())?.id).toBe('a');
    expect(selectPromotion([a, b], ctx({ shownCounts: { a: 1 } }))?.id).toBe('b');
  });
});

describe('parsePromotion', () => {
  it('stores the content as plain, safe text', () => {
    const p = parsePromotion({
      id: 'new-user',
      content: [{ type: 'text', text: '<b>新人</b>专享<img src=x onerror=alert(1)>礼包🎁' }],
      maxPerConversation: 1,
    });
    expect(p.content).toEqual([{ type: 'text', text: '新人专享礼包🎁' }]);
  });

  it.each([
    [{ id: 'x', content: [{ type: 'link', url: 'javascript:alert(1)', title: '领券' }], maxPerConversation: 1 }, 'content.0.url'],
    [{ id: 'x', content: [{ type: 'text', text: '<script>alert(1)</script>' }], maxPerConversation: 1 }, 'content'],
    [{ id: 'x', content: [{ type: 'text', text: '领券' }], maxPerConversation: 0 }, 'maxPerConversation'],
    [{ id: 'x', content: [{ type: 'text', text: '领券' }], maxPerConversation: 1, validFrom: '2026-11-12', validTo: '2026-11-11' }, 'validTo'],
  ])('refuses %j', (input, path) => {
    expect(() => parsePromotion(input)).toThrow(
      expect.objectContaining({ code: 'WENDU_VALIDATION', details: { issues: expect.arrayContaining([expect.objectContaining({ path })]) } }),
    );
  });
});
