/**
 * The hand-off settings as the real server mounts them (src/server/app.ts), over real HTTP on
 * SQLite and PostgreSQL, and the demo: one group open around the clock, at any hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOn, type SignedIn } from '../auth/test-operators.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import { TEST_BACKENDS } from '../store/testing.js';
import { HANDOFF_SETTINGS_PATH } from './settings-routes.js';
import { SHOP_HANDOFF } from './test-fixture.js';

async function call(edge: EdgeServer, who: SignedIn, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${edge.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...who.headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe.each(TEST_BACKENDS.map((b) => b.name))('hand-off settings on a running server (%s)', (backend) => {
  let edge: EdgeServer;
  let admin: SignedIn;
  let supervisor: SignedIn;

  beforeAll(async () => {
    edge = await startEdgeServer(backend);
    admin = await signInOn(edge.server.accounts, 'laowang@shop.cn', 'admin');
    supervisor = await signInOn(edge.server.accounts, 'xiaoliu@shop.cn', 'supervisor');
  });
  afterAll(async () => {
    await edge?.dispose();
  });

  it('an admin saves the hours for the workspace’s bot and a supervisor reads them back', async () => {
    const put = await call(edge, admin, 'PUT', HANDOFF_SETTINGS_PATH, SHOP_HANDOFF);
    expect(put.status).toBe(200);
    expect(Object.keys(put.json.availability)).toEqual(['presales', 'aftersales', 'complaints']);
    const get = await call(edge, supervisor, 'GET', `${HANDOFF_SETTINGS_PATH}?botId=default`);
    expect(get.status).toBe(200);
    expect(get.json.settings).toEqual(put.json.settings);
    expect(get.json.availability.presales.hoursText).toMatch(/^周一至周五 9:00–18:00，周六 10:00–16:00，法定节假日休息/);
  });

  it('another company’s admin cannot reach this bot', async () => {
    const rival = await signInOn(edge.server.accounts, 'boss@rival.cn', 'admin', 'rival');
    const peek = await call(edge, rival, 'GET', `${HANDOFF_SETTINGS_PATH}?botId=default`);
    expect(peek.status).toBe(404);
    expect(peek.json.error.code).toBe('WENDU_BOT_NOT_FOUND');
    // Their own (new) bot starts from the defaults.
    expect((await call(edge, rival, 'GET', HANDOFF_SETTINGS_PATH)).json.settings.defaultGroupId).toBe('default');
  });
});

describe('wendu serve --demo', () => {
  let edge: EdgeServer;
  beforeAll(async () => {
    edge = await startEdgeServer('sqlite', { demo: true });
  });
  afterAll(async () => {
    await edge?.dispose();
  });

  it('keeps the default settings: one group, open around the clock, right now', async () => {
    const supervisor = await signInOn(edge.server.accounts, 'xiaoliu@shop.cn', 'supervisor');
    const { status, json } = await call(edge, supervisor, 'GET', HANDOFF_SETTINGS_PATH);
    expect(status).toBe(200);
    expect(json.settings.groups).toHaveLength(1);
    expect(json.availability).toEqual({ default: { open: true, opensAt: null, hoursText: '7×24 小时' } });
  });
});
