/**
 * The learning loop end to end on SQLite and PostgreSQL, through the real server: customers ask
 * what the demo shop does not know (fallbacks), reject a clarification, ask for a person whom an
 * agent answers; the supervisor finds each group in the unresolved inbox with its reasons, takes
 * the bot's suggestions — create an entry drafted from the agent's reply, attach phrasings to the
 * entry the matcher already finds, dismiss the off-topic one — and sees the before / after.
 * Agents may not touch the inbox; another workspace sees none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { operatorApi, signInOn, type SignedIn } from '../auth/test-operators.js';
import { customerSays } from '../analytics/test-traffic.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import type { SqlDialect } from '../store/dialect.js';
import type { ClusterSuggestion } from './actions.js';
import type { UnresolvedCluster } from './inbox.js';

/** What the demo shop does not know: engraving phone cases. */
const ENGRAVING = ['你们的手机壳能刻字吗', '手机壳可以刻名字不', '能不能在手机壳上刻字呀🥺'];
const AGENT_ANSWER = '可以的～手机壳支持激光刻字，下单时在备注里写上要刻的内容就行，免费哦';
/** Asked back with one candidate (the offline stores), which the customer rejects. */
const PETS = '宠物能带进门店吗';
const OFF_TOPIC = '你们老板是谁';

