/**
 * The queries behind the dashboard, dialect-neutral: days are the first ten characters of the
 * stored ISO timestamps (UTC days), the bot's decision is `messages.meta.action` (written by the
 * dialog engine on every bot reply), hand-offs and ratings come from their own tables. Every
 * query is scoped by workspace, and by bot when one is named.
 */
import { sql, type Expression } from 'kysely';
import type { DecisionAction } from '../dialog/decision.js';
import type { Database } from '../store/database.js';
import { jsonTextField } from '../store/dialect.js';

/** `YYYY-MM-DD` of an ISO timestamp column: the same `substr` on both databases. */
const DAY_CHARS = 10;
const dayOf = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, ${sql.lit(DAY_CHARS)})`;

/** The outcomes of the bot's decisions a dashboard counts (promotions, welcomes, errors are not decisions on a question). */
export const OUTCOME_ACTIONS = ['answer', 'clarify', 'fallback', 'handoff', 'flow'] as const satisfies readonly DecisionAction[];
export type OutcomeAction = (typeof OUTCOME_ACTIONS)[number];
/** The questions the bot did not answer outright: what the unanswered list shows. */
export const UNANSWERED_ACTIONS = ['fallback', 'clarify'] as const satisfies readonly OutcomeAction[];

export interface AnalyticsScope {
  workspaceId: string;
  /** One bot of the workspace; all of them when absent. */
  botId?: string;
  /** ISO instants, `from` inclusive, `to` exclusive. */
  from: string;
  to: string;
}

export interface DayCount {
  day: string;
  count: number;
}

export interface BotMessageRow {
  conversationId: string;
  action: string;
  /** The customer message this bot message answers. */
  replyTo: number;
  meta: string;
  createdAt: string;
}

export class AnalyticsRepository {
  constructor(private readonly database: Pick<Database, 'db' | 'dialect'>) {}

  private get db() {
    return this.database.db;
  }

  private action() {
    return jsonTextField(this.database.dialect, 'messages.meta', 'action');
  }

  /** Conversations started, per day. */
  async conversationsPerDay(scope: AnalyticsScope): Promise<DayCount[]> {
    let query = this.db
      .selectFrom('conversations')
      .select([dayOf('conversations.created_at').as('day'), (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('workspace_id', '=', scope.workspaceId)
      .where('created_at', '>=', scope.from)
      .where('created_at', '<', scope.to);
    if (scope.botId) query = query.where('bot_id', '=', scope.botId);
    return counts(await query.groupBy(dayOf('conversations.created_at')).execute());
  }

  /** Messages the customers wrote, per day. */
  async customerMessagesPerDay(scope: AnalyticsScope): Promise<DayCount[]> {
    const rows = await this.messagesOf(scope)
      .where('messages.sender', '=', 'customer')
      .select([dayOf('messages.created_at').as('day'), (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy(dayOf('messages.created_at'))
      .execute();
    return counts(rows);
  }

  /** The bot's decisions on customer messages, per day and action. */
  async outcomesPerDay(scope: AnalyticsScope): Promise<Array<DayCount & { action: OutcomeAction }>> {
    const action = this.action();
    const rows = await this.messagesOf(scope)
      .where('messages.sender', '=', 'bot')
      .where(action as Expression<string>, 'in', [...OUTCOME_ACTIONS])
      .select([dayOf('messages.created_at').as('day'), action.as('action'), (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy([dayOf('messages.created_at'), action])
      .execute();
    return rows.map((r) => ({ day: r.day, action: r.action as OutcomeAction, count: Number(r.count) }));
  }

  /** Hand-offs queued, per day and reason (customer_request, knowledge_missing, …). */
  async handoffsPerDay(scope: AnalyticsScope): Promise<Array<DayCount & { reason: string }>> {
    let query = this.db
      .selectFrom('handoffs')
      .select([dayOf('handoffs.queued_at').as('day'), 'reason', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('workspace_id', '=', scope.workspaceId)
      .where('queued_at', '>=', scope.from)
      .where('queued_at', '<', scope.to);
    if (scope.botId) query = query.where('bot_id', '=', scope.botId);
    const rows = await query.groupBy([dayOf('handoffs.queued_at'), 'reason']).execute();
    return rows.map((r) => ({ day: r.day, reason: r.reason, count: Number(r.count) }));
  }

  /** When each hand-off queued in the window was taken by a person (percentiles are computed by the caller). */
  async waits(scope: AnalyticsScope): Promise<Array<{ queuedAt: string; assignedAt: string }>> {
    let query = this.db
      .selectFrom('handoffs')
      .select(['queued_at', 'assigned_at'])
      .where('workspace_id', '=', scope.workspaceId)
      .where('queued_at', '>=', scope.from)
      .where('queued_at', '<', scope.to)
      .where('assigned_at', 'is not', null);
    if (scope.botId) query = query.where('bot_id', '=', scope.botId);
    const rows = await query.execute();
    return rows.map((r) => ({ queuedAt: r.queued_at, assignedAt: r.assigned_at! }));
  }

  /** Satisfaction ratings given in the window, per day and score. */
  async ratingsPerDay(scope: AnalyticsScope): Promise<Array<DayCount & { score: number }>> {
    let query = this.db
      .selectFrom('ratings')
      .select([dayOf('ratings.created_at').as('day'), 'score', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('workspace_id', '=', scope.workspaceId)
      .where('created_at', '>=', scope.from)
      .where('created_at', '<', scope.to);
    if (scope.botId) query = query.where('bot_id', '=', scope.botId);
    const rows = await query.groupBy([dayOf('ratings.created_at'), 'score']).execute();
    return rows.map((r) => ({ day: r.day, score: Number(r.score), count: Number(r.count) }));
  }

  /** The newest bot replies that fell back or asked back, with the customer's question they answered. */
  async latestUnanswered(scope: Pick<AnalyticsScope, 'workspaceId' | 'botId'>, limit: number) {
    const action = this.action();
    let query = this.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('messages as question', (join) =>
        join.onRef('question.conversation_id', '=', 'messages.conversation_id').onRef('question.seq', '=', 'messages.reply_to'),
      )
      .select(['messages.conversation_id as conversationId', 'conversations.bot_id as botId', 'messages.meta as meta', 'messages.created_at as createdAt', 'question.text as text', 'question.seq as seq', action.as('action')])
      .where('messages.workspace_id', '=', scope.workspaceId)
      .where('messages.sender', '=', 'bot')
      .where('question.sender', '=', 'customer')
      .where(action as Expression<string>, 'in', [...UNANSWERED_ACTIONS]);
    if (scope.botId) query = query.where('conversations.bot_id', '=', scope.botId);
    return query.orderBy('messages.created_at', 'desc').orderBy('messages.id', 'desc').limit(limit).execute();
  }

  private messagesOf(scope: AnalyticsScope) {
    let query = this.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .where('messages.workspace_id', '=', scope.workspaceId)
      .where('messages.created_at', '>=', scope.from)
      .where('messages.created_at', '<', scope.to);
    if (scope.botId) query = query.where('conversations.bot_id', '=', scope.botId);
    return query;
  }
}

/** PostgreSQL returns count(*) as a string (bigint); SQLite as a number. */
function counts(rows: Array<{ day: string; count: number | string }>): DayCount[] {
  return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
}
