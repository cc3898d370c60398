/**
 * The unresolved inbox of one workspace (issue 11, docs/learning.md): every question the bot could
 * not settle, condensed (./condense.ts) and grouped into clusters as it arrives (./clusters.ts), for
 * an operator's daily ten minutes — attach the phrasings to an entry, create an entry, or dismiss.
 *
 * Why a question is here (its reason) and where it was asked (its channel) are kept with it. A
 * dismissed cluster stays dismissed when the same phrasings come again (they still count); a
 * resolved one reopens, because its questions are failing again.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { AuditLog } from '../audit/audit-log.js';
import { WenduError } from '../errors/index.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Database } from '../store/database.js';
import type { WenduSchema } from '../store/schema.js';
import { condenseQuestion } from './condense.js';
import { CLUSTER_CANDIDATES, CLUSTER_SAMPLE_SIZE, clusterTerms, fitToCluster } from './clusters.js';

export const UNRESOLVED_REASONS = [
  /** The bot had no answer. */
  'fallback',
  /** The customer rejected every 您是想问 candidate. */
  'rejected_clarification',
  /** 👎 on the answer, or 「没用」 in words. */
  'thumbs_down',
  /** 转人工 right after an answer. */
  'handoff_after_answer',
  /** Handed to a person after repeated misses (missing knowledge). */
  'repeated_misses',
  /** A person had to answer it. */
  'agent_answered',
] as const;
export type UnresolvedReason = (typeof UNRESOLVED_REASONS)[number];

