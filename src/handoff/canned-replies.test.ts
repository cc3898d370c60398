/**
 * Canned replies on a real server, SQLite and PostgreSQL: an agent's own are theirs alone,
 * shared ones are kept by supervisors (and audited), shortcuts are unique per owner, and
 * another workspace sees none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi, signInOn, type SignedIn } from '../auth/test-operators.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import type { SqlDialect } from '../store/dialect.js';
import { CANNED_REPLIES_PATH } from './canned-routes.js';

describe.each<SqlDialect>(['sqlite', 'postgres'])('canned replies on %s', (backend) => {
  let edge: EdgeServer;
  let xiaomei: SignedIn;
  let afei: SignedIn;
  let boss: SignedIn;
  let admin: SignedIn;
  let other: SignedIn;

  const api = operatorApi(() => edge.url);

  beforeAll(async () => {
    edge = await startEdgeServer(backend);
    xiaomei = await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent');
    afei = await signInOn(edge.server.accounts, 'afei@shop.cn', 'agent');
    boss = await signInOn(edge.server.accounts, 'laowang@shop.cn', 'supervisor');
    admin = await signInOn(edge.server.accounts, 'amy@shop.cn', 'admin');
    other = await signInOn(edge.server.accounts, 'zhang@shop-b.cn', 'supervisor', 'shop-b');
  });
  afterAll(async () => edge?.dispose());

  it('keeps an agent’s own replies to them, and lets supervisors keep the shared ones', async () => {
    const mine = await api(xiaomei, 'POST', CANNED_REPLIES_PATH, { shortcut: '/tk', text: '亲，退款会在 1–3 个工作日原路退回哦～ <b>请放心</b>' });
    expect(mine.status).toBe(201);
    expect(mine.json).toMatchObject({ shortcut: 'tk', shared: false });
    expect(mine.json.text).not.toContain('<b>');

    expect((await api(xiaomei, 'POST', CANNED_REPLIES_PATH, { shortcut: '运费', text: '满 99 包邮', shared: true })).status).toBe(403);
    const shared = await api(boss, 'POST', CANNED_REPLIES_PATH, { shortcut: '运费', text: '满 99 元包邮，偏远地区除外～', shared: true });
    expect(shared.status).toBe(201);

    const seenByXiaomei = (await api(xiaomei, 'GET', CANNED_REPLIES_PATH)).json.items.map((r: { shortcut: string }) => r.shortcut);
    expect(seenByXiaomei.sort()).toEqual(['tk', '运费']);
    expect((await api(afei, 'GET', CANNED_REPLIES_PATH)).json.items.map((r: { shortcut: string }) => r.shortcut)).toEqual(['运费']);
    expect((await api(xiaomei, 'GET', `${CANNED_REPLIES_PATH}?q=${encodeURIComponent('/t')}`)).json.items).toHaveLength(1);

    // Someone else's own reply is "not found"; a shared one is the supervisors' to change.
    expect((await api(afei, 'PATCH', `${CANNED_REPLIES_PATH}/${mine.json.id}`, { text: '改掉' })).status).toBe(404);
    expect((await api(xiaomei, 'PATCH', `${CANNED_REPLIES_PATH}/${shared.json.id}`, { text: '改掉' })).status).toBe(403);
    expect((await api(boss, 'PATCH', `${CANNED_REPLIES_PATH}/${shared.json.id}`, { text: '满 99 元包邮～' })).json.text).toBe('满 99 元包邮～');

    const audit = (await api(admin, 'GET', '/api/v1/audit?targetType=canned_reply')).json.items.map((a: { action: string }) => a.action);
    expect(audit).toEqual(['updated', 'created']);
  });

  it('refuses a shortcut taken by the same owner, an empty text, and shows nothing across workspaces', async () => {
    expect((await api(afei, 'POST', CANNED_REPLIES_PATH, { shortcut: 'hi', text: '您好～' })).status).toBe(201);
    const again = await api(afei, 'POST', CANNED_REPLIES_PATH, { shortcut: '/hi', text: '在的亲' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('WENDU_CANNED_REPLY_CONFLICT');
    // Another agent may use the same shortcut for their own.
    expect((await api(xiaomei, 'POST', CANNED_REPLIES_PATH, { shortcut: 'hi', text: '亲，在的～' })).status).toBe(201);
    expect((await api(afei, 'POST', CANNED_REPLIES_PATH, { shortcut: 'empty', text: '<script></script>' })).status).toBe(400);

    expect((await api(other, 'GET', CANNED_REPLIES_PATH)).json.items).toEqual([]);
    const ids = (await api(boss, 'GET', CANNED_REPLIES_PATH)).json.items.map((r: { id: string }) => r.id);
    for (const id of ids) expect((await api(other, 'DELETE', `${CANNED_REPLIES_PATH}/${id}`)).status).toBe(404);
    expect((await api(boss, 'GET', CANNED_REPLIES_PATH)).json.items.map((r: { id: string }) => r.id)).toEqual(ids);
  });
});
