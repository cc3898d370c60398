/**
 * Canned replies (快捷回复): short texts an agent sends with a shortcut — their own, and the
 * workspace's shared ones that supervisors keep. Shared ones are configuration, so their
 * changes go to the audit log; an agent's own are theirs alone (nobody else sees or edits them).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AuditLog } from '../audit/audit-log.js';
import { roleAllows, type Principal } from '../auth/access.js';
import { sanitizeText } from '../content/sanitize.js';
import { WenduError } from '../errors/index.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import type { CannedRepliesTable } from '../store/schema.js';

/** The owner value of the workspace's shared replies. */
export const SHARED_OWNER = 'shared';
/** Long enough for a full answer with an order link; longer belongs in the knowledge base. */
export const MAX_CANNED_TEXT_LENGTH = 1000;
/** `/退货`, `tk`, `运费说明` — typed after a slash in the composer. */
export const MAX_SHORTCUT_LENGTH = 20;
/** The whole list fits one screen of the composer's picker. */
export const MAX_CANNED_LISTED = 500;

export interface CannedReply {
  id: string;
  shortcut: string;
  text: string;
  shared: boolean;
  updatedAt: string;
  updatedBy: string;
}

const Text = z.string().transform(sanitizeText).pipe(z.string().min(1, '内容不能为空').max(MAX_CANNED_TEXT_LENGTH));
const Shortcut = z
  .string()
  .trim()
  .transform((s) => s.replace(/^\//, ''))
  .pipe(z.string().min(1, '快捷短语不能为空').max(MAX_SHORTCUT_LENGTH).regex(/^\S+$/, '快捷短语不能包含空格'));

export const NewCannedReplySchema = z.object({ shortcut: Shortcut, text: Text, shared: z.boolean().default(false) }).strict();
export const CannedReplyPatchSchema = z.object({ shortcut: Shortcut.optional(), text: Text.optional() }).strict();
export const CannedListQuerySchema = z.object({ q: z.string().max(MAX_SHORTCUT_LENGTH).optional() }).strict();

type Row = CannedRepliesTable;

function toReply(row: Row): CannedReply {
  return { id: row.id, shortcut: row.shortcut, text: row.text, shared: row.owner === SHARED_OWNER, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

export class CannedReplies {
  constructor(
    private readonly database: Pick<Database, 'db'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The caller's own and the workspace's shared replies; `q` narrows by shortcut prefix. */
  async list(principal: Principal, query: unknown): Promise<CannedReply[]> {
    const { q } = parseOrThrow(CannedListQuerySchema, query ?? {});
    const rows = await this.database.db
      .selectFrom('canned_replies')
      .selectAll()
      .where('workspace_id', '=', principal.workspaceId)
      .where('owner', 'in', [SHARED_OWNER, principal.id])
      .orderBy('shortcut')
      .limit(MAX_CANNED_LISTED)
      .execute();
    const prefix = q?.replace(/^\//, '');
    return rows.map(toReply).filter((r) => !prefix || r.shortcut.startsWith(prefix));
  }

  async create(principal: Principal, input: unknown): Promise<CannedReply> {
    const { shortcut, text, shared } = parseOrThrow(NewCannedReplySchema, input);
    if (shared) this.assertMayEditShared(principal);
    const at = this.now().toISOString();
    const row: Row = { id: randomUUID(), workspace_id: principal.workspaceId, owner: shared ? SHARED_OWNER : principal.id, shortcut, text, created_at: at, updated_at: at, updated_by: principal.actor };
    await this.write(async (db) => {
      await db.insertInto('canned_replies').values(row).execute();
      if (shared) await new AuditLog(db).record({ workspaceId: principal.workspaceId, actor: principal.actor, action: 'created', targetType: 'canned_reply', targetId: row.id, after: toReply(row) }, db);
    }, shortcut);
    return toReply(row);
  }

  async update(principal: Principal, id: string, input: unknown): Promise<CannedReply> {
    const patch = parseOrThrow(CannedReplyPatchSchema, input);
    const before = await this.editable(principal, id);
    const after: Row = { ...before, ...patch, updated_at: this.now().toISOString(), updated_by: principal.actor };
    await this.write(async (db) => {
      await db.updateTable('canned_replies').set({ shortcut: after.shortcut, text: after.text, updated_at: after.updated_at, updated_by: after.updated_by }).where('id', '=', id).where('workspace_id', '=', principal.workspaceId).execute();
      if (before.owner === SHARED_OWNER) await new AuditLog(db).record({ workspaceId: principal.workspaceId, actor: principal.actor, action: 'updated', targetType: 'canned_reply', targetId: id, before: toReply(before), after: toReply(after) }, db);
    }, after.shortcut);
    return toReply(after);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const before = await this.editable(principal, id);
    await this.write(async (db) => {
      await db.deleteFrom('canned_replies').where('id', '=', id).where('workspace_id', '=', principal.workspaceId).execute();
      if (before.owner === SHARED_OWNER) await new AuditLog(db).record({ workspaceId: principal.workspaceId, actor: principal.actor, action: 'deleted', targetType: 'canned_reply', targetId: id, before: toReply(before) }, db);
    }, before.shortcut);
  }

  /** The reply, if the caller may change it: their own, or a shared one for supervisors. Others' are "not found". */
  private async editable(principal: Principal, id: string): Promise<Row> {
    const row = await this.database.db.selectFrom('canned_replies').selectAll().where('workspace_id', '=', principal.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row || (row.owner !== SHARED_OWNER && row.owner !== principal.id)) throw new WenduError('WENDU_CANNED_REPLY_NOT_FOUND', { id });
    if (row.owner === SHARED_OWNER) this.assertMayEditShared(principal);
    return row;
  }

  private assertMayEditShared(principal: Principal): void {
    if (!roleAllows(principal.role, 'supervisor')) throw new WenduError('WENDU_FORBIDDEN', { reason: '共享快捷回复由主管维护' });
  }

  private async write(work: (db: Database['db']) => Promise<void>, shortcut: string): Promise<void> {
    try {
      await this.database.db.transaction().execute(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw new WenduError('WENDU_CANNED_REPLY_CONFLICT', { shortcut });
      throw err;
    }
  }
}
