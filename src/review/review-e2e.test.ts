/**
 * The knowledge review queue end to end on SQLite and PostgreSQL, through the real server with
 * the demo shop: an agent proposes an answer they gave as knowledge, a supervisor comments and
 * approves it and the bot answers it; a rejected revision leaves the bot unchanged; with four
 * eyes the proposer cannot approve their own; agents cannot approve and see only their own; a
 * confirmed phrasing is one item of the same queue; with four eyes the knowledge editor's saves
 * (a supervisor's, an admin's) are proposals too; the inbox's new entry waits for review when
 * the workspace requires it, and with four eyes its attach and new entry are proposals as well; every step is in the audit log with who proposed and who decided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { operatorApi, signInOn, type SignedIn } from '../auth/test-operators.js';
import { customerSays } from '../analytics/test-traffic.js';
import { startEdgeServer, type EdgeServer } from '../server/edge-testing.js';
import type { SqlDialect } from '../store/dialect.js';
import type { ReviewDetail, ReviewItem } from './schemas.js';

/** What the demo shop does not know, and the agent's answer to it. */
const ENGRAVING = '手机壳可以刻字吗';
const AGENT_ANSWER = '可以的～手机壳支持激光刻字，下单时在备注里写上要刻的内容就行，免费哦';
/** Answered directly by the demo's invoice entry. */
const INVOICE_QUESTION = '发票怎么开呀';
const INVOICE_ENTRY = 'shop-invoice-how';
/** Four customer turns, two clusters and two safety-checked applies on a real server: near the default 30 s on a loaded CI machine. */
const INBOX_PROPOSALS_TIMEOUT_MS = 90_000;

