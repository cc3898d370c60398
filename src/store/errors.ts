/**
 * Database errors the domain layers react to, recognised the same way on both dialects.
 */

/** A unique constraint refused the write: PostgreSQL `unique_violation`, or better-sqlite3's constraint codes. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
