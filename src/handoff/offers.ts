/**
 * Offers (issue 7): the desk does not wait for someone to pull a customer from the queue — it
 * OFFERS each waiting hand-off, in serving order, to the least-loaded online agent of the
 * workspace who has a free slot and has not been offered it yet. An offer is a row
 * (`handoff_offers`) that expires after the bot's `offerTimeoutSeconds`; the sweeper
 * (src/handoff/timers.ts) expires due ones and the next agent gets it. While an offer is open
 * the queue stays open: anyone may still accept (the accept settles the offer).
 *
 * Least loaded = fewest conversations assigned plus open offers (an offer reserves the slot it
 * would fill), then longest idle (the oldest last assignment; never assigned comes first), then
 * user id so the choice is stable. Agents belong to the whole workspace (there is no group
 * membership yet), so every group's queue is offered to the same people.
 *
 * Once every free agent has been offered a hand-off (and let it expire or declined), it is not
 * offered again to them: it waits in the queue to be pulled, or for an agent not yet asked.
 *
 * Once only, across server instances: at most one OPEN offer per hand-off (a partial unique
 * index), the hand-off row is locked while it is offered (PostgreSQL `FOR UPDATE`; the accept
 * updates that row too), and every state change of an offer is a conditional UPDATE from `open`.
 */
import { servesGroup } from './types.js';
import { randomUUID } from 'node:crypto';
import { WenduError } from '../errors/index.js';
import type { EventBus, Unsubscribe } from '../events/bus.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import type { HandoffRow } from '../store/schema.js';
import { HandoffRepository, type HistoryRecord } from './repository.js';
import type { HandoffSettings } from './types.js';

