/**
 * The accounts API over real HTTP (fastify inject) with the real guard, on SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { DEFAULT_WORKSPACE_ID } from './access.js';
import { API_KEYS_PATH, AUTH_API_PREFIX, USERS_PATH } from './routes.js';
import { authTestApp, bearer, GOOD_PASSWORD, PROBE_PUBLIC_PATH, PROBE_SUPERVISOR_PATH, type AuthTestApp } from './test-app.js';

describe.each(TEST_BACKENDS)('accounts API on $name', (backend) => {
  let database: TestDatabase;
  let t: AuthTestApp;
  /** Every response body the tests saw, to prove none carries a secret. */
  let bodies: string[];
  beforeEach(async () => {
    database = await backend.open();
    t = await authTestApp(database);
    bodies = [];
  });
  afterEach(async () => {
    await t.close();
    await database.dispose();
  });

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token?: string, payload?: unknown) {
    const res = await t.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
    bodies.push(res.body);
    return res;
  }

  it('logs in, answers /me, and logout ends the session', async () => {
    await t.accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'xiaowen@shop.cn', name: '小温', role: 'agent', password: GOOD_PASSWORD }, 'cli');
    const login = await call('POST', `${AUTH_API_PREFIX}/login`, undefined, { email: ' XiaoWen@shop.cn', password: GOOD_PASSWORD });
    expect(login.statusCode).toBe(200);
    const { token, expiresAt, user } = login.json();
    expect(user).toEqual({ id: expect.any(String), email: 'xiaowen@shop.cn', name: '小温', role: 'agent', workspaceId: DEFAULT_WORKSPACE_ID });
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const me = await call('GET', `${AUTH_API_PREFIX}/me`, token);
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('xiaowen@shop.cn');
    expect((await call('POST', `${AUTH_API_PREFIX}/logout`, token)).statusCode).toBe(204);
    const after = await call('GET', `${AUTH_API_PREFIX}/me`, token);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('WENDU_UNAUTHENTICATED');
  });

  it('wrong e-mail and wrong password get the very same 401', async () => {
    await t.accounts.createUser(DEFAULT_WORKSPACE_ID, { email: 'amy@shop.cn', role: 'agent', password: GOOD_PASSWORD }, 'cli');
    const wrongPassword = await call('POST', `${AUTH_API_PREFIX}/login`, undefined, { email: 'amy@shop.cn', password: '我忘了密码是啥了。。。' });
    const wrongEmail = await call('POST', `${AUTH_API_PREFIX}/login`, undefined, { email: 'amy@shop.com', password: GOOD_PASSWORD });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.json().error.code).toBe('WENDU_INVALID_CREDENTIALS');
    expect(wrongEmail.body).toBe(wrongPassword.body);
  });

  it('the guard: public passes, anonymous and bogus tokens 401, agent on a supervisor route 403, cookies and actor headers count for nothing', async () => {
    const agent = await t.userWithToken('agent@shop.cn', 'agent');
    const sup = await t.userWithToken('sup@shop.cn', 'supervisor');
    expect((await call('GET', PROBE_PUBLIC_PATH)).statusCode).toBe(200);
    expect((await call('GET', PROBE_SUPERVISOR_PATH)).json().error.code).toBe('WENDU_UNAUTHENTICATED');
    expect((await call('GET', PROBE_SUPERVISOR_PATH, 'not-a-real-token')).statusCode).toBe(401);
    const asCookie = await t.app.inject({ method: 'GET', url: PROBE_SUPERVISOR_PATH, headers: { cookie: `token=${sup.token}`, 'x-wendu-actor': 'admin' } });
    expect(asCookie.statusCode).toBe(401);
    const forbidden = await call('GET', PROBE_SUPERVISOR_PATH, agent.token);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('WENDU_FORBIDDEN');
    const ok = await call('GET', PROBE_SUPERVISOR_PATH, sup.token);
    expect(ok.json()).toEqual({ actor: 'user:sup@shop.cn' });
    expect((await call('GET', USERS_PATH, sup.token)).statusCode).toBe(403);
  });

  it('users API: admin creates, lists and edits users; disabling ends their sessions; the last admin stays', async () => {
    const admin = await t.userWithToken('boss@shop.cn', 'admin');
    const created = await call('POST', USERS_PATH, admin.token, { email: 'XiaoDu@Shop.cn', name: '小度 🐻', role: 'agent', password: '小度的密码很安全哦666' });
    expect(created.statusCode).toBe(201);
    const xiaodu = created.json().user;
    expect(xiaodu).toMatchObject({ email: 'xiaodu@shop.cn', name: '小度 🐻', role: 'agent', disabled: false });
    expect((await call('POST', USERS_PATH, admin.token, { email: 'xiaodu@shop.cn', role: 'agent', password: GOOD_PASSWORD })).json().error.code).toBe('WENDU_USER_CONFLICT');
    expect((await call('POST', USERS_PATH, admin.token, { email: 'short@shop.cn', role: 'agent', password: '123456' })).json().error.code).toBe('WENDU_PASSWORD_TOO_SHORT');
    expect((await call('POST', USERS_PATH, admin.token, { email: '这不是邮箱', role: 'agent', password: GOOD_PASSWORD })).json().error.code).toBe('WENDU_VALIDATION');

    const login = await call('POST', `${AUTH_API_PREFIX}/login`, undefined, { email: 'xiaodu@shop.cn', password: '小度的密码很安全哦666' });
    const xiaoduToken = login.json().token as string;
    const listed = await call('GET', USERS_PATH, admin.token);
    expect(listed.json().users.map((u: { email: string }) => u.email)).toEqual(['boss@shop.cn', 'xiaodu@shop.cn']);

    const disabled = await call('PATCH', `${USERS_PATH}/${xiaodu.id}`, admin.token, { disabled: true });
    expect(disabled.json().user.disabled).toBe(true);
    expect((await call('GET', `${AUTH_API_PREFIX}/me`, xiaoduToken)).statusCode).toBe(401);

    const demote = await call('PATCH', `${USERS_PATH}/${admin.id}`, admin.token, { role: 'supervisor' });
    expect(demote.statusCode).toBe(403);
    expect(demote.json().error.details.reason).toBe('last_admin');
    expect((await call('PATCH', `${USERS_PATH}/${admin.id}`, admin.token, { disabled: true })).statusCode).toBe(403);

    // The admin changes their own password: their own session stays, the others end.
    const otherSession = (await call('POST', `${AUTH_API_PREFIX}/login`, undefined, { email: 'boss@shop.cn', password: GOOD_PASSWORD })).json().token;
    expect((await call('PATCH', `${USERS_PATH}/${admin.id}`, admin.token, { password: '老板的新密码-2026-春' })).statusCode).toBe(200);
    expect((await call('GET', `${AUTH_API_PREFIX}/me`, admin.token)).statusCode).toBe(200);
    expect((await call('GET', `${AUTH_API_PREFIX}/me`, otherSession)).statusCode).toBe(401);

    // No password and no hash in any answer or any log line.
    const hashes = (await database.db.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash);
    const seen = bodies.join('\n') + t.logs.join('\n');
    for (const secret of ['小度的密码很安全哦666', '老板的新密码-2026-春', GOOD_PASSWORD, ...hashes]) expect(seen).not.toContain(secret);
    expect(seen).not.toMatch(/argon2|password_hash/);
    expect(t.logs.length).toBeGreaterThan(0);
  });

  it('users of workspace B see none of A: list, edit and keys of A are 404 / absent', async () => {
    const adminA = await t.userWithToken('boss@shop-a.cn', 'admin');
    const agentA = await t.userWithToken('agent@shop-a.cn', 'agent');
    const adminB = await t.userWithToken('boss@shop-b.cn', 'admin', 'shop-b');
    const keyA = (await call('POST', API_KEYS_PATH, adminA.token, { name: 'A 店 ERP', role: 'agent' })).json().apiKey;

    const listB = await call('GET', USERS_PATH, adminB.token);
    expect(listB.json().users.map((u: { email: string }) => u.email)).toEqual(['boss@shop-b.cn']);
    const edit = await call('PATCH', `${USERS_PATH}/${agentA.id}`, adminB.token, { role: 'admin' });
    expect(edit.statusCode).toBe(404);
    expect(edit.json().error.code).toBe('WENDU_USER_NOT_FOUND');
    expect((await call('GET', API_KEYS_PATH, adminB.token)).json().apiKeys).toEqual([]);
    expect((await call('DELETE', `${API_KEYS_PATH}/${keyA.id}`, adminB.token)).statusCode).toBe(404);
    expect((await t.accounts.getUser(DEFAULT_WORKSPACE_ID, agentA.id)).role).toBe('agent');
  });

  it('API keys: shown once, stored hashed, work as Bearer, listed without secrets, revoked stops; never admin', async () => {
    const admin = await t.userWithToken('boss@shop.cn', 'admin');
    const made = await call('POST', API_KEYS_PATH, admin.token, { name: '后台夜间导入', role: 'supervisor' });
    expect(made.statusCode).toBe(201);
    const { key, apiKey } = made.json();
    expect(key).toMatch(/^wdk_/);
    expect(apiKey).toEqual({ id: expect.any(String), name: '后台夜间导入', role: 'supervisor', prefix: key.slice(0, 8), createdAt: expect.any(String) });
    expect((await call('POST', API_KEYS_PATH, admin.token, { name: '管理员钥匙', role: 'admin' })).statusCode).toBe(400);

    const used = await call('GET', PROBE_SUPERVISOR_PATH, key);
    expect(used.json()).toEqual({ actor: 'api_key:后台夜间导入' });
    // A supervisor key cannot manage users or mint keys.
    expect((await call('POST', API_KEYS_PATH, key, { name: '再来一把', role: 'agent' })).statusCode).toBe(403);

    const listed = await call('GET', API_KEYS_PATH, admin.token);
    expect(listed.body).not.toContain(key);
    expect(listed.json().apiKeys[0]).toMatchObject({ name: '后台夜间导入', prefix: key.slice(0, 8), lastUsedAt: expect.any(String), revokedAt: null });

    expect((await call('DELETE', `${API_KEYS_PATH}/${apiKey.id}`, admin.token)).json().apiKey.revokedAt).toEqual(expect.any(String));
    expect((await call('GET', PROBE_SUPERVISOR_PATH, key)).statusCode).toBe(401);
    const seen = bodies.slice(1).join('\n') + t.logs.join('\n');
    expect(seen).not.toContain(key);
  });
});
