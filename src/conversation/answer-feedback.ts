/**
 * 👍 / 👎 on the bot's answers (issue 8): the customer says whether an answer helped, and the
 * learning loop reads it next to the knowledge entry the answer came from. Only the bot's own
 * messages of the customer's conversation can be voted on; ONE vote per answer — voting again
 * replaces the earlier vote (a customer who taps 👎 by mistake and then 👍 meant 👍).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { WenduError } from '../errors/index.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import type { UnresolvedRecorder } from '../learning/inbox.js';
import type { ConversationScope } from './repository.js';
import type { Conversation } from './schemas.js';
import type { ConversationService } from './service.js';

/** A sentence about what was wrong with an answer; longer stories belong in a left message. */
export const MAX_FEEDBACK_COMMENT_LENGTH = 500;

export const AnswerFeedbackSchema = z.object({
  seq: z.number().int().min(1),
  helpful: z.boolean(),
  comment: z.string().trim().max(MAX_FEEDBACK_COMMENT_LENGTH).optional(),
});
export type AnswerFeedbackInput = z.input<typeof AnswerFeedbackSchema>;

export interface AnswerFeedback {
  conversationId: string;
  seq: number;
  entryId: string | null;
  helpful: boolean;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnswerFeedbackOptions {
  now?: () => Date;
  /**
   * The unresolved inbox of a workspace (src/learning/inbox.ts): a 👎 keeps the question the answer
   * replied to there. Not awaited; without it nothing is kept.
   */
  unresolvedFor?: (workspaceId: string) => UnresolvedRecorder;
  log?: { error(details: object, message: string): void };
}

export class AnswerFeedbackService {
  private readonly now: () => Date;

  constructor(
    private readonly database: Pick<Database, 'db'>,
    private readonly options: AnswerFeedbackOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Stores (or replaces) the customer's vote on the bot answer `input.seq` of `conversation`. */
  async vote(conversations: Pick<ConversationService, 'scope' | 'messagesAfter'>, conversation: Conversation, input: unknown): Promise<AnswerFeedback> {
    const { seq, helpful, comment } = parseOrThrow(AnswerFeedbackSchema, input);
    const [answer] = await conversations.messagesAfter(conversation.id, seq - 1, 1);
    if (!answer || answer.seq !== seq || answer.sender !== 'bot') {
      throw new WenduError('WENDU_ANSWER_NOT_FOUND', { conversationId: conversation.id, seq });
    }
    const scope: ConversationScope = conversations.scope;
    const entryId = answer.meta.entryId ?? null;
    const at = this.now().toISOString();
    const write = () =>
      this.database.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('answer_feedback')
          .select(['id', 'created_at'])
          .where('conversation_id', '=', conversation.id)
          .where('message_seq', '=', seq)
          .executeTakeFirst();
        if (existing) {
          await trx.updateTable('answer_feedback').set({ helpful: helpful ? 1 : 0, comment: comment || null, updated_at: at }).where('id', '=', existing.id).execute();
          return existing.created_at;
        }
        await trx
          .insertInto('answer_feedback')
          .values({
            id: randomUUID(),
            workspace_id: scope.workspaceId,
            bot_id: scope.botId,
            conversation_id: conversation.id,
            message_seq: seq,
            entry_id: entryId,
            helpful: helpful ? 1 : 0,
            comment: comment || null,
            created_at: at,
            updated_at: at,
          })
          .execute();
        return at;
      });
    let createdAt: string;
    try {
      createdAt = await write();
    } catch (err) {
      // Two taps at once: the other insert won; this one replaces it, as a later vote would.
      if (!isUniqueViolation(err)) throw err;
      createdAt = await write();
    }
    if (!helpful) this.keepUnresolved(conversations, conversation, answer.meta.replyTo, entryId);
    return { conversationId: conversation.id, seq, entryId, helpful, comment: comment || null, createdAt, updatedAt: at };
  }

  /** The customer's question the 👎'd answer replied to, to the unresolved inbox (not awaited). */
  private keepUnresolved(conversations: Pick<ConversationService, 'scope' | 'messagesAfter'>, conversation: Conversation, questionSeq: number | undefined, entryId: string | null): void {
    const inbox = this.options.unresolvedFor?.(conversations.scope.workspaceId);
    if (!inbox || !questionSeq) return;
    const keep = async () => {
      const [question] = await conversations.messagesAfter(conversation.id, questionSeq - 1, 1);
      if (!question || question.seq !== questionSeq || question.sender !== 'customer') return;
      await inbox.recordUnresolved({ botId: conversations.scope.botId, conversationId: conversation.id, messageSeq: questionSeq, reason: 'thumbs_down', channel: conversation.channel, text: question.text, entryId });
    };
    keep().catch((err: unknown) => this.options.log?.error({ err, conversationId: conversation.id }, '记录未解决问题失败 (recording an unresolved question failed)'));
  }

  /** The conversation's votes, by answer. */
  async votesOf(scope: ConversationScope, conversationId: string): Promise<AnswerFeedback[]> {
    const rows = await this.database.db
      .selectFrom('answer_feedback')
      .selectAll()
      .where('workspace_id', '=', scope.workspaceId)
      .where('bot_id', '=', scope.botId)
      .where('conversation_id', '=', conversationId)
      .orderBy('message_seq')
      .execute();
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      seq: Number(r.message_seq),
      entryId: r.entry_id,
      helpful: Number(r.helpful) === 1,
      comment: r.comment,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }
}
