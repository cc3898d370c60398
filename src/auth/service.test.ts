import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AuditLog } from '../audit/audit-log.js';
import { WenduError } from '../errors/index.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { DEFAULT_WORKSPACE_ID } from './access.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import { AccountService, API_KEY_TOUCH_INTERVAL_MS } from './service.js';
import { GOOD_PASSWORD } from './test-app.js';

const HOUR_MS = 3_600_000;
const ADDRESS = '203.0.113.7';

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    // Zod errors are what the HTTP error handler answers as WENDU_VALIDATION.
    if (err instanceof ZodError) return 'WENDU_VALIDATION';
    return err instanceof WenduError ? err.code : String(err);
  }
}

describe.each(TEST_BACKENDS)('AccountService on $name', (backend) => {
  let database: TestDatabase;
  let clock: Date;
  let accounts: AccountService;
  beforeEach(async () => {
    database = await backend.open();
    clock = new Date('2026-03-01T09:00:00.000Z');
    accounts = new AccountService(database, { now: () => clock, tokenTtlHours: 12 });
  });
  afterEach(async () => database.dispose());

  it('starts with the default workspace and stores e-mails lower-cased and trimmed, passwords as argon2id', async () => {
    expect((await accounts.ensureWorkspace(DEFAULT_WORKSPACE_ID, '默认工作区')).created).toBe(false);
    const user = await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: '  XiaoWen@Shop.CN ', role: 'agent', password: GOOD_PASSWORD }, 'cli');
    expect(user).toMatchObject({ email: 'xiaowen@shop.cn', name: 'xiaowen', role: 'agent', disabled: false });
    expect(JSON.stringify(user)).not.toMatch(/hash|argon|password/i);
    const row = await database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await code(accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'xiaowen@shop.cn', role: 'admin', password: GOOD_PASSWORD }, 'cli'))).toBe('WENDU_USER_CONFLICT');
  });

  it('refuses a short password with a coded error', async () => {
    const err = await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'a@shop.cn', role: 'agent', password: '123456789' }, 'cli').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WenduError);
    expect((err as WenduError).code).toBe('WENDU_PASSWORD_TOO_SHORT');
    expect((err as WenduError).details).toEqual({ minLength: MIN_PASSWORD_LENGTH });
  });

  it('logs in, authenticates the token, and expires it after the TTL (injected clock)', async () => {
    await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'amy@shop.cn', role: 'supervisor', password: GOOD_PASSWORD }, 'cli');
    const login = await accounts.login({ email: 'Amy@shop.cn', password: GOOD_PASSWORD, address: ADDRESS });
    expect(login.expiresAt).toBe('2026-03-01T21:00:00.000Z');
    expect(login.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await database.db.selectFrom('auth_tokens').selectAll().execute();
    expect(stored.map((t) => t.token_hash)).not.toContain(login.token);
    expect((await accounts.authenticate(login.token))?.principal).toMatchObject({ kind: 'user', role: 'supervisor', actor: 'user:amy@shop.cn', workspaceId: DEFAULT_WORKSPACE_ID });
    clock = new Date(clock.getTime() + 12 * HOUR_MS - 1);
    expect(await accounts.authenticate(login.token)).not.toBeNull();
    clock = new Date(clock.getTime() + 1);
    expect(await accounts.authenticate(login.token)).toBeNull();
  });

  it('answers the same for an unknown e-mail and a wrong password', async () => {
    await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'amy@shop.cn', role: 'agent', password: GOOD_PASSWORD }, 'cli');
    expect(await code(accounts.login({ email: 'amy@shop.cn', password: '密码错了吧hhh', address: ADDRESS }))).toBe('WENDU_INVALID_CREDENTIALS');
    expect(await code(accounts.login({ email: 'nobody@shop.cn', password: GOOD_PASSWORD, address: ADDRESS }))).toBe('WENDU_INVALID_CREDENTIALS');
  });

  it('a disabled user cannot log in and their live sessions stop working', async () => {
    const admin = await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'boss@shop.cn', role: 'admin', password: GOOD_PASSWORD }, 'cli');
    const agent = await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'temp@shop.cn', role: 'agent', password: GOOD_PASSWORD }, 'cli');
    const { token } = await accounts.login({ email: 'temp@shop.cn', password: GOOD_PASSWORD, address: ADDRESS });
    await accounts.updateUser(DEFAULT_WORKSPACE_ID, agent.id, { disabled: true }, `user:${admin.email}`);
    expect(await accounts.authenticate(token)).toBeNull();
    expect(await code(accounts.login({ email: 'temp@shop.cn', password: GOOD_PASSWORD, address: ADDRESS }))).toBe('WENDU_INVALID_CREDENTIALS');
    // Enabling again does not bring the old session back.
    await accounts.updateUser(DEFAULT_WORKSPACE_ID, agent.id, { disabled: false }, `user:${admin.email}`);
    expect(await accounts.authenticate(token)).toBeNull();
  });

  it('a new password ends the user’s other sessions but keeps the one that changed it', async () => {
    const amy = await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'amy@shop.cn', role: 'admin', password: GOOD_PASSWORD }, 'cli');
    const phone = await accounts.login({ email: 'amy@shop.cn', password: GOOD_PASSWORD, address: ADDRESS });
    const laptop = await accounts.login({ email: 'amy@shop.cn', password: GOOD_PASSWORD, address: ADDRESS });
    const laptopHash = (await accounts.authenticate(laptop.token))!.tokenHash!;
    await accounts.updateUser(DEFAULT_WORKSPACE_ID, amy.id, { password: '新密码-更长一点的2026' }, 'user:amy@shop.cn', laptopHash);
    expect(await accounts.authenticate(phone.token)).toBeNull();
    expect(await accounts.authenticate(laptop.token)).not.toBeNull();
    await accounts.setPassword('AMY@shop.cn', '第三个密码第三个密码', 'cli');
    expect(await accounts.authenticate(laptop.token)).toBeNull();
    expect(await code(accounts.login({ email: 'amy@shop.cn', password: GOOD_PASSWORD, address: ADDRESS }))).toBe('WENDU_INVALID_CREDENTIALS');
    expect((await accounts.login({ email: 'amy@shop.cn', password: '第三个密码第三个密码', address: ADDRESS })).token).toBeTruthy();
  });

  it('never lets the last active admin of a workspace be demoted or disabled', async () => {
    const boss = await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'boss@shop.cn', role: 'admin', password: GOOD_PASSWORD }, 'cli');
    const actor = 'user:boss@shop.cn';
    expect(await code(accounts.updateUser(DEFAULT_WORKSPACE_ID, boss.id, { role: 'supervisor' }, actor))).toBe('WENDU_FORBIDDEN');
    expect(await code(accounts.updateUser(DEFAULT_WORKSPACE_ID, boss.id, { disabled: true }, actor))).toBe('WENDU_FORBIDDEN');
    // An admin in ANOTHER workspace does not count.
    await accounts.ensureWorkspace('shop-b', 'B 店');
    await accounts.createUser('shop-b', { email: 'b-boss@shop-b.cn', role: 'admin', password: GOOD_PASSWORD }, 'cli');
    expect(await code(accounts.updateUser(DEFAULT_WORKSPACE_ID, boss.id, { role: 'agent' }, actor))).toBe('WENDU_FORBIDDEN');
    const second = await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'boss2@shop.cn', role: 'admin', password: GOOD_PASSWORD }, actor);
    expect((await accounts.updateUser(DEFAULT_WORKSPACE_ID, boss.id, { role: 'supervisor' }, actor)).role).toBe('supervisor');
    expect(await code(accounts.updateUser(DEFAULT_WORKSPACE_ID, second.id, { disabled: true }, actor))).toBe('WENDU_FORBIDDEN');
  });

  it('a user of another workspace is not found', async () => {
    await accounts.ensureWorkspace('shop-b', 'B 店');
    const bob = await accounts.createUser('shop-b', { email: 'bob@shop-b.cn', role: 'agent', password: GOOD_PASSWORD }, 'cli');
    expect(await code(accounts.getUser(DEFAULT_WORKSPACE_ID, bob.id))).toBe('WENDU_USER_NOT_FOUND');
    expect(await code(accounts.updateUser(DEFAULT_WORKSPACE_ID, bob.id, { role: 'admin' }, 'user:x'))).toBe('WENDU_USER_NOT_FOUND');
    expect(await accounts.listUsers(DEFAULT_WORKSPACE_ID)).toEqual([]);
  });

  it('records every change to users and keys with the actor, and never a password or hash', async () => {
    const boss = await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'boss@shop.cn', role: 'admin', password: GOOD_PASSWORD }, 'cli');
    await accounts.updateUser(DEFAULT_WORKSPACE_ID, boss.id, { name: '老板娘', password: '另一个很长很长的密码😀' }, 'user:boss@shop.cn');
    const principal = (await accounts.authenticate((await accounts.login({ email: 'boss@shop.cn', password: '另一个很长很长的密码😀', address: ADDRESS })).token))!.principal;
    const { key, apiKey } = await accounts.createApiKey(principal, { name: '后台夜间导入', role: 'supervisor' });
    await accounts.revokeApiKey(DEFAULT_WORKSPACE_ID, apiKey.id, principal.actor);
    const { items } = await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID);
    expect(items.map((i) => [i.action, i.targetType, i.actor])).toEqual([
      ['revoked', 'api_key', 'user:boss@shop.cn'],
      ['created', 'api_key', 'user:boss@shop.cn'],
      ['updated', 'user', 'user:boss@shop.cn'],
      ['created', 'user', 'cli'],
    ]);
    expect(items[2]!.after).toMatchObject({ name: '老板娘', passwordChanged: true });
    const text = JSON.stringify(items);
    const hashes = (await database.db.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash);
    for (const secret of [GOOD_PASSWORD, '另一个很长很长的密码😀', key, ...hashes]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/argon2|key_hash|password_hash/);
  });

  it('API keys: stored hashed, scoped to workspace and role, never admin, last use recorded at most once a minute, revoked stops', async () => {
    const boss = await accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'boss@shop.cn', role: 'admin', password: GOOD_PASSWORD }, 'cli');
    const principal = { kind: 'user' as const, id: boss.id, workspaceId: DEFAULT_WORKSPACE_ID, role: 'admin' as const, actor: 'user:boss@shop.cn' };
    const { key, apiKey } = await accounts.createApiKey(principal, { name: 'ERP 同步', role: 'supervisor' });
    expect(key).toMatch(/^wdk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.prefix).toBe(key.slice(0, 8));
    const row = await database.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(key);
    expect(await code(accounts.createApiKey(principal, { name: '万能钥匙', role: 'admin' as never }))).toBe('WENDU_VALIDATION');
    const agentPrincipal = { ...principal, role: 'agent' as const };
    expect(await code(accounts.createApiKey(agentPrincipal, { name: '越权', role: 'supervisor' }))).toBe('WENDU_FORBIDDEN');

    expect((await accounts.authenticate(key))?.principal).toMatchObject({ kind: 'api_key', role: 'supervisor', actor: 'api_key:ERP 同步', workspaceId: DEFAULT_WORKSPACE_ID });
    const firstUse = (await accounts.listApiKeys(DEFAULT_WORKSPACE_ID))[0]!.lastUsedAt;
    expect(firstUse).toBe(clock.toISOString());
    clock = new Date(clock.getTime() + API_KEY_TOUCH_INTERVAL_MS - 1);
    await accounts.authenticate(key);
    expect((await accounts.listApiKeys(DEFAULT_WORKSPACE_ID))[0]!.lastUsedAt).toBe(firstUse);
    clock = new Date(clock.getTime() + 1);
    await accounts.authenticate(key);
    expect((await accounts.listApiKeys(DEFAULT_WORKSPACE_ID))[0]!.lastUsedAt).toBe(clock.toISOString());

    await accounts.ensureWorkspace('shop-b', 'B 店');
    expect(await code(accounts.revokeApiKey('shop-b', apiKey.id, 'user:b'))).toBe('WENDU_API_KEY_NOT_FOUND');
    await accounts.revokeApiKey(DEFAULT_WORKSPACE_ID, apiKey.id, principal.actor);
    expect(await accounts.authenticate(key)).toBeNull();
  });
});
