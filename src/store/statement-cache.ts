/**
 * Prepared statements reused: kysely's SQLite driver calls `prepare(sql)` for every query, and
 * preparing (parsing and planning the SQL) cost about as much as running it on the turn path
 * (docs/performance.md). The same SQL text gets the same better-sqlite3 statement back.
 *
 * Safe because `all` and `run` are synchronous — a statement is never in use by two queries at
 * once. The one exception, `iterate` (kysely's `.stream()`), is not used on cached statements:
 * a streaming query gets a fresh statement of its own. When the schema changes, SQLite itself
 * re-prepares a cached statement on its next run.
 */
import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Distinct SQL texts kept. Queries with `in (?, ?, …)` lists make a text per list length, so the
 * cache is bounded; Wendu's fixed queries number in the low hundreds.
 */
export const STATEMENT_CACHE_SIZE = 1000;

export function cachingStatements(file: SqliteFile, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => file.close(),
    prepare(text: string): SqliteStatement {
      let statement = statements.get(text);
      if (statement) {
        // Least recently used is evicted first: a Map keeps insertion order, so move it to the end.
        statements.delete(text);
      } else {
        statement = reusable(file, text);
        if (statements.size >= size) statements.delete(statements.keys().next().value!);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

function reusable(file: SqliteFile, text: string): SqliteStatement {
  const statement: Statement = file.prepare(text);
  return {
    reader: statement.reader,
    all: (parameters) => statement.all(parameters),
    run: (parameters) => statement.run(parameters),
    // A stream keeps its statement busy across awaits: it gets one nobody else holds.
    iterate: (parameters) => file.prepare(text).iterate(parameters),
  };
}
