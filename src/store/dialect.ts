/**
 * The few places where SQLite and PostgreSQL need different SQL (DDL, JSON), kept in one file
 * so migrations and queries stay dialect-neutral otherwise.
 */
import { sql, type CreateTableBuilder, type RawBuilder } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/** Adds an auto-generated integer primary key named `id`. */
export function autoIncrementId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: SqlDialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : // INTEGER PRIMARY KEY AUTOINCREMENT: never reuses an id, so a deleted group's id stays dead.
      table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * The text of a top-level key of a JSON text column (e.g. `messages.meta` → `action`), for
 * queries that filter or group by it. Both databases read the JSON; only the spelling differs.
 */
export function jsonTextField(dialect: SqlDialect, column: string, key: string): RawBuilder<string | null> {
  // Keys are inlined, not bound: PostgreSQL matches a grouped expression only when it is spelled
  // the same, and two bound parameters ($2, $5) are not. Keys are code constants, never input.
  return dialect === 'postgres' ? sql<string | null>`(cast(${sql.ref(column)} as jsonb) ->> ${sql.lit(key)})` : sql<string | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)})`;
}
