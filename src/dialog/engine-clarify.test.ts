/**
 * Clarifications in real conversations (issue 9): one plausible candidate is asked as one
 * yes/no question, 是的 answers it, 不是 is a turn that did not help, a tap on a listed
 * candidate answers that entry, and a follow-up after a clarification leans on its top
 * candidate. Real SQLite, the demo knowledge, the real matcher, policy and engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import type { Message } from '../conversation/schemas.js';
import { ConversationService } from '../conversation/service.js';
import { TEST_SCOPE } from '../conversation/test-fixture.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { FlowRunner } from '../flows/runner.js';
import { FlowService } from '../flows/service.js';
import { KnowledgeService } from '../kb/service.js';
import { PHRASES } from '../reply/phrases.js';
import { contentText } from '../content/fallback-text.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import { ConversationEngine } from './engine.js';

const DAYTIME = new Date('2026-06-03T10:00:00+08:00');

let database: TestDatabase;
let bot: BotApi;
let engine: ConversationEngine;

beforeAll(async () => {
  database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  await loadDemoIfEmpty(knowledge);
  bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => DAYTIME });
  engine = new ConversationEngine({
    conversations: new ConversationService(database, new MemoryEventBus(), TEST_SCOPE, () => DAYTIME),
    bot,
    flows: new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID }),
    runner: new FlowRunner({ allowedHosts: [] }),
    botSecret: 'test-secret-温度',
    env: {},
    now: () => DAYTIME,
  });
});

afterAll(async () => {
  bot.close();
  await database.dispose();
});

async function chat() {
  const { conversation } = await engine.open({ channel: 'web' });
  let n = 0;
  return async (text: string) => (await engine.handleCustomerMessage(conversation.id, { text, clientMessageId: `c-${++n}` })).replies;
}

const actionOf = (replies: Message[]) => replies[0]?.meta.action;
const ruleOf = (replies: Message[]) => (replies[0]?.meta.decision as { rule?: string } | undefined)?.rule ?? replies[0]?.meta.rule;
const buttonsOf = (replies: Message[]) => replies.flatMap((m) => m.content.flatMap((b) => (b.type === 'buttons' ? b.buttons.flatMap((x) => (x.action === 'reply' ? [x.text] : [])) : [])));
const notHelpedTexts = PHRASES.notHelped.zh.map((v) => contentText(v.content));

/** A vague question the demo clarifies with exactly one plausible candidate (checked below). */
const VAGUE = '换个大一码';
const VAGUE_CANDIDATE = { entryId: 'shop-exchange-process', question: '怎么申请换货？' };

describe('one plausible candidate is one question', () => {
  it(`${VAGUE} → 您是想问「怎么申请换货？」吗？ with 是的 / 不是, never a list of one`, async () => {
    const say = await chat();
    const asked = await say(VAGUE);
    expect(actionOf(asked)).toBe('clarify');
    expect(asked[0].text).toContain(`「${VAGUE_CANDIDATE.question}」`);
    expect(asked[0].text).not.toMatch(/下面哪一个|1\./);
    expect(buttonsOf(asked)).toEqual(['是的', '不是']);
  });

  it.each(['是的', '对的呀', '嗯嗯', '對！', '是的👌'])('%s → answers the offered entry', async (yes) => {
    const say = await chat();
    await say(VAGUE);
    const answered = await say(yes);
    expect(actionOf(answered)).toBe('answer');
    expect(answered[0].meta.entryId).toBe(VAGUE_CANDIDATE.entryId);
    expect(ruleOf(answered)).toBe('answer.confirmed');
  });

  it.each(['不是', '不是啦😅', '都不对'])('%s → the not-helped turn (sorry, say more, or a person), then a person after another miss', async (no) => {
    const say = await chat();
    await say(VAGUE);
    const rejected = await say(no);
    expect(ruleOf(rejected)).toBe('fallback.not_helped');
    expect(notHelpedTexts).toContain(rejected[0].text);
    expect(rejected[0].meta.entryId).toBeUndefined();
    const again = await say('还是没用');
    expect(actionOf(again)).toBe('handoff');
  });

  it('是的 after 不是 confirms nothing: what was rejected is off the table', async () => {
    const say = await chat();
    await say(VAGUE);
    await say('不是');
    const replies = await say('是的');
    expect(ruleOf(replies)).not.toBe('answer.confirmed');
    expect(replies[0]?.meta.entryId).not.toBe(VAGUE_CANDIDATE.entryId);
  });

  it('是的 with nothing offered before is not taken as a confirmation', async () => {
    const say = await chat();
    const replies = await say('是的');
    expect(ruleOf(replies)).not.toBe('answer.confirmed');
  });

  it('a new question instead of 是的 is understood as usual', async () => {
    const say = await chat();
    await say(VAGUE);
    const replies = await say('忘记密码怎么办');
    expect(replies[0].meta.entryId).toBe('shop-forgot-password');
  });
});

