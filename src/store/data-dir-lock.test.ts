/**
 * One data folder, one server (issue 6, finding 11): real servers (buildServer) on a real
 * folder, a real dead pid, and a real `wendu serve` child process killed with SIGKILL.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir, TEST_BOT_SECRET } from '../channels/web/test-client.js';
import { loadServerConfig } from '../config/server-config.js';
import { isWenduError } from '../errors/index.js';
import { childEnv, PACKAGE_ROOT_FOR_TESTS, serveArgs, spawnServe } from '../cli/test-serve-process.js';
import { buildServer, type WenduServer } from '../server/app.js';
import { acquireDataDirLock, DATA_DIR_LOCK_FILE, isProcessAlive } from './data-dir-lock.js';

/** A child `wendu serve` compiles TypeScript cold and loads the segmenter: slow on a busy machine. */
const CHILD_TIMEOUT_MS = 120_000;

const dirs: string[] = [];
const servers: WenduServer[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = tempDataDir('wendu-lock-');
  dirs.push(dir);
  return dir;
}

async function serve(dataDir: string): Promise<WenduServer> {
  const server = await buildServer(loadServerConfig({ logLevel: 'silent', dataDir, botSecret: TEST_BOT_SECRET }, {}));
  servers.push(server);
  return server;
}

async function refusal(promise: Promise<unknown>): Promise<{ code?: string; message: string; details: unknown }> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  if (!isWenduError(err)) throw new Error(`expected a WenduError, got ${String(err)}`);
  return { code: err.code, message: err.message, details: err.details };
}

/** A pid that existed a moment ago and is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(String(child.stdout));
  expect(isProcessAlive(pid)).toBe(false);
  return pid;
}

describe('data folder lock', () => {
  it('a second server on the same folder refuses with WENDU_DATA_DIR_LOCKED naming the folder and the pid; after close a new one starts', async () => {
    const dataDir = folder();
    const first = await serve(dataDir);
    const refused = await refusal(serve(dataDir));
    expect(refused.code).toBe('WENDU_DATA_DIR_LOCKED');
    expect(refused.message).toContain(dataDir);
    expect(refused.message).toContain(`pid ${process.pid}`);
    expect(refused.details).toMatchObject({ pid: process.pid });
    await first.close();
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);
    const again = await serve(dataDir);
    expect(again.demo).toBeDefined();
  });

  it('takes over a stale lock left by a dead process', async () => {
    const dataDir = folder();
    const file = join(dataDir, DATA_DIR_LOCK_FILE);
    writeFileSync(file, JSON.stringify({ pid: deadPid(), startedAt: '2026-03-08T09:00:00.000Z', hostname: hostname(), token: 'old' }));
    const server = await serve(dataDir);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    await server.close();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a half-written lock, and never removes a lock it no longer owns', () => {
    const dataDir = folder();
    const file = join(dataDir, DATA_DIR_LOCK_FILE);
    writeFileSync(file, '');
    const lock = acquireDataDirLock(dataDir);
    // Someone decided we were dead and took over: our release must leave their lock alone.
    writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), hostname: hostname(), token: 'theirs' }));
    lock.release();
    expect(existsSync(file)).toBe(true);
  });

  it('a `wendu serve` killed with SIGKILL leaves a stale lock that the next start takes over; a second serve meanwhile exits 2', { timeout: CHILD_TIMEOUT_MS }, async () => {
    const dataDir = folder();
    const served = await spawnServe(['--data', dataDir, '--port', '0'], { WENDU_BOT_SECRET: TEST_BOT_SECRET });
    const { child } = served;
    children.push(child);
    const out = served.output();
    // Loopback by default, and the banner shows the port really bound (not 0).
    expect(out).toMatch(/http:\/\/127\.0\.0\.1:[1-9]\d*/);

    const refused = await refusal(serve(dataDir));
    expect(refused.code).toBe('WENDU_DATA_DIR_LOCKED');
    expect(refused.message).toContain(`pid ${child.pid}`);

    const second = spawnSync(process.execPath, serveArgs(['--data', dataDir, '--port', '0']), {
      cwd: PACKAGE_ROOT_FOR_TESTS,
      env: childEnv({ WENDU_BOT_SECRET: TEST_BOT_SECRET }),
      encoding: 'utf8',
      timeout: CHILD_TIMEOUT_MS - 20_000,
    });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain('WENDU_DATA_DIR_LOCKED');
    expect(second.stderr).toContain(dataDir);
    expect(second.stderr).toContain(`pid ${child.pid}`);

    await served.kill9();
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(true);
    const next = await serve(dataDir);
    expect(next.app.server).toBeDefined();
  });
});
