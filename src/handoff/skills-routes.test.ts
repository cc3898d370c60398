/**
 * Skill groups set by an admin (issue 8, the console's 技能组 tab), on a real server: the
 * admin sets who serves which group, the agent's own presence then carries those groups (the
 * ones routing reads), supervisors see but cannot change them, and bad input is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi, signInOn, type SignedIn } from '../auth/test-operators.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';

describe('skill groups set by an admin', () => {
  let edge: EdgeServer;
  let admin: SignedIn;
  let supervisor: SignedIn;
  let agent: SignedIn;
  const api = operatorApi(() => edge.url);

  beforeAll(async () => {
    edge = await startEdgeServer('sqlite');
    admin = await signInOn(edge.server.accounts, 'boss@shop.cn', 'admin');
    supervisor = await signInOn(edge.server.accounts, 'banzhang@shop.cn', 'supervisor');
    agent = await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent');
  });
  afterAll(async () => edge?.dispose());

  const agentId = async () => (await api(admin, 'GET', '/api/v1/skills')).json.people.find((p: { email: string }) => p.email === 'xiaomei@shop.cn').userId as string;

  it('lists everyone as serving every group until told otherwise, then keeps what the admin set', async () => {
    const listed = await api(supervisor, 'GET', '/api/v1/skills');
    expect(listed.status).toBe(200);
    expect(listed.json.people.map((p: { email: string; groups: unknown }) => [p.email, p.groups])).toEqual(
      expect.arrayContaining([
        ['xiaomei@shop.cn', null],
        ['boss@shop.cn', null],
      ]),
    );

    const id = await agentId();
    const set = await api(admin, 'PUT', `/api/v1/users/${id}/skills`, { groups: ['complaints', 'after-sales', 'complaints'] });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    expect(set.json.person).toMatchObject({ userId: id, groups: ['complaints', 'after-sales'] });

    // Going online without naming groups keeps the admin's: the same record routing reads.
    const online = await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'online' });
    expect(online.json.presence.groups).toEqual(['complaints', 'after-sales']);

    expect((await api(admin, 'PUT', `/api/v1/users/${id}/skills`, { groups: null })).json.person.groups).toBeNull();
    const audit = await api(admin, 'GET', `/api/v1/audit?targetType=agent_skills&targetId=${id}`);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.json)).toContain('after-sales');
  });

  it('refuses a supervisor, an unknown person and a malformed list', async () => {
    const id = await agentId();
    expect((await api(supervisor, 'PUT', `/api/v1/users/${id}/skills`, { groups: ['default'] })).status).toBe(403);
    expect((await api(agent, 'GET', '/api/v1/skills')).status).toBe(403);
    const unknown = await api(admin, 'PUT', '/api/v1/users/no-such-person/skills', { groups: ['default'] });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('WENDU_USER_NOT_FOUND');
    const bad = await api(admin, 'PUT', `/api/v1/users/${id}/skills`, { groups: [''] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('WENDU_VALIDATION');
    expect((await api(admin, 'PUT', `/api/v1/users/${id}/skills`, {})).status).toBe(400);
  });
});
