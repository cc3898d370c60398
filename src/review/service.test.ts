/**
 * The review queue's own rules on SQLite and PostgreSQL (the real store, no server): a revision
 * is shown against the entry as it serves while pending and against the version it was written
 * for once decided; an edit of the entry in between is not overwritten; a change that cannot be
 * applied leaves the review pending; a rejected draft is archived; settings are validated; a
 * write the database refuses half-way leaves nothing behind (no draft without its review item,
 * no published change without its decision).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PendingQuestionService } from '../kb/pending-questions.js';
import { KnowledgeService } from '../kb/service.js';
import type { SqlDialect } from '../store/dialect.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { ReviewService } from './service.js';

const WORKSPACE = 'ws-review-rules';
const SUPERVISOR = { actor: 'user:laowang@shop.cn', canReview: true };
const AGENT = { actor: 'user:xiaomei@shop.cn', canReview: false };

/**
 * Makes the database itself refuse every insert into `table` (a trigger, on either dialect) — a
 * real failure at the database boundary, half-way through a multi-row write. Returns the undo.
 */
async function refuseInserts(database: TestDatabase, dialect: SqlDialect, table: string): Promise<() => Promise<void>> {
  const name = sql.id(`refuse_${table}`);
  if (dialect === 'sqlite') {
    await sql`create trigger ${name} before insert on ${sql.table(table)} begin select raise(abort, 'refused by the test'); end`.execute(database.db);
    return async () => void (await sql`drop trigger ${name}`.execute(database.db));
  }
  await sql`create function ${name}() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`.execute(database.db);
  await sql`create trigger ${name} before insert on ${sql.table(table)} for each row execute function ${name}()`.execute(database.db);
  return async () => void (await sql`drop function ${name}() cascade`.execute(database.db));
}

