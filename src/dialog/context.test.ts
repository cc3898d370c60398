/**
 * The follow-up detector and the rewrite of a fragment with the previous question, on their
 * own, over a real matcher's analysis (jieba, synonyms, stop words).
 */
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../nlu/matcher.js';
import { acceptsHandoffOffer, askedFact, CONTINUED_FOLLOW_UP_MAX_CHARS, contextQuestions, contextualQuery, FOLLOW_UP_MAX_CHARS, followUpKind, asksAFact, qualifiesFact, statedFact } from './context.js';

const matcher = createMatcher([{ id: 'exchange', question: '怎么申请换货？', similarQuestions: [], answerText: '' }]);
const kindOf = (text: string) => followUpKind(matcher.analyze(text).normalized.text);
const rewrite = (text: string, previous: string) => {
  const current = matcher.analyze(text);
  const kind = followUpKind(current.normalized.text);
  return kind && contextualQuery(current, matcher.analyze(previous), kind)?.query;
};

describe('followUpKind', () => {
  it.each(['那换货呢', '换货的话呢', '那如果是换货怎么办', '運費呢？'])('%s switches to a sibling topic', (text) => {
    expect(kindOf(text)).toBe('sibling');
  });

  it.each(['运费谁出', '要多久啊', '几天到账😭'])('%s is a short fragment that may lean on the previous question', (text) => {
    expect(kindOf(text)).toBe('elliptical');
  });

  it('a longer message leans on the previous question only when it opens with 那 / 还有 / 另外 — the continuation word matters', () => {
    const continued = '那如果已经拆封了还能退吗';
    const plain = '如果已经拆封了还能退货吗';
    expect(Array.from(continued).length).toBeGreaterThan(FOLLOW_UP_MAX_CHARS);
    expect(Array.from(plain).length).toBeGreaterThan(FOLLOW_UP_MAX_CHARS);
    expect(kindOf(continued)).toBe('elliptical');
    expect(kindOf('还有就是发票能开专票吗')).toBe('elliptical');
    expect(kindOf(plain)).toBeNull();
  });

  it('even with a continuation word, a long message is a question of its own', () => {
    const long = '那我上个月买的那件羽绒服现在降价了还能不能申请价保呢';
    expect(Array.from(long).length).toBeGreaterThan(CONTINUED_FOLLOW_UP_MAX_CHARS);
    expect(kindOf(long)).toBeNull();
    expect(kindOf('')).toBeNull();
  });
});

describe('contextualQuery', () => {
  it('carries the topic of the previous question, not how it was asked: 怎么申请换货 → 运费谁出', () => {
    const query = rewrite('运费谁出', '怎么申请换货');
    expect(query).toContain('换货');
    expect(query).not.toContain('怎么');
  });

  it('offers the previous question\'s most telling word alone too: 怎么申请换货 → 运费呢 is also 换货运费', () => {
    const current = matcher.analyze('运费呢');
    const rewritten = contextualQuery(current, matcher.analyze('怎么申请换货'), 'elliptical');
    expect(rewritten?.query).toBe('申请换货运费');
    expect(rewritten?.topicQueries?.[0]).toBe('换货运费');
  });

  it('offers each carried word alone with the fragment, so the fragment can replace what was asked: 积分会过期吗 → 那怎么用 is also 积分怎么用', () => {
    const current = matcher.analyze('那怎么用');
    const rewritten = contextualQuery(current, matcher.analyze('积分会过期吗'), followUpKind(current.normalized.text)!);
    expect(rewritten?.topicQueries).toEqual(expect.arrayContaining(['积分怎么用', '过期怎么用']));
  });

  it('swaps the sibling term: 我想退货 → 那换货呢 is 我想换货', () => {
    expect(rewrite('那换货呢', '我想退货')).toBe('我想换货');
  });

  it('a fragment that asks its own question names no sibling topic: 退款多久到账 → 退到哪里呢 is not swapped into 退款多久到账', () => {
    const current = matcher.analyze('退到哪里呢');
    expect(followUpKind(current.normalized.text)).toBe('sibling');
    const rewritten = contextualQuery(current, matcher.analyze('退款多久到账'), 'sibling');
    expect(rewritten?.kind).toBe('elliptical');
    // …whereas 那换货呢, which asks nothing of its own, still swaps its topic in.
    expect(contextualQuery(matcher.analyze('那换货呢'), matcher.analyze('我想退货'), 'sibling')?.kind).toBe('sibling');
  });

  it('a character shared through a word both questions have is no sibling: 下单后怎么修改收货地址 → 那改颜色呢 keeps 颜色 beside the address, not in place of 修改', () => {
    const current = matcher.analyze('那改颜色呢');
    const rewritten = contextualQuery(current, matcher.analyze('下单后怎么修改收货地址'), 'sibling');
    expect(rewritten?.kind).toBe('elliptical');
    expect(rewritten?.topicQueries).toEqual(expect.arrayContaining([expect.stringMatching(/^下单.*颜色$/)]));
  });
});

