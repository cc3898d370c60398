/**
 * What a crash leaves behind, as the store sees it (issue 6, finding 12): the query that finds
 * customer messages without a reply, and the guarded turn commit that keeps two instances from
 * both answering one — on SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from '../store/testing.js';
import { CLOCK_START, openConversationFixture, type ConversationFixture } from './test-fixture.js';

const WINDOW_START = new Date(CLOCK_START).toISOString();

describe.each(TEST_BACKENDS)('unanswered messages and guarded turns on $name', (backend) => {
  let fx: ConversationFixture;
  beforeEach(async () => {
    fx = await openConversationFixture(backend);
  });
  afterEach(async () => {
    await fx.dispose();
  });

  async function conversationWith(text: string) {
    const customer = await fx.service.upsertCustomer({ name: '急着退款的张姐' }, { verified: false });
    const conversation = await fx.service.start({ channel: 'web', customer });
    const { message } = await fx.service.append(conversation.id, { sender: 'customer', clientMessageId: `c-${text}`, text, content: [] });
    return { conversation, message };
  }

  it('finds the newest customer message of an open conversation with no reply — and nothing else', async () => {
    const waiting = await conversationWith('退款咋还没到账啊😭');
    const answered = await conversationWith('发漂怎么开');
    await fx.service.append(answered.conversation.id, { sender: 'bot', text: '在「我的订单」里申请开票。', content: [], meta: { replyTo: answered.message.seq } });
    const closed = await conversationWith('算了不问了');
    await fx.database.db.updateTable('conversations').set({ status: 'closed' }).where('id', '=', closed.conversation.id).execute();
    // Answered, then the customer wrote again: only the newer message is waiting.
    const followUp = await conversationWith('运费谁出');
    await fx.service.append(followUp.conversation.id, { sender: 'bot', text: '质量问题我们出。', content: [], meta: { replyTo: followUp.message.seq } });
    const { message: again } = await fx.service.append(followUp.conversation.id, { sender: 'customer', text: '那换货呢？', content: [] });

    const found = await fx.service.unansweredCustomerMessages({ since: WINDOW_START, limit: 10 });
    expect(found.map((m) => [m.conversationId, m.seq])).toEqual([
      [waiting.conversation.id, waiting.message.seq],
      [followUp.conversation.id, again.seq],
    ]);
    // Outside the window: an old database does not get ancient replies.
    const later = new Date(CLOCK_START + 24 * 3600 * 1000).toISOString();
    expect(await fx.service.unansweredCustomerMessages({ since: later, limit: 10 })).toEqual([]);
  });

  it('commits a turn only once: of two commits at the same state version, one writes its replies, the other nothing', async () => {
    const { conversation, message } = await conversationWith('我的快递到哪了');
    const { version } = await fx.service.loadState(conversation.id);
    const reply = (text: string) => ({ sender: 'bot' as const, text, content: [], meta: { replyTo: message.seq } });
    const results = await Promise.all([
      fx.service.commitTurn(conversation.id, { state: { by: 'A' }, expectedVersion: version, replies: [reply('A：已发货，明天到。'), reply('A：还有别的问题吗？')] }),
      fx.service.commitTurn(conversation.id, { state: { by: 'B' }, expectedVersion: version, replies: [reply('B：已发货，明天到。')] }),
    ]);
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    const replies = await fx.service.repliesTo(conversation.id, message.seq);
    expect(replies.map((m) => m.seq)).toEqual(winners[0]!.messages.map((m) => m.seq));
    expect(new Set(replies.map((m) => m.text[0])).size).toBe(1);
    const loaded = await fx.service.loadState<{ by: string }>(conversation.id);
    expect(loaded.version).toBe(version + 1);
    expect(replies[0].text.startsWith(loaded.state!.by)).toBe(true);
    expect((await fx.service.get(conversation.id)).lastSeq).toBe(message.seq + replies.length);
    expect(fx.events.filter((e) => e.name === 'message.created')).toHaveLength(1 + replies.length);
  });
});
