/**
 * The few places where SQLite and PostgreSQL need different DDL, kept in one file so
 * migrations stay dialect-neutral otherwise.
 */
import type { CreateTableBuilder } from 'kysely';

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