describe.each<SqlDialect>(['sqlite', 'postgres'])('the learning loop on %s', (backend) => {
  let edge: EdgeServer;
  let supervisor: SignedIn;
  let agent: SignedIn;
  let otherWorkspace: SignedIn;
  const api = operatorApi(() => edge.url);
  const clusters = async (status = 'open') => (await api(supervisor, 'GET', `/api/v1/learning/unresolved?status=${status}`)).json.clusters as Array<UnresolvedCluster & { suggestions: ClusterSuggestion[] }>;
  const clusterWith = async (text: string) => (await clusters()).find((c) => c.examples.some((e) => e.includes(text)));

  beforeAll(async () => {
    edge = await startEdgeServer(backend, { demo: true });
    supervisor = await signInOn(edge.server.accounts, 'laowang@shop.cn', 'supervisor', DEFAULT_WORKSPACE_ID);
    agent = await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent', DEFAULT_WORKSPACE_ID);
    otherWorkspace = await signInOn(edge.server.accounts, 'li@tea-shop.cn', 'supervisor', 'tea-shop');
    expect((await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'online' })).status).toBe(200);

    for (const text of ENGRAVING) await customerSays(edge.url, text);
    const rejected = await customerSays(edge.url, PETS, '不是');
    expect(rejected.replies[0][0].meta?.action).toBe('clarify');
    await customerSays(edge.url, OFF_TOPIC);
    const wantsPerson = await customerSays(edge.url, '手机壳能刻字吗？', '转人工');
    expect((await api(agent, 'POST', `/api/v1/agent/conversations/${wantsPerson.conversationId}/accept`)).status).toBe(200);
    const sent = await api(agent, 'POST', `/api/v1/agent/conversations/${wantsPerson.conversationId}/messages`, { text: AGENT_ANSWER });
    expect(sent.status, JSON.stringify(sent.json)).toBeLessThan(300);
  });
  afterAll(async () => edge?.dispose());

  it('groups what the bot could not settle, with reasons and channels', async () => {
    await expect.poll(async () => (await clusterWith('刻'))?.reasons).toEqual({ fallback: 4, agent_answered: 1 });
    const engraving = (await clusterWith('刻'))!;
    expect(engraving.size).toBe(5);
    expect(engraving.conversations).toBe(4);
    expect(engraving.channels).toEqual({ api: 5 });
    await expect.poll(async () => (await clusterWith('宠物'))?.reasons).toEqual({ rejected_clarification: 1 });
    expect((await clusterWith(OFF_TOPIC))?.reasons).toEqual({ fallback: 1 });
    // The engraving questions and the pets one are different groups.
    expect((await clusterWith('宠物'))!.id).not.toBe(engraving.id);
  });

  it('suggests an entry drafted from the agent’s reply, and creating it answers the phrasings directly', async () => {
    const engraving = (await clusterWith('刻'))!;
    const detail = await api(supervisor, 'GET', `/api/v1/learning/clusters/${engraving.id}`);
    expect(detail.status).toBe(200);
    const create = (detail.json.suggestions as ClusterSuggestion[]).find((s) => s.action === 'new_entry')!;
    expect(create.draftAnswer).toBe(AGENT_ANSWER);
    // The list carries the same suggestions (the public contract).
    expect((await clusterWith('刻'))!.suggestions.map((s) => s.action)).toContain('new_entry');
    const created = await api(supervisor, 'POST', `/api/v1/learning/clusters/${engraving.id}/apply`, { action: 'new_entry', question: '手机壳可以刻字吗？', answer: create.draftAnswer, category: '商品' });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const { cluster, entryId } = created.json as { cluster: UnresolvedCluster; entryId: string };
    expect(cluster.status).toBe('resolved');
    expect(cluster.resolution).toMatchObject({ action: 'new_entry', entryId, before: { answered: 0 } });
    expect(cluster.resolution!.after!.answered).toBe(cluster.resolution!.after!.total);
    // A new customer asking it another way is answered now.
    const asked = await customerSays(edge.url, '手机壳上能刻字嘛');
    expect(asked.replies[0][0].meta?.action).toBe('answer');
    // Making the same entry again is refused: learning updates the nearest entry instead.
    const pets = (await clusterWith('宠物'))!;
    const duplicate = await api(supervisor, 'POST', `/api/v1/learning/clusters/${pets.id}/apply`, { action: 'new_entry', question: '手机壳能不能刻字', answer: '可以' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.code).toBe('WENDU_LEARNING_NEAR_DUPLICATE');
  });

  it('suggests attaching to the entry the matcher already finds, and shows before / after', async () => {
    const pets = (await clusterWith('宠物'))!;
    const detail = await api(supervisor, 'GET', `/api/v1/learning/clusters/${pets.id}`);
    const attach = (detail.json.suggestions as ClusterSuggestion[]).find((s) => s.action === 'add_similar')!;
    expect(attach.entryId).toBe('shop-offline-store');
    // Checked first, changing nothing: the self-test of the other entries, before it is applied.
    const trial = await api(supervisor, 'POST', `/api/v1/learning/clusters/${pets.id}/apply?dryRun=1`, { action: 'add_similar', entryId: attach.entryId });
    expect(trial.status, JSON.stringify(trial.json)).toBe(200);
    expect(trial.json).toMatchObject({ dryRun: true, entryId: 'shop-offline-store', cluster: { status: 'open' }, check: { flagged: false, worse: 0 } });
    expect((trial.json.check as { probes: number }).probes).toBeGreaterThan(0);
    expect((await api(supervisor, 'GET', `/api/v1/learning/clusters/${pets.id}`)).json.cluster.status).toBe('open');
    const done = await api(supervisor, 'POST', `/api/v1/learning/clusters/${pets.id}/apply`, { action: 'add_similar', entryId: attach.entryId });
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json.entryId).toBe('shop-offline-store');
    expect(done.json.check).toMatchObject({ flagged: false, worse: 0 });
    expect((done.json.cluster as UnresolvedCluster).resolution).toEqual({ action: 'add_similar', entryId: 'shop-offline-store', before: { answered: 0, total: 1 }, after: { answered: 1, total: 1 } });
    // Acting twice is refused.
    expect((await api(supervisor, 'POST', `/api/v1/learning/clusters/${pets.id}/apply`, { action: 'add_similar', entryId: attach.entryId })).status).toBe(409);
  });

  it('a dismissed group stays dismissed when customers ask it again', async () => {
    const boss = (await clusterWith(OFF_TOPIC))!;
    expect((await api(supervisor, 'POST', `/api/v1/learning/clusters/${boss.id}/dismiss`)).status).toBe(200);
    await customerSays(edge.url, '你们老板是谁啊');
    await expect.poll(async () => (await clusters('dismissed')).find((c) => c.id === boss.id)?.size).toBe(2);
    expect(await clusterWith('老板')).toBeUndefined();
    const admin = await signInOn(edge.server.accounts, 'boss@shop.cn', 'admin', DEFAULT_WORKSPACE_ID);
    const audit = await api(admin, 'GET', '/api/v1/audit?targetType=unresolved_cluster');
    expect(audit.status).toBe(200);
    expect((audit.json.items as Array<{ action: string }>).map((i) => i.action).sort()).toEqual(['unresolved.add_similar', 'unresolved.dismiss', 'unresolved.new_entry']);
  });

  it('is for supervisors of the workspace only', async () => {
    expect((await api(agent, 'GET', '/api/v1/learning/unresolved')).status).toBe(403);
    expect((await api(agent, 'GET', '/api/v1/learning/health')).status).toBe(403);
    const health = await api(supervisor, 'GET', '/api/v1/learning/health');
    expect(health.status).toBe(200);
    expect(health.json.published).toBeGreaterThan(50);
    // The entry created from the inbox answered a customer since: it is not among the never matched.
    expect((health.json.neverMatched as Array<{ question: string }>).some((e) => e.question === '手机壳可以刻字吗？')).toBe(false);
    expect((await fetch(`${edge.url}/api/v1/learning/unresolved`)).status).toBe(401);
    expect((await api(otherWorkspace, 'GET', '/api/v1/learning/unresolved')).json.clusters).toEqual([]);
    const any = (await clusters('resolved'))[0];
    expect((await api(otherWorkspace, 'GET', `/api/v1/learning/clusters/${any.id}`)).status).toBe(404);
    for (const body of [{ action: 'add_synonym', terms: ['只有一个'] }, { action: 'delete_everything' }, { action: 'new_entry', question: '' }]) {
      const bad = await api(supervisor, 'POST', `/api/v1/learning/clusters/${any.id}/apply`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('the retention period is the admins\' to set, audited', async () => {
    const admin = await signInOn(edge.server.accounts, 'boss2@shop.cn', 'admin', DEFAULT_WORKSPACE_ID);
    expect((await api(admin, 'GET', '/api/v1/privacy/retention')).json).toEqual({ retentionDays: null });
    expect((await api(admin, 'PUT', '/api/v1/privacy/retention', { retentionDays: 180 })).status).toBe(200);
    expect((await api(admin, 'GET', '/api/v1/privacy/retention')).json).toEqual({ retentionDays: 180 });
    expect((await api(supervisor, 'PUT', '/api/v1/privacy/retention', { retentionDays: 1 })).status).toBe(403);
    for (const retentionDays of [0, 1.5, '30', 99999]) expect((await api(admin, 'PUT', '/api/v1/privacy/retention', { retentionDays })).status, String(retentionDays)).toBe(400);
    const audit = await api(admin, 'GET', '/api/v1/audit?targetType=workspace');
    expect((audit.json.items as Array<{ action: string; after: unknown }>).find((i) => i.action === 'privacy.retention')?.after).toEqual({ retentionDays: 180 });
    expect((await api(admin, 'PUT', '/api/v1/privacy/retention', { retentionDays: null })).json).toEqual({ retentionDays: null });
  });
});
