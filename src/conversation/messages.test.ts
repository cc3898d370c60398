import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { TEST_BACKENDS } from '../store/testing.js';
import { MAX_MESSAGE_TEXT_LENGTH, MAX_MESSAGES_PAGE_SIZE, MAX_META_BYTES, type Conversation } from './schemas.js';
import { EVENT_WAIT, openConversationFixture, type ConversationFixture } from './test-fixture.js';

const CONCURRENT_APPENDS = 50;

const customerSays = (text: string, clientMessageId?: string) => ({
  sender: 'customer' as const,
  clientMessageId,
  text,
  content: [{ type: 'text' as const, text }],
});

const botAnswers = (text: string, replyTo: number, entryId?: string) => ({
  sender: 'bot' as const,
  text,
  content: [{ type: 'text' as const, text }],
  meta: { replyTo, ...(entryId ? { entryId } : {}), confidence: 0.91 },
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  return isWenduError(err) ? err.code : String(err);
}

describe.each(TEST_BACKENDS)('conversation messages on $name', (backend) => {
  let fx: ConversationFixture;
  let conversation: Conversation;
  beforeEach(async () => {
    fx = await openConversationFixture(backend);
    const customer = await fx.service.upsertCustomer({ name: '小王' }, { verified: false });
    conversation = await fx.service.start({ channel: 'web', customer });
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('numbers messages 1, 2, 3 … and keeps what was sent', async () => {
    const first = await fx.service.append(conversation.id, customerSays('我想退货，衣服太大了😭', 'c-1'));
    const second = await fx.service.append(conversation.id, botAnswers('收到签收后 7 天内可以申请退货哦。', 1, 'kb-return'));
    expect([first.message.seq, second.message.seq]).toEqual([1, 2]);
    expect(first.duplicate).toBe(false);
    expect(first.message).toMatchObject({ sender: 'customer', clientMessageId: 'c-1', text: '我想退货，衣服太大了😭', meta: {} });
    const stored = await fx.service.messagesAfter(conversation.id, 0);
    expect(stored).toEqual([first.message, second.message]);
    expect((await fx.service.get(conversation.id)).lastSeq).toBe(2);
  });

  it('refuses a meta over MAX_META_BYTES — in an append and in a turn’s replies — storing nothing, and keeps one just under it byte for byte', async () => {
    const big = { replyTo: 1, trace: '决'.repeat(Math.ceil(MAX_META_BYTES / 3)) };
    const refusal = { code: 'WENDU_VALIDATION', details: { issues: [{ path: 'meta', message: `meta 不能超过 ${MAX_META_BYTES} 字节`, code: 'custom' }] } };
    await expect(fx.service.append(conversation.id, { ...botAnswers('好的', 1), meta: big })).rejects.toMatchObject(refusal);
    const turn = { state: { step: 1 }, expectedVersion: 0, replies: [botAnswers('好的', 1), { ...botAnswers('还有', 1), meta: big }] };
    await expect(fx.service.commitTurn(conversation.id, turn)).rejects.toMatchObject(refusal);
    expect((await fx.service.get(conversation.id)).lastSeq).toBe(0);
    // '{"replyTo":1,"trace":"…"}' is 23 bytes besides the trace; 3 bytes per 决.
    const justUnder = { replyTo: 1, trace: '决'.repeat(Math.floor((MAX_META_BYTES - 23) / 3)) };
    const { message } = await fx.service.append(conversation.id, { ...botAnswers('好的', 1), meta: justUnder });
    expect((await fx.service.messagesAfter(conversation.id, 0))[0]).toEqual(message);
    expect(message.meta).toEqual(justUnder);
  });

  it('stores a retried client message once and answers it with the stored message', async () => {
    const original = await fx.service.append(conversation.id, customerSays('運費誰出？', 'retry-1'));
    const retry = await fx.service.append(conversation.id, customerSays('運費誰出？', 'retry-1'));
    expect(retry).toEqual({ message: original.message, duplicate: true });
    const next = await fx.service.append(conversation.id, customerSays('那换货呢', 'retry-2'));
    expect(next.message.seq).toBe(2); // the retry took no number
    expect(fx.events.filter((e) => e.name === 'message.created')).toHaveLength(2);
  });

  it('stores two parallel sends with the same client id once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => fx.service.append(conversation.id, customerSays('在吗在吗', 'twin'))),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(await fx.service.messagesAfter(conversation.id, 0)).toHaveLength(1);
    expect((await fx.service.get(conversation.id)).lastSeq).toBe(1);
  });

  /**
   * Holds the conversation's row lock in a transaction that has written `clientMessageId`,
   * starts a real append of the same id (past its lock-free duplicate check, on PostgreSQL
   * proven by waiting until it blocks on the lock), then commits or rolls back the holder.
   */
  async function raceAgainstHeldAppend(clientMessageId: string, outcome: 'commit' | 'rollback') {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = fx.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('conversations').set((eb) => ({ last_seq: eb('last_seq', '+', 1) })).where('id', '=', conversation.id).execute();
      await trx
        .insertInto('messages')
        .values({ id: 'msg-held', workspace_id: fx.service.scope.workspaceId, conversation_id: conversation.id, seq: 1, sender: 'customer', sender_id: null, client_message_id: clientMessageId, text: '先到的那条', content: '[]', meta: '{}', reply_to: null, entry_id: null, created_at: '2026-03-08T09:00:00.000Z' })
        .execute();
      locked();
      await gate;
      if (outcome === 'rollback') throw new Error('rolled back on purpose');
    });
    await lockTaken;
    const racing = fx.service.append(conversation.id, customerSays('后到的重试', clientMessageId));
    if (backend.name === 'postgres') {
      await vi.waitFor(async () => {
        const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'update "conversations"%'`.execute(fx.database.db);
        expect(Number(waiting.rows[0].n)).toBeGreaterThan(0);
      }, EVENT_WAIT);
    }
    release();
    await holder.catch(() => undefined);
    return racing;
  }

  it('answers a retry that raced the original with the original', async () => {
    const result = await raceAgainstHeldAppend('raced-1', 'commit');
    expect(result.duplicate).toBe(true);
    expect(result.message).toMatchObject({ id: 'msg-held', seq: 1, text: '先到的那条' });
    expect((await fx.service.get(conversation.id)).lastSeq).toBe(1);
    expect(await fx.service.messagesAfter(conversation.id, 0)).toHaveLength(1);
  });

  it('takes the number a rolled-back append gave back', async () => {
    const result = await raceAgainstHeldAppend('raced-2', 'rollback');
    expect(result.duplicate).toBe(false);
    expect(result.message).toMatchObject({ seq: 1, text: '后到的重试' });
    expect((await fx.service.get(conversation.id)).lastSeq).toBe(1);
  });

  it(`gives ${CONCURRENT_APPENDS} concurrent appends the numbers 1…${CONCURRENT_APPENDS} without gaps`, async () => {
    const results = await Promise.all(
      Array.from({ length: CONCURRENT_APPENDS }, (_, i) => fx.service.append(conversation.id, customerSays(`第${i}条：快递到哪了`, `burst-${i}`))),
    );
    const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: CONCURRENT_APPENDS }, (_, i) => i + 1));
    const stored = await fx.service.messagesAfter(conversation.id, 0, MAX_MESSAGES_PAGE_SIZE);
    expect(stored.map((m) => m.seq)).toEqual(seqs);
  });

  it('resumes from a sequence number and pages through the log', async () => {
    for (let i = 1; i <= 7; i++) await fx.service.append(conversation.id, customerSays(`消息${i}`));
    expect((await fx.service.messagesAfter(conversation.id, 4)).map((m) => m.text)).toEqual(['消息5', '消息6', '消息7']);
    expect((await fx.service.messagesAfter(conversation.id, 2, 2)).map((m) => m.seq)).toEqual([3, 4]);
    expect(await fx.service.messagesAfter(conversation.id, 7)).toEqual([]);
    expect(await codeOf(fx.service.messagesAfter(conversation.id, -1))).toBe('WENDU_VALIDATION');
  });

  it('publishes message.created only after the message is readable', async () => {
    const visibleWhenHeard: boolean[] = [];
    await fx.bus.subscribe('message.created', async (e) => {
      const found = await fx.service.messagesAfter(e.payload.conversationId, e.payload.message.seq - 1, 1);
      visibleWhenHeard.push(found[0]?.id === e.payload.message.id);
    });
    const { message } = await fx.service.append(conversation.id, customerSays('发票怎么开'));
    await vi.waitFor(() => expect(visibleWhenHeard).toEqual([true]), EVENT_WAIT);
    const event = fx.events.find((e) => e.name === 'message.created');
    expect(event?.payload).toEqual({ conversationId: conversation.id, customerId: conversation.customerId, message });
  });

  it('finds the replies to a customer message by meta.replyTo', async () => {
    await fx.service.append(conversation.id, customerSays('退货运费谁出？顺便问下发票', 'q-1'));
    await fx.service.append(conversation.id, botAnswers('质量问题运费由我们承担。', 1, 'kb-return-fee'));
    await fx.service.append(conversation.id, botAnswers('发票可在订单详情页申请。', 1, 'kb-invoice'));
    await fx.service.append(conversation.id, customerSays('好的谢谢', 'q-2'));
    await fx.service.append(conversation.id, botAnswers('不客气～', 4));
    const replies = await fx.service.repliesTo(conversation.id, 1);
    expect(replies.map((m) => m.meta.entryId)).toEqual(['kb-return-fee', 'kb-invoice']);
    expect(await fx.service.repliesTo(conversation.id, 2)).toEqual([]);
  });

  it('refuses oversize, empty, malformed and orphan messages with coded errors', async () => {
    const tooLong = '退'.repeat(MAX_MESSAGE_TEXT_LENGTH + 1);
    expect(await codeOf(fx.service.append(conversation.id, { sender: 'customer', text: tooLong, content: [] }))).toBe('WENDU_MESSAGE_TOO_LONG');
    const emojiAtLimit = '😭'.repeat(MAX_MESSAGE_TEXT_LENGTH); // counted in characters, not UTF-16 units
    expect((await fx.service.append(conversation.id, { sender: 'customer', text: emojiAtLimit, content: [] })).message.seq).toBe(1);
    expect(await codeOf(fx.service.append(conversation.id, { sender: 'customer', text: '  ', content: [] }))).toBe('WENDU_MESSAGE_EMPTY');
    const badLink = [{ type: 'link' as const, url: 'javascript:alert(1)', title: '点我' }];
    expect(await codeOf(fx.service.append(conversation.id, { sender: 'bot', text: '看这里', content: badLink }))).toBe('WENDU_VALIDATION');
    expect(await codeOf(fx.service.append(conversation.id, { sender: 'robot' as never, text: '你好', content: [] }))).toBe('WENDU_VALIDATION');
    expect(await codeOf(fx.service.append('cv-nope', customerSays('有人吗')))).toBe('WENDU_CONVERSATION_NOT_FOUND');
    expect((await fx.service.get(conversation.id)).lastSeq).toBe(1);
  });

  it('moves read marks forward only and publishes each move once', async () => {
    for (let i = 1; i <= 3; i++) await fx.service.append(conversation.id, botAnswers(`回复${i}`, 1));
    expect(await fx.service.lastRead(conversation.id, 'customer')).toBe(0);
    expect(await fx.service.markRead(conversation.id, 'customer', 2)).toBe(2);
    expect(await fx.service.markRead(conversation.id, 'customer', 1)).toBe(2);
    expect(await fx.service.markRead(conversation.id, 'customer', 2)).toBe(2);
    expect(await fx.service.markRead(conversation.id, 'customer', 3)).toBe(3);
    expect(await fx.service.lastRead(conversation.id, 'customer')).toBe(3);
    expect(await fx.service.lastRead(conversation.id, 'agent')).toBe(0);
    expect(await codeOf(fx.service.markRead(conversation.id, 'agent', 4))).toBe('WENDU_VALIDATION');
    const reads = fx.events.filter((e) => e.name === 'message.read').map((e) => e.payload);
    expect(reads).toEqual([
      { conversationId: conversation.id, reader: 'customer', lastReadSeq: 2 },
      { conversationId: conversation.id, reader: 'customer', lastReadSeq: 3 },
    ]);
  });

  it('keeps the log across a restart', async () => {
    await fx.service.append(conversation.id, customerSays('重启前的消息', 'persist-1'));
    const again = await fx.database.reopen();
    try {
      const rows = await again.db.selectFrom('messages').select(['seq', 'text', 'client_message_id']).execute();
      expect(rows.map((r) => ({ ...r, seq: Number(r.seq) }))).toEqual([{ seq: 1, text: '重启前的消息', client_message_id: 'persist-1' }]);
    } finally {
      await again.close();
    }
  });
});
