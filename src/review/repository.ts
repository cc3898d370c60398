/**
 * Where the review queue is kept (migration 0026): `knowledge_reviews`, `review_comments` and the
 * workspace's review settings (`workspaces.review`). Every read and write is scoped by workspace.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEFAULT_REVIEW_SETTINGS, ReviewSettingsSchema, type ReviewSettings } from '../config/settings.js';
import type { WenduSchema } from '../store/schema.js';
import type { ReviewComment, ReviewCommentAction, ReviewSource, ReviewStatus, StoredReviewKind } from './schemas.js';

export interface StoredReview {
  id: string;
  kind: StoredReviewKind;
  status: ReviewStatus;
  entryId: string;
  baseVersion: number | null;
  /** The proposed fields (the whole draft for a new entry, a patch for a revision). */
  proposed: Record<string, unknown>;
  source: ReviewSource;
  sourceRef: string | null;
  proposedBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface NewReview {
  kind: StoredReviewKind;
  entryId: string;
  baseVersion: number | null;
  proposed: Record<string, unknown>;
  source: ReviewSource;
  sourceRef: string | null;
  proposedBy: string;
}

export class ReviewRepository {
  constructor(
    readonly db: Kysely<WenduSchema>,
    private readonly workspaceId: string,
    private readonly now: () => Date,
  ) {}

  /** The stored settings over the defaults (stored ones passed the schema when saved; it fills fields added since). */
  async settings(): Promise<ReviewSettings> {
    const row = await this.db.selectFrom('workspaces').select('review').where('id', '=', this.workspaceId).executeTakeFirst();
    return row?.review ? Object.freeze(ReviewSettingsSchema.parse(JSON.parse(row.review))) : DEFAULT_REVIEW_SETTINGS;
  }

  async saveSettings(settings: ReviewSettings): Promise<void> {
    await this.db.updateTable('workspaces').set({ review: JSON.stringify(settings) }).where('id', '=', this.workspaceId).execute();
  }

  async insert(review: NewReview): Promise<StoredReview> {
    const row = {
      id: randomUUID(),
      workspace_id: this.workspaceId,
      kind: review.kind,
      status: 'pending',
      entry_id: review.entryId,
      base_version: review.baseVersion,
      proposed: JSON.stringify(review.proposed),
      source: review.source,
      source_ref: review.sourceRef,
      proposed_by: review.proposedBy,
      created_at: this.now().toISOString(),
      decided_by: null,
      decided_at: null,
    };
    await this.db.insertInto('knowledge_reviews').values(row).execute();
    return toStoredReview(row);
  }

  async find(id: string): Promise<StoredReview | null> {
    const row = await this.db.selectFrom('knowledge_reviews').selectAll().where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return row ? toStoredReview(row) : null;
  }

  /** Oldest first (a queue); `proposedBy` narrows to one proposer's own. */
  async list(filter: { status: ReviewStatus; kind?: StoredReviewKind; proposedBy?: string }): Promise<StoredReview[]> {
    let q = this.db.selectFrom('knowledge_reviews').selectAll().where('workspace_id', '=', this.workspaceId).where('status', '=', filter.status);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.proposedBy) q = q.where('proposed_by', '=', filter.proposedBy);
    return (await q.orderBy('created_at').orderBy('id').execute()).map(toStoredReview);
  }

  /**
   * Marks a pending review decided; false when it no longer was pending — two reviewers
   * deciding at once: only one claim succeeds, so a change is never applied twice.
   */
  async claim(id: string, status: Exclude<ReviewStatus, 'pending'>, actor: string): Promise<boolean> {
    const result = await this.db
      .updateTable('knowledge_reviews')
      .set({ status, decided_by: actor, decided_at: this.now().toISOString() })
      .where('workspace_id', '=', this.workspaceId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async addComment(reviewId: string, author: string, action: ReviewCommentAction, text: string): Promise<ReviewComment> {
    const comment = { id: randomUUID(), author, action, text, createdAt: this.now().toISOString() };
    await this.db
      .insertInto('review_comments')
      .values({ id: comment.id, workspace_id: this.workspaceId, review_id: reviewId, author, action, text, created_at: comment.createdAt })
      .execute();
    return comment;
  }

  /** The thread, oldest first. */
  async comments(reviewId: string): Promise<ReviewComment[]> {
    const rows = await this.db
      .selectFrom('review_comments')
      .select(['id', 'author', 'action', 'text', 'created_at'])
      .where('workspace_id', '=', this.workspaceId)
      .where('review_id', '=', reviewId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, author: r.author, action: r.action as ReviewCommentAction, text: r.text, createdAt: r.created_at }));
  }
}

function toStoredReview(r: {
  id: string;
  kind: string;
  status: string;
  entry_id: string;
  base_version: number | null;
  proposed: string;
  source: string;
  source_ref: string | null;
  proposed_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
}): StoredReview {
  return {
    id: r.id,
    kind: r.kind as StoredReviewKind,
    status: r.status as ReviewStatus,
    entryId: r.entry_id,
    baseVersion: r.base_version === null ? null : Number(r.base_version),
    proposed: JSON.parse(r.proposed) as Record<string, unknown>,
    source: r.source as ReviewSource,
    sourceRef: r.source_ref,
    proposedBy: r.proposed_by,
    createdAt: r.created_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  };
}
