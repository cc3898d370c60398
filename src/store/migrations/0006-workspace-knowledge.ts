/**
 * Workspaces own knowledge, synonyms and flows: every row gets a `workspace_id` (rows written
 * before workspaces existed belong to DEFAULT_WORKSPACE_ID) and the keys become
 * (workspace_id, id), so two companies can both have an entry `faq-1`.
 *
 * SQLite cannot change a primary key, so there the tables are rebuilt (create new → copy →
 * drop old → rename) inside one transaction. That is only safe with foreign keys OFF — with
 * them on, dropping the old entries table would cascade-delete every version — which is why
 * src/store/database.ts switches them off around the migrations and runs
 * `PRAGMA foreign_key_check` afterwards. PostgreSQL alters the tables in place (its migrations
 * run in one transaction). There is no `down`: once two workspaces share an id, the old
 * single-column keys cannot hold the data.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import { DEFAULT_WORKSPACE_ID } from '../../auth/access.js';
import type { SqlDialect } from '../dialect.js';

/** A document table and its version table, as 0001 / 0003 created them. */
interface VersionedPair {
  documents: string;
  versions: string;
  /** The versions' column naming the document. */
  documentColumn: string;
  /** Columns of the document table after `id`, in order, with their SQLite DDL. */
  documentColumns: string[];
  /** Indexes on the document table, re-created workspace-first: name → columns after workspace_id. */
  indexes: Record<string, string[]>;
}

const PAIRS: VersionedPair[] = [
  {
    documents: 'knowledge_entries',
    versions: 'knowledge_versions',
    documentColumn: 'entry_id',
    documentColumns: [
      'question text not null',
      'similar_questions text not null',
      'answer text not null',
      'channel_answers text not null',
      'category text',
      'tags text not null',
      'status text not null',
      'valid_from text',
      'valid_to text',
      'version integer not null',
      'created_at text not null',
      'updated_at text not null',
      'updated_by text not null',
    ],
    indexes: {
      knowledge_entries_status: ['status'],
      knowledge_entries_category: ['category'],
      knowledge_entries_updated_at: ['updated_at'],
    },
  },
  {
    documents: 'flows',
    versions: 'flow_versions',
    documentColumn: 'flow_id',
    documentColumns: [
      'name text not null',
      'definition text not null',
      'status text not null',
      'version integer not null',
      'created_at text not null',
      'updated_at text not null',
      'updated_by text not null',
    ],
    indexes: { flows_status: ['status'] },
  },
];

const VERSION_COLUMNS = ['version integer not null', 'snapshot text not null', 'change text not null', 'changed_by text not null', 'changed_at text not null'];

const columnName = (ddl: string) => ddl.split(' ')[0]!;
const workspace = sql.lit(DEFAULT_WORKSPACE_ID);

async function rebuildSqlite(db: Kysely<any>, pair: VersionedPair): Promise<void> {
  const docs = `${pair.documents}_rebuilt`;
  const versions = `${pair.versions}_rebuilt`;
  const docColumns = ['id', ...pair.documentColumns.map(columnName)];
  const versionColumns = [pair.documentColumn, ...VERSION_COLUMNS.map(columnName)];
  await sql
    .raw(
      `create table "${docs}" (workspace_id text not null, id text not null, ${pair.documentColumns.join(', ')}, ` +
        `constraint "${pair.documents}_pk" primary key (workspace_id, id))`,
    )
    .execute(db);
  // The foreign key names the FINAL table: after the renames below it points at the rebuilt documents.
  await sql
    .raw(
      `create table "${versions}" (workspace_id text not null, ${pair.documentColumn} text not null, ${VERSION_COLUMNS.join(', ')}, ` +
        `constraint "${pair.versions}_pk" primary key (workspace_id, ${pair.documentColumn}, version), ` +
        `constraint "${pair.versions}_document_fk" foreign key (workspace_id, ${pair.documentColumn}) ` +
        `references "${pair.documents}" (workspace_id, id) on delete cascade)`,
    )
    .execute(db);
  await sql`insert into ${sql.table(docs)} (workspace_id, ${sql.join(docColumns.map((c) => sql.ref(c)))}) select ${workspace}, ${sql.join(docColumns.map((c) => sql.ref(c)))} from ${sql.table(pair.documents)}`.execute(db);
  await sql`insert into ${sql.table(versions)} (workspace_id, ${sql.join(versionColumns.map((c) => sql.ref(c)))}) select ${workspace}, ${sql.join(versionColumns.map((c) => sql.ref(c)))} from ${sql.table(pair.versions)}`.execute(db);
  await sql`drop table ${sql.table(pair.versions)}`.execute(db);
  await sql`drop table ${sql.table(pair.documents)}`.execute(db);
  await sql`alter table ${sql.table(docs)} rename to ${sql.table(pair.documents)}`.execute(db);
  await sql`alter table ${sql.table(versions)} rename to ${sql.table(pair.versions)}`.execute(db);
}

async function alterPostgres(db: Kysely<any>, pair: VersionedPair): Promise<void> {
  for (const table of [pair.documents, pair.versions]) {
    await sql`alter table ${sql.table(table)} add column workspace_id text not null default ${workspace}`.execute(db);
    // The default only fills existing rows: from now on every write must name its workspace.
    await sql`alter table ${sql.table(table)} alter column workspace_id drop default`.execute(db);
  }
  // PostgreSQL's names for the inline constraints 0001 / 0003 declared.
  await sql`alter table ${sql.table(pair.versions)} drop constraint ${sql.id(`${pair.versions}_${pair.documentColumn}_fkey`)}`.execute(db);
  await sql`alter table ${sql.table(pair.versions)} drop constraint ${sql.id(`${pair.versions}_pk`)}`.execute(db);
  await sql`alter table ${sql.table(pair.documents)} drop constraint ${sql.id(`${pair.documents}_pkey`)}`.execute(db);
  await sql`alter table ${sql.table(pair.documents)} add constraint ${sql.id(`${pair.documents}_pk`)} primary key (workspace_id, id)`.execute(db);
  await sql`alter table ${sql.table(pair.versions)} add constraint ${sql.id(`${pair.versions}_pk`)} primary key (workspace_id, ${sql.ref(pair.documentColumn)}, version)`.execute(db);
  await sql`alter table ${sql.table(pair.versions)} add constraint ${sql.id(`${pair.versions}_document_fk`)} foreign key (workspace_id, ${sql.ref(pair.documentColumn)}) references ${sql.table(pair.documents)} (workspace_id, id) on delete cascade`.execute(db);
  for (const name of Object.keys(pair.indexes)) await db.schema.dropIndex(name).execute();
}

export function workspaceKnowledgeMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'sqlite') {
        // kysely runs SQLite migrations outside a transaction; the rebuild must not stop half-way.
        await db.transaction().execute(async (trx) => {
          for (const pair of PAIRS) await rebuildSqlite(trx, pair);
        });
      } else {
        for (const pair of PAIRS) await alterPostgres(db, pair);
      }
      for (const pair of PAIRS) {
        for (const [name, columns] of Object.entries(pair.indexes)) {
          await db.schema.createIndex(name).on(pair.documents).columns(['workspace_id', ...columns]).execute();
        }
      }
      // Synonym groups keep their global integer id; the workspace is a filter on it.
      await sql`alter table synonym_groups add column workspace_id text not null default ${workspace}`.execute(db);
      if (dialect === 'postgres') await sql`alter table synonym_groups alter column workspace_id drop default`.execute(db);
      await db.schema.createIndex('synonym_groups_workspace').on('synonym_groups').columns(['workspace_id', 'id']).execute();
    },
  };
}
