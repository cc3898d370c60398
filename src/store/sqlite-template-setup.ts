/**
 * Vitest global setup: migrates one SQLite database for the whole run; every test process
 * copies it for each fresh test database (src/store/testing.ts) instead of migrating its own.
 * A copy is still opened through `openDatabase`, so a migration added since is applied to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSqliteTemplate, SQLITE_TEMPLATE_ENV } from './testing.js';

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'wendu-template-'));
  // The test processes are started after global setup and inherit this environment.
  process.env[SQLITE_TEMPLATE_ENV] = await buildSqliteTemplate(dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
