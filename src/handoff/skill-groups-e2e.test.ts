/**
 * Skill groups on a real server, SQLite and PostgreSQL: a complaint goes to the 投诉 group
 * (an operator's keyword rule) and is offered only to an agent who serves that group; a group
 * none of whose agents is online is honestly "no person now", even while others are online.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BOT_ID } from '../auth/access.js';
import { operatorApi, signInOn, type SignedIn } from '../auth/test-operators.js';
import { TestCustomer, textOf, WAIT } from '../channels/web/test-client.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import type { SqlDialect } from '../store/dialect.js';

describe.each<SqlDialect>(['sqlite', 'postgres'])('skill groups on %s', (backend) => {
  let edge: EdgeServer;
  let admin: SignedIn;
  let presales: SignedIn;
  let complaints: SignedIn;
  const customers: TestCustomer[] = [];

  const api = operatorApi(() => edge.url);
  const say = async (text: string) => {
    const customer = new TestCustomer(edge.url);
    customers.push(customer);
    const opened = await customer.open();
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    return { conversationId: opened.conversationId, replies: (await customer.say(opened.conversationId, text)).replies };
  };

  beforeAll(async () => {
    edge = await startEdgeServer(backend, { demo: true });
    admin = await signInOn(edge.server.accounts, 'boss@shop.cn', 'admin');
    presales = await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent');
    complaints = await signInOn(edge.server.accounts, 'laoli@shop.cn', 'agent');
    const settings = await api(admin, 'PUT', `/api/v1/bot/handoff?botId=${DEFAULT_BOT_ID}`, {
      groups: [
        { id: 'default', name: '售前', alwaysOpen: true },
        { id: 'complaints', name: '投诉', alwaysOpen: true },
      ],
      keywordRules: [{ keywords: ['投诉'], groupId: 'complaints' }],
    });
    expect(settings.status, JSON.stringify(settings.json)).toBe(200);
  });
  afterAll(async () => {
    for (const c of customers) c.close();
    await edge?.dispose();
  });

  it('offers a complaint only to an agent of the 投诉 group, and is honest when that group has nobody online', async () => {
    expect((await api(presales, 'PUT', '/api/v1/agent/presence', { status: 'online', groups: ['default'] })).status).toBe(200);

    // Only a 售前 agent is online: the complaint group has nobody — say so, do not queue a promise.
    const nobody = await say('我要投诉你们的快递！');
    expect(textOf(nobody.replies)).toContain('没有在线的人工客服');

    const presence = await api(complaints, 'PUT', '/api/v1/agent/presence', { status: 'online', groups: ['complaints'] });
    expect(presence.json.presence.groups).toEqual(['complaints']);
    const queued = await say('投诉！！东西坏了没人管');
    expect(textOf(queued.replies)).toMatch(/您是下一位|您前面还有/);
    await vi.waitFor(async () => {
      const offers = (await api(complaints, 'GET', '/api/v1/agent/offers')).json;
      expect(JSON.stringify(offers)).toContain(queued.conversationId);
    }, WAIT);
    expect(JSON.stringify((await api(presales, 'GET', '/api/v1/agent/offers')).json)).not.toContain(queued.conversationId);
    expect((await api(complaints, 'POST', `/api/v1/agent/conversations/${queued.conversationId}/accept`)).status).toBe(200);
  });
});