describe('contextQuestions', () => {
  it('is the question asked after an answer, the top candidate offered after a clarification', () => {
    expect(contextQuestions({ question: '换个大一码', entryId: 'exchange' })).toEqual(['换个大一码']);
    expect(contextQuestions({ question: '换个大一码', entryId: null, offered: [{ entryId: 'exchange', question: '怎么申请换货？' }] })).toEqual(['怎么申请换货？']);
  });

  it('adds the standard question of the entry that answered, when it differs: 我想退货 was answered by 怎么申请退货？', () => {
    expect(contextQuestions({ question: '我想退货', entryId: 'return' }, '怎么申请退货？')).toEqual(['我想退货', '怎么申请退货？']);
    expect(contextQuestions({ question: '怎么申请退货？', entryId: 'return' }, '怎么申请退货？')).toEqual(['怎么申请退货？']);
  });

  it('a sibling switch reads against the entry\'s question too: 那换货呢 after 怎么申请退货？ is 怎么申请换货', () => {
    expect(rewrite('那换货呢', '怎么申请退货？')).toBe('怎么申请换货');
  });
});

describe('acceptsHandoffOffer', () => {
  const accepts = (text: string) => acceptsHandoffOffer(matcher.analyze(text).normalized.text);

  it.each(['转吧', '好的，转吧', '行，帮我转一下', '那转吧！', '嗯嗯 转'])('%s accepts the person just offered', (text) => {
    expect(accepts(text)).toBe(true);
  });

  it.each(['好的', '嗯', '转账怎么操作', '余额能转到银行卡吗', '转人工的话要等多久'])('%s does not: a bare yes may mean the customer will ask again, and a question is a question', (text) => {
    expect(accepts(text)).toBe(false);
  });
});

describe('askedFact', () => {
  it.each([
    ['审核要多长时间', 'duration', '多长时间'],
    ['大概几天能换好', 'duration', '几天'],
    ['多少天内可以', 'duration', '多少天'],
    ['啥时候发货', 'duration', '啥时候'],
    ['要多少钱', 'cost', '多少钱'],
    ['要加钱吗', 'cost', '加钱'],
    ['手续费多少', 'cost', '手续费'],
    ['来回运费谁出', 'payer', '谁出'],
    ['邮费要我出吗', 'payer', '要我出'],
    ['能分几期', 'quantity', '几期'],
    ['最多能抵多少', 'quantity', '最多'],
    ['在哪里改', 'place', '在哪'],
    ['入口在哪', 'place', '入口'],
    ['拆了包装还能退不', 'condition', '还能'],
    ['关了它会员也能用吗', 'condition', '也能'],
    ['还能抵多少', 'quantity', '多少'],
    // Eighth context pass: who does it, and what happens in a case.
    ['错的那个要我自己寄回吗', 'actor', '要我自己'],
    ['得我去找快递吗', 'actor', '得我去'],
    ['那要是已经变质了呢', 'case', '要是'],
    ['万一丢了怎么办', 'case', '万一'],
    ['要是丢了谁赔', 'payer', '谁赔'],
    ['如果拆了还能退吗', 'condition', '还能'],
  ])('%s asks a %s (%s)', (text, fact, cue) => {
    expect(askedFact(text)).toEqual({ fact, cue });
  });

  it.each(['怎么用', '那换货呢', '能退吗', '为什么没到账'])('%s asks none of them', (text) => {
    expect(askedFact(text)).toBeNull();
  });
});

