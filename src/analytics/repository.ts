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

  /**
   * Every conversation started in the window with what deciding "resolved by the bot" needs: its
   * channel and bot, whether it was handed off or got a 👎, and its messages (sender, the bot's
   * decision, when), oldest first.
   */
  async conversationFacts(scope: AnalyticsScope): Promise<Array<{ id: string; channel: string; botId: string; handedOff: boolean; thumbsDown: boolean; trail: Array<{ sender: string; action: string | null; createdAt: string }> }>> {
    let conversations = this.db
      .selectFrom('conversations')
      .select(['id', 'channel', 'bot_id'])
      .where('workspace_id', '=', scope.workspaceId)
      .where('created_at', '>=', scope.from)
      .where('created_at', '<', scope.to);
    if (scope.botId) conversations = conversations.where('bot_id', '=', scope.botId);
    const rows = await conversations.execute();
    const inWindow = (column: 'handoffs.conversation_id' | 'answer_feedback.conversation_id' | 'messages.conversation_id') => (eb: any) =>
      eb(column, 'in', (sub: any) => {
        let q = sub.selectFrom('conversations').select('conversations.id').where('conversations.workspace_id', '=', scope.workspaceId).where('conversations.created_at', '>=', scope.from).where('conversations.created_at', '<', scope.to);
        if (scope.botId) q = q.where('conversations.bot_id', '=', scope.botId);
        return q;
      });
    const action = this.action();
    const [handoffs, thumbsDown, messages] = await Promise.all([
      this.db.selectFrom('handoffs').select('handoffs.conversation_id').distinct().where(inWindow('handoffs.conversation_id')).execute(),
      this.db.selectFrom('answer_feedback').select('answer_feedback.conversation_id').distinct().where('answer_feedback.helpful', '=', 0).where(inWindow('answer_feedback.conversation_id')).execute(),
      this.db
        .selectFrom('messages')
        .select(['messages.conversation_id', 'messages.sender', action.as('action'), 'messages.created_at'])
        .where(inWindow('messages.conversation_id'))
        .orderBy('messages.conversation_id')
        .orderBy('messages.seq')
        .execute(),
    ]);
    const handed = new Set(handoffs.map((h) => h.conversation_id));
    const downs = new Set(thumbsDown.map((f) => f.conversation_id));
    const trails = new Map<string, Array<{ sender: string; action: string | null; createdAt: string }>>();
    for (const m of messages) {
      const trail = trails.get(m.conversation_id) ?? [];
      trail.push({ sender: m.sender, action: m.action, createdAt: m.created_at });
      trails.set(m.conversation_id, trail);
    }
    return rows.map((c) => ({ id: c.id, channel: c.channel, botId: c.bot_id, handedOff: handed.has(c.id), thumbsDown: downs.has(c.id), trail: trails.get(c.id) ?? [] }));
  }

  /** 👍 and 👎 given to the bot's answers in the window. */
  async answerVotes(scope: AnalyticsScope): Promise<{ helpful: number; notHelpful: number }> {
    let query = this.db
      .selectFrom('answer_feedback')
      .select(['helpful', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('workspace_id', '=', scope.workspaceId)
      .where('updated_at', '>=', scope.from)
      .where('updated_at', '<', scope.to);
    if (scope.botId) query = query.where('bot_id', '=', scope.botId);
    const rows = await query.groupBy('helpful').execute();
    const of = (helpful: number) => Number(rows.find((r) => Number(r.helpful) === helpful)?.count ?? 0);
    return { helpful: of(1), notHelpful: of(0) };
  }

  /**
   * Each hand-off queued in the window with when a person first wrote to the customer (from the
   * hand-off, not from the assignment) and how long its agent handled it.
   */
  async handoffTimes(scope: AnalyticsScope): Promise<Array<{ queuedAt: string; firstAgentAt: string | null; handlingSeconds: number | null }>> {
    let query = this.db
      .selectFrom('handoffs')
      .leftJoin('messages', (join) => join.onRef('messages.conversation_id', '=', 'handoffs.conversation_id').on('messages.sender', '=', 'agent').onRef('messages.created_at', '>=', 'handoffs.queued_at'))
      .select(['handoffs.id', 'handoffs.queued_at', 'handoffs.handling_seconds', (eb) => eb.fn.min('messages.created_at').as('first_agent_at')])
      .where('handoffs.workspace_id', '=', scope.workspaceId)
      .where('handoffs.queued_at', '>=', scope.from)
      .where('handoffs.queued_at', '<', scope.to);
    if (scope.botId) query = query.where('handoffs.bot_id', '=', scope.botId);
    const rows = await query.groupBy(['handoffs.id', 'handoffs.queued_at', 'handoffs.handling_seconds']).execute();
    return rows.map((r) => ({ queuedAt: r.queued_at, firstAgentAt: (r.first_agent_at as string | null) ?? null, handlingSeconds: r.handling_seconds === null ? null : Number(r.handling_seconds) }));
  }

  /** Customer messages per hour of the day (UTC), and the bot's answers per knowledge category. */
  async hoursAndCategories(scope: AnalyticsScope): Promise<{ byHour: Array<{ hour: number; count: number }>; byCategory: Array<{ category: string | null; count: number }> }> {
    const hourOf = sql<string>`substr(${sql.ref('messages.created_at')}, 12, 2)`;
    const [hours, categories] = await Promise.all([
      this.messagesOf(scope).where('messages.sender', '=', 'customer').select([hourOf.as('hour'), (eb) => eb.fn.countAll<number | string>().as('count')]).groupBy(hourOf).execute(),
      this.messagesOf(scope)
        .leftJoin('knowledge_entries', (join) => join.onRef('knowledge_entries.id', '=', 'messages.entry_id').onRef('knowledge_entries.workspace_id', '=', 'messages.workspace_id'))
        .where('messages.sender', '=', 'bot')
        .where('messages.entry_id', 'is not', null)
        .select(['knowledge_entries.category', (eb) => eb.fn.countAll<number | string>().as('count')])
        .groupBy('knowledge_entries.category')
        .execute(),
    ]);
    return {
      byHour: hours.map((h) => ({ hour: Number(h.hour), count: Number(h.count) })).sort((a, b) => a.hour - b.hour),
      byCategory: categories.map((c) => ({ category: c.category ?? null, count: Number(c.count) })).sort((a, b) => b.count - a.count),
    };
  }

  /** The entries the bot answered with most in the window, with their standard question (null once deleted). */
  async topEntries(scope: AnalyticsScope, limit: number): Promise<Array<{ entryId: string; question: string | null; count: number }>> {
    const action = this.action();
    const count = sql<number | string>`count(*)`;
    const rows = await this.messagesOf(scope)
      .leftJoin('knowledge_entries', (join) => join.onRef('knowledge_entries.id', '=', 'messages.entry_id').onRef('knowledge_entries.workspace_id', '=', 'messages.workspace_id'))
      .where('messages.sender', '=', 'bot')
      .where('messages.entry_id', 'is not', null)
      .where(action as Expression<string>, '=', 'answer')
      .select(['messages.entry_id as entryId', 'knowledge_entries.question as question', count.as('count')])
      .groupBy(['messages.entry_id', 'knowledge_entries.question'])
      .orderBy(count, 'desc')
      .orderBy('messages.entry_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ entryId: r.entryId!, question: r.question ?? null, count: Number(r.count) }));
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