export const CLUSTER_STATUSES = ['open', 'dismissed', 'resolved'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** Examples shown per cluster in the list. */
export const CLUSTER_EXAMPLES_LISTED = 5;
export const DEFAULT_CLUSTERS_LISTED = 50;
export const MAX_CLUSTERS_LISTED = 200;

/** One question the bot could not settle, as the engine, the feedback and the desk report it. */
export interface UnresolvedSighting {
  botId: string;
  conversationId: string;
  /** The customer message's seq, when known (0 otherwise). */
  messageSeq?: number;
  reason: UnresolvedReason;
  channel: string;
  /** The customer's own words (condensed here; nothing is kept when nothing asks). */
  text: string;
  /** The entry the bot answered or offered. */
  entryId?: string | null;
}

/** What the engine, the feedback and the desk need: record, never waited for by a reply. */
export interface UnresolvedRecorder {
  recordUnresolved(sighting: UnresolvedSighting): Promise<void>;
}

/** What the operator did with a cluster, and what it changed. */
export interface ClusterResolution {
  action: 'add_similar' | 'new_entry' | 'add_synonym' | 'dismiss';
  entryId?: string;
  terms?: string[];
  /** The cluster's own examples asked again before and after: how many the bot answered directly. */
  before?: { answered: number; total: number };
  after?: { answered: number; total: number };
  /** new_entry or add_similar under review: its review item (src/review/); no `after` until it is approved. */
  reviewId?: string;
}

export interface UnresolvedCluster {
  id: string;
  status: ClusterStatus;
  label: string;
  /** Questions in it, and the distinct conversations they came from. */
  size: number;
  conversations: number;
  firstSeenAt: string;
  lastSeenAt: string;
  reasons: Partial<Record<UnresolvedReason, number>>;
  channels: Record<string, number>;
  /** The latest distinct condensed phrasings. */
  examples: string[];
  decidedAt: string | null;
  decidedBy: string | null;
  resolution: ClusterResolution | null;
}

export interface ClusterQuestion {
  text: string;
  reason: UnresolvedReason;
  channel: string;
  conversationId: string;
  /** The customer message's seq (0 when not known). */
  messageSeq: number;
  botId: string;
  entryId: string | null;
  createdAt: string;
}

export const ClustersQuerySchema = z
  .object({
    status: z.enum(CLUSTER_STATUSES).default('open'),
    limit: z.coerce.number().int().min(1).max(MAX_CLUSTERS_LISTED).default(DEFAULT_CLUSTERS_LISTED),
  })
  .strict();

type Trx = Transaction<WenduSchema>;

export interface UnresolvedInboxOptions {
  workspaceId: string;
  now?: () => Date;
}

export class UnresolvedInbox implements UnresolvedRecorder {
  private readonly workspaceId: string;
  private readonly now: () => Date;

  constructor(
    private readonly database: Pick<Database, 'db' | 'dialect'>,
    options: UnresolvedInboxOptions,
  ) {
    this.workspaceId = options.workspaceId;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Keeps the question in the cluster it belongs to, or a new one. The choice runs in one
   * transaction holding the workspace's inbox lock (PostgreSQL row lock; SQLite has one writer), so
   * two alike questions arriving at once — on one instance or two — never make two clusters.
   */
  async recordUnresolved(sighting: UnresolvedSighting): Promise<void> {
    const text = condenseQuestion(sighting.text);
    if (!text) return;
    const terms = clusterTerms(text);
    if (terms.length === 0) return;
    const at = this.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await this.lock(trx);
      const seen = await trx
        .selectFrom('unresolved_questions')
        .select('id')
        .where('conversation_id', '=', sighting.conversationId)
        .where('reason', '=', sighting.reason)
        .where('text', '=', text)
        .executeTakeFirst();
      if (seen) return;
      const clusterId = (await this.bestCluster(trx, terms)) ?? (await this.newCluster(trx, text, at));
      await trx
        .insertInto('unresolved_questions')
        .values({
          id: randomUUID(),
          workspace_id: this.workspaceId,
          bot_id: sighting.botId,
          cluster_id: clusterId,
          conversation_id: sighting.conversationId,
          message_seq: sighting.messageSeq ?? 0,
          reason: sighting.reason,
          channel: sighting.channel,
          text,
          entry_id: sighting.entryId ?? null,
          created_at: at,
        })
        .execute();
      await trx
        .insertInto('unresolved_cluster_terms')
        .values(terms.map((term) => ({ workspace_id: this.workspaceId, term, cluster_id: clusterId })))
        .onConflict((oc) => oc.columns(['workspace_id', 'term', 'cluster_id']).doNothing())
        .execute();
      // Failing again after it was resolved: back in the inbox (a dismissed one stays dismissed).
      await trx.updateTable('unresolved_clusters').set({ status: 'open' }).where('id', '=', clusterId).where('status', '=', 'resolved').execute();
    });
  }

  /** The workspace's clusters of one status, biggest and most recent first. */
  async list(query: unknown = {}): Promise<UnresolvedCluster[]> {
    const { status, limit } = parseOrThrow(ClustersQuerySchema, query ?? {});
    const rows = await this.database.db
      .selectFrom('unresolved_clusters as c')
      .innerJoin('unresolved_questions as q', 'q.cluster_id', 'c.id')
      .where('c.workspace_id', '=', this.workspaceId)
      .where('c.status', '=', status)
      .groupBy('c.id')
      .select(['c.id', sql<number>`count(q.id)`.as('size'), sql<string>`max(q.created_at)`.as('last_seen_at')])
      .orderBy('size', 'desc')
      .orderBy('last_seen_at', 'desc')
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return Promise.all(rows.map((r) => this.get(r.id)));
  }

  async get(id: string): Promise<UnresolvedCluster> {
    const { db } = this.database;
    const cluster = await db.selectFrom('unresolved_clusters').selectAll().where('id', '=', id).where('workspace_id', '=', this.workspaceId).executeTakeFirst();
    if (!cluster) throw new WenduError('WENDU_UNRESOLVED_CLUSTER_NOT_FOUND', { id });
    const questions = await this.questions(id);
    const reasons: Partial<Record<UnresolvedReason, number>> = {};
    const channels: Record<string, number> = {};
    for (const q of questions) {
      reasons[q.reason] = (reasons[q.reason] ?? 0) + 1;
      channels[q.channel] = (channels[q.channel] ?? 0) + 1;
    }
    const times = questions.map((q) => q.createdAt).sort();
    return {
      id: cluster.id,
      status: cluster.status as ClusterStatus,
      label: cluster.label,
      size: questions.length,
      conversations: new Set(questions.map((q) => q.conversationId)).size,
      firstSeenAt: times[0] ?? cluster.created_at,
      lastSeenAt: times[times.length - 1] ?? cluster.created_at,
      reasons,
      channels,
      examples: distinctTexts(questions).slice(0, CLUSTER_EXAMPLES_LISTED),
      decidedAt: cluster.decided_at,
      decidedBy: cluster.decided_by,
      resolution: cluster.resolution ? (JSON.parse(cluster.resolution) as ClusterResolution) : null,
    };
  }

  /** The cluster's questions, latest first. */
  async questions(id: string): Promise<ClusterQuestion[]> {
    const rows = await this.database.db
      .selectFrom('unresolved_questions')
      .select(['text', 'reason', 'channel', 'conversation_id', 'message_seq', 'bot_id', 'entry_id', 'created_at'])
      .where('cluster_id', '=', id)
      .where('workspace_id', '=', this.workspaceId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ text: r.text, reason: r.reason as UnresolvedReason, channel: r.channel, conversationId: r.conversation_id, messageSeq: r.message_seq, botId: r.bot_id, entryId: r.entry_id, createdAt: r.created_at }));
  }

  /** Marks the cluster decided (dismissed or resolved) with what was done; audited with it. */
  async decide(id: string, status: Exclude<ClusterStatus, 'open'>, resolution: ClusterResolution, actor: string): Promise<UnresolvedCluster> {
    const before = await this.get(id);
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('unresolved_clusters')
        .set({ status, decided_at: this.now().toISOString(), decided_by: actor, resolution: JSON.stringify(resolution) })
        .where('id', '=', id)
        .where('workspace_id', '=', this.workspaceId)
        .execute();
      await new AuditLog(this.database.db, this.now).record(
        { workspaceId: this.workspaceId, actor, action: `unresolved.${resolution.action}`, targetType: 'unresolved_cluster', targetId: id, before: { status: before.status, label: before.label }, after: { status, resolution } },
        trx,
      );
    });
    return this.get(id);
  }

  private async lock(trx: Trx): Promise<void> {
    await trx.insertInto('unresolved_inbox_locks').values({ workspace_id: this.workspaceId }).onConflict((oc) => oc.column('workspace_id').doNothing()).execute();
    // `FOR UPDATE` is not SQLite syntax; there the single writer already serialises us.
    if (this.database.dialect === 'postgres') {
      await trx.selectFrom('unresolved_inbox_locks').select('workspace_id').where('workspace_id', '=', this.workspaceId).forUpdate().execute();
    }
  }

  /** The cluster the question fits best, or null: candidates by shared terms, then sampled members. */
  private async bestCluster(trx: Trx, terms: string[]): Promise<string | null> {
    const candidates = await trx
      .selectFrom('unresolved_cluster_terms as t')
      .innerJoin('unresolved_clusters as c', 'c.id', 't.cluster_id')
      .select(['t.cluster_id', sql<number>`count(*)`.as('shared')])
      .where('t.workspace_id', '=', this.workspaceId)
      .where('t.term', 'in', terms)
      .groupBy(['t.cluster_id', 'c.created_at'])
      // Ties go to the older cluster, never to the random id: the same questions in the same order
      // always make the same clusters (a tie on the id made runs of one measurement differ).
      .orderBy('shared', 'desc')
      .orderBy('c.created_at')
      .orderBy('t.cluster_id')
      .limit(CLUSTER_CANDIDATES)
      .execute();
    let best: { id: string; fit: number } | null = null;
    for (const c of candidates) {
      const members = await trx
        .selectFrom('unresolved_questions')
        .select('text')
        .where('cluster_id', '=', c.cluster_id)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(CLUSTER_SAMPLE_SIZE)
        .execute();
      const fit = fitToCluster(terms, members.map((m) => clusterTerms(m.text)));
      if (fit !== null && (!best || fit > best.fit)) best = { id: c.cluster_id, fit };
    }
    return best?.id ?? null;
  }

  private async newCluster(trx: Trx, label: string, at: string): Promise<string> {
    const id = randomUUID();
    await trx
      .insertInto('unresolved_clusters')
      .values({ id, workspace_id: this.workspaceId, status: 'open', label, created_at: at, decided_at: null, decided_by: null, resolution: null })
      .execute();
    return id;
  }
}

/** Distinct phrasings, in the order given. */
export function distinctTexts(questions: readonly { text: string }[]): string[] {
  return [...new Set(questions.map((q) => q.text))];
}
