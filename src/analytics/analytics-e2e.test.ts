/**
 * The dashboard's API on SQLite and PostgreSQL, from real conversations: customers ask an
 * answerable question, a vague one (asked back), an unknown one (fallback) and ask for a
 * person; an agent takes and closes the hand-off and the customer rates it. The overview counts
 * exactly those; the unanswered list shows the fallback and the clarification with its
 * suggestions; another workspace sees none of it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { operatorApi, signInOn, type SignedIn } from '../auth/test-operators.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import type { SqlDialect } from '../store/dialect.js';
import type { Overview, Summary, UnansweredQuestion } from './service.js';
import { customerRates, customerSays, DEMO_QUESTIONS } from './test-traffic.js';

const { ANSWERED, CLARIFIED, UNKNOWN } = DEMO_QUESTIONS;
const RATING = 4;
/** The bot re-reads its knowledge in the background after a change. */
const WAIT_MS = 10_000;

describe.each<SqlDialect>(['sqlite', 'postgres'])('analytics on %s', (backend) => {
  let edge: EdgeServer;
  let supervisor: SignedIn;
  let otherWorkspace: SignedIn;
  const api = operatorApi(() => edge.url);

  beforeAll(async () => {
    edge = await startEdgeServer(backend, { demo: true });
    supervisor = await signInOn(edge.server.accounts, 'laowang@shop.cn', 'supervisor', DEFAULT_WORKSPACE_ID);
    otherWorkspace = await signInOn(edge.server.accounts, 'li@tea-shop.cn', 'supervisor', 'tea-shop');
    const agent = await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent', DEFAULT_WORKSPACE_ID);
    expect((await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'online' })).status).toBe(200);

    await customerSays(edge.url, ANSWERED);
    await customerSays(edge.url, CLARIFIED);
    await customerSays(edge.url, UNKNOWN);
    const wantsPerson = await customerSays(edge.url, '转人工');
    const accepted = await api(agent, 'POST', `/api/v1/agent/conversations/${wantsPerson.conversationId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    expect((await api(agent, 'POST', `/api/v1/agent/conversations/${wantsPerson.conversationId}/close`, { tags: [] })).status).toBe(200);
    await customerRates(edge.url, wantsPerson, RATING, '小美态度很好👍');
  });
  afterAll(async () => edge?.dispose());

  it('counts the week’s conversations, messages, outcomes, hand-offs, waits and ratings', async () => {
    const res = await api(supervisor, 'GET', '/api/v1/analytics/overview');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const overview = res.json as Overview;
    expect(overview.days).toHaveLength(7);
    expect(overview.to).toBe(new Date().toISOString().slice(0, 10));
    expect(overview.totals).toMatchObject({
      conversations: 4,
      customerMessages: 4,
      outcomes: { answer: 1, clarify: 1, fallback: 1, handoff: 1, flow: 0 },
      handoffs: 1,
      handoffsByReason: { customer_request: 1 },
      satisfaction: { count: 1, average: RATING, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } },
    });
    expect(overview.totals.wait.count).toBe(1);
    expect(overview.totals.wait.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(overview.totals.wait.p90Seconds).toBe(overview.totals.wait.medianSeconds);
    const today = overview.days.at(-1)!;
    expect(today).toMatchObject({
      conversations: 4,
      customerMessages: 4,
      handoffs: 1,
      handoffsByReason: { customer_request: 1 },
      ratings: 1,
      ratingAverage: RATING,
      outcomes: { answer: 1, clarify: 1, fallback: 1, handoff: 1 },
    });
    expect(today.medianWaitSeconds).toBe(overview.totals.wait.medianSeconds);
    expect(today.p90WaitSeconds).toBe(overview.totals.wait.p90Seconds);
    expect(overview.days.slice(0, -1).every((d) => d.conversations === 0)).toBe(true);
  });

  it('keeps to the range asked and refuses a backwards or too long one', async () => {
    const past = await api(supervisor, 'GET', '/api/v1/analytics/overview?from=2020-01-01&to=2020-01-31');
    expect(past.status).toBe(200);
    expect((past.json as Overview).days).toHaveLength(31);
    expect((past.json as Overview).totals.conversations).toBe(0);
    for (const query of ['from=2026-02-01&to=2026-01-01', 'from=2020-01-01&to=2026-01-01', 'from=昨天', 'days=7']) {
      const bad = await api(supervisor, 'GET', `/api/v1/analytics/overview?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.json.error.code).toBe('WENDU_VALIDATION');
    }
  });

  it('lists the newest questions the bot fell back on or asked back, with what it offered', async () => {
    const res = await api(supervisor, 'GET', '/api/v1/analytics/unanswered?limit=10');
    expect(res.status).toBe(200);
    const questions = res.json.questions as UnansweredQuestion[];
    expect(questions.map((q) => [q.text, q.action])).toEqual([
      [UNKNOWN, 'fallback'],
      [CLARIFIED, 'clarify'],
    ]);
    expect(questions[0]!.suggestions).toEqual([]);
    expect(questions.map((q) => q.answeredNow)).toEqual([false, false]);
    expect(questions[1]!.suggestions.map((s) => s.entryId)).toContain('shop-coupon-get');
    expect(questions[1]).toMatchObject({ conversationId: expect.any(String), seq: expect.any(Number), at: expect.any(String) });
    expect((await api(supervisor, 'GET', '/api/v1/analytics/unanswered?limit=1')).json.questions).toHaveLength(1);
    expect((await api(supervisor, 'GET', '/api/v1/analytics/unanswered?limit=0')).status).toBe(400);
  });

  it('marks a question done once the bot answers it directly (a similar question added since)', async () => {
    const entry = (await api(supervisor, 'GET', '/api/v1/kb/entries/shop-coupon-get')).json;
    expect((await api(supervisor, 'PATCH', '/api/v1/kb/entries/shop-coupon-get', { similarQuestions: [...entry.similarQuestions, CLARIFIED] })).status).toBe(200);
    await vi.waitFor(async () => {
      const questions = (await api(supervisor, 'GET', '/api/v1/analytics/unanswered')).json.questions as UnansweredQuestion[];
      expect(questions.map((q) => [q.text, q.answeredNow])).toEqual([
        [UNKNOWN, false],
        [CLARIFIED, true],
      ]);
    }, WAIT_MS);
  });

  it('sums the window up: the bot resolved only the answered conversation; hand-offs, outcomes, satisfaction, times and breakdowns', async () => {
    const res = await api(supervisor, 'GET', '/api/v1/analytics/summary');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const summary = res.json as Summary;
    // The answered one is resolved; the clarified and the unknown ones were abandoned; the hand-off is not the bot's.
    expect(summary).toMatchObject({
      conversations: 4,
      botResolved: 1,
      botResolvedRate: 0.25,
      handoffs: { total: 1, byReason: { customer_request: 1 } },
      answers: 1,
      fallbacks: 1,
      clarifications: 1,
      satisfaction: { agents: { count: 1, average: RATING }, bot: { helpful: 0, notHelpful: 0, helpfulRate: null } },
    });
    expect(summary.queueWait.count).toBe(1);
    expect(summary.handling.count).toBe(1);
    expect(Object.values(summary.byChannel)).toEqual([{ conversations: 4, botResolved: 1 }]);
    expect(Object.values(summary.byBot)).toEqual([{ conversations: 4, botResolved: 1 }]);
    expect(summary.byHour.reduce((n, h) => n + h.count, 0)).toBe(4);
    expect(summary.byCategory.reduce((n, c) => n + c.count, 0)).toBeGreaterThanOrEqual(1);
    // The one direct answer (the invoice question); the clarification's offers are not answers.
    expect(summary.topEntries).toEqual([{ entryId: 'shop-invoice-how', question: expect.stringContaining('发票'), count: 1 }]);

    const csv = await fetch(`${edge.url}/api/v1/analytics/summary?format=csv`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text).toContain('会话数 / conversations,4');
    expect(text).toContain('机器人独立解决 / bot resolved,1');
    expect(text).toMatch(/常用答案 \/ top entry: .*发票.*,1/);
    expect((await api(otherWorkspace, 'GET', '/api/v1/analytics/summary')).json.conversations).toBe(0);
    expect((await api(supervisor, 'GET', '/api/v1/analytics/summary?format=pdf')).status).toBe(400);
  });

  it('ranks the most answered entries first, with their questions (runs last: it adds traffic)', async () => {
    for (const text of [ANSWERED, ANSWERED, '怎么申请退货？']) {
      const said = await customerSays(edge.url, text);
      expect(said.replies[0]!.at(-1)?.meta?.action, text).toBe('answer');
    }
    const summary = (await api(supervisor, 'GET', '/api/v1/analytics/summary')).json as Summary;
    expect(summary.topEntries[0]).toEqual({ entryId: 'shop-invoice-how', question: expect.stringContaining('发票'), count: 3 });
    expect(summary.topEntries).toHaveLength(2);
    expect(summary.topEntries[1]).toMatchObject({ count: 1, question: expect.stringContaining('退') });
    expect(summary.topEntries.reduce((n, e) => n + e.count, 0)).toBe(summary.answers);
    expect((await api(otherWorkspace, 'GET', '/api/v1/analytics/summary')).json.topEntries).toEqual([]);
  });

  it('shows another workspace none of it', async () => {
    const overview = (await api(otherWorkspace, 'GET', '/api/v1/analytics/overview')).json as Overview;
    expect(overview.totals.conversations).toBe(0);
    expect(overview.totals.handoffs).toBe(0);
    expect((await api(otherWorkspace, 'GET', '/api/v1/analytics/unanswered')).json.questions).toEqual([]);
  });
});
