/**
 * The one versioned-document store: knowledge entries and flows are both documents of one
 * workspace with a full version history. Creating writes version 1; a change that alters the
 * content writes the next version (a change that alters nothing writes nothing); archiving is
 * a change of status; restoring copies an old version forward as a NEW version, so history is
 * never rewritten. Every write is one transaction that also appends the version row and the
 * audit record (who, what, before, after) — all three commit together or not at all.
 *
 * What differs between kinds — tables, how content maps to columns, how content is validated,
 * the error codes — is a `DocumentKind`; the versioning rules are written once, here.
 */
import type { Kysely } from 'kysely';
import { AuditLog } from '../audit/audit-log.js';
import { type ErrorCode, WenduError } from '../errors/index.js';
import type { SqlDialect } from './dialect.js';
import { isUniqueViolation } from './errors.js';
import type { WenduSchema } from './schema.js';

/** Everything a document says: its id, its status, and kind-specific content. */
export interface DocumentContent {
  id: string;
  status: string;
}

/** What the store adds to a document's content. */
export interface DocumentMeta {
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The actor of the latest change (Principal.actor, or `demo` / `cli` for start-up work). */
  updatedBy: string;
}

export type StoredDocument<C extends DocumentContent> = C & DocumentMeta;

export const DOCUMENT_CHANGES = ['created', 'updated', 'archived', 'restored', 'imported'] as const;
/** Why a version was written; also the audit action. */
export type DocumentChange = (typeof DOCUMENT_CHANGES)[number];

export interface DocumentVersion<C extends DocumentContent> {
  documentId: string;
  version: number;
  /** The whole content as it was at this version. */
  snapshot: C;
  change: string;
  changedBy: string;
  changedAt: string;
}

/** A row as stored, without the workspace: content columns plus id and the meta columns. */
export type DocumentRow = Record<string, unknown> & { id: string; version: number | string; created_at: string; updated_at: string; updated_by: string };

export interface DocumentKind<C extends DocumentContent> {
  /** The audit log's target type (`knowledge_entry`, `flow`). */
  targetType: string;
  table: 'knowledge_entries' | 'flows';
  versionsTable: 'knowledge_versions' | 'flow_versions';
  /** The versions table's column naming the document. */
  versionDocumentColumn: 'entry_id' | 'flow_id';
  notFound: ErrorCode;
  conflict: ErrorCode;
  /** The content in one fixed key order, so equal content serialises equally (compared, snapshotted, audited). */
  content(document: C): C;
  /** Validates content read back from a version snapshot before it becomes current again. */
  parseSnapshot(snapshot: unknown, id: string): C;
  /** The content columns of a row (not id, workspace_id or the meta columns). */
  toColumns(content: C): Record<string, string | null>;
  /** A stored row's content. */
  fromRow(row: DocumentRow): C;
}

export interface VersionedDocumentsOptions {
  workspaceId: string;
  now?: () => Date;
}

export class VersionedDocuments<C extends DocumentContent> {
  readonly workspaceId: string;
  private readonly now: () => Date;
  private readonly audit: AuditLog;

  constructor(
    readonly db: Kysely<WenduSchema>,
    readonly dialect: SqlDialect,
    readonly kind: DocumentKind<C>,
    options: VersionedDocumentsOptions,
  ) {
    this.workspaceId = options.workspaceId;
    this.now = options.now ?? (() => new Date());
    this.audit = new AuditLog(db, this.now);
  }

  /** The tables are chosen by the kind at run time; the kind's mapping functions own their typing. */
  private get rows(): Kysely<any> {
    return this.db as unknown as Kysely<any>;
  }

