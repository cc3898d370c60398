/**
 * Satisfaction ratings (满意度): after a person closed the conversation the customer is asked
 * for 1–5 and an optional comment. The rule: ONE rating per conversation and hand-off — rating
 * the same hand-off again replaces the earlier score (a customer who taps 2 by mistake and
 * then 5 meant 5), while each later hand-off of the conversation gets its own. Without a known
 * hand-off (`handoffId` null) the conversation itself is what is rated, once, same rule.
 */
import { z } from 'zod';
import type { Conversation } from '../conversation/schemas.js';
import type { ConversationScope } from '../conversation/repository.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';

export const MIN_RATING_SCORE = 1;
export const MAX_RATING_SCORE = 5;
/** A comment is a sentence or two about the service; longer stories belong in a left message. */
export const MAX_RATING_COMMENT_LENGTH = 500;

export const RatingSchema = z.object({
  score: z.number().int().min(MIN_RATING_SCORE).max(MAX_RATING_SCORE),
  comment: z.string().trim().max(MAX_RATING_COMMENT_LENGTH).optional(),
});
export type RatingInput = z.input<typeof RatingSchema>;

export interface Rating {
  conversationId: string;
  handoffId: string | null;
  score: number;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RateOptions {
  /** The hand-off being rated (the conversation's latest closed one); null when none is known. */
  handoffId?: string | null;
}

export class RatingService {
  constructor(
    private readonly database: Pick<Database, 'db'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores (or replaces) the rating of `conversation`'s hand-off; `scope` is the conversation's workspace and bot. */
  async rate(scope: ConversationScope, conversation: Conversation, input: unknown, options: RateOptions = {}): Promise<Rating> {
    const { score, comment } = parseOrThrow(RatingSchema, input);
    const handoffId = options.handoffId ?? null;
    const at = this.now().toISOString();
    const write = () =>
      this.database.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('ratings')
          .select(['id', 'created_at'])
          .where('workspace_id', '=', scope.workspaceId)
          .where('conversation_id', '=', conversation.id)
          .where((eb) => (handoffId === null ? eb('handoff_id', 'is', null) : eb('handoff_id', '=', handoffId)))
          .executeTakeFirst();
        if (existing) {
          await trx.updateTable('ratings').set({ score, comment: comment || null, updated_at: at }).where('id', '=', existing.id).execute();
          return existing.created_at;
        }
        await trx
          .insertInto('ratings')
          .values({
            workspace_id: scope.workspaceId,
            bot_id: scope.botId,
            conversation_id: conversation.id,
            customer_id: conversation.customerId,
            handoff_id: handoffId,
            score,
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
      // Two taps at once: the other insert won; this one replaces it, as a later rating would.
      if (!isUniqueViolation(err)) throw err;
      createdAt = await write();
    }
    return { conversationId: conversation.id, handoffId, score, comment: comment || null, createdAt, updatedAt: at };
  }

  /** The conversation's ratings, oldest first (one per rated hand-off). */
  async ratingsOf(scope: ConversationScope, conversationId: string): Promise<Rating[]> {
    const rows = await this.database.db
      .selectFrom('ratings')
      .selectAll()
      .where('workspace_id', '=', scope.workspaceId)
      .where('bot_id', '=', scope.botId)
      .where('conversation_id', '=', conversationId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ conversationId: r.conversation_id, handoffId: r.handoff_id, score: Number(r.score), comment: r.comment, createdAt: r.created_at, updatedAt: r.updated_at }));
  }
}
