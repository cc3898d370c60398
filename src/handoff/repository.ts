/**
 * Storage of hand-offs, their history and agents' presence. Every query names its workspace
 * (and bot, for a bot's queue), so no caller can reach another workspace's hand-offs. The
 * conditional updates here are the atomic steps of the queue: each changes a row only if it is
 * still in the state the caller saw, and says whether it did.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../store/dialect.js';
import { preparedQuery } from '../store/prepared-query.js';
import type { HandoffRow, WenduSchema } from '../store/schema.js';
import type { AgentPresence } from './types.js';

export interface HandoffScope {
  workspaceId: string;
  botId: string;
}

/** The statuses in which a conversation is with (or waiting for) a person. */
export const ACTIVE_HANDOFF_STATUSES = ['queued', 'assigned'] as const;

/** Asked on every customer message (is a person answering?): compiled once (src/store/prepared-query.ts). */
const ACTIVE_OF = preparedQuery((db, p: HandoffScope & { conversationId: string }) =>
  db
    .selectFrom('handoffs')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .where('bot_id', '=', p.botId)
    .where('conversation_id', '=', p.conversationId)
    .where('status', 'in', [...ACTIVE_HANDOFF_STATUSES]),
);

export interface HistoryRecord {
  workspaceId: string;
  handoffId: string;
  /** `note`: an internal note between colleagues (a supervisor's whisper too) — never shown to the customer. */
  /** `offered` / `offer_declined` / `offer_expired`: the offers of src/handoff/offers.ts. */
  kind: 'requested' | 'assigned' | 'transferred' | 'closed' | 'note' | 'requeued' | 'offered' | 'offer_declined' | 'offer_expired';
  /** The user id who acted, or `system`. */
  actor: string;
  details: Record<string, unknown>;
  at: string;
}

export interface AgentLoad {
  userId: string;
  name: string;
  status: AgentPresence;
  /** The agent's own limit, or null for the bot's default. */
  maxConcurrent: number | null;
  /** Hand-offs assigned to them now, in every bot of the workspace. */
  assigned: number;
  /** The skill groups they serve; null → every group. */
  groups: string[] | null;
}

export function newHandoffId(): string {
  return `ho-${randomUUID()}`;
}

export class HandoffRepository {
  constructor(
    readonly db: Kysely<WenduSchema>,
    private readonly scope: HandoffScope,
    private readonly dialect: SqlDialect,
  ) {}

