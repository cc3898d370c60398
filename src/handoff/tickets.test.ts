/**
 * TicketService and RatingService on a real SQLite file and a real PostgreSQL schema: what a
 * left message writes (ticket, history, the conversation log), paging and filtering, the
 * status and owner rules, workspace scope, the one-rating-per-hand-off rule, and that nothing
 * is written when the input is refused.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_START, EVENT_WAIT, openConversationFixture, TEST_SCOPE, type ConversationFixture } from '../conversation/test-fixture.js';
import type { Conversation } from '../conversation/schemas.js';
import { TEST_BACKENDS } from '../store/testing.js';
import { RatingService } from './ratings.js';
import { MAX_LEFT_MESSAGE_LENGTH } from './ticket-schemas.js';
import { reopenTicketsOnCustomerMessage } from './ticket-follow-up.js';
import { TicketService } from './tickets.js';

const AGENT = { id: 'us-xiaomei', actor: 'user:xiaomei@shop.cn' };
const OTHER_AGENT = { id: 'us-dawei', actor: 'user:dawei@shop.cn' };

describe.each(TEST_BACKENDS)('tickets on $name', (backend) => {
  let fx: ConversationFixture;
  let tickets: TicketService;
  let conversation: Conversation;

  async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
    return work.then(
      () => undefined,
      (err: { code?: string }) => err.code,
    );
  }

  beforeEach(async () => {
    fx = await openConversationFixture(backend);
    // A clock a second apart per reading, so "newest first" never rests on a tie.
    let tick = 0;
    const now = () => new Date(CLOCK_START + 1000 * tick++);
    tickets = new TicketService(fx.database, { workspaceId: TEST_SCOPE.workspaceId, conversationsOf: async () => fx.service, now });
    const customer = await fx.service.upsertCustomer({ name: '王女士' }, { verified: false });
    conversation = await fx.service.start({ channel: 'web', customer });
  });

  afterEach(async () => {
    await fx.dispose();
  });

  it('a left message becomes an open ticket, the customer message in the log, and an acknowledgement replying to it', async () => {
    const { ticket, messageSeq } = await tickets.leaveMessage(fx.service, conversation, {
      contact: ' 微信：wang_xiaoli88 ',
      text: '  快递显示签收了但是我根本没收到！！单号 SF1234567890，麻烦查下😭  ',
    });
    expect(ticket).toMatchObject({ status: 'open', ownerId: null, contact: 'wang_xiaoli88', contactKind: 'wechat', conversationId: conversation.id });
    expect(ticket.text).toBe('快递显示签收了但是我根本没收到！！单号 SF1234567890，麻烦查下😭');

    const log = await fx.service.messagesAfter(conversation.id, 0);
    expect(log.map((m) => [m.seq, m.sender])).toEqual([
      [1, 'customer'],
      [2, 'system'],
    ]);
    expect(log[0]).toMatchObject({ seq: messageSeq, text: ticket.text, senderId: conversation.customerId, meta: { ticketId: ticket.id } });
    expect(log[1].meta).toMatchObject({ ticketId: ticket.id, replyTo: messageSeq });
    expect(log[1].text).toContain('wang_xiaoli88');
    // Answered, so a restart's crash recovery leaves it to a person instead of the bot.
    expect(await fx.service.unansweredCustomerMessages({ since: '2000-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);

    const stored = await tickets.get(ticket.id);
    expect(stored.events).toEqual([expect.objectContaining({ seq: 1, kind: 'created', actor: `customer:${conversation.customerId}`, text: ticket.text })]);
  });

  it('a retried left message (same clientMessageId) is one ticket and one message, also when both arrive at once', async () => {
    const input = { contact: '13812345678', text: '地址写错了，能改成浦东新区吗', clientMessageId: 'widget-7f3a' };
    const first = await tickets.leaveMessage(fx.service, conversation, input);
    const retry = await tickets.leaveMessage(fx.service, conversation, input);
    expect(first.duplicate).toBe(false);
    expect(retry).toEqual({ ...first, duplicate: true });
    const twins = await Promise.all([1, 2].map(() => tickets.leaveMessage(fx.service, conversation, { ...input, clientMessageId: 'widget-9b1c' })));
    expect(twins[0].ticket.id).toBe(twins[1].ticket.id);
    expect(twins.map((t) => t.duplicate).sort()).toEqual([false, true]);
    expect((await tickets.list()).tickets).toHaveLength(2);
    expect((await fx.service.messagesAfter(conversation.id, 0)).map((m) => m.sender)).toEqual(['customer', 'system', 'customer', 'system']);
    // The same id on another conversation is another message.
    const customer = await fx.service.upsertCustomer({ name: '李先生' }, { verified: false });
    const other = await fx.service.start({ channel: 'web', customer });
    expect((await tickets.leaveMessage(fx.service, other, input)).duplicate).toBe(false);
  });

  it('the acknowledgement speaks the bot’s language', async () => {
    await tickets.leaveMessage(fx.service, conversation, { contact: 'amy.chen@163.com', text: 'Where is my refund?' }, { locale: 'en' });
    const [, ack] = await fx.service.messagesAfter(conversation.id, 0);
    expect(ack.text).toMatch(/^Got your message/);
  });

  it('refuses a bad contact, an empty or an oversize text — and writes nothing', async () => {
    expect(await codeOf(tickets.leaveMessage(fx.service, conversation, { contact: '晚上打给我', text: '退款还没到' }))).toBe('WENDU_CONTACT_INVALID');
    expect(await codeOf(tickets.leaveMessage(fx.service, conversation, { contact: '1381234567', text: '退款还没到' }))).toBe('WENDU_CONTACT_INVALID');
    expect(await codeOf(tickets.leaveMessage(fx.service, conversation, { contact: '13812345678', text: ' \n  ' }))).toBe('WENDU_MESSAGE_EMPTY');
    expect(await codeOf(tickets.leaveMessage(fx.service, conversation, { contact: '13812345678', text: '啊'.repeat(MAX_LEFT_MESSAGE_LENGTH + 1) }))).toBe('WENDU_MESSAGE_TOO_LONG');
    expect(await codeOf(tickets.leaveMessage(fx.service, conversation, { contact: { $ne: '' }, text: '退款' }))).toBe('WENDU_VALIDATION');
    expect((await tickets.list()).tickets).toEqual([]);
    expect(await fx.service.messagesAfter(conversation.id, 0)).toEqual([]);
  });

  it('an answer goes into the conversation as the agent’s message; the first to answer owns the ticket', async () => {
    const { ticket } = await tickets.leaveMessage(fx.service, conversation, { contact: '138 1234 5678', text: '发票抬头开错了，能重开吗' });
    const answered = await tickets.reply(ticket.id, { text: '您好，可以重开的，我这边已经帮您申请了，1-3 个工作日发到您邮箱～' }, AGENT);
    expect(answered).toMatchObject({ status: 'pending', ownerId: AGENT.id });
    expect(answered.events.map((e) => [e.seq, e.kind, e.actor])).toEqual([
      [1, 'created', `customer:${conversation.customerId}`],
      [2, 'assigned', AGENT.actor],
      [3, 'replied', AGENT.actor],
    ]);
    const again = await tickets.reply(ticket.id, { text: '补充一下：新发票已经开好了' }, OTHER_AGENT);
    expect(again.ownerId).toBe(AGENT.id);
    expect(again.events.map((e) => e.kind)).toEqual(['created', 'assigned', 'replied', 'replied']);

    const agentMessages = (await fx.service.messagesAfter(conversation.id, 0)).filter((m) => m.sender === 'agent');
    expect(agentMessages.map((m) => [m.senderId, m.text])).toEqual([
      [AGENT.id, '您好，可以重开的，我这边已经帮您申请了，1-3 个工作日发到您邮箱～'],
      [OTHER_AGENT.id, '补充一下：新发票已经开好了'],
    ]);
    expect(fx.events.filter((e) => e.name === 'message.created' && e.payload.message.sender === 'agent')).toHaveLength(2);
  });

  it('a closed ticket takes no more answers; closing twice changes nothing', async () => {
    const { ticket } = await tickets.leaveMessage(fx.service, conversation, { contact: 'kefu-test@qq.com', text: '不要了，帮我取消订单' });
    const closed = await tickets.close(ticket.id, { note: '顾客自己取消了' }, AGENT);
    expect(closed.status).toBe('closed');
    expect(closed.events.at(-1)).toMatchObject({ kind: 'closed', text: '顾客自己取消了', actor: AGENT.actor });
    expect((await tickets.close(ticket.id, {}, OTHER_AGENT)).events).toHaveLength(2);
    const lastSeq = (await fx.service.get(conversation.id)).lastSeq;
    expect(await codeOf(tickets.reply(ticket.id, { text: '您好' }, AGENT))).toBe('WENDU_TICKET_CLOSED');
    expect((await fx.service.get(conversation.id)).lastSeq).toBe(lastSeq);
  });

  it('an empty answer is refused before anything is sent', async () => {
    const { ticket } = await tickets.leaveMessage(fx.service, conversation, { contact: '13912345678', text: '在吗' });
    expect(await codeOf(tickets.reply(ticket.id, { text: '   ' }, AGENT))).toBe('WENDU_MESSAGE_EMPTY');
    expect((await tickets.get(ticket.id)).status).toBe('open');
  });

  it('lists newest first, by status, a page at a time without skipping or repeating', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await tickets.leaveMessage(fx.service, conversation, { contact: '13800138000', text: `第${i}次留言，还是没人回` })).ticket.id);
    await tickets.reply(ids[1], { text: '已处理' }, AGENT);
    const first = await tickets.list({ limit: 2 });
    expect(first.tickets.map((t) => t.id)).toEqual([ids[4], ids[3]]);
    const second = await tickets.list({ limit: 2, before: first.nextBefore! });
    const third = await tickets.list({ limit: 2, before: second.nextBefore! });
    expect([...second.tickets, ...third.tickets].map((t) => t.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(third.nextBefore).toBeNull();
    expect((await tickets.list({ status: 'pending' })).tickets.map((t) => t.id)).toEqual([ids[1]]);
    expect(await codeOf(tickets.list({ status: 'done' as never }))).toBe('WENDU_VALIDATION');
  });

  it('filters by owner: nobody’s, or one user’s', async () => {
    const a = (await tickets.leaveMessage(fx.service, conversation, { contact: '13800138000', text: '优惠券用不了' })).ticket;
    const b = (await tickets.leaveMessage(fx.service, conversation, { contact: '13800138000', text: '积分没到账' })).ticket;
    await tickets.reply(a.id, { text: '帮您补发了一张券' }, AGENT);
    expect((await tickets.list({ owner: 'none' })).tickets.map((t) => t.id)).toEqual([b.id]);
    expect((await tickets.list({ owner: AGENT.id })).tickets.map((t) => t.id)).toEqual([a.id]);
    expect((await tickets.list({ owner: OTHER_AGENT.id })).tickets).toEqual([]);
  });

  it('the customer writing again after an answer opens the ticket again; a new left message or the bot does not', async () => {
    const stop = await reopenTicketsOnCustomerMessage(fx.database, fx.bus);
    try {
      const { ticket } = await tickets.leaveMessage(fx.service, conversation, { contact: '13800138000', text: '退款还没到' });
      await tickets.reply(ticket.id, { text: '已经退了，1-3 天到账' }, AGENT);
      await fx.service.append(conversation.id, { sender: 'bot', text: '还有什么可以帮您？', content: [] });
      await tickets.leaveMessage(fx.service, conversation, { contact: '13800138000', text: '另外发票也要开' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await tickets.get(ticket.id)).status).toBe('pending');

      await fx.service.append(conversation.id, { sender: 'customer', text: '都三天了还是没到啊😭', content: [] });
      await vi.waitFor(async () => expect((await tickets.get(ticket.id)).status).toBe('open'), EVENT_WAIT);
      expect((await tickets.get(ticket.id)).events.at(-1)).toMatchObject({ kind: 'customer_replied', text: '都三天了还是没到啊😭', actor: `customer:${conversation.customerId}` });
      // Already open: a second message changes nothing.
      await fx.service.append(conversation.id, { sender: 'customer', text: '在吗', content: [] });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await tickets.get(ticket.id)).events.filter((e) => e.kind === 'customer_replied')).toHaveLength(1);
    } finally {
      await stop();
    }
  });

  it('another workspace’s service does not find the ticket', async () => {
    const { ticket } = await tickets.leaveMessage(fx.service, conversation, { contact: '13800138000', text: '衣服起球了' });
    const other = new TicketService(fx.database, { workspaceId: 'tea-shop', conversationsOf: async () => fx.service });
    expect((await other.list()).tickets).toEqual([]);
    expect(await codeOf(other.get(ticket.id))).toBe('WENDU_TICKET_NOT_FOUND');
    expect(await codeOf(other.reply(ticket.id, { text: '您好' }, AGENT))).toBe('WENDU_TICKET_NOT_FOUND');
    expect(await codeOf(other.close(ticket.id, {}, AGENT))).toBe('WENDU_TICKET_NOT_FOUND');
    // And it never writes into a conversation of another workspace, even when wired wrongly.
    expect(await codeOf(other.leaveMessage(fx.service, conversation, { contact: '13800138000', text: '串台了' }))).toBe('WENDU_TICKET_NOT_FOUND');
  });

  describe('ratings', () => {
    it('one per conversation and hand-off: rating again replaces, another hand-off gets its own', async () => {
      const ratings = new RatingService(fx.database);
      await ratings.rate(TEST_SCOPE, conversation, { score: 2 });
      await ratings.rate(TEST_SCOPE, conversation, { score: 5, comment: '  点错了，客服小姐姐很耐心👍 ' });
      await ratings.rate(TEST_SCOPE, conversation, { score: 3 }, { handoffId: 'ho-1' });
      await ratings.rate(TEST_SCOPE, conversation, { score: 4 }, { handoffId: 'ho-1' });
      const stored = await ratings.ratingsOf(TEST_SCOPE, conversation.id);
      expect(stored.map((r) => [r.handoffId, r.score, r.comment])).toEqual([
        [null, 5, '点错了，客服小姐姐很耐心👍'],
        ['ho-1', 4, null],
      ]);
    });

    it('two ratings at the same moment leave one row', async () => {
      const ratings = new RatingService(fx.database);
      await Promise.all([ratings.rate(TEST_SCOPE, conversation, { score: 1 }), ratings.rate(TEST_SCOPE, conversation, { score: 5 })]);
      expect(await ratings.ratingsOf(TEST_SCOPE, conversation.id)).toHaveLength(1);
    });

    it.each([[0], [6], [4.5], ['5'], [null]])('score %j is refused', async (score) => {
      const ratings = new RatingService(fx.database);
      expect(await codeOf(ratings.rate(TEST_SCOPE, conversation, { score }))).toBe('WENDU_VALIDATION');
      expect(await ratings.ratingsOf(TEST_SCOPE, conversation.id)).toEqual([]);
    });
  });
});
