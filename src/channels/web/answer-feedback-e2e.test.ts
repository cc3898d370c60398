/**
 * 👍/👎 on bot answers through the real server, over the socket (`feedback`) and HTTP
 * (`POST /api/v1/conversations/:id/feedback`): stored once per answer, the later vote wins, only
 * the bot's answers of the customer's own conversation can be voted on.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_HEADER } from '../http/routes.js';
import { CLIENT_EVENTS } from './protocol.js';
import { startServer, tempDataDir, TestCustomer, type RunningServer } from './test-client.js';

let running: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir('wendu-feedback-');
  running = await startServer(dataDir);
});
afterAll(async () => {
  await running?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function votesOf(conversationId: string) {
  return running.server.database.db.selectFrom('answer_feedback').selectAll().where('conversation_id', '=', conversationId).execute();
}

describe('answer feedback end to end', () => {
  it('over the socket: the later vote replaces the earlier; the customer’s own message and others’ conversations are refused', async () => {
    const customer = new TestCustomer(running.url);
    const other = new TestCustomer(running.url);
    try {
      const opened = await customer.open();
      if (!opened.ok) throw new Error(JSON.stringify(opened));
      const { ack, replies } = await customer.say(opened.conversationId, '退货运费谁出啊 质量问题的😤');
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      const answer = replies.find((m) => m.sender === 'bot')!;

      const down = await customer.emit(CLIENT_EVENTS.feedback, { conversationId: opened.conversationId, seq: answer.seq, helpful: false, comment: '没说清楚' });
      expect(down).toMatchObject({ ok: true, seq: answer.seq, helpful: false, comment: '没说清楚' });
      await customer.emit(CLIENT_EVENTS.feedback, { conversationId: opened.conversationId, seq: answer.seq, helpful: true });
      expect(await votesOf(opened.conversationId)).toMatchObject([{ message_seq: answer.seq, helpful: 1, comment: null }]);

      const own = await customer.emit(CLIENT_EVENTS.feedback, { conversationId: opened.conversationId, seq: ack.seq, helpful: true });
      expect(own).toMatchObject({ ok: false, error: { code: 'WENDU_ANSWER_NOT_FOUND' } });
      await other.open();
      const foreign = await other.emit(CLIENT_EVENTS.feedback, { conversationId: opened.conversationId, seq: answer.seq, helpful: false });
      expect(foreign).toMatchObject({ ok: false, error: { code: 'WENDU_FORBIDDEN' } });
      expect(await votesOf(opened.conversationId)).toHaveLength(1);
    } finally {
      customer.close();
      other.close();
    }
  });

  it('over HTTP: only with the conversation’s customer id, only on bot answers', async () => {
    const open = await fetch(`${running.url}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { conversationId, customerId } = (await open.json()) as { conversationId: string; customerId: string };
    const sent = await fetch(`${running.url}/api/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: customerId },
      body: JSON.stringify({ text: '满多少包邮呀', clientMessageId: 'fb-http-1' }),
    });
    const { message, replies } = (await sent.json()) as { message: { seq: number }; replies: Array<{ seq: number; sender: string }> };
    const answerSeq = replies.find((m) => m.sender === 'bot')!.seq;
    const vote = (customer: string, seq: number) =>
      fetch(`${running.url}/api/v1/conversations/${conversationId}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: customer },
        body: JSON.stringify({ seq, helpful: true }),
      });
    expect((await vote('cu-someone-else', answerSeq)).status).toBe(403);
    expect((await vote(customerId, message.seq)).status).toBe(404);
    const ok = await vote(customerId, answerSeq);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ seq: answerSeq, helpful: true, comment: null });
    expect(await votesOf(conversationId)).toMatchObject([{ message_seq: answerSeq, helpful: 1 }]);
  });
});
