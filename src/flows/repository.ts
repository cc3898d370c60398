/**
 * Data access for the flows of ONE workspace. Versioned writes go through the shared
 * versioned-document store (src/store/versioned-documents.ts); the definition is one JSON
 * column, (de)serialised here and nowhere else.
 */
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../store/dialect.js';
import type { FlowRow, WenduSchema } from '../store/schema.js';
import { type DocumentKind, VersionedDocuments } from '../store/versioned-documents.js';
import type { Flow, FlowFields, FlowStatus } from './schemas.js';
import { parseFlowInput } from './validate.js';

export interface FlowFilter {
  /** `all` includes archived; absent lists everything except archived. */
  status?: FlowStatus | 'all';
}

/** What a flow says, without the stored metadata, in the schema's key order. */
export function flowFields(flow: Flow | FlowFields): FlowFields {
  const { version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, ...fields } = flow as Flow;
  return parseFlowInput(fields);
}

/** Flows as versioned documents; id, name and status are columns too, for listing. */
export const FLOW_DOCUMENTS: DocumentKind<FlowFields> = {
  targetType: 'flow',
  table: 'flows',
  versionsTable: 'flow_versions',
  versionDocumentColumn: 'flow_id',
  notFound: 'WENDU_FLOW_NOT_FOUND',
  conflict: 'WENDU_FLOW_CONFLICT',
  content: flowFields,
  parseSnapshot: (snapshot, id) => parseFlowInput({ ...(snapshot as object), id }),
  toColumns: (fields) => ({ name: fields.name, definition: JSON.stringify(fields), status: fields.status }),
  fromRow: (row) => {
    const r = row as unknown as FlowRow;
    return { ...(JSON.parse(r.definition) as FlowFields), id: r.id, name: r.name, status: r.status as FlowStatus };
  },
};

export class FlowRepository {
  readonly documents: VersionedDocuments<FlowFields>;

  constructor(
    readonly db: Kysely<WenduSchema>,
    readonly dialect: SqlDialect,
    readonly workspaceId: string,
    now: () => Date = () => new Date(),
  ) {
    this.documents = new VersionedDocuments(db, dialect, FLOW_DOCUMENTS, { workspaceId, now });
  }

  /** Newest first. */
  async listFlows(filter: FlowFilter): Promise<Flow[]> {
    let query = this.db.selectFrom('flows').selectAll().where('workspace_id', '=', this.workspaceId);
    if (filter.status === undefined) query = query.where('status', '!=', 'archived');
    else if (filter.status !== 'all') query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('updated_at', 'desc').orderBy('id').execute();
    return rows.map((row) => this.documents.toDocument(row));
  }
}
