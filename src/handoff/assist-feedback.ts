/**
 * The learning loop's record of agent assist (issue 7): when an agent sends a message that
 * started from a suggestion (`fromSuggestion: { entryId }` on `POST …/:id/messages` and on the
 * /agent socket's `message:send`), what the customer asked, what the bot suggested, what the
 * agent really sent and whether they edited it are kept. Edited answers are where the knowledge
 * base is wrong or stiff; untouched ones are answers agents trust.
 *
 * The suggestion is worked out on the server, never taken from the client: the entry's answer
 * as assist offers it now for the conversation (assist.ts), else as the bot ranks it for the
 * customer's latest message. An entry the bot would not suggest for this conversation is
 * refused (WENDU_VALIDATION) before anything is sent.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ConversationService } from '../conversation/service.js';
import type { BotApi } from '../dialog/bot.js';
import { WenduError } from '../errors/index.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import type { AssistFeedbackTable } from '../store/schema.js';
import { assistFor } from './assist.js';
import { recentMessages } from './assist-routes.js';
import type { DeskActor, HandoffQueue } from './desk.js';

/**
 * How deep the ranking is searched for an entry assist no longer lists among its top few (the
 * agent picked it a moment before another customer message changed the top three). Deeper than
 * that the bot does not think the entry answers the question at all.
 */
export const SUGGESTION_SEARCH_DEPTH = 20;
/** A page of the list: a supervisor reviews, not exports. */
export const DEFAULT_FEEDBACK_PAGE = 50;
export const MAX_FEEDBACK_PAGE = 200;

export const FromSuggestionSchema = z.object({ entryId: z.string().trim().min(1).max(64) }).strict();
export type FromSuggestion = z.output<typeof FromSuggestionSchema>;

export const FeedbackListQuerySchema = z
  .object({
    botId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_FEEDBACK_PAGE).default(DEFAULT_FEEDBACK_PAGE),
  })
  .strict();

export interface AssistFeedbackRecord {
  id: string;
  workspaceId: string;
  botId: string;
  conversationId: string;
  messageSeq: number;
  customerQuestion: string | null;
  entryId: string;
  suggestedAnswer: string;
  sentText: string;
  edited: boolean;
  agentId: string;
  at: string;
}

/** What working out a suggestion needs of the conversation's bot (a registry BotRuntime fits). */
export interface SuggestionSource {
  bot: Pick<BotApi, 'rank' | 'categoryOf' | 'settings'>;
  conversations: Pick<ConversationService, 'get' | 'messagesAfter'>;
}

/** Whitespace the agent's editor adds or drops is not an edit. */
function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

function toRecord(row: AssistFeedbackTable): AssistFeedbackRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    botId: row.bot_id,
    conversationId: row.conversation_id,
    messageSeq: Number(row.message_seq),
    customerQuestion: row.customer_question,
    entryId: row.entry_id,
    suggestedAnswer: row.suggested_answer,
    sentText: row.sent_text,
    edited: Number(row.edited) === 1,
    agentId: row.agent_id,
    at: row.at,
  };
}

export class AssistFeedback {
  constructor(
    private readonly database: Pick<Database, 'db'>,
    /** The bot of a conversation; WENDU_CONVERSATION_NOT_FOUND when there is none. */
    private readonly sourceOf: (conversationId: string) => Promise<SuggestionSource>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The suggestion `entryId` as the bot offers it for this conversation now, and the question it answers. */
  async suggestionFor(conversationId: string, entryId: string): Promise<{ customerQuestion: string | null; suggestedAnswer: string }> {
    const { bot, conversations } = await this.sourceOf(conversationId);
    const messages = await recentMessages(conversations, conversationId);
    const channel = (await conversations.get(conversationId)).channel;
    const customerQuestion = messages.filter((m) => m.sender === 'customer' && m.text.trim() !== '').at(-1)?.text ?? null;
    const assist = await assistFor(bot, messages, { locale: bot.settings.locale, channel });
    let answer = assist.suggestions.find((s) => s.entryId === entryId)?.answer;
    if (answer === undefined && customerQuestion !== null) answer = (await bot.rank(customerQuestion, SUGGESTION_SEARCH_DEPTH, channel)).find((r) => r.entryId === entryId)?.answer;
    if (answer === undefined) {
      throw new WenduError('WENDU_VALIDATION', { issues: [{ path: 'fromSuggestion.entryId', message: '该知识条目不在这个会话的推荐答案中', code: 'unknown_suggestion' }] });
    }
    return { customerQuestion, suggestedAnswer: answer };
  }

  /**
   * Sends the agent's message through the desk (which checks they may) and, when it started
   * from a suggestion, records the feedback. The suggestion is resolved first, so a bad entry id
   * sends nothing.
   */
  async send(desk: Pick<HandoffQueue, 'workspaceId' | 'botId' | 'sendAgentMessage'>, conversationId: string, actor: DeskActor, text: string, fromSuggestion?: FromSuggestion, clientMessageId?: string) {
    const suggestion = fromSuggestion ? await this.suggestionFor(conversationId, fromSuggestion.entryId) : null;
    const message = await desk.sendAgentMessage(conversationId, actor, text, clientMessageId);
    if (suggestion && fromSuggestion) {
      await this.record({
        workspaceId: desk.workspaceId,
        botId: desk.botId,
        conversationId,
        messageSeq: message.seq,
        customerQuestion: suggestion.customerQuestion,
        entryId: fromSuggestion.entryId,
        suggestedAnswer: suggestion.suggestedAnswer,
        sentText: message.text,
        agentId: actor.userId,
      });
    }
    return message;
  }

  /** Stores one feedback row; the same message recorded again (a retried send) keeps the first. */
  async record(input: Omit<AssistFeedbackRecord, 'id' | 'edited' | 'at'>): Promise<AssistFeedbackRecord> {
    const row: AssistFeedbackTable = {
      id: randomUUID(),
      workspace_id: input.workspaceId,
      bot_id: input.botId,
      conversation_id: input.conversationId,
      message_seq: input.messageSeq,
      customer_question: input.customerQuestion,
      entry_id: input.entryId,
      suggested_answer: input.suggestedAnswer,
      sent_text: input.sentText,
      edited: sameText(input.sentText, input.suggestedAnswer) ? 0 : 1,
      agent_id: input.agentId,
      at: this.now().toISOString(),
    };
    try {
      await this.database.db.insertInto('assist_feedback').values(row).execute();
      return toRecord(row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const first = await this.database.db
        .selectFrom('assist_feedback')
        .selectAll()
        .where('workspace_id', '=', input.workspaceId)
        .where('conversation_id', '=', input.conversationId)
        .where('message_seq', '=', input.messageSeq)
        .executeTakeFirstOrThrow();
      return toRecord(first);
    }
  }

  /** The workspace's feedback, newest first (optionally one bot's). */
  async list(workspaceId: string, query: { botId?: string; limit?: number } = {}): Promise<AssistFeedbackRecord[]> {
    let select = this.database.db.selectFrom('assist_feedback').selectAll().where('workspace_id', '=', workspaceId);
    if (query.botId !== undefined) select = select.where('bot_id', '=', query.botId);
    const rows = await select
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(query.limit ?? DEFAULT_FEEDBACK_PAGE, MAX_FEEDBACK_PAGE))
      .execute();
    return rows.map(toRecord);
  }
}