describe('a tap on a listed candidate answers that entry', () => {
  it('我的快递呢 lists several; tapping the second answers it without asking again', async () => {
    const say = await chat();
    const asked = await say('我的快递呢？？？');
    expect(actionOf(asked)).toBe('clarify');
    const offered = buttonsOf(asked);
    expect(offered.length).toBeGreaterThan(1);
    const tapped = await say(offered[1]);
    expect(actionOf(tapped)).toBe('answer');
    expect(ruleOf(tapped)).toBe('answer.confirmed');
    const decision = tapped[0].meta.decision as { resolvedQuestion: string };
    expect(decision.resolvedQuestion).toBe(offered[1]);
  });
});

describe('a follow-up after a clarification leans on its top candidate', () => {
  it(`${VAGUE} (clarified as 怎么申请换货？) → 那运费谁出 is the exchange's shipping fee, answered`, async () => {
    const say = await chat();
    expect(actionOf(await say(VAGUE))).toBe('clarify');
    const fee = await say('那运费谁出');
    expect(actionOf(fee)).toBe('answer');
    expect(fee[0].meta.entryId).toBe('shop-exchange-shipping-fee');
    expect((fee[0].meta.decision as { resolvedQuestion: string }).resolvedQuestion).toContain('换货');
  });

  it.each(['那运费呢', '運費呢？'])(`${VAGUE} (clarified) → %s is the exchange's shipping fee too`, async (text) => {
    const say = await chat();
    await say(VAGUE);
    const fee = await say(text);
    expect(fee[0].meta.entryId).toBe('shop-exchange-shipping-fee');
  });

  it('after 是的 the confirmed entry is the context: 怎么申请换货 confirmed → 运费谁出 is the exchange fee', async () => {
    const say = await chat();
    await say(VAGUE);
    await say('是的');
    const fee = await say('运费谁出');
    expect(fee[0].meta.entryId).toBe('shop-exchange-shipping-fee');
  });
});

describe('context that carries', () => {
  it('我想退货 → 那换货呢，运费也是我出吗 is one question about the exchange fee, not two parts', async () => {
    const say = await chat();
    expect((await say('我想退货'))[0].meta.entryId).toBe('shop-return-process');
    const fee = await say('那换货呢，运费也是我出吗');
    expect(fee[0].meta.entryId).toBe('shop-exchange-shipping-fee');
    expect((fee[0].meta.decision as { parts: unknown[] }).parts.length).toBeLessThan(2); // 多问多答 lists every part; one question has none
    expect(fee[0].text).not.toContain('关于「');
  });

  it('七天无理由退货有什么条件 → 那如果已经拆封了还能退吗 (longer, opened by 那) leans on it', async () => {
    const say = await chat();
    expect((await say('七天无理由退货有什么条件？'))[0].meta.entryId).toBe('shop-seven-day-return');
    const unsealed = await say('那如果已经拆封了还能退吗');
    expect(unsealed[0].meta.entryId).toBe('shop-seven-day-return');
    expect((unsealed[0].meta.decision as { explanation: string }).explanation).toContain('结合上一句');
  });
});

describe('choosing and correcting', () => {
  it('积分 lists the entries about it; 第二个 answers the second offered, 2 and 上面那个 work too', async () => {
    for (const [pick, place] of [['第二个', 1], ['2', 1], ['上面那个', 0]] as const) {
      const say = await chat();
      const asked = await say('积分');
      expect(actionOf(asked)).toBe('clarify');
      const offered = buttonsOf(asked);
      expect(offered.length).toBeGreaterThan(1);
      const chosen = await say(pick);
      expect(ruleOf(chosen)).toBe('answer.confirmed');
      expect((chosen[0].meta.decision as { resolvedQuestion: string }).resolvedQuestion).toBe(offered[place]);
    }
  });

  it('不对 after an answer asks again with the other candidates instead of repeating it, and counts as a miss', async () => {
    const say = await chat();
    const answered = await say('优惠券怎么用');
    expect(answered[0].meta.entryId).toBe('shop-coupon-how');
    const again = await say('不对');
    expect(ruleOf(again)).toBe('clarify.after_rejection');
    expect(again[0].meta.entryId).toBeUndefined();
    const offered = buttonsOf(again);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered).not.toContain('优惠券怎么用？');
    // Rejecting what is offered next is the second miss in a row: a person (maxConsecutiveFallbacks 2).
    expect(actionOf(await say('都不是'))).toBe('handoff');
  });
});

