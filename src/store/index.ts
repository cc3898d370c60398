/** Storage: the database (SQLite or PostgreSQL), its schema and migrations. */
export { openDatabase, DEFAULT_DATA_DIR, SQLITE_FILE_NAME } from './database.js';
export type { Database, OpenDatabaseOptions } from './database.js';
export type { SqlDialect } from './dialect.js';
export { migrationsFor } from './migrations/index.js';
export type * from './schema.js';