describe('statedFact', () => {
  it('finds a span of time, not a year nor a rule named after days', () => {
    expect(statedFact('duration', '审核 1–2 个工作日，通过后下单时选择。')).toBe('1–2 个工作日');
    expect(statedFact('duration', '提交后有 15 天冷静期')).toBe('15 天');
    expect(statedFact('duration', '一年内免费保修')).toBe('一年');
    expect(statedFact('duration', '2025 年获得的积分，在 2026 年 12 月 31 日清零')).toBeNull();
    expect(statedFact('duration', '大部分商品支持七天无理由退货')).toBeNull();
  });

  it('finds a price, who pays and a count', () => {
    expect(statedFact('cost', '勾选「礼品包装」即可（5 元/件）')).toBe('5 元');
    expect(statedFact('cost', '提现免手续费')).toBe('免手续费');
    expect(statedFact('payer', '来回运费都由我们承担')).toBe('由我们承担');
    expect(statedFact('payer', '运费您承担')).toBe('您承担');
    expect(statedFact('quantity', '支持 3、6、12 期')).toBe('12 期');
    expect(statedFact('quantity', '订单满 100 元可以分期')).toBe('100 元');
    expect(statedFact('place', '在 App「我的 > 设置 > 支付设置」里关闭')).toBe('「我的 > 设置 > 支付设置」');
    expect(statedFact('place', '在商品页点「到货通知」')).toBe('商品页');
    expect(statedFact('condition', '已拆封的个护用品不支持七天无理由')).toBe('不支持');
    // How an amount is worked out, an amount taken off, who does it.
    expect(statedFact('cost', '赠品丢失的，会按赠品标注的价值从退款中扣除')).toBe('按赠品标注的价值从退款中扣除');
    expect(statedFact('quantity', '比如满 300 减 40、满 600 减 80')).toBe('减 40');
    expect(statedFact('actor', '错发的商品会安排快递免费上门取回')).toBe('上门');
    expect(statedFact('actor', '不需要您去找快递公司索赔')).toBe('不需要您');
  });

  it('finds a case in the clause of the answer that names it', () => {
    const namesSpoilt = (clause: string) => clause.includes('变质');
    expect(statedFact('case', '我们承诺食品新鲜。收到过期、变质的食品，请拍照申请售后，全额退款', namesSpoilt)).toBe('收到过期、变质的食品');
    expect(statedFact('case', '我们承诺食品新鲜，全额退款', namesSpoilt)).toBeNull();
  });

  it('is null when the answer does not state it', () => {
    expect(statedFact('cost', '在「我的订单」里申请即可')).toBeNull();
    expect(statedFact('payer', '运费按重量计算')).toBeNull();
    expect(statedFact('place', '目前只在线上销售')).toBeNull();
    expect(statedFact('actor', '运费由您承担')).toBeNull();
  });
});

describe('asksAFact', () => {
  it.each(['几次', '手续费', '入口', '多久'])('%s asks a fact', (word) => expect(asksAFact(word)).toBe(true));
  it.each(['审核', '补发', '运费'])('%s is what is asked about', (word) => expect(asksAFact(word)).toBe(false));
});

describe('qualifiesFact', () => {
  it.each(['大概', '一般', '最快', '一个月'])('%s only qualifies the fact asked', (word) => expect(qualifiesFact(word)).toBe(true));
  it.each(['审核', '补发', '新疆'])('%s names something', (word) => expect(qualifiesFact(word)).toBe(false));
});
