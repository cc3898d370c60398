import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.js';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { guardedApp, type GuardedApp, type SignedIn } from '../auth/test-operators.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { parseImportFile } from './import.js';
import { knowledgeRoutes } from './routes.js';
import { KnowledgeService } from './service.js';

const BASE = '/api/v1/kb';
const SMALL_UPLOAD_LIMIT = 2048;

const XIAOMEI = 'xiaomei@shop.cn';

/** The knowledge routes behind the real access guard, with a supervisor signed in. */
async function build(database: TestDatabase, knowledge: KnowledgeService): Promise<{ guarded: GuardedApp; me: SignedIn }> {
  const guarded = guardedApp(database);
  await guarded.app.register(knowledgeRoutes, { knowledgeFor: () => knowledge, maxImportBytes: SMALL_UPLOAD_LIMIT });
  await guarded.app.ready();
  return { guarded, me: await guarded.signIn(XIAOMEI, 'supervisor') };
}

function multipartBody(fileName: string, content: Buffer, field = 'file') {
  const boundary = '----wendu-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('knowledge routes', () => {
  let database: TestDatabase;
  let app: { inject: (options: InjectOptions) => Promise<LightMyRequestResponse>; close: () => Promise<unknown> };
  let guarded: GuardedApp;
  let knowledge: KnowledgeService;

  beforeEach(async () => {
    database = await TEST_BACKENDS[0].open();
    knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
    const built = await build(database, knowledge);
    guarded = built.guarded;
    // Every request below is the signed-in supervisor's, sent with her bearer token.
    app = { inject: (options) => guarded.injectAs(built.me, options), close: () => guarded.app.close() };
  });
  afterEach(async () => {
    await app.close();
    await database.dispose();
  });

  it('creates, reads, patches, archives, lists versions and restores an entry', async () => {
    const created = await app.inject({
      method: 'POST',
      url: `${BASE}/entries`,
      payload: { question: '怎么修改收货地址', similarQuestions: ['地址填错了咋办'], answer: [{ type: 'text', text: '未发货前在订单页修改。' }], category: '物流' },
    });
    expect(created.statusCode).toBe(201);
    const entry = created.json();
    expect(entry).toMatchObject({ question: '怎么修改收货地址', version: 1, updatedBy: `user:${XIAOMEI}`, status: 'published' });

    expect((await app.inject({ method: 'GET', url: `${BASE}/entries/${entry.id}` })).json()).toEqual(entry);

    const patched = await app.inject({ method: 'PATCH', url: `${BASE}/entries/${entry.id}`, payload: { tags: ['地址'] } });
    expect(patched.json()).toMatchObject({ version: 2, tags: ['地址'], updatedBy: `user:${XIAOMEI}`, category: '物流' });

    expect((await app.inject({ method: 'POST', url: `${BASE}/entries/${entry.id}/archive` })).json()).toMatchObject({ status: 'archived', version: 3 });
    const versions = (await app.inject({ method: 'GET', url: `${BASE}/entries/${entry.id}/versions` })).json();
    expect(versions.items.map((v: { change: string }) => v.change)).toEqual(['archived', 'updated', 'created']);

    const restored = await app.inject({ method: 'POST', url: `${BASE}/entries/${entry.id}/versions/2/restore` });
    expect(restored.json()).toMatchObject({ status: 'published', version: 4, tags: ['地址'] });
  });

  it('records the account as the actor; an x-wendu-actor header has no effect', async () => {
    const ceo = { 'x-wendu-actor': 'ceo' };
    const created = await app.inject({ method: 'POST', url: `${BASE}/entries`, headers: ceo, payload: { question: '能开专票吗', answer: [{ type: 'text', text: '可以，下单时选增值税专用发票。' }] } });
    const id = created.json().id;
    await app.inject({ method: 'PATCH', url: `${BASE}/entries/${id}`, headers: ceo, payload: { tags: ['发票'] } });
    await app.inject({ method: 'POST', url: `${BASE}/entries/${id}/archive`, headers: ceo });
    await app.inject({ method: 'POST', url: `${BASE}/entries/${id}/versions/1/restore`, headers: ceo });
    const group = (await app.inject({ method: 'POST', url: `${BASE}/synonyms`, headers: ceo, payload: { terms: ['专票', '專票', '增值税发票'] } })).json();
    await app.inject({ method: 'PUT', url: `${BASE}/synonyms/${group.id}`, headers: ceo, payload: { terms: ['专票', '專票'] } });
    await app.inject({ method: 'DELETE', url: `${BASE}/synonyms/${group.id}`, headers: ceo });
    const upload = multipartBody('kb.csv', Buffer.from('question,answer\n发票抬头开错了咋办😭,联系客服重开\n'));
    expect((await app.inject({ method: 'POST', url: `${BASE}/import`, payload: upload.payload, headers: { ...upload.headers, ...ceo } })).json().created).toBe(1);

    // Signing in created the supervisor's account (audited too); the knowledge changes follow it.
    const audit = (await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID)).items.filter((a) => a.targetType !== 'user');
    expect(audit.map((a) => `${a.targetType}:${a.action}`).reverse()).toEqual([
      'knowledge_entry:created',
      'knowledge_entry:updated',
      'knowledge_entry:archived',
      'knowledge_entry:restored',
      'synonym_group:created',
      'synonym_group:updated',
      'synonym_group:deleted',
      'knowledge_entry:imported',
    ]);
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set([`user:${XIAOMEI}`]));
    const versions = (await app.inject({ url: `${BASE}/entries/${id}/versions` })).json().items;
    expect(versions.map((v: { changedBy: string }) => v.changedBy)).toEqual(Array(4).fill(`user:${XIAOMEI}`));
  });

  it('refuses a request without an account, whatever the header says, and writes nothing', async () => {
    const created = await guarded.app.inject({
      method: 'POST',
      url: `${BASE}/entries`,
      headers: { 'x-wendu-actor': encodeURIComponent('老板') },
      payload: { question: '在吗', answer: [{ type: 'text', text: '在的亲～' }] },
    });
    expect(created.statusCode).toBe(401);
    expect(created.json().error.code).toBe('WENDU_UNAUTHENTICATED');
    expect(await knowledge.count()).toBe(0);
    expect((await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID, { targetType: 'knowledge_entry' })).items).toEqual([]);
  });

  it('lists with filters and paging, and lists categories', async () => {
    await knowledge.create({ question: '发票怎么开', answer: [{ type: 'text', text: '订单页申请' }], category: '发票' }, 'op');
    await knowledge.create({ question: '退货运费谁出', answer: [{ type: 'text', text: '质量问题我们出' }], category: '售后' }, 'op');
    const found = (await app.inject({ method: 'GET', url: `${BASE}/entries?q=${encodeURIComponent('运费')}&limit=10` })).json();
    expect(found).toMatchObject({ total: 1, items: [{ question: '退货运费谁出' }] });
    expect((await app.inject({ method: 'GET', url: `${BASE}/entries?category=${encodeURIComponent('发票')}` })).json().total).toBe(1);
    expect((await app.inject({ method: 'GET', url: `${BASE}/categories` })).json().items).toHaveLength(2);
    const bad = await app.inject({ method: 'GET', url: `${BASE}/entries?limit=abc&status=deleted` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['limit', 'status']);
  });

  it('takes a plain string as a one-text-block answer, on create and on patch; a blank one is no answer', async () => {
    const created = await app.inject({ method: 'POST', url: `${BASE}/entries`, payload: { question: '几点发货呀', answer: '16:00 前付款当天发～' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().answer).toEqual([{ type: 'text', text: '16:00 前付款当天发～' }]);
    const id = created.json().id;
    const patched = await app.inject({ method: 'PATCH', url: `${BASE}/entries/${id}`, payload: { answer: '周末也发货哦 📦', channelAnswers: { wechat: '周末照常发货' } } });
    expect(patched.json()).toMatchObject({ version: 2, answer: [{ type: 'text', text: '周末也发货哦 📦' }], channelAnswers: { wechat: [{ type: 'text', text: '周末照常发货' }] } });
    const blank = await app.inject({ method: 'PATCH', url: `${BASE}/entries/${id}`, payload: { answer: '   ' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details.issues).toMatchObject([{ path: 'answer', message: '答案不能为空' }]);
    expect((await knowledge.get(id)).version).toBe(2);
  });

  it('lists the entries whose validity ends within N days, comparing instants whatever their offset', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const at = (days: number) => new Date(Date.now() + days * DAY);
    // The same instant written with a +08:00 offset sorts differently as a string: the filter must not care.
    const inShanghai = (d: Date) => new Date(d.getTime() + 8 * 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
    await knowledge.create({ id: 'soon', question: '双十一活动咋参加', answer: '领券下单即可', validTo: inShanghai(at(3)) }, 'op');
    await knowledge.create({ id: 'later', question: '年货节啥时候开始', answer: '一月中旬', validTo: at(30).toISOString() }, 'op');
    await knowledge.create({ id: 'ended', question: '国庆活动还有吗', answer: '已经结束啦', validTo: at(-1).toISOString() }, 'op');
    await knowledge.create({ id: 'forever', question: '在吗', answer: '在的亲' }, 'op');
    const ids = async (query: string) => (await app.inject({ method: 'GET', url: `${BASE}/entries?${query}` })).json().items.map((e: { id: string }) => e.id).sort();
    expect(await ids('expiringWithinDays=7')).toEqual(['soon']);
    expect(await ids('expiringWithinDays=31')).toEqual(['later', 'soon']);
    expect(await ids('expiringWithinDays=7&q=' + encodeURIComponent('年货'))).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `${BASE}/entries?expiringWithinDays=0` })).statusCode).toBe(400);
  });

  it('answers errors with stable codes', async () => {
    const invalid = await app.inject({ method: 'POST', url: `${BASE}/entries`, payload: { question: '', answer: [] } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('WENDU_VALIDATION');
    const typo = await app.inject({ method: 'POST', url: `${BASE}/entries`, payload: { question: '在吗', answer: [{ type: 'text', text: '在' }], categroy: '闲聊' } });
    expect(typo.json().error.details.issues[0].path).toBe('categroy');
    expect((await app.inject({ method: 'GET', url: `${BASE}/entries/nope` })).json().error.code).toBe('WENDU_ENTRY_NOT_FOUND');
    await knowledge.create({ id: 'hello', question: '在吗', answer: [{ type: 'text', text: '在' }] }, 'op');
    const dup = await app.inject({ method: 'POST', url: `${BASE}/entries`, payload: { id: 'hello', question: '在不在', answer: [{ type: 'text', text: '在' }] } });
    expect(dup.statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `${BASE}/entries/hello/versions/9/restore` })).statusCode).toBe(404);
  });

  it('manages synonym groups', async () => {
    const created = await app.inject({ method: 'POST', url: `${BASE}/synonyms`, payload: { terms: ['发票', '发漂', '發票'] } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect((await app.inject({ method: 'PUT', url: `${BASE}/synonyms/${id}`, payload: { terms: ['发票', '票据'] } })).json()).toEqual({ id, terms: ['发票', '票据'] });
    expect((await app.inject({ method: 'GET', url: `${BASE}/synonyms` })).json()).toEqual({ items: [{ id, terms: ['发票', '票据'] }] });
    expect((await app.inject({ method: 'POST', url: `${BASE}/synonyms`, payload: { terms: ['发票'] } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'DELETE', url: `${BASE}/synonyms/${id}` })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `${BASE}/synonyms/${id}` })).json().error.code).toBe('WENDU_SYNONYM_NOT_FOUND');
  });

  it('lists the shipped lexicon to an agent and lets a supervisor switch a group off and on, audited', async () => {
    const agent = await guarded.signIn('xiaoli@shop.cn', 'agent');
    const listed = (await guarded.injectAs(agent, { method: 'GET', url: `${BASE}/lexicon` })).json().groups;
    expect(listed.find((g: { id: string }) => g.id === 'region-east')).toMatchObject({ kind: 'places', enabled: true, label: { zh: '华东（含江浙沪）' } });
    expect(listed.find((g: { id: string }) => g.id === 'refund').terms).toContain('拿回来');
    const agentSwitch = await guarded.injectAs(agent, { method: 'PUT', url: `${BASE}/lexicon/region-east`, payload: { enabled: false } });
    expect(agentSwitch.statusCode).toBe(403);

    expect((await app.inject({ method: 'PUT', url: `${BASE}/lexicon/region-east`, payload: { enabled: false } })).json()).toMatchObject({ id: 'region-east', enabled: false });
    // Switching off what is already off changes nothing and records nothing.
    await app.inject({ method: 'PUT', url: `${BASE}/lexicon/region-east`, payload: { enabled: false } });
    expect(await knowledge.disabledLexiconGroups()).toEqual(['region-east']);
    const states = (await app.inject({ method: 'GET', url: `${BASE}/lexicon` })).json().groups;
    expect(states.filter((g: { enabled: boolean }) => !g.enabled).map((g: { id: string }) => g.id)).toEqual(['region-east']);
    await app.inject({ method: 'PUT', url: `${BASE}/lexicon/region-east`, payload: { enabled: true } });
    expect(await knowledge.disabledLexiconGroups()).toEqual([]);

    const audit = (await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID, { targetType: 'lexicon_group' })).items;
    expect(audit.map((a) => `${a.targetId}:${a.action}:${a.actor}`).reverse()).toEqual([`region-east:disabled:user:${XIAOMEI}`, `region-east:enabled:user:${XIAOMEI}`]);

    const unknown = await app.inject({ method: 'PUT', url: `${BASE}/lexicon/region-mars`, payload: { enabled: false } });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'WENDU_LEXICON_GROUP_NOT_FOUND']);
    const bad = await app.inject({ method: 'PUT', url: `${BASE}/lexicon/refund`, payload: { enabled: '关' } });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'WENDU_VALIDATION']);
  });

  it('imports an uploaded CSV, refusing a bad one with the row report unless partial', async () => {
    const good = multipartBody('知识库.csv', Buffer.from('id,question,answer\nhello,在吗,在的亲\n'));
    const ok = await app.inject({ method: 'POST', url: `${BASE}/import`, ...good });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ created: 1, updated: 0, skipped: 0, errors: [] });

    const bad = multipartBody('kb.csv', Buffer.from('id,question,answer\nhello,在吗,在的，有什么可以帮您\nbroken,,没问题\n'));
    const refused = await app.inject({ method: 'POST', url: `${BASE}/import`, ...bad });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'WENDU_IMPORT_INVALID', details: { errors: [{ row: 3, column: 'question' }] } });
    expect((await knowledge.get('hello')).version).toBe(1);

    const partial = await app.inject({ method: 'POST', url: `${BASE}/import?partial=true`, ...bad });
    expect(partial.json()).toMatchObject({ created: 0, updated: 1, skipped: 0, errors: [{ row: 3 }] });
  });

  it('refuses unknown formats, missing files and files over the limit', async () => {
    expect((await app.inject({ method: 'POST', url: `${BASE}/import`, ...multipartBody('kb.docx', Buffer.from('x')) })).statusCode).toBe(415);
    expect((await app.inject({ method: 'POST', url: `${BASE}/import`, ...multipartBody('kb.csv', Buffer.from('x'), 'upload') })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: `${BASE}/import`, payload: { question: 'x' } })).statusCode).toBe(415);
    const huge = multipartBody('kb.csv', Buffer.from(`question,answer\n${'在吗,在的\n'.repeat(SMALL_UPLOAD_LIMIT)}`));
    const tooLarge = await app.inject({ method: 'POST', url: `${BASE}/import`, ...huge });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('WENDU_FILE_TOO_LARGE');
    expect(await knowledge.count()).toBe(0);
  });

  it('exports a download that imports back to the same entries', async () => {
    await knowledge.create({ id: 'ship', question: '几点发货，周末发吗', answer: [{ type: 'text', text: '16:00 前付款当天发，"周末"照常。' }], tags: ['物流'] }, 'op');
    const res = await app.inject({ method: 'GET', url: `${BASE}/export?format=csv` });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="wendu-knowledge-\d{4}-\d{2}-\d{2}\.csv"$/);
    const { rows, errors } = await parseImportFile(res.rawPayload, 'csv');
    expect(errors).toEqual([]);
    expect(rows).toMatchObject([{ id: 'ship', question: '几点发货，周末发吗', tags: ['物流'] }]);
    expect((await app.inject({ method: 'GET', url: `${BASE}/export?format=pdf` })).statusCode).toBe(400);
  });

  it('exports formula-looking text as inert cells and imports it back as the original text', async () => {
    const original = {
      id: 'coupon',
      question: '@客服小美 优惠券咋领',
      similarQuestions: ['-满100减20 咋用不了😭', '+86 138 0013 8000 是你们客服电话吗'],
      answer: [{ type: 'text' as const, text: '=HYPERLINK("http://evil.example/coupon","点我领券")' }],
    };
    await knowledge.create(original, 'op');
    const exported = await app.inject({ method: 'GET', url: `${BASE}/export?format=csv` });
    const csv = exported.body;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/coupon"",""点我领券"")"`);
    expect(csv).toContain("'@客服小美 优惠券咋领");
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);

    await knowledge.update('coupon', { ...original, answer: [{ type: 'text', text: '满 100 减 20，结算时自动抵扣。' }] }, 'op');
    const imported = await app.inject({ method: 'POST', url: `${BASE}/import`, ...multipartBody('导出.csv', exported.rawPayload) });
    expect(imported.json()).toEqual({ created: 0, updated: 1, skipped: 0, errors: [] });
    expect(await knowledge.get('coupon')).toMatchObject(original);
  });
});
