/**
 * Data access for flows and their versions. Dialect-neutral kysely (SQLite and PostgreSQL);
 * the definition is one JSON column, (de)serialised here and nowhere else.
 */
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../store/dialect.js';
import type { FlowRow, WenduSchema } from '../store/schema.js';
import type { Flow, FlowFields, FlowStatus, FlowVersion } from './schemas.js';

export interface FlowMeta {
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface FlowFilter {
  /** `all` includes archived; absent lists everything except archived. */
  status?: FlowStatus | 'all';
}

function toFlow(row: FlowRow): Flow {
  const fields = JSON.parse(row.definition) as FlowFields;
  return {
    ...fields,
    id: row.id,
    name: row.name,
    status: row.status as FlowStatus,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toRow(fields: FlowFields, meta: FlowMeta): FlowRow {
  return {
    id: fields.id,
    name: fields.name,
    definition: JSON.stringify(fields),
    status: fields.status,
    version: meta.version,
    created_at: meta.createdAt,
    updated_at: meta.updatedAt,
    updated_by: meta.updatedBy,
  };
}

export class FlowRepository {
  constructor(
    readonly db: Kysely<WenduSchema>,
    readonly dialect: SqlDialect,
  ) {}

  /** Runs `work` in one transaction with a repository bound to it. */
  transaction<T>(work: (repo: FlowRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new FlowRepository(trx, this.dialect)));
  }

  /** `lock` takes a row lock on PostgreSQL (SQLite serialises writers anyway). */
  async findFlow(id: string, lock = false): Promise<Flow | undefined> {
    const row = await this.db
      .selectFrom('flows')
      .selectAll()
      .where('id', '=', id)
      .$if(lock && this.dialect === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    return row && toFlow(row);
  }

  async insertFlow(fields: FlowFields, meta: FlowMeta): Promise<Flow> {
    const row = toRow(fields, meta);
    await this.db.insertInto('flows').values(row).execute();
    return toFlow(row);
  }

  async replaceFlow(fields: FlowFields, meta: FlowMeta): Promise<Flow> {
    const { id, created_at: _created, ...changes } = toRow(fields, meta);
    await this.db.updateTable('flows').set(changes).where('id', '=', id).execute();
    return toFlow(toRow(fields, meta));
  }

  async listFlows(filter: FlowFilter): Promise<Flow[]> {
    let query = this.db.selectFrom('flows').selectAll();
    if (filter.status === undefined) query = query.where('status', '!=', 'archived');
    else if (filter.status !== 'all') query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('updated_at', 'desc').orderBy('id').execute();
    return rows.map(toFlow);
  }

  async insertVersion(v: FlowVersion): Promise<void> {
    await this.db
      .insertInto('flow_versions')
      .values({ flow_id: v.flowId, version: v.version, snapshot: JSON.stringify(v.snapshot), change: v.change, changed_by: v.changedBy, changed_at: v.changedAt })
      .execute();
  }

  async listVersions(flowId: string): Promise<FlowVersion[]> {
    const rows = await this.db.selectFrom('flow_versions').selectAll().where('flow_id', '=', flowId).orderBy('version', 'desc').execute();
    return rows.map((r) => ({
      flowId: r.flow_id,
      version: Number(r.version),
      snapshot: JSON.parse(r.snapshot),
      change: r.change,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
    }));
  }

  async findVersion(flowId: string, version: number): Promise<FlowFields | undefined> {
    const row = await this.db.selectFrom('flow_versions').select('snapshot').where('flow_id', '=', flowId).where('version', '=', version).executeTakeFirst();
    return row && JSON.parse(row.snapshot);
  }
}
