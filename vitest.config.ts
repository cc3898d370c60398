import { defineConfig } from 'vitest/config';

/** Database and browser tests open real SQLite files, PostgreSQL and Chromium: give them time. */
const DB_TEST_TIMEOUT_MS = 30_000;
const HOOK_TIMEOUT_MS = 60_000;
/**
 * How long `expect.poll` waits for a page or a server to reach a state (vitest's default, 1 s,
 * is shorter than one busy CI machine's round trip through a browser). Polls end as soon as
 * they pass, so a generous bound costs nothing when things work.
 */
const POLL_TIMEOUT_MS = 15_000;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'web/**/*.test.ts'],
    // The browser tests open the built pages: build them first when stale (scripts/build-web.mjs).
    // Fresh SQLite test databases are copies of one migrated for the run (src/store/testing.ts).
    globalSetup: ['web/build-for-tests.ts', 'src/store/sqlite-template-setup.ts'],
    testTimeout: DB_TEST_TIMEOUT_MS,
    expect: { poll: { timeout: POLL_TIMEOUT_MS } },
    hookTimeout: HOOK_TIMEOUT_MS,
    // Separate processes: native modules (better-sqlite3, jieba) and child servers stay isolated.
    pool: 'forks',
  },
});