describe.each<SqlDialect>(['sqlite', 'postgres'])('the knowledge review queue on %s', (backend) => {
  let edge: EdgeServer;
  let admin: SignedIn;
  let supervisor: SignedIn;
  let agent: SignedIn;
  let otherAgent: SignedIn;
  let otherWorkspace: SignedIn;
  const api = operatorApi(() => edge.url);
  const ask = async (text: string) => (await api(supervisor, 'POST', '/api/v1/try', { text })).json as { action: string; entryId: string | null; reply: string };
  const auditOf = async (id: string) =>
    ((await api(admin, 'GET', `/api/v1/audit?targetType=knowledge_review&targetId=${id}`)).json.items as Array<{ actor: string; action: string; before: any; after: any }>).reverse();

  beforeAll(async () => {
    edge = await startEdgeServer(backend, { demo: true });
    admin = await signInOn(edge.server.accounts, 'boss@shop.cn', 'admin', DEFAULT_WORKSPACE_ID);
    supervisor = await signInOn(edge.server.accounts, 'laowang@shop.cn', 'supervisor', DEFAULT_WORKSPACE_ID);
    agent = await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent', DEFAULT_WORKSPACE_ID);
    otherAgent = await signInOn(edge.server.accounts, 'xiaoli@shop.cn', 'agent', DEFAULT_WORKSPACE_ID);
    otherWorkspace = await signInOn(edge.server.accounts, 'li@tea-shop.cn', 'admin', 'tea-shop');
  });
  afterAll(async () => edge?.dispose());

  it('an agent’s reply proposed as knowledge: commented, approved by a supervisor, then the bot answers it', async () => {
    expect((await ask(ENGRAVING)).action).not.toBe('answer');
    const proposed = await api(agent, 'POST', '/api/v1/reviews', { kind: 'new_entry', question: ENGRAVING, answer: AGENT_ANSWER, comment: '顾客常问，我这样回复的' });
    expect(proposed.status, JSON.stringify(proposed.json)).toBe(201);
    const review = proposed.json as ReviewDetail;
    expect(review).toMatchObject({ kind: 'new_entry', status: 'pending', proposedBy: agent.actor, before: null, source: 'operator' });
    expect(review.after).toMatchObject({ question: ENGRAVING, status: 'published' });
    // One customer's order number or phone is not knowledge.
    const personal = await api(agent, 'POST', '/api/v1/reviews', { kind: 'new_entry', question: '订单202611110001234567到哪了', answer: '已经发货了，请耐心等待' });
    expect(personal.status).toBe(400);
    expect(personal.json.error.details.issues[0]).toMatchObject({ path: 'question', code: 'personal_data' });
    expect((await api(agent, 'POST', '/api/v1/reviews', { kind: 'new_entry', question: '怎么联系客服', answer: '打我电话13812345678' })).json.error.details.issues[0].path).toBe('answer');
    // A draft: in the knowledge base, never served.
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${review.entryId}`)).json.status).toBe('draft');
    expect((await ask(ENGRAVING)).action).not.toBe('answer');

    // Agents propose; they never publish, and see only their own proposals.
    expect((await api(agent, 'POST', `/api/v1/reviews/${review.id}/approve`, {})).status).toBe(403);
    expect((await api(otherAgent, 'GET', `/api/v1/reviews/${review.id}`)).status).toBe(404);
    expect(((await api(otherAgent, 'GET', '/api/v1/reviews')).json.items as ReviewItem[]).map((i) => i.id)).not.toContain(review.id);
    expect(((await api(agent, 'GET', '/api/v1/reviews')).json.items as ReviewItem[]).map((i) => i.id)).toContain(review.id);
    // Another workspace does not see it at all.
    expect((await api(otherWorkspace, 'GET', `/api/v1/reviews/${review.id}`)).status).toBe(404);
    expect((await api(otherWorkspace, 'POST', `/api/v1/reviews/${review.id}/approve`, {})).status).toBe(404);

    const listed = (await api(supervisor, 'GET', '/api/v1/reviews')).json.items as ReviewItem[];
    expect(listed.find((i) => i.id === review.id)).toMatchObject({ kind: 'new_entry', proposedBy: agent.actor, question: ENGRAVING });
    expect((await api(supervisor, 'POST', `/api/v1/reviews/${review.id}/comments`, { text: '加上「免费」很好，通过' })).status).toBe(201);
    expect((await api(agent, 'POST', `/api/v1/reviews/${review.id}/comments`, { text: '谢谢' })).status).toBe(201);

    const approved = await api(supervisor, 'POST', `/api/v1/reviews/${review.id}/approve`, {});
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved', decidedBy: supervisor.actor });
    expect((approved.json as ReviewDetail).comments.map((c) => [c.author, c.action])).toEqual([
      [agent.actor, 'comment'],
      [supervisor.actor, 'comment'],
      [agent.actor, 'comment'],
      [supervisor.actor, 'approved'],
    ]);
    await expect.poll(async () => (await ask(ENGRAVING)).entryId).toBe(review.entryId);
    expect((await ask(ENGRAVING)).action).toBe('answer');
    // Decided once: a second approval is refused.
    expect((await api(supervisor, 'POST', `/api/v1/reviews/${review.id}/approve`, {})).json.error.code).toBe('WENDU_REVIEW_DECIDED');

    const audit = await auditOf(review.id);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['review.proposed', agent.actor],
      ['review.commented', supervisor.actor],
      ['review.commented', agent.actor],
      ['review.approved', supervisor.actor],
    ]);
    expect(audit[3]!.after).toMatchObject({ proposedBy: agent.actor, entry: { question: ENGRAVING, status: 'published' } });
    // The entry's version names the approver.
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${review.entryId}`)).json).toMatchObject({ status: 'published', updatedBy: supervisor.actor });
  });

  it('a rejected revision needs a reason and leaves the bot’s answer unchanged', async () => {
    const before = await ask(INVOICE_QUESTION);
    expect(before).toMatchObject({ action: 'answer', entryId: INVOICE_ENTRY });
    const entryBefore = (await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json;
    const proposed = await api(agent, 'POST', '/api/v1/reviews', { kind: 'entry_edit', entryId: INVOICE_ENTRY, patch: { answer: '发票找客服要就行。' } });
    expect(proposed.status, JSON.stringify(proposed.json)).toBe(201);
    const review = proposed.json as ReviewDetail;
    expect(review.changed).toEqual(['answer']);
    expect(review.before?.answer).toEqual(entryBefore.answer);
    expect(review.baseVersion).toBe(entryBefore.version);
    // Until approved the published answer keeps serving.
    expect((await ask(INVOICE_QUESTION)).reply).toBe(before.reply);

    const noReason = await api(supervisor, 'POST', `/api/v1/reviews/${review.id}/reject`, {});
    expect(noReason.status).toBe(400);
    const rejected = await api(supervisor, 'POST', `/api/v1/reviews/${review.id}/reject`, { comment: '开票要写清楚步骤，不能这么简单' });
    expect(rejected.status, JSON.stringify(rejected.json)).toBe(200);
    expect(rejected.json).toMatchObject({ status: 'rejected', decidedBy: supervisor.actor });
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json.version).toBe(entryBefore.version);
    expect((await ask(INVOICE_QUESTION)).reply).toBe(before.reply);
    const audit = await auditOf(review.id);
    expect(audit.at(-1)).toMatchObject({ action: 'review.rejected', actor: supervisor.actor, after: { proposedBy: agent.actor, comment: '开票要写清楚步骤，不能这么简单' } });
    // The agent sees the reason on their own proposal.
    expect(((await api(agent, 'GET', `/api/v1/reviews/${review.id}`)).json as ReviewDetail).comments.at(-1)).toMatchObject({ action: 'rejected', text: '开票要写清楚步骤，不能这么简单' });
  });

  it('with four eyes the proposer cannot approve their own proposal; another reviewer can', async () => {
    expect((await api(supervisor, 'PUT', '/api/v1/reviews/settings', { required: true, fourEyes: true })).status).toBe(403);
    expect((await api(admin, 'PUT', '/api/v1/reviews/settings', { required: 'yes' })).json.error.code).toBe('WENDU_VALIDATION');
    expect((await api(admin, 'PUT', '/api/v1/reviews/settings', { required: true, fourEyes: true })).json.settings).toEqual({ required: true, fourEyes: true });
    expect((await api(agent, 'GET', '/api/v1/reviews/settings')).json.settings).toEqual({ required: true, fourEyes: true });

    const proposed = await api(supervisor, 'POST', '/api/v1/reviews', { kind: 'entry_edit', entryId: INVOICE_ENTRY, patch: { similarQuestions: ['开发票的流程是什么'] } });
    expect(proposed.status, JSON.stringify(proposed.json)).toBe(201);
    const id = (proposed.json as ReviewDetail).id;
    const self = await api(supervisor, 'POST', `/api/v1/reviews/${id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.json.error.code).toBe('WENDU_REVIEW_SELF_APPROVAL');
    const approved = await api(admin, 'POST', `/api/v1/reviews/${id}/approve`, { comment: '同意' });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json.similarQuestions).toEqual(['开发票的流程是什么']);
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: 'review.approved', actor: admin.actor, after: { proposedBy: supervisor.actor, comment: '同意' } });
  });

  it('with four eyes a supervisor’s or admin’s own save in the knowledge editor is a proposal, published only once another approves', async () => {
    expect((await api(admin, 'PUT', '/api/v1/reviews/settings', { required: false, fourEyes: true })).status).toBe(200);
    const entryBefore = (await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json;
    const answerBefore = (await ask(INVOICE_QUESTION)).reply;
    const NEW_ANSWER = '在「我的订单」里点「申请开票」，电子发票 1 个工作日内发到邮箱。';

    const saved = await api(supervisor, 'PATCH', `/api/v1/kb/entries/${INVOICE_ENTRY}`, { answer: NEW_ANSWER });
    expect(saved.status, JSON.stringify(saved.json)).toBe(202);
    const { reviewId } = saved.json as { reviewId: string };
    expect(saved.json.review).toMatchObject({ id: reviewId, kind: 'entry_edit', status: 'pending', proposedBy: supervisor.actor, changed: ['answer'] });
    // Nothing published: same version, same answer served.
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json).toMatchObject({ version: entryBefore.version, answer: entryBefore.answer });
    expect((await ask(INVOICE_QUESTION)).reply).toBe(answerBefore);
    expect((await api(supervisor, 'POST', `/api/v1/reviews/${reviewId}/approve`, {})).json.error.code).toBe('WENDU_REVIEW_SELF_APPROVAL');
    expect((await api(admin, 'POST', `/api/v1/reviews/${reviewId}/approve`, {})).status).toBe(200);
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json).toMatchObject({ version: entryBefore.version + 1, answer: [{ type: 'text', text: NEW_ANSWER }], updatedBy: admin.actor });

    // A new entry is a draft in the queue; an archive and a restore are proposals too — an admin's as well.
    const created = await api(admin, 'POST', '/api/v1/kb/entries', { question: '可以开电子发票吗', answer: '可以，电子发票与纸质发票效力相同。' });
    expect(created.status, JSON.stringify(created.json)).toBe(202);
    expect(created.json.review).toMatchObject({ kind: 'new_entry', proposedBy: admin.actor, before: null });
    expect((await api(admin, 'GET', `/api/v1/kb/entries/${created.json.review.entryId}`)).json.status).toBe('draft');
    const archived = await api(supervisor, 'POST', `/api/v1/kb/entries/${INVOICE_ENTRY}/archive`);
    expect(archived.status, JSON.stringify(archived.json)).toBe(202);
    expect(archived.json.review.changed).toEqual(['status']);
    const restored = await api(supervisor, 'POST', `/api/v1/kb/entries/${INVOICE_ENTRY}/versions/${entryBefore.version}/restore`);
    expect(restored.status, JSON.stringify(restored.json)).toBe(202);
    expect(restored.json.review.after.answer).toEqual(entryBefore.answer);
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json).toMatchObject({ status: 'published', version: entryBefore.version + 1 });
    // A whole file is not one reviewable change.
    expect((await api(supervisor, 'POST', '/api/v1/kb/import', {})).json.error.code).toBe('WENDU_REVIEW_REQUIRED');
    for (const id of [created.json.reviewId, archived.json.reviewId, restored.json.reviewId]) {
      expect((await api(admin, 'POST', `/api/v1/reviews/${id}/reject`, { comment: '测试用' })).status).toBe(200);
    }

    // Without four eyes the editor publishes at once.
    expect((await api(admin, 'PUT', '/api/v1/reviews/settings', { required: false, fourEyes: false })).status).toBe(200);
    const direct = await api(supervisor, 'PATCH', `/api/v1/kb/entries/${INVOICE_ENTRY}`, { answer: entryBefore.answer });
    expect(direct.status).toBe(200);
    expect(direct.json).toMatchObject({ version: entryBefore.version + 2, answer: entryBefore.answer });
  });

  it('with review required, the inbox’s new entry is a draft in the queue until approved', async () => {
    expect((await api(admin, 'PUT', '/api/v1/reviews/settings', { required: true, fourEyes: true })).status).toBe(200);
    await customerSays(edge.url, '你们老板是谁');
    await customerSays(edge.url, '你们老板叫什么');
    type Cluster = { id: string; examples: string[] };
    let cluster: Cluster | undefined;
    await expect.poll(async () => {
      cluster = ((await api(supervisor, 'GET', '/api/v1/learning/unresolved')).json.clusters as Cluster[]).find((c) => c.examples.some((e) => e.includes('老板')));
      return cluster !== undefined;
    }).toBe(true);
    const applied = await api(supervisor, 'POST', `/api/v1/learning/clusters/${cluster!.id}/apply`, { action: 'new_entry', question: '你们老板是谁', answer: '我们是一家小店，创始人是王老板～' });
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    const { entryId, reviewId } = applied.json as { entryId: string; reviewId: string };
    expect(reviewId).toBeTruthy();
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${entryId}`)).json.status).toBe('draft');
    expect((await ask('你们老板是谁')).entryId).not.toBe(entryId);
    const item = ((await api(supervisor, 'GET', '/api/v1/reviews')).json.items as ReviewItem[]).find((i) => i.id === reviewId);
    expect(item).toMatchObject({ kind: 'new_entry', source: 'inbox', sourceRef: cluster!.id, proposedBy: supervisor.actor });
    // Four eyes is still on: the supervisor who applied it may not approve it.
    expect((await api(supervisor, 'POST', `/api/v1/reviews/${reviewId}/approve`, {})).json.error.code).toBe('WENDU_REVIEW_SELF_APPROVAL');
    expect((await api(admin, 'POST', `/api/v1/reviews/${reviewId}/approve`, {})).status).toBe(200);
    await expect.poll(async () => (await ask('你们老板是谁')).entryId).toBe(entryId);
  });

  it('with four eyes but review not required, the inbox’s attach and new entry are proposals like the editor’s saves', { timeout: INBOX_PROPOSALS_TIMEOUT_MS }, async () => {
    expect((await api(admin, 'PUT', '/api/v1/reviews/settings', { required: false, fourEyes: true })).status).toBe(200);
    const GIFT_ENTRY = 'shop-gift-wrapping';
    const VIDEO = '发货前能拍个开箱视频吗';
    await customerSays(edge.url, VIDEO);
    await customerSays(edge.url, '能拍个开箱视频给我吗');
    await customerSays(edge.url, '你们店开了几年了');
    await customerSays(edge.url, '你们店开多久了');
    type Cluster = { id: string; examples: string[]; resolution: { reviewId?: string } | null };
    const clusterWith = async (word: string) => {
      let found: Cluster | undefined;
      await expect.poll(async () => {
        found = ((await api(supervisor, 'GET', '/api/v1/learning/unresolved')).json.clusters as Cluster[]).find((c) => c.examples.some((e) => e.includes(word)));
        return found !== undefined;
      }).toBe(true);
      return found!;
    };

    // 加为相似问: a proposed revision of the entry (its learned questions); the entry serves as it was.
    const videos = await clusterWith('开箱视频');
    const entryBefore = (await api(supervisor, 'GET', `/api/v1/kb/entries/${GIFT_ENTRY}`)).json;
    const attached = await api(supervisor, 'POST', `/api/v1/learning/clusters/${videos.id}/apply`, { action: 'add_similar', entryId: GIFT_ENTRY, phrasings: [VIDEO] });
    expect(attached.status, JSON.stringify(attached.json)).toBe(200);
    const { reviewId: editId } = attached.json as { reviewId: string };
    expect(editId).toBeTruthy();
    expect(attached.json.check).toBeDefined();
    expect((attached.json.cluster as Cluster).resolution).toMatchObject({ action: 'add_similar', entryId: GIFT_ENTRY, reviewId: editId });
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${GIFT_ENTRY}`)).json).toMatchObject({ version: entryBefore.version, learnedQuestions: entryBefore.learnedQuestions });
    const edit = (await api(supervisor, 'GET', `/api/v1/reviews/${editId}`)).json as ReviewDetail;
    expect(edit).toMatchObject({ kind: 'entry_edit', status: 'pending', source: 'inbox', sourceRef: videos.id, proposedBy: supervisor.actor, changed: ['learnedQuestions'] });
    expect(edit.after.learnedQuestions).toEqual([...entryBefore.learnedQuestions, VIDEO]);
    expect((await api(supervisor, 'POST', `/api/v1/reviews/${editId}/approve`, {})).json.error.code).toBe('WENDU_REVIEW_SELF_APPROVAL');
    // Meanwhile the entry learns a phrasing customers confirmed: approving the attach keeps it.
    const pending = edge.server.registry.workspace(DEFAULT_WORKSPACE_ID).pendingQuestions;
    await pending.record({ kind: 'confirmed', botId: DEFAULT_BOT_ID, conversationId: 'c-review-gift', entryId: GIFT_ENTRY, text: '能帮忙包成礼物吗' });
    const confirmed = ((await api(supervisor, 'GET', '/api/v1/reviews?kind=similar_question')).json.items as ReviewItem[]).find((i) => i.entryId === GIFT_ENTRY)!;
    expect((await api(supervisor, 'POST', `/api/v1/kb/pending-questions/${confirmed.id}/approve`)).status).toBe(200);
    expect((await api(admin, 'POST', `/api/v1/reviews/${editId}/approve`, {})).status).toBe(200);
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${GIFT_ENTRY}`)).json).toMatchObject({
      version: entryBefore.version + 2,
      learnedQuestions: [...entryBefore.learnedQuestions, confirmed.phrasing, VIDEO],
      updatedBy: admin.actor,
    });

    // 新建条目: a draft in the queue, never served until another approves it.
    const years = await clusterWith('开了几年');
    const created = await api(supervisor, 'POST', `/api/v1/learning/clusters/${years.id}/apply`, { action: 'new_entry', question: '你们店开了几年了', answer: '小店 2015 年开业，已经陪伴大家十多年啦～' });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const { entryId, reviewId } = created.json as { entryId: string; reviewId: string };
    expect(reviewId).toBeTruthy();
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${entryId}`)).json.status).toBe('draft');
    expect((await api(supervisor, 'GET', `/api/v1/reviews/${reviewId}`)).json).toMatchObject({ kind: 'new_entry', source: 'inbox', sourceRef: years.id });
    expect((await ask('你们店开了几年了')).entryId).not.toBe(entryId);
    expect((await api(admin, 'POST', `/api/v1/reviews/${reviewId}/reject`, { comment: '开业年份待核实' })).status).toBe(200);
  });

  it('agent-reply mining: what an agent answered the bot could not becomes a draft in the queue, once', async () => {
    const JOBS = '你们招聘客服吗';
    const JOBS_ANSWER = '我们一直在招聘在线客服，可以在官网「加入我们」页面投递简历，工作地点在杭州哦';
    expect((await ask(JOBS)).action).not.toBe('answer');
    expect((await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'online' })).status).toBe(200);
    const asked = await customerSays(edge.url, JOBS, '转人工');
    expect((await api(agent, 'POST', `/api/v1/agent/conversations/${asked.conversationId}/accept`)).status).toBe(200);
    expect((await api(agent, 'POST', `/api/v1/agent/conversations/${asked.conversationId}/messages`, { text: JOBS_ANSWER })).status).toBeLessThan(300);
    type Cluster = { id: string; examples: string[]; reasons: Record<string, number> };
    let cluster: Cluster | undefined;
    await expect.poll(async () => {
      cluster = ((await api(supervisor, 'GET', '/api/v1/learning/unresolved')).json.clusters as Cluster[]).find((c) => c.examples.some((e) => e.includes('招聘')));
      return cluster?.reasons.agent_answered;
    }).toBe(1);

    expect((await api(agent, 'POST', '/api/v1/learning/drafts-from-agents')).status).toBe(403);
    const mined = await api(supervisor, 'POST', '/api/v1/learning/drafts-from-agents');
    expect(mined.status, JSON.stringify(mined.json)).toBe(200);
    const drafted = (mined.json.drafted as Array<{ clusterId: string; reviewId: string; entryId: string }>).find((d) => d.clusterId === cluster!.id)!;
    expect(drafted).toBeDefined();
    const review = (await api(supervisor, 'GET', `/api/v1/reviews/${drafted.reviewId}`)).json as ReviewDetail;
    expect(review).toMatchObject({ kind: 'new_entry', source: 'agent_replies', sourceRef: cluster!.id, status: 'pending' });
    expect(review.after.answer).toEqual([{ type: 'text', text: JOBS_ANSWER }]);
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${drafted.entryId}`)).json.status).toBe('draft');
    // Mined once: the cluster is resolved with its draft.
    expect(((await api(supervisor, 'POST', '/api/v1/learning/drafts-from-agents')).json.drafted as Array<{ clusterId: string }>).map((d) => d.clusterId)).not.toContain(cluster!.id);
    expect((await api(admin, 'POST', `/api/v1/reviews/${drafted.reviewId}/approve`, {})).status).toBe(200);
    await expect.poll(async () => (await ask(JOBS)).entryId).toBe(drafted.entryId);
  });

  it('two reviewers approving at once apply the change once', async () => {
    const second = await signInOn(edge.server.accounts, 'laoli@shop.cn', 'supervisor', DEFAULT_WORKSPACE_ID);
    const versionBefore = (await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json.version as number;
    const proposed = await api(agent, 'POST', '/api/v1/reviews', { kind: 'entry_edit', entryId: INVOICE_ENTRY, patch: { tags: ['发票'] } });
    const id = (proposed.json as ReviewDetail).id;
    const results = await Promise.all([api(supervisor, 'POST', `/api/v1/reviews/${id}/approve`, {}), api(second, 'POST', `/api/v1/reviews/${id}/approve`, {})]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json.version).toBe(versionBefore + 1);
    expect((await auditOf(id)).filter((a) => a.action === 'review.approved')).toHaveLength(1);
  });

  it('a phrasing customers confirmed is an item of the same queue', async () => {
    const pending = edge.server.registry.workspace(DEFAULT_WORKSPACE_ID).pendingQuestions;
    await pending.record({ kind: 'confirmed', botId: DEFAULT_BOT_ID, conversationId: 'c-review-1', entryId: INVOICE_ENTRY, text: '票据咋整' });
    const items = (await api(supervisor, 'GET', '/api/v1/reviews?kind=similar_question')).json.items as ReviewItem[];
    const item = items.find((i) => i.phrasing === '票据咋整')!;
    expect(item).toMatchObject({ kind: 'similar_question', entryId: INVOICE_ENTRY, proposedBy: 'customers', conversations: 1 });
    // Agents have no customers' items.
    expect(((await api(agent, 'GET', '/api/v1/reviews?kind=similar_question')).json.items as ReviewItem[]).length).toBe(0);
    const detail = (await api(supervisor, 'GET', `/api/v1/reviews/${item.id}`)).json as ReviewDetail;
    expect(detail.changed).toEqual(['learnedQuestions']);
    expect((await api(supervisor, 'POST', `/api/v1/reviews/${item.id}/comments`, { text: '说法常见，采纳' })).status).toBe(201);
    // Two reviewers at once: one decision.
    const both = await Promise.all([api(supervisor, 'POST', `/api/v1/reviews/${item.id}/approve`, {}), api(admin, 'POST', `/api/v1/reviews/${item.id}/approve`, {})]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 200)!.json).toMatchObject({ status: 'approved' });
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json.learnedQuestions).toContain('票据咋整');
    expect((await auditOf(item.id)).map((a) => a.action)).toEqual(['review.commented', 'review.approved']);
    expect((await api(supervisor, 'GET', `/api/v1/kb/entries/${INVOICE_ENTRY}`)).json.learnedQuestions.filter((q: string) => q === '票据咋整')).toHaveLength(1);

    // The knowledge page's one-click 忽略 decides the same item, in its thread and the audit log.
    await pending.record({ kind: 'confirmed', botId: DEFAULT_BOT_ID, conversationId: 'c-review-2', entryId: INVOICE_ENTRY, text: '开票咋开' });
    const other = ((await api(supervisor, 'GET', '/api/v1/reviews?kind=similar_question')).json.items as ReviewItem[]).find((i) => i.phrasing === '开票咋开')!;
    expect((await api(supervisor, 'POST', `/api/v1/kb/pending-questions/${other.id}/dismiss`)).json).toMatchObject({ status: 'dismissed' });
    expect((await api(supervisor, 'GET', `/api/v1/reviews/${other.id}`)).json).toMatchObject({ status: 'rejected', decidedBy: supervisor.actor });
    expect((await auditOf(other.id)).map((a) => [a.action, a.actor])).toEqual([['review.rejected', supervisor.actor]]);
  });
});
