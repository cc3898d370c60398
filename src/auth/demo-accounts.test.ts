/**
 * `serve --demo`: demo accounts only in an empty users table, their logins returned once;
 * and the real server (buildServer) wires login and the guard.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../config/server-config.js';
import { buildServer, type WenduServer } from '../server/app.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { DEFAULT_WORKSPACE_ID } from './access.js';
import { DEMO_ACCOUNTS, formatDemoLogins, seedDemoAccounts } from './demo-accounts.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import { AUTH_API_PREFIX, USERS_PATH } from './routes.js';
import { AccountService } from './service.js';

describe.each(TEST_BACKENDS)('demo accounts on $name', (backend) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await backend.open();
  });
  afterEach(async () => database.dispose());

  it('creates one admin and two agents in an empty users table, and nothing the second time', async () => {
    const accounts = new AccountService(database);
    const logins = await seedDemoAccounts(accounts);
    expect(logins.map((l) => l.role)).toEqual(['admin', 'agent', 'agent']);
    expect(new Set(logins.map((l) => l.password)).size).toBe(3);
    for (const l of logins) {
      expect(l.password.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
      expect((await accounts.login({ email: l.email, password: l.password, address: '127.0.0.1' })).user.workspaceId).toBe(DEFAULT_WORKSPACE_ID);
    }
    expect(await seedDemoAccounts(accounts)).toEqual([]);
    expect(await accounts.countUsers()).toBe(DEMO_ACCOUNTS.length);
  });

  it('never seeds into a table that already has a real user', async () => {
    const accounts = new AccountService(database);
    await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'boss@shop.cn', role: 'admin', password: '真正的管理员密码2026' }, 'cli');
    expect(await seedDemoAccounts(accounts)).toEqual([]);
  });

  it('prints a warning in Chinese and English', () => {
    const text = formatDemoLogins([{ email: 'admin@demo.wendu', role: 'admin', password: 'pw-shown-once-123' }]);
    expect(text).toContain('仅供演示');
    expect(text).toContain('for the demo only');
    expect(text).toContain('pw-shown-once-123');
  });
});

describe('the server with accounts (buildServer, SQLite)', () => {
  const dirs: string[] = [];
  let server: WenduServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serve --demo: demo logins once, they log in over HTTP, the users API needs them; a restart prints nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wendu-demo-accounts-'));
    dirs.push(dataDir);
    const config = loadServerConfig({ logLevel: 'silent', dataDir, demo: true }, {});
    server = await buildServer(config);
    expect(server.demoLogins).toHaveLength(DEMO_ACCOUNTS.length);
    const admin = server.demoLogins.find((l) => l.role === 'admin')!;
    expect((await server.app.inject({ method: 'GET', url: USERS_PATH })).statusCode).toBe(401);
    const login = await server.app.inject({ method: 'POST', url: `${AUTH_API_PREFIX}/login`, payload: { email: admin.email, password: admin.password } });
    expect(login.statusCode).toBe(200);
    const users = await server.app.inject({ method: 'GET', url: USERS_PATH, headers: { authorization: `Bearer ${login.json().token}` } });
    expect(users.json().users).toHaveLength(DEMO_ACCOUNTS.length);
    expect(users.body).not.toContain(admin.password);
    await server.close();

    server = await buildServer(config);
    expect(server.demoLogins).toEqual([]);
    expect((await server.app.inject({ method: 'POST', url: `${AUTH_API_PREFIX}/login`, payload: { email: admin.email, password: admin.password } })).statusCode).toBe(200);
  });
});