/** open → accepted | declined | expired | withdrawn (someone else took it, or it left the queue). */
export const OFFER_STATUSES = ['open', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Queued hand-offs one dispatch looks at per bot: far more than agents can take at once. */
export const DISPATCH_BATCH = 50;
/** Due offers one sweep expires; the rest wait for the next tick (a second later). */
export const EXPIRE_BATCH = 100;
/** Workspaces the sweeper's catch-all dispatch visits per tick. */
export const DISPATCH_WORKSPACES_PER_TICK = 20;

const MS_PER_SECOND = 1000;
const SYSTEM_ACTOR = 'system';

/** An open offer as the agent sees it (GET /api/v1/agent/offers, the `offer` socket push). */
export interface OfferView {
  offerId: string;
  handoffId: string;
  /** The conversation id (what accept / decline take). */
  conversationId: string;
  botId: string;
  groupId: string;
  reason: string;
  priority: number;
  offeredAt: string;
  expiresAt: string;
}

interface Candidate {
  userId: string;
  /** The skill groups they serve; null → every group. */
  groups: string[] | null;
  limit: number;
  /** Assigned conversations plus open offers. */
  load: number;
  lastAssignedAt: string | null;
}

export interface HandoffOffersOptions {
  database: Database;
  bus: EventBus;
  /** A bot's hand-off settings (offer timeout, default concurrency). */
  settingsOf: (workspaceId: string, botId: string) => Promise<HandoffSettings>;
  now?: () => Date;
  log?: { error(obj: unknown, msg: string): void };
}

export class HandoffOffers {
  private readonly now: () => Date;
  /** Dispatches of one workspace run one after the other in this process, so two cannot fill one agent's last slot twice. */
  private readonly running = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: HandoffOffersOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private get db() {
    return this.options.database.db;
  }

  /** Offers the workspace's queued hand-offs (every bot) to its free agents. Serialised per workspace in this process. */
  dispatchWorkspace(workspaceId: string): Promise<void> {
    // Shutting down: the database is about to close under any new work.
    if (this.closed) return Promise.resolve();
    const previous = this.running.get(workspaceId) ?? Promise.resolve();
    const next = previous.then(() => this.dispatchNow(workspaceId));
    const settled = next.catch(() => undefined);
    this.running.set(workspaceId, settled);
    void settled.finally(() => {
      if (this.running.get(workspaceId) === settled) this.running.delete(workspaceId);
    });
    return next;
  }

  /** The catch-all of the sweeper: workspaces with a queued hand-off that nobody is being offered. */
  async dispatchWaiting(): Promise<void> {
    const rows = await this.db
      .selectFrom('handoffs as h')
      .select('h.workspace_id')
      .distinct()
      .where('h.status', '=', 'queued')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('handoff_offers as o').select('o.id').whereRef('o.handoff_id', '=', 'h.id').where('o.status', '=', 'open'))))
      .limit(DISPATCH_WORKSPACES_PER_TICK)
      .execute();
    for (const { workspace_id } of rows) await this.dispatchWorkspace(workspace_id);
  }

  private async dispatchNow(workspaceId: string): Promise<void> {
    const bots = await this.db.selectFrom('handoffs').select('bot_id').distinct().where('workspace_id', '=', workspaceId).where('status', '=', 'queued').execute();
    for (const { bot_id } of bots) await this.dispatchBot(workspaceId, bot_id);
  }

  private async dispatchBot(workspaceId: string, botId: string): Promise<void> {
    const queued = await this.db
      .selectFrom('handoffs as h')
      .selectAll('h')
      .where('h.workspace_id', '=', workspaceId)
      .where('h.bot_id', '=', botId)
      .where('h.status', '=', 'queued')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('handoff_offers as o').select('o.id').whereRef('o.handoff_id', '=', 'h.id').where('o.status', '=', 'open'))))
      .orderBy('h.priority', 'desc')
      .orderBy('h.queued_at', 'asc')
      .orderBy('h.id', 'asc')
      .limit(DISPATCH_BATCH)
      .execute();
    if (queued.length === 0) return;
    const settings = await this.options.settingsOf(workspaceId, botId);
    const candidates = await this.candidates(workspaceId, settings);
    if (candidates.length === 0) return;
    const asked = await this.alreadyAsked(queued.map((h) => h.id));
    for (const handoff of queued) {
      const pick = candidates
        .filter((c) => c.load < c.limit && servesGroup(c.groups, handoff.group_id) && !asked.get(handoff.id)?.has(c.userId))
        .sort((a, b) => a.load - b.load || compareIdle(a.lastAssignedAt, b.lastAssignedAt) || (a.userId < b.userId ? -1 : 1))[0];
      if (!pick) continue;
      if (await this.offer(handoff, pick.userId, settings)) pick.load += 1;
    }
  }

  /** Online, enabled agents of the workspace with their limit, load (assigned + open offers) and last assignment. */
  private async candidates(workspaceId: string, settings: HandoffSettings): Promise<Candidate[]> {
    const rows = await this.db
      .selectFrom('agent_presence as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.user_id', 'p.max_concurrent', 'p.groups'])
      .select((eb) => [
        eb.selectFrom('handoffs as h').select((e) => e.fn.countAll<string | number>().as('n')).whereRef('h.agent_id', '=', 'p.user_id').where('h.workspace_id', '=', workspaceId).where('h.status', '=', 'assigned').as('assigned'),
        eb.selectFrom('handoff_offers as o').select((e) => e.fn.countAll<string | number>().as('n')).whereRef('o.agent_id', '=', 'p.user_id').where('o.workspace_id', '=', workspaceId).where('o.status', '=', 'open').as('offered'),
        eb.selectFrom('handoffs as h').select((e) => e.fn.max('h.assigned_at').as('last')).whereRef('h.agent_id', '=', 'p.user_id').where('h.workspace_id', '=', workspaceId).as('last_assigned_at'),
      ])
      .where('p.workspace_id', '=', workspaceId)
      .where('u.workspace_id', '=', workspaceId)
      .where('p.status', '=', 'online')
      // An agent whose sockets are gone (grace running) is not handed new work.
      .where('p.grace_until', 'is', null)
      .where('u.disabled', '=', 0)
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      groups: r.groups === null ? null : (JSON.parse(r.groups) as string[]),
      limit: r.max_concurrent === null ? settings.maxConcurrentPerAgent : Number(r.max_concurrent),
      load: Number(r.assigned ?? 0) + Number(r.offered ?? 0),
      lastAssignedAt: (r.last_assigned_at as string | null) ?? null,
    }));
  }

  /** Per hand-off, every agent it has been offered to (in any status): nobody is asked twice. */
  private async alreadyAsked(handoffIds: string[]): Promise<Map<string, Set<string>>> {
    const rows = await this.db.selectFrom('handoff_offers').select(['handoff_id', 'agent_id']).where('handoff_id', 'in', handoffIds).execute();
    const asked = new Map<string, Set<string>>();
    for (const r of rows) asked.set(r.handoff_id, (asked.get(r.handoff_id) ?? new Set()).add(r.agent_id));
    return asked;
  }

  /** One offer, if the hand-off is still queued and nobody else offered it meanwhile; true when made. */
  private async offer(handoff: HandoffRow, agentId: string, settings: HandoffSettings): Promise<boolean> {
    const offeredAt = this.now();
    const expiresAt = new Date(offeredAt.getTime() + settings.offerTimeoutSeconds * MS_PER_SECOND);
    const id = `of-${randomUUID()}`;
    const { dialect } = this.options.database;
    try {
      const made = await this.db.transaction().execute(async (trx) => {
        let current = trx.selectFrom('handoffs').select('status').where('id', '=', handoff.id).where('workspace_id', '=', handoff.workspace_id);
        // Serialises with an accept of the same hand-off (it updates this row).
        if (dialect === 'postgres') current = current.forUpdate();
        if ((await current.executeTakeFirst())?.status !== 'queued') return false;
        await trx
          .insertInto('handoff_offers')
          .values({ id, workspace_id: handoff.workspace_id, bot_id: handoff.bot_id, handoff_id: handoff.id, agent_id: agentId, status: 'open', offered_at: offeredAt.toISOString(), expires_at: expiresAt.toISOString(), decided_at: null })
          .execute();
        await this.repoOn(trx, handoff).addHistory(history(handoff, 'offered', SYSTEM_ACTOR, { agentId, offerId: id, expiresAt: expiresAt.toISOString() }, offeredAt));
        return true;
      });
      if (!made) return false;
    } catch (err) {
      // Another instance offered it first: theirs stands.
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    await this.options.bus.publish('handoff.offered', {
      handoffId: handoff.id,
      conversationId: handoff.conversation_id,
      workspaceId: handoff.workspace_id,
      botId: handoff.bot_id,
      groupId: handoff.group_id,
      offerId: id,
      agentId,
      offeredAt: offeredAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    return true;
  }

  /**
   * The agent says no to the offer of this conversation: it goes to the next agent at once.
   * WENDU_OFFER_NOT_FOUND when the caller has no open offer for it (expired, taken, never).
   */
  async decline(workspaceId: string, conversationId: string, agentId: string): Promise<{ offerId: string; handoffId: string }> {
    const at = this.now();
    const offer = await this.db
      .selectFrom('handoff_offers as o')
      .innerJoin('handoffs as h', 'h.id', 'o.handoff_id')
      .selectAll('h')
      .select(['o.id as offer_id'])
      .where('o.workspace_id', '=', workspaceId)
      .where('h.workspace_id', '=', workspaceId)
      .where('h.conversation_id', '=', conversationId)
      .where('o.agent_id', '=', agentId)
      .where('o.status', '=', 'open')
      .executeTakeFirst();
    if (!offer) throw new WenduError('WENDU_OFFER_NOT_FOUND', { conversationId });
    const declined = await this.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('handoff_offers').set({ status: 'declined', decided_at: at.toISOString() }).where('id', '=', offer.offer_id).where('status', '=', 'open').executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await this.repoOn(trx, offer).addHistory(history(offer, 'offer_declined', agentId, { agentId, offerId: offer.offer_id }, at));
      return true;
    });
    if (!declined) throw new WenduError('WENDU_OFFER_NOT_FOUND', { conversationId });
    await this.dispatchWorkspace(workspaceId);
    return { offerId: offer.offer_id, handoffId: offer.id };
  }

  /** The caller's open offers, oldest first (an expired one the sweeper has not reached yet is left out). */
  async openOffersOf(workspaceId: string, agentId: string): Promise<OfferView[]> {
    const rows = await this.db
      .selectFrom('handoff_offers as o')
      .innerJoin('handoffs as h', 'h.id', 'o.handoff_id')
      .select(['o.id', 'o.handoff_id', 'h.conversation_id', 'o.bot_id', 'h.group_id', 'h.reason', 'h.priority', 'o.offered_at', 'o.expires_at'])
      .where('o.workspace_id', '=', workspaceId)
      .where('h.workspace_id', '=', workspaceId)
      .where('o.agent_id', '=', agentId)
      .where('o.status', '=', 'open')
      .where('o.expires_at', '>', this.now().toISOString())
      .orderBy('o.offered_at')
      .orderBy('o.id')
      .execute();
    return rows.map((r) => ({
      offerId: r.id,
      handoffId: r.handoff_id,
      conversationId: r.conversation_id,
      botId: r.bot_id,
      groupId: r.group_id,
      reason: r.reason,
      priority: Number(r.priority),
      offeredAt: r.offered_at,
      expiresAt: r.expires_at,
    }));
  }

  /**
   * The sweeper's step: open offers past their time become `expired` (each by a conditional
   * UPDATE — with several instances exactly one expires it; PostgreSQL also skips rows another
   * sweeper holds), then their workspaces are dispatched again so the next agent gets them.
   * Returns how many this call expired.
   */
  async expireDue(): Promise<number> {
    const at = this.now();
    const { dialect } = this.options.database;
    const expired = await this.db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('handoff_offers as o')
        .innerJoin('handoffs as h', 'h.id', 'o.handoff_id')
        .selectAll('h')
        .select(['o.id as offer_id', 'o.agent_id as offered_to'])
        .where('o.status', '=', 'open')
        .where('o.expires_at', '<=', at.toISOString())
        .orderBy('o.expires_at')
        .limit(EXPIRE_BATCH);
      if (dialect === 'postgres') due = due.forUpdate('o').skipLocked();
      const rows = await due.execute();
      const done: typeof rows = [];
      for (const row of rows) {
        const result = await trx.updateTable('handoff_offers').set({ status: 'expired', decided_at: at.toISOString() }).where('id', '=', row.offer_id).where('status', '=', 'open').executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) continue;
        await this.repoOn(trx, row).addHistory(history(row, 'offer_expired', SYSTEM_ACTOR, { agentId: row.offered_to, offerId: row.offer_id }, at));
        done.push(row);
      }
      return done;
    });
    for (const workspaceId of new Set(expired.map((r) => r.workspace_id))) await this.dispatchWorkspace(workspaceId);
    return expired.length;
  }

  /**
   * Offers follow the queue: a new request, a closed or transferred conversation (a freed slot)
   * and a requeued one each dispatch the workspace. Returns the unsubscribes.
   */
  async listen(): Promise<Unsubscribe[]> {
    const { bus } = this.options;
    const dispatch = (workspaceId: string) => {
      void this.dispatchWorkspace(workspaceId).catch((err: unknown) => this.options.log?.error({ err, workspaceId }, 'offering hand-offs failed'));
    };
    return Promise.all([
      bus.subscribe('handoff.requested', ({ payload }) => {
        if (payload.status === 'queued') dispatch(payload.workspaceId);
      }),
      bus.subscribe('handoff.closed', ({ payload }) => dispatch(payload.workspaceId)),
      bus.subscribe('handoff.transferred', ({ payload }) => dispatch(payload.workspaceId)),
      bus.subscribe('handoff.requeued', ({ payload }) => dispatch(payload.workspaceId)),
    ]);
  }

  /** Starts no more dispatches and waits for those in progress (before the database closes). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.running.values()]);
  }

  private repoOn(trx: Database['db'], row: Pick<HandoffRow, 'workspace_id' | 'bot_id'>): HandoffRepository {
    return new HandoffRepository(trx, { workspaceId: row.workspace_id, botId: row.bot_id }, this.options.database.dialect);
  }
}

/** Never assigned is the longest idle; otherwise the older last assignment first. */
function compareIdle(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function history(row: Pick<HandoffRow, 'id' | 'workspace_id'>, kind: HistoryRecord['kind'], actor: string, details: Record<string, unknown>, at: Date): HistoryRecord {
  return { workspaceId: row.workspace_id, handoffId: row.id, kind, actor, details, at: at.toISOString() };
}