describe.each(TEST_BACKENDS)('review rules ($name)', (backend) => {
  let database: TestDatabase;
  let knowledge: KnowledgeService;
  let reviews: ReviewService;

  beforeAll(async () => {
    database = await backend.open();
    await database.db.insertInto('workspaces').values({ id: WORKSPACE, name: WORKSPACE, created_at: new Date().toISOString() }).execute();
    knowledge = new KnowledgeService(database, { workspaceId: WORKSPACE });
    reviews = new ReviewService(database, { workspaceId: WORKSPACE, knowledge, pendingQuestions: new PendingQuestionService(database, { workspaceId: WORKSPACE, knowledge }) });
    await knowledge.create({ id: 'refund', question: '怎么退款', answer: '在订单详情里申请退款。', tags: ['售后'] }, 'demo');
  });
  afterAll(async () => database?.dispose());

  it('applies a revision over the entry as it stands, keeping an edit made in between', async () => {
    const proposed = await reviews.propose({ kind: 'entry_edit', entryId: 'refund', patch: { answer: '在订单详情里申请退款，1-3 个工作日到账。' } }, AGENT.actor);
    expect(proposed).toMatchObject({ baseVersion: 1, entryVersion: 1, changed: ['answer'] });
    // A supervisor edits another field meanwhile: the detail shows the entry changed since.
    await knowledge.update('refund', { tags: ['售后', '退款'] }, SUPERVISOR.actor);
    expect(await reviews.get(proposed.id, SUPERVISOR)).toMatchObject({ baseVersion: 1, entryVersion: 2, changed: ['answer'] });
    const approved = await reviews.approve(proposed.id, SUPERVISOR);
    const entry = await knowledge.get('refund');
    expect(entry).toMatchObject({ version: 3, tags: ['售后', '退款'], updatedBy: SUPERVISOR.actor });
    expect(entry.answer).toEqual([{ type: 'text', text: '在订单详情里申请退款，1-3 个工作日到账。' }]);
    // Decided: shown against the version it was written for.
    expect(approved.before?.answer).toEqual([{ type: 'text', text: '在订单详情里申请退款。' }]);
    expect(approved.changed).toEqual(['answer']);
  });

  it('refuses a revision that changes nothing or breaks the entry’s rules', async () => {
    await expect(reviews.propose({ kind: 'entry_edit', entryId: 'refund', patch: { tags: ['售后', '退款'] } }, AGENT.actor)).rejects.toMatchObject({ code: 'WENDU_VALIDATION' });
    await expect(reviews.propose({ kind: 'entry_edit', entryId: 'refund', patch: { question: '' } }, AGENT.actor)).rejects.toMatchObject({ code: 'WENDU_VALIDATION' });
    await expect(reviews.propose({ kind: 'entry_edit', entryId: 'no-such-entry', patch: { answer: '随便' } }, AGENT.actor)).rejects.toMatchObject({ code: 'WENDU_ENTRY_NOT_FOUND' });
  });

  it('refuses one customer’s data in proposed knowledge, not the company’s own contacts', async () => {
    const field = async (promise: Promise<unknown>) => ((await promise.catch((err: { details: { issues: Array<{ path: string; code: string }> } }) => err)) as { details: { issues: Array<{ path: string; code: string }> } }).details.issues[0];
    expect(await field(reviews.propose({ kind: 'new_entry', question: '13812345678的订单到哪了', answer: '请稍等' }, AGENT.actor))).toMatchObject({ path: 'question', code: 'personal_data' });
    expect(await field(reviews.propose({ kind: 'new_entry', question: '退款到哪了', answer: '订单202611110001234567已退款' }, AGENT.actor))).toMatchObject({ path: 'answer' });
    expect(await field(reviews.propose({ kind: 'entry_edit', entryId: 'refund', patch: { similarQuestions: ['退款', '卡号6222020200112233445退款'] } }, AGENT.actor))).toMatchObject({ path: 'similarQuestions.1' });
    expect(await field(reviews.propose({ kind: 'entry_edit', entryId: 'refund', patch: { answer: '联系我13812345678' } }, AGENT.actor))).toMatchObject({ path: 'answer' });
    // The company's hotline, service mailbox and address belong in answers.
    const ok = await reviews.propose({ kind: 'new_entry', question: '怎么联系客服', answer: '客服热线 400-820-1234，邮箱 service@shop.cn，地址：张江路88号' }, AGENT.actor);
    expect(ok.status).toBe('pending');
    await reviews.reject(ok.id, SUPERVISOR, '测试用');
  });

  it('leaves a review pending when its change can no longer be applied', async () => {
    const proposed = await reviews.propose({ kind: 'entry_edit', entryId: 'refund', patch: { validTo: '2027-01-01' } }, AGENT.actor);
    // Meanwhile the entry starts after that end: the merged entry breaks the validity rule.
    await knowledge.update('refund', { validFrom: '2027-06-01' }, SUPERVISOR.actor);
    await expect(reviews.approve(proposed.id, SUPERVISOR)).rejects.toMatchObject({ code: 'WENDU_VALIDATION' });
    expect((await reviews.get(proposed.id, SUPERVISOR)).status).toBe('pending');
    expect((await reviews.reject(proposed.id, SUPERVISOR, '有效期冲突')).status).toBe('rejected');
  });

  it('archives a rejected draft, and never serves a pending one', async () => {
    const draft = await reviews.proposeDraft({ question: '可以开专票吗', answer: '可以，下单时选择增值税专用发票。' }, AGENT.actor, { source: 'operator' });
    expect((await knowledge.listForMatching()).map((e) => e.id)).not.toContain(draft.entryId);
    await reviews.reject(draft.id, SUPERVISOR, '专票流程不对');
    expect((await knowledge.get(draft.entryId)).status).toBe('archived');
    await expect(reviews.approve(draft.id, SUPERVISOR)).rejects.toMatchObject({ code: 'WENDU_REVIEW_DECIDED' });
  });

  it('creates a draft and its review item together or not at all', async () => {
    const question = '发票可以寄到公司吗';
    const rows = async () =>
      Promise.all(['knowledge_entries', 'knowledge_versions', 'knowledge_reviews', 'audit_log'].map(async (t) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(database.db)).rows[0]!.n)));
    const before = await rows();
    const allowAgain = await refuseInserts(database, backend.name, 'knowledge_reviews');
    try {
      await expect(reviews.proposeDraft({ question, answer: '可以，填写公司地址即可。' }, AGENT.actor, { source: 'operator' })).rejects.toThrow(/refused by the test/);
    } finally {
      await allowAgain();
    }
    // No orphan draft (never served, never reviewable), no version of it, no audit row.
    expect((await knowledge.list({ q: question, status: 'all' })).total).toBe(0);
    expect(await rows()).toEqual(before);
    // The same proposal once the database accepts it: one draft, one review item.
    const proposed = await reviews.proposeDraft({ question, answer: '可以，填写公司地址即可。' }, AGENT.actor, { source: 'operator' });
    expect((await knowledge.list({ q: question, status: 'all' })).items.map((e) => e.id)).toEqual([proposed.entryId]);
    await reviews.reject(proposed.id, SUPERVISOR, '测试用');
  });

  it('approves all at once: a decision the database refuses half-way publishes nothing', async () => {
    const draft = await reviews.proposeDraft({ question: '支持货到付款吗', answer: '支持，签收时付款。' }, AGENT.actor, { source: 'operator' });
    const revision = await reviews.propose({ kind: 'entry_edit', entryId: 'refund', patch: { category: '售后服务' } }, AGENT.actor);
    const refundBefore = await knowledge.get('refund');
    // The decision's thread entry comes after the claim and the change: refusing it must undo both.
    const allowAgain = await refuseInserts(database, backend.name, 'review_comments');
    try {
      await expect(reviews.approve(draft.id, SUPERVISOR, '可以')).rejects.toThrow(/refused by the test/);
      await expect(reviews.approve(revision.id, SUPERVISOR)).rejects.toThrow(/refused by the test/);
      await expect(reviews.reject(draft.id, SUPERVISOR, '不要')).rejects.toThrow(/refused by the test/);
    } finally {
      await allowAgain();
    }
    expect(await knowledge.get(draft.entryId)).toMatchObject({ status: 'draft', version: 1 });
    expect(await knowledge.get('refund')).toMatchObject({ version: refundBefore.version, category: refundBefore.category });
    expect((await reviews.get(draft.id, SUPERVISOR)).status).toBe('pending');
    expect((await reviews.get(revision.id, SUPERVISOR)).status).toBe('pending');
    const decisions = await database.db.selectFrom('audit_log').select('action').where('target_id', 'in', [draft.id, revision.id]).execute();
    expect(decisions.map((d) => d.action)).toEqual(['review.proposed', 'review.proposed']);
    // Accepted again, the decisions go through whole.
    expect((await reviews.approve(draft.id, SUPERVISOR)).status).toBe('approved');
    expect(await knowledge.get(draft.entryId)).toMatchObject({ status: 'published', version: 2 });
    expect((await reviews.reject(revision.id, SUPERVISOR, '分类不对')).status).toBe('rejected');
  });

  it('validates the settings whole and keeps the last good ones', async () => {
    expect(await reviews.settings()).toEqual({ required: false, fourEyes: false });
    await expect(reviews.updateSettings({ required: true, fourEyes: 'yes' }, 'user:boss@shop.cn')).rejects.toMatchObject({ code: 'WENDU_VALIDATION' });
    await expect(reviews.updateSettings({ required: true, extra: 1 }, 'user:boss@shop.cn')).rejects.toMatchObject({ code: 'WENDU_VALIDATION' });
    expect(await reviews.updateSettings({ fourEyes: true }, 'user:boss@shop.cn')).toEqual({ required: false, fourEyes: true });
    expect(await reviews.settings()).toEqual({ required: false, fourEyes: true });
  });
});