describe('a pronoun after an answer', () => {
  it('开通PLUS有啥好处 → 这个能退吗 is the PLUS refund: the previous question carried whole does not find its own entry again for a word it lacks (退)', async () => {
    const say = await chat();
    expect((await say('开通PLUS有啥好处'))[0].meta.entryId).toBe('shop-plus-membership');
    const followUp = await say('这个能退吗');
    expect(actionOf(followUp)).toBe('answer');
    expect(followUp[0].meta.entryId).toBe('shop-plus-refund');
  });
});

describe('a correction after an answer', () => {
  it.each([
    ['怎么申请退货', '不是我要问的是退款多久到', 'shop-refund-time'],
    ['怎么申请退货', '不对，我是说换货', 'shop-exchange-process'],
    ['怎么申请退货', '不是退货，是换货', 'shop-exchange-process'],
    ['优惠券怎么用', '不是这个，是积分怎么用', 'shop-points-use'],
  ])('%s → %s answers the question meant, not a not-helped turn', async (first, correction, entryId) => {
    const say = await chat();
    await say(first);
    const corrected = await say(correction);
    expect(actionOf(corrected)).toBe('answer');
    expect(corrected[0].meta.entryId).toBe(entryId);
  });

  it('the entry corrected is ruled out for that turn: 怎么查物流 → 不是，我问的是退货的进度 neither answers nor offers the logistics entry', async () => {
    const say = await chat();
    expect((await say('怎么查物流'))[0].meta.entryId).toBe('shop-logistics-tracking');
    const corrected = await say('不是，我问的是退货的进度');
    expect(corrected[0].meta.entryId).not.toBe('shop-logistics-tracking');
    expect(buttonsOf(corrected)).not.toContain('怎么查物流信息？');
    expect((corrected[0].meta.decision as { explanation: string }).explanation).toMatch(/纠正/);
  });
});

describe('several questions in one message', () => {
  it('忘记密码怎么办？新人券有吗 — the second keeps its own topic instead of borrowing the password', async () => {
    const say = await chat();
    const replies = await say('忘记密码怎么办？新人券有吗');
    const parts = (replies[0].meta.decision as { parts: { text: string; entryId: string | null }[] }).parts;
    expect(parts).toHaveLength(2);
    expect(parts[0].entryId).toBe('shop-forgot-password');
    expect(replies[0].text).not.toMatch(/您指的是「忘记密码|您是想问「忘记密码|确认.*「忘记密码/);
    expect(buttonsOf(replies)).not.toContain('忘记密码怎么办？');
  });

  it(`发票怎么开？${VAGUE} — the one candidate of the second part is offered as a tap, not a bare 是的 that would not say which`, async () => {
    const say = await chat();
    const replies = await say(`发票怎么开？${VAGUE}`);
    const buttons = buttonsOf(replies);
    expect(buttons).toContain(VAGUE_CANDIDATE.question);
    expect(buttons).not.toContain('是的');
    const tapped = await say(VAGUE_CANDIDATE.question);
    expect(ruleOf(tapped)).toBe('answer.confirmed');
    expect(tapped[0].meta.entryId).toBe(VAGUE_CANDIDATE.entryId);
  });
});

describe('accepting the person the bot offered', () => {
  const OUT_OF_SCOPE = '帮我看看这份合同';

  it(`${OUT_OF_SCOPE} falls back with 转人工 on offer; 好的，转吧 then hands over (it names no person, and 转 alone is no question about transfers)`, async () => {
    const say = await chat();
    expect(actionOf(await say(OUT_OF_SCOPE))).toBe('fallback');
    const accepted = await say('好的，转吧');
    expect(actionOf(accepted)).toBe('handoff');
    expect(ruleOf(accepted)).toBe('handoff.accepted_offer');
  });

  it(`after the not-helped turn too: ${VAGUE} → 您是想问… → 不是 → 那帮我转一下`, async () => {
    const say = await chat();
    expect(actionOf(await say(VAGUE))).toBe('clarify');
    expect(ruleOf(await say('不是'))).toBe('fallback.not_helped');
    expect(actionOf(await say('那帮我转一下'))).toBe('handoff');
  });

  it('转吧 with no person offered, or a bare 好的 after the offer, hands nobody over', async () => {
    const say = await chat();
    await say('优惠券怎么用');
    expect(actionOf(await say('转吧'))).not.toBe('handoff');
    const again = await chat();
    await again(OUT_OF_SCOPE);
    expect(actionOf(await again('好的'))).not.toBe('handoff');
  });
});
