/**
 * The audit log of a workspace: every change to knowledge, flows, settings, users and keys,
 * with who made it (from the account — Principal.actor), when, and the state before and
 * after. Writers record inside their own transaction (pass it as `executor`), so a change and
 * its audit record are committed together or not at all.
 */
import type { Kysely } from 'kysely';
import type { WenduSchema } from '../store/schema.js';

export interface AuditRecord {
  workspaceId: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry extends Required<Omit<AuditRecord, 'before' | 'after'>> {
  id: number;
  before: unknown;
  after: unknown;
  createdAt: string;
}

export interface AuditQuery {
  targetType?: string;
  targetId?: string;
  actor?: string;
  /** Only records older than this id (paging backwards from the newest). */
  beforeId?: number;
  limit?: number;
}

export const DEFAULT_AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 500;

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export class AuditLog {
  constructor(
    private readonly db: Kysely<WenduSchema>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one record; pass the writer's transaction so both commit together. */
  async record(record: AuditRecord, executor: Kysely<WenduSchema> = this.db): Promise<void> {
    await executor
      .insertInto('audit_log')
      .values({
        workspace_id: record.workspaceId,
        actor: record.actor,
        action: record.action,
        target_type: record.targetType,
        target_id: record.targetId,
        before: json(record.before),
        after: json(record.after),
        created_at: this.now().toISOString(),
      })
      .execute();
  }

  /** Newest first, one workspace only. */
  async list(workspaceId: string, query: AuditQuery = {}): Promise<{ items: AuditEntry[]; nextBeforeId: number | null }> {
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_AUDIT_PAGE_SIZE, 1), MAX_AUDIT_PAGE_SIZE);
    let q = this.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId);
    if (query.targetType) q = q.where('target_type', '=', query.targetType);
    if (query.targetId) q = q.where('target_id', '=', query.targetId);
    if (query.actor) q = q.where('actor', '=', query.actor);
    if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map((row) => ({
      id: Number(row.id),
      workspaceId: row.workspace_id,
      actor: row.actor,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      before: row.before === null ? null : JSON.parse(row.before),
      after: row.after === null ? null : JSON.parse(row.after),
      createdAt: row.created_at,
    }));
    return { items, nextBeforeId: rows.length > limit ? items[items.length - 1]!.id : null };
  }
}
