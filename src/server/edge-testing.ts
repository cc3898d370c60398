/**
 * Test support for the edge suites: a real listening server on each store backend. SQLite gets
 * a temp folder; PostgreSQL a fresh database of its own (buildServer migrates whatever database
 * its URL names, so a schema would not isolate it). Not imported by production code.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { startServer, tempDataDir, type RunningServer } from '../channels/web/test-client.js';
import type { ServerConfigInput } from '../config/server-config.js';
import type { SqlDialect } from '../store/dialect.js';
import { TEST_DATABASE_URL } from '../store/testing.js';

export interface EdgeServer extends RunningServer {
  /** Closes the server and throws its storage away. */
  dispose(): Promise<void>;
  /** Closes the server and starts a new one on the same storage (what survives a restart). */
  restart(): Promise<EdgeServer>;
  /** The PostgreSQL database's URL (null on SQLite): a second instance on the same database starts with it. */
  databaseUrl: string | null;
}

/** One statement on the test PostgreSQL's maintenance connection (create / drop a test database). */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A server on `backend`, listening on 127.0.0.1, without the demo unless asked. */
export async function startEdgeServer(backend: SqlDialect, overrides: Partial<ServerConfigInput> = {}): Promise<EdgeServer> {
  const dataDir = tempDataDir('wendu-edge-');
  let databaseUrl: string | null = null;
  let databaseName: string | null = null;
  if (backend === 'postgres') {
    databaseName = `wendu_edge_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${databaseName}`);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
  }
  const edge = (running: RunningServer): EdgeServer => ({
    ...running,
    databaseUrl,
    async dispose() {
      await running.server.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (databaseName) await adminQuery(`drop database if exists ${databaseName} with (force)`);
    },
    async restart() {
      await running.server.close();
      return edge(await startServer(dataDir, { demo: false, databaseUrl, ...overrides }));
    },
  });
  return edge(await startServer(dataDir, { demo: false, databaseUrl, ...overrides }));
}