  /** Runs `work` in one transaction with a store bound to it; inside a caller's transaction, in that one (its rows commit or fail together). */
  transaction<T>(work: (store: VersionedDocuments<C>) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) =>
      work(new VersionedDocuments(trx, this.dialect, this.kind, { workspaceId: this.workspaceId, now: this.now })),
    );
  }

  toDocument(row: DocumentRow): StoredDocument<C> {
    return {
      ...this.kind.fromRow(row),
      version: Number(row.version),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  }

  sameContent(a: C, b: C): boolean {
    return JSON.stringify(this.kind.content(a)) === JSON.stringify(this.kind.content(b));
  }

  /** `lock` takes a row lock on PostgreSQL (SQLite serialises writers anyway and has no FOR UPDATE). */
  async find(id: string, lock = false): Promise<StoredDocument<C> | undefined> {
    const row = await this.rows
      .selectFrom(this.kind.table)
      .selectAll()
      .where('workspace_id', '=', this.workspaceId)
      .where('id', '=', id)
      .$if(lock && this.dialect === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    return row && this.toDocument(row as DocumentRow);
  }

  /** The document, or the kind's not-found error (also for an id of another workspace). */
  async get(id: string): Promise<StoredDocument<C>> {
    const document = await this.find(id);
    if (!document) throw new WenduError(this.kind.notFound, { id });
    return document;
  }

  /** Version 1 of a new document; the kind's conflict error when the id is taken in this workspace. */
  async create(content: C, actor: string, change: DocumentChange = 'created'): Promise<StoredDocument<C>> {
    return this.transaction(async (store) => {
      if (await store.find(content.id)) throw new WenduError(this.kind.conflict, { id: content.id });
      return store.write(undefined, content, actor, change);
    }).catch((err: unknown) => {
      // Two creates of the same id raced past the check; the primary key settled it.
      if (isUniqueViolation(err)) throw new WenduError(this.kind.conflict, { id: content.id });
      throw err;
    });
  }

  /**
   * Applies `next` to the current document in one transaction. Content equal to the current
   * writes nothing (`changed: false`); a status moving to `archived` is recorded as `archived`.
   */
  async change(id: string, actor: string, next: (current: StoredDocument<C>) => C): Promise<{ document: StoredDocument<C>; changed: boolean }> {
    return this.transaction(async (store) => {
      const current = await store.find(id, true);
      if (!current) throw new WenduError(this.kind.notFound, { id });
      const content = next(current);
      if (this.sameContent(current, content)) return { document: current, changed: false };
      const change = content.status === 'archived' && current.status !== 'archived' ? 'archived' : 'updated';
      return { document: await store.write(current, content, actor, change), changed: true };
    });
  }

  /** Makes an old version current again, as a NEW version (history is never rewritten). */
  async restore(id: string, version: number, actor: string): Promise<StoredDocument<C>> {
    return this.transaction(async (store) => {
      const current = await store.find(id, true);
      if (!current) throw new WenduError(this.kind.notFound, { id });
      const row = await store.rows
        .selectFrom(this.kind.versionsTable)
        .select('snapshot')
        .where('workspace_id', '=', this.workspaceId)
        .where(this.kind.versionDocumentColumn, '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!row) throw new WenduError('WENDU_VERSION_NOT_FOUND', { id, version });
      return store.write(current, this.kind.parseSnapshot(JSON.parse(row.snapshot as string), id), actor, 'restored');
    });
  }

  /** Newest first; the kind's not-found error for an unknown document. */
  async versions(id: string): Promise<Array<DocumentVersion<C>>> {
    await this.get(id);
    const rows = await this.rows
      .selectFrom(this.kind.versionsTable)
      .selectAll()
      .where('workspace_id', '=', this.workspaceId)
      .where(this.kind.versionDocumentColumn, '=', id)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      documentId: r[this.kind.versionDocumentColumn] as string,
      version: Number(r.version),
      snapshot: JSON.parse(r.snapshot as string) as C,
      change: r.change as string,
      changedBy: r.changed_by as string,
      changedAt: r.changed_at as string,
    }));
  }

  /**
   * Writes `content` as the document's next version, its version row and its audit record.
   * Call on a store bound to a transaction (`transaction`), so the three commit together.
   */
  async write(current: StoredDocument<C> | undefined, content: C, actor: string, change: DocumentChange): Promise<StoredDocument<C>> {
    const at = this.now().toISOString();
    const after = this.kind.content(content);
    const row: DocumentRow = {
      id: after.id,
      ...this.kind.toColumns(after),
      version: (current?.version ?? 0) + 1,
      created_at: current?.createdAt ?? at,
      updated_at: at,
      updated_by: actor,
    };
    if (current) {
      const { id, created_at: _created, ...changes } = row;
      await this.rows.updateTable(this.kind.table).set(changes).where('workspace_id', '=', this.workspaceId).where('id', '=', id).execute();
    } else {
      await this.rows.insertInto(this.kind.table).values({ workspace_id: this.workspaceId, ...row }).execute();
    }
    await this.rows
      .insertInto(this.kind.versionsTable)
      .values({
        workspace_id: this.workspaceId,
        [this.kind.versionDocumentColumn]: after.id,
        version: row.version,
        snapshot: JSON.stringify(after),
        change,
        changed_by: actor,
        changed_at: at,
      })
      .execute();
    await this.audit.record({
      workspaceId: this.workspaceId,
      actor,
      action: change,
      targetType: this.kind.targetType,
      targetId: after.id,
      before: current && this.kind.content(current),
      after,
    });
    return this.toDocument(row);
  }
}