  transaction<T>(work: (repo: HandoffRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new HandoffRepository(trx, this.scope, this.dialect)));
  }

  private scoped() {
    return this.db.selectFrom('handoffs').selectAll().where('workspace_id', '=', this.scope.workspaceId).where('bot_id', '=', this.scope.botId);
  }

  async insert(row: HandoffRow): Promise<void> {
    await this.db.insertInto('handoffs').values(row).execute();
  }

  async byId(handoffId: string): Promise<HandoffRow | undefined> {
    return this.scoped().where('id', '=', handoffId).executeTakeFirst();
  }

  async activeOf(conversationId: string): Promise<HandoffRow | undefined> {
    return ACTIVE_OF.first(this.db, { ...this.scope, conversationId });
  }

  /** Every hand-off of this bot assigned to `agentId` now. */
  async assignedTo(agentId: string): Promise<HandoffRow[]> {
    return this.scoped().where('status', '=', 'assigned').where('agent_id', '=', agentId).orderBy('queued_at').orderBy('id').execute();
  }

  /** The conversations waiting in a group, in the order they will be served. */
  async queuedConversationIds(groupId: string): Promise<string[]> {
    const rows = await this.scoped().where('status', '=', 'queued').where('group_id', '=', groupId).orderBy('priority', 'desc').orderBy('queued_at').orderBy('id').execute();
    return rows.map((r) => r.conversation_id);
  }

  /** The conversation's most recently closed hand-off (what a satisfaction rating is about). */
  async lastClosedOf(conversationId: string): Promise<HandoffRow | undefined> {
    return this.scoped().where('conversation_id', '=', conversationId).where('status', '=', 'closed').orderBy('closed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /** The newest hand-off of a conversation in any status (what the customer was last told). */
  async latestOf(conversationId: string): Promise<HandoffRow | undefined> {
    return this.scoped().where('conversation_id', '=', conversationId).orderBy('queued_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /**
   * How many queued hand-offs of `groupId` are served before one of `priority` queued at
   * `queuedAt` (id breaks ties of the same instant): the queue order is priority desc, then
   * queued_at asc. A newcomer (no id yet) counts everyone of its priority or higher.
   */
  async queuedAhead(groupId: string, priority: number, queuedAt: string | null, id: string | null): Promise<number> {
    const row = await this.db
      .selectFrom('handoffs')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('bot_id', '=', this.scope.botId)
      .where('status', '=', 'queued')
      .where('group_id', '=', groupId)
      .where((eb) => {
        if (queuedAt === null || id === null) return eb('priority', '>=', priority);
        return eb.or([
          eb('priority', '>', priority),
          eb.and([eb('priority', '=', priority), eb('queued_at', '<', queuedAt)]),
          eb.and([eb('priority', '=', priority), eb('queued_at', '=', queuedAt), eb('id', '<', id)]),
        ]);
      })
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The first queued hand-off in serving order (any group of this bot), locked for the caller.
   * PostgreSQL skips rows another transaction has locked (`FOR UPDATE SKIP LOCKED`), so agents
   * taking "next" at once each get a different customer instead of queueing on the same row.
   */
  async lockNextQueued(): Promise<HandoffRow | undefined> {
    let query = this.scoped().where('status', '=', 'queued').orderBy('priority', 'desc').orderBy('queued_at', 'asc').orderBy('id', 'asc').limit(1);
    if (this.dialect === 'postgres') query = query.forUpdate().skipLocked();
    return query.executeTakeFirst();
  }

  /** handling_seconds of the newest `limit` closed hand-offs of a group that an agent handled. */
  async recentHandlingSeconds(groupId: string, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('handoffs')
      .select('handling_seconds')
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('bot_id', '=', this.scope.botId)
      .where('group_id', '=', groupId)
      .where('status', '=', 'closed')
      .where('handling_seconds', 'is not', null)
      .orderBy('closed_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => Number(r.handling_seconds));
  }

  /** queued → assigned to `agentId`, only if still queued; true when this call made the change. */
  async assignIfQueued(handoffId: string, agentId: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('handoffs')
      .set({ status: 'assigned', agent_id: agentId, assigned_at: at })
      .where('id', '=', handoffId)
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('bot_id', '=', this.scope.botId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** assigned to `fromAgentId` → assigned to `toAgentId`, only if still so. */
  /** assigned_at stays: handling time runs from the first accept, across agents. */
  async reassign(handoffId: string, fromAgentId: string, toAgentId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('handoffs')
      .set({ agent_id: toAgentId })
      .where('id', '=', handoffId)
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('status', '=', 'assigned')
      .where('agent_id', '=', fromAgentId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Back to a group's queue, only if still in the status the caller saw. It keeps its
   * queued_at and priority: a customer moved to another team does not start waiting anew.
   */
  async requeue(handoffId: string, expected: { status: string; agentId: string | null }, groupId: string): Promise<boolean> {
    let update = this.db
      .updateTable('handoffs')
      .set({ status: 'queued', agent_id: null, assigned_at: null, group_id: groupId })
      .where('id', '=', handoffId)
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('status', '=', expected.status);
    update = expected.agentId === null ? update.where('agent_id', 'is', null) : update.where('agent_id', '=', expected.agentId);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** queued/assigned → closed, only if still in the status the caller saw. */
  async closeIf(handoffId: string, expectedStatus: string, fields: { at: string; tags: string[]; handlingSeconds: number | null }): Promise<boolean> {
    const result = await this.db
      .updateTable('handoffs')
      .set({ status: 'closed', closed_at: fields.at, close_tags: JSON.stringify(fields.tags), handling_seconds: fields.handlingSeconds })
      .where('id', '=', handoffId)
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('status', '=', expectedStatus)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * The hand-off left the queue (taken, transferred, closed): its open offer is settled —
   * `accepted` when the offered agent took it, `withdrawn` otherwise. Run it in the transaction
   * that moved the hand-off.
   */
  async settleOpenOffers(handoffId: string, takenBy: string | null, at: string): Promise<void> {
    const open = this.db.updateTable('handoff_offers').where('handoff_id', '=', handoffId).where('workspace_id', '=', this.scope.workspaceId).where('status', '=', 'open');
    if (takenBy !== null) await open.set({ status: 'accepted', decided_at: at }).where('agent_id', '=', takenBy).execute();
    await this.db.updateTable('handoff_offers').set({ status: 'withdrawn', decided_at: at }).where('handoff_id', '=', handoffId).where('workspace_id', '=', this.scope.workspaceId).where('status', '=', 'open').execute();
  }

  async addHistory(record: HistoryRecord): Promise<void> {
    await this.db
      .insertInto('handoff_history')
      .values({
        id: randomUUID(),
        workspace_id: record.workspaceId,
        handoff_id: record.handoffId,
        kind: record.kind,
        actor: record.actor,
        details: JSON.stringify(record.details),
        created_at: record.at,
      })
      .execute();
  }

  async history(handoffId: string): Promise<Array<Omit<HistoryRecord, 'workspaceId'>>> {
    const rows = await this.db
      .selectFrom('handoff_history')
      .selectAll()
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('handoff_id', '=', handoffId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ handoffId: r.handoff_id, kind: r.kind as HistoryRecord['kind'], actor: r.actor, details: JSON.parse(r.details) as Record<string, unknown>, at: r.created_at }));
  }

  /**
   * Makes sure the agent has a presence row and locks it until the transaction ends
   * (PostgreSQL `FOR UPDATE`; SQLite runs one write transaction at a time anyway), so two
   * accepts by one agent count their load one after the other and cannot both squeeze into
   * the last free slot.
   */
  async lockAgent(userId: string, at: string): Promise<{ status: AgentPresence; maxConcurrent: number | null } | undefined> {
    const user = await this.db.selectFrom('users').select(['id', 'disabled']).where('id', '=', userId).where('workspace_id', '=', this.scope.workspaceId).executeTakeFirst();
    if (!user || Number(user.disabled) !== 0) return undefined;
    await this.db
      .insertInto('agent_presence')
      .values({ user_id: userId, workspace_id: this.scope.workspaceId, status: 'offline', max_concurrent: null, updated_at: at })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    let query = this.db.selectFrom('agent_presence').select(['status', 'max_concurrent']).where('user_id', '=', userId).where('workspace_id', '=', this.scope.workspaceId);
    // `FOR UPDATE` is not SQLite syntax; there the single writer already serialises us.
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? { status: row.status as AgentPresence, maxConcurrent: row.max_concurrent === null ? null : Number(row.max_concurrent) } : undefined;
  }

  /** Hand-offs assigned to `userId` now, in every bot of the workspace. */
  async assignedCount(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('handoffs')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('agent_id', '=', userId)
      .where('status', '=', 'assigned')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The workspace's enabled agents with a presence row, and their current load. */
  async agentLoads(): Promise<AgentLoad[]> {
    const rows = await this.db
      .selectFrom('agent_presence as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.user_id', 'u.name', 'p.status', 'p.max_concurrent', 'p.groups'])
      .select((eb) =>
        eb
          .selectFrom('handoffs as h')
          .select((e) => e.fn.countAll<string | number>().as('n'))
          .whereRef('h.agent_id', '=', 'p.user_id')
          .where('h.workspace_id', '=', this.scope.workspaceId)
          .where('h.status', '=', 'assigned')
          .as('assigned'),
      )
      .where('p.workspace_id', '=', this.scope.workspaceId)
      .where('u.workspace_id', '=', this.scope.workspaceId)
      .where('u.disabled', '=', 0)
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      status: r.status as AgentPresence,
      maxConcurrent: r.max_concurrent === null ? null : Number(r.max_concurrent),
      assigned: Number(r.assigned ?? 0),
      groups: r.groups === null ? null : (JSON.parse(r.groups) as string[]),
    }));
  }

  async agentName(userId: string): Promise<string | null> {
    const row = await this.db.selectFrom('users').select('name').where('id', '=', userId).where('workspace_id', '=', this.scope.workspaceId).executeTakeFirst();
    return row?.name ?? null;
  }
}
