/**
 * The bot's served decisions as ranked, read back from the message log (SQLite file and PostgreSQL):
 * what self-calibration estimates the customers' prior from (src/dialog/calibration/prior.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from '../store/testing.js';
import type { Conversation } from './schemas.js';
import { ConversationService } from './service.js';
import { openConversationFixture, TEST_SCOPE, type ConversationFixture } from './test-fixture.js';

const candidate = (entryId: string, confidence: number) => ({ entryId, question: `${entryId}?`, matchedQuestion: `${entryId}?`, confidence, features: { support: confidence / 2, keyWordMatch: 1 } });
/** A bot reply carrying a decision record, as the engine writes one (meta.decision.candidates). */
const decided = (replyTo: number, candidates: ReturnType<typeof candidate>[]) => ({
  sender: 'bot' as const,
  text: '好的',
  content: [{ type: 'text' as const, text: '好的' }],
  meta: { replyTo, action: 'answer', decision: { action: 'answer', rule: 'answer.confident', candidates } },
});

describe.each(TEST_BACKENDS)('served rankings on $name', (backend) => {
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

  it('the newest decisions’ candidates, best first, newest first; greetings, customers’ messages and empty rankings left out', async () => {
    const say = (text: string) => fx.service.append(conversation.id, { sender: 'customer', text, content: [{ type: 'text', text }] });
    await fx.service.append(conversation.id, { sender: 'bot', text: '您好', content: [{ type: 'text', text: '您好' }], meta: { action: 'welcome' } });
    await say('怎么退货');
    await fx.service.append(conversation.id, decided(2, [candidate('return', 0.9), candidate('exchange', 0.2)]));
    await say('天气');
    await fx.service.append(conversation.id, decided(4, []));
    await say('发票');
    await fx.service.append(conversation.id, decided(6, [candidate('invoice', 0.7)]));

    const served = await fx.service.servedRankings({ limit: 10 });
    expect(served).toEqual([
      [{ entryId: 'invoice', confidence: 0.7, features: { support: 0.35, keyWordMatch: 1 } }],
      [{ entryId: 'return', confidence: 0.9, features: { support: 0.45, keyWordMatch: 1 } }, { entryId: 'exchange', confidence: 0.2, features: { support: 0.1, keyWordMatch: 1 } }],
    ]);
    expect(await fx.service.servedRankings({ limit: 1 })).toEqual([served[0]]);
    await expect(fx.service.servedRankings({ limit: 0 })).rejects.toMatchObject({ code: 'WENDU_VALIDATION' });
  });

  it('only the bot’s own conversations: another bot’s decisions are not its traffic', async () => {
    await fx.database.db.insertInto('bots').values({ ...(await fx.database.db.selectFrom('bots').selectAll().where('id', '=', TEST_SCOPE.botId).executeTakeFirstOrThrow()), id: 'bot-other', name: '另一个机器人' }).execute();
    const other = new ConversationService(fx.database, fx.bus, { workspaceId: TEST_SCOPE.workspaceId, botId: 'bot-other' });
    const customer = await other.upsertCustomer({ name: '小张' }, { verified: false });
    const elsewhere = await other.start({ channel: 'web', customer });
    await other.append(elsewhere.id, { sender: 'customer', text: '发票', content: [{ type: 'text', text: '发票' }] });
    await other.append(elsewhere.id, decided(1, [candidate('invoice', 0.7)]));
    await fx.service.append(conversation.id, { sender: 'customer', text: '退货', content: [{ type: 'text', text: '退货' }] });
    await fx.service.append(conversation.id, decided(1, [candidate('return', 0.9)]));
    expect((await fx.service.servedRankings({ limit: 10 })).map((r) => r[0].entryId)).toEqual(['return']);
    expect((await other.servedRankings({ limit: 10 })).map((r) => r[0].entryId)).toEqual(['invoice']);
  });
});
