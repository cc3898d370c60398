import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { TEST_BACKENDS } from '../store/testing.js';
import { UnresolvedInbox } from '../learning/inbox.js';
import { AnswerFeedbackService } from './answer-feedback.js';
import type { Conversation } from './schemas.js';
import { openConversationFixture, TEST_SCOPE, type ConversationFixture } from './test-fixture.js';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  return isWenduError(err) ? err.code : String(err);
}

describe.each(TEST_BACKENDS)('answer feedback on $name', (backend) => {
  let fx: ConversationFixture;
  let conversation: Conversation;
  let feedback: AnswerFeedbackService;
  beforeEach(async () => {
    fx = await openConversationFixture(backend);
    feedback = new AnswerFeedbackService(fx.database);
    const customer = await fx.service.upsertCustomer({ name: '阿華' }, { verified: false });
    conversation = await fx.service.start({ channel: 'web', customer });
    await fx.service.append(conversation.id, { sender: 'customer', clientMessageId: 'c-1', text: '退貨運費誰出啊😅', content: [{ type: 'text', text: '退貨運費誰出啊😅' }] });
    await fx.service.append(conversation.id, {
      sender: 'bot',
      text: '质量问题的退货运费由我们承担～',
      content: [{ type: 'text', text: '质量问题的退货运费由我们承担～' }],
      meta: { replyTo: 1, entryId: 'shop-return-shipping-fee' },
    });
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('stores a vote on a bot answer with its knowledge entry; a second vote replaces the first', async () => {
    const first = await feedback.vote(fx.service, conversation, { seq: 2, helpful: false, comment: '没说清楚' });
    expect(first).toMatchObject({ seq: 2, helpful: false, entryId: 'shop-return-shipping-fee', comment: '没说清楚' });
    await feedback.vote(fx.service, conversation, { seq: 2, helpful: true });
    const votes = await feedback.votesOf(TEST_SCOPE, conversation.id);
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ seq: 2, helpful: true, comment: null, entryId: 'shop-return-shipping-fee', createdAt: first.createdAt });
  });

  it('refuses the customer’s own messages, missing seqs and malformed votes, storing nothing', async () => {
    expect(await codeOf(feedback.vote(fx.service, conversation, { seq: 1, helpful: true }))).toBe('WENDU_ANSWER_NOT_FOUND');
    expect(await codeOf(feedback.vote(fx.service, conversation, { seq: 99, helpful: true }))).toBe('WENDU_ANSWER_NOT_FOUND');
    expect(await codeOf(feedback.vote(fx.service, conversation, { seq: 2, helpful: 'yes' }))).toBe('WENDU_VALIDATION');
    expect(await feedback.votesOf(TEST_SCOPE, conversation.id)).toEqual([]);
  });

  it('a 👎 keeps the question the answer replied to in the workspace\'s unresolved inbox; a 👍 keeps nothing', async () => {
    const inbox = new UnresolvedInbox(fx.database, { workspaceId: TEST_SCOPE.workspaceId });
    const learning = new AnswerFeedbackService(fx.database, { unresolvedFor: (workspaceId) => (workspaceId === TEST_SCOPE.workspaceId ? inbox : new UnresolvedInbox(fx.database, { workspaceId })) });
    await learning.vote(fx.service, conversation, { seq: 2, helpful: true });
    expect(await inbox.list()).toEqual([]);
    await learning.vote(fx.service, conversation, { seq: 2, helpful: false });
    await expect.poll(async () => (await inbox.list()).map((c) => ({ examples: c.examples, reasons: c.reasons, channels: c.channels }))).toEqual([
      { examples: ['退貨運費誰出啊'], reasons: { thumbs_down: 1 }, channels: { web: 1 } },
    ]);
  });
});
