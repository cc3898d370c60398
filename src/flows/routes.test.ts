import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.js';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { guardedApp } from '../auth/test-operators.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { flowRoutes } from './routes.js';
import { FlowService } from './service.js';

const BASE = '/api/v1/flows';
const text = (t: string) => [{ type: 'text', text: t }];
const WELCOME = {
  id: 'night-welcome',
  name: '夜间欢迎语',
  trigger: { onConversationStart: true },
  start: 'when',
  nodes: {
    when: { kind: 'condition', branches: [{ when: { kind: 'businessHours' }, next: 'day' }], else: 'night' },
    day: { kind: 'end', content: text('您好，{{customer.name}}～有什么可以帮您？') },
    night: { kind: 'end', content: text('现在是非工作时间，您可以先留言，我们明天 12 点前回复～') },
  },
};


describe('flow routes', () => {
  let database: TestDatabase;
  let app: { inject: (options: InjectOptions) => Promise<LightMyRequestResponse>; close: () => Promise<unknown> };

  beforeEach(async () => {
    database = await TEST_BACKENDS[0].open();
    // The flow routes behind the real access guard; every request is a signed-in supervisor's.
    const guarded = guardedApp(database);
    const flows = new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
    await guarded.app.register(flowRoutes, { flowsFor: () => flows });
    await guarded.app.ready();
    const xiaoliu = await guarded.signIn('xiaoliu@shop.cn', 'supervisor');
    app = { inject: (options) => guarded.injectAs(xiaoliu, options), close: () => guarded.app.close() };
  });
  afterEach(async () => {
    await app.close();
    await database.dispose();
  });

  it('creates, reads, lists, replaces, archives and restores a flow', async () => {
    const created = await app.inject({ method: 'POST', url: BASE, payload: WELCOME, headers: { 'x-wendu-actor': 'ceo' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'night-welcome', version: 1, updatedBy: 'user:xiaoliu@shop.cn' });

    expect((await app.inject({ url: `${BASE}/night-welcome` })).json().name).toBe('夜间欢迎语');
    expect((await app.inject({ url: BASE })).json()).toMatchObject({ total: 1 });

    const replaced = await app.inject({ method: 'PUT', url: `${BASE}/night-welcome`, payload: { ...WELCOME, id: undefined, name: '欢迎语' } });
    expect(replaced.json()).toMatchObject({ version: 2, name: '欢迎语' });

    expect((await app.inject({ method: 'POST', url: `${BASE}/night-welcome/archive` })).json().status).toBe('archived');
    expect((await app.inject({ url: BASE })).json().total).toBe(0);
    expect((await app.inject({ url: `${BASE}?status=all` })).json().total).toBe(1);

    const versions = (await app.inject({ url: `${BASE}/night-welcome/versions` })).json().items;
    expect(versions.map((v: { change: string }) => v.change)).toEqual(['archived', 'updated', 'created']);
    const restored = await app.inject({ method: 'POST', url: `${BASE}/night-welcome/versions/1/restore`, headers: { 'x-wendu-actor': 'ceo' } });
    expect(restored.json()).toMatchObject({ version: 4, name: '夜间欢迎语', status: 'published' });

    // The header never names the actor: every change is the account's.
    const audit = (await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID, { targetType: 'flow', targetId: 'night-welcome' })).items;
    expect(audit.map((a) => [a.action, a.actor]).reverse()).toEqual([
      ['created', 'user:xiaoliu@shop.cn'],
      ['updated', 'user:xiaoliu@shop.cn'],
      ['archived', 'user:xiaoliu@shop.cn'],
      ['restored', 'user:xiaoliu@shop.cn'],
    ]);
  });

  it('answers invalid flows with 422 and every issue, and validates without saving', async () => {
    const broken = { ...WELCOME, start: 'hello', nodes: { ...WELCOME.nodes, day: { kind: 'end', content: [] } } };
    const res = await app.inject({ method: 'POST', url: BASE, payload: broken });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('WENDU_FLOW_INVALID');
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain('nodes.day.content');

    const check = await app.inject({ method: 'POST', url: `${BASE}/validate`, payload: { ...WELCOME, start: 'hello' } });
    expect(check.json()).toEqual({ valid: false, issues: [expect.objectContaining({ path: 'start' })] });
    expect((await app.inject({ method: 'POST', url: `${BASE}/validate`, payload: WELCOME })).json()).toEqual({ valid: true, issues: [] });
    expect((await app.inject({ url: BASE })).json().total).toBe(0);
  });

  it('404 for unknown flows and versions, 409 for a duplicate, 400 for a bad status filter', async () => {
    expect((await app.inject({ url: `${BASE}/nope` })).json().error.code).toBe('WENDU_FLOW_NOT_FOUND');
    await app.inject({ method: 'POST', url: BASE, payload: WELCOME });
    expect((await app.inject({ method: 'POST', url: BASE, payload: WELCOME })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `${BASE}/night-welcome/versions/5/restore` })).statusCode).toBe(404);
    expect((await app.inject({ url: `${BASE}?status=deleted` })).statusCode).toBe(400);
  });
});
