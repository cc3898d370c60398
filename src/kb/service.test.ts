import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.js';
import { isWenduError } from '../errors/index.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import type { EntryInput } from './schemas.js';
import { describeVersionedDocuments } from '../store/versioned-documents-contract.js';
import { ENTRY_DOCUMENTS, entryContent } from './repository.js';
import { type KnowledgeChange, KnowledgeService, parseEntryInput } from './service.js';

/** A clock that moves one minute per call, so every write has a distinct, predictable time. */
function steppingClock(start = Date.parse('2026-03-08T09:00:00.000Z')) {
  let t = start;
  return () => new Date((t += 60_000));
}

const INVOICE: EntryInput = {
  question: '怎么开发票？',
  similarQuestions: ['发票怎么开', '能开增值税專用發票吗', '开个發票要多久啊😅'],
  answer: [{ type: 'text', text: '在「我的订单」点「申请开票」，电子发票 1 个工作日内发到邮箱。' }],
  category: '发票',
  tags: ['财务', '高频'],
};
const REFUND: EntryInput = {
  question: '退款多久到账',
  similarQuestions: ['钱什么时候退回来', '退款咋还没到 100%_off'],
  answer: [
    { type: 'text', text: '原路退回，一般 1-3 个工作日。' },
    { type: 'link', url: 'https://help.example.com/refund', title: '退款进度查询' },
  ],
  channelAnswers: { wechat: [{ type: 'text', text: '微信支付的退款 1 个工作日内到零钱。' }] },
  category: '售后',
  tags: ['售后'],
};
const SHIPPING: EntryInput = {
  question: '双十一什么时候发货',
  answer: [{ type: 'text', text: '11 月 12 日起按付款顺序发货。' }],
  category: '物流',
  status: 'draft',
  validFrom: '2026-11-01',
  validTo: '2026-11-20',
};

function codeOf(err: unknown): string | undefined {
  return isWenduError(err) ? err.code : undefined;
}

// The versioning rules themselves: the one suite shared with flows.
describeVersionedDocuments('knowledge entries', {
  kind: ENTRY_DOCUMENTS,
  sample: (id) => ({ ...parseEntryInput(INVOICE), id }),
  edit: (entry) => entryContent({ ...entry, answer: [{ type: 'text', text: '开票请在收货后 30 天内申请哦～' }] }),
});

describe.each(TEST_BACKENDS)('KnowledgeService on $name', (backend) => {
  let database: TestDatabase;
  let kb: KnowledgeService;
  let changes: KnowledgeChange[];

  beforeEach(async () => {
    database = await backend.open();
    kb = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: steppingClock() });
    changes = [];
    kb.onChange((c) => changes.push(c));
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('creates an entry with a readable generated id, version 1 and a version record', async () => {
    const entry = await kb.create(INVOICE, '小李');
    expect(entry.id).toMatch(/^kb-[2-9a-z]{8}$/);
    expect(entry).toMatchObject({ question: '怎么开发票？', status: 'published', version: 1, updatedBy: '小李', validFrom: null });
    expect(entry.createdAt).toBe(entry.updatedAt);
    expect(await kb.get(entry.id)).toEqual(entry);
    const versions = await kb.versions(entry.id);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, change: 'created', changedBy: '小李' });
    expect(versions[0].snapshot.similarQuestions).toEqual(INVOICE.similarQuestions);
    expect(changes).toEqual([{ kind: 'entries', ids: [entry.id] }]);
  });

  it('keeps learned questions apart from similar ones: stored, versioned, once each, removable', async () => {
    const created = await kb.create({ ...INVOICE, id: 'invoice' }, '小李');
    expect(created.learnedQuestions).toEqual([]);
    const learned = await kb.addLearnedQuestion('invoice', '發票咋開啊', '主管老王');
    expect(learned).toMatchObject({ version: 2, learnedQuestions: ['發票咋開啊'], similarQuestions: INVOICE.similarQuestions, updatedBy: '主管老王' });
    // Already there (as learned, or as the operator's own question): no new version.
    expect((await kb.addLearnedQuestion('invoice', '發票咋開啊', '主管老王')).version).toBe(2);
    expect((await kb.addLearnedQuestion('invoice', INVOICE.question, '主管老王')).version).toBe(2);
    expect((await kb.get('invoice')).learnedQuestions).toEqual(['發票咋開啊']);
    const versions = await kb.versions('invoice');
    expect(versions.find((v) => v.version === 2)?.snapshot.learnedQuestions).toEqual(['發票咋開啊']);
    // An operator edit keeps them; removing one is an ordinary edit.
    expect((await kb.update('invoice', { category: '财务' }, '小李')).learnedQuestions).toEqual(['發票咋開啊']);
    expect((await kb.update('invoice', { learnedQuestions: [] }, '小李')).learnedQuestions).toEqual([]);
    expect((await kb.restoreVersion('invoice', 2, '小李')).learnedQuestions).toEqual(['發票咋開啊']);
  });

  it('keeps a given id and refuses a second entry with it', async () => {
    await kb.create({ ...REFUND, id: 'refund-time' }, 'op');
    const err = await kb.create({ ...INVOICE, id: 'refund-time' }, 'op').catch((e) => e);
    expect(codeOf(err)).toBe('WENDU_ENTRY_CONFLICT');
    expect((await kb.get('refund-time')).question).toBe('退款多久到账');
    expect(await kb.count()).toBe(1);
  });

  it('rejects invalid input with every field issue and writes nothing', async () => {
    const err = await kb.create({ question: '  ', answer: [] }, 'op').catch((e) => e);
    expect(codeOf(err)).toBe('WENDU_VALIDATION');
    expect(err.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['answer', 'question']);
    expect(await kb.count()).toBe(0);
    expect(changes).toEqual([]);
  });

  it('patches only the given fields, bumps the version and keeps the creation time', async () => {
    const created = await kb.create(REFUND, 'op');
    const updated = await kb.update(created.id, { tags: ['售后', '退款'], category: '售後服务' }, '小张');
    expect(updated).toMatchObject({ version: 2, updatedBy: '小张', tags: ['售后', '退款'], category: '售後服务' });
    expect(updated.answer).toEqual(REFUND.answer);
    expect(updated.channelAnswers).toEqual(REFUND.channelAnswers);
    expect(updated.createdAt).toBe(created.createdAt);
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    expect((await kb.versions(created.id)).map((v) => [v.version, v.change])).toEqual([[2, 'updated'], [1, 'created']]);
  });

  it('writes no version for a patch that changes nothing', async () => {
    const created = await kb.create(INVOICE, 'op');
    const same = await kb.update(created.id, { question: '怎么开发票？' }, 'op');
    expect(same.version).toBe(1);
    expect(await kb.versions(created.id)).toHaveLength(1);
    expect(changes).toHaveLength(1);
  });

  it('refuses a patch that breaks the validity window or changes the id', async () => {
    const created = await kb.create(SHIPPING, 'op');
    expect(codeOf(await kb.update(created.id, { validTo: '2026-10-01' }, 'op').catch((e) => e))).toBe('WENDU_VALIDATION');
    expect(codeOf(await kb.update(created.id, { id: 'other' }, 'op').catch((e) => e))).toBe('WENDU_VALIDATION');
    expect(codeOf(await kb.update('no-such', { question: '在吗' }, 'op').catch((e) => e))).toBe('WENDU_ENTRY_NOT_FOUND');
    expect((await kb.get(created.id)).version).toBe(1);
  });

  it('archives, then un-archives by restoring an older version as a new one', async () => {
    const created = await kb.create(INVOICE, 'op');
    await kb.update(created.id, { answer: [{ type: 'text', text: '发票请联系客服。' }] }, 'op');
    const archived = await kb.archive(created.id, '主管');
    expect(archived).toMatchObject({ status: 'archived', version: 3 });
    expect((await kb.listForMatching()).map((e) => e.id)).toEqual([]);

    const restored = await kb.restoreVersion(created.id, 1, '主管');
    expect(restored).toMatchObject({ status: 'published', version: 4, answer: INVOICE.answer, updatedBy: '主管' });
    expect((await kb.versions(created.id)).map((v) => v.change)).toEqual(['restored', 'archived', 'updated', 'created']);
    expect(codeOf(await kb.restoreVersion(created.id, 99, 'op').catch((e) => e))).toBe('WENDU_VERSION_NOT_FOUND');
    expect(changes.map((c) => c.kind)).toEqual(['entries', 'entries', 'entries', 'entries']);
  });

  it('lists with search, category, status, tag filters and paging', async () => {
    const invoice = await kb.create(INVOICE, 'op');
    const refund = await kb.create(REFUND, 'op');
    const shipping = await kb.create(SHIPPING, 'op');
    const ids = async (q: Parameters<KnowledgeService['list']>[0]) => (await kb.list(q)).items.map((e) => e.id);

    expect(await ids({})).toEqual([shipping.id, refund.id, invoice.id]);
    expect(await ids({ q: '發票' })).toEqual([invoice.id]);
    expect(await ids({ q: '退款' })).toEqual([refund.id]);
    expect(await ids({ q: '100%_OFF' })).toEqual([refund.id]);
    expect(await ids({ q: '%' })).toEqual([refund.id]);
    expect(await ids({ category: '物流' })).toEqual([shipping.id]);
    expect(await ids({ status: 'draft' })).toEqual([shipping.id]);
    expect(await ids({ tag: '售后' })).toEqual([refund.id]);
    expect(await ids({ tag: '财' })).toEqual([]);
    expect(await kb.list({ limit: 2, offset: 1 })).toMatchObject({ total: 3, items: [{ id: refund.id }, { id: invoice.id }] });

    await kb.archive(refund.id, 'op');
    expect(await ids({})).toEqual([shipping.id, invoice.id]);
    expect(await ids({ status: 'archived' })).toEqual([refund.id]);
    expect((await kb.list({ status: 'all' })).total).toBe(3);
    expect(await kb.categories()).toEqual([
      { category: '发票', count: 1 },
      { category: '物流', count: 1 },
    ]);
  });

  it('gives the matcher every published entry, including ones outside their validity window', async () => {
    const sale = await kb.create({ ...SHIPPING, status: 'published', validTo: '2026-11-02' }, 'op');
    await kb.create({ ...INVOICE, status: 'draft' }, 'op');
    expect((await kb.listForMatching()).map((e) => e.id)).toEqual([sale.id]);
  });

  it('manages synonym groups, audits each change and announces it', async () => {
    const group = await kb.addSynonymGroup([' 发票 ', '发漂', '發票', '发票'], 'user:xiaoli@shop.cn');
    expect(group.terms).toEqual(['发票', '发漂', '發票']);
    const other = await kb.addSynonymGroup(['退款', '退钱'], 'user:xiaoli@shop.cn');
    expect(other.id).toBeGreaterThan(group.id);
    expect(await kb.updateSynonymGroup(other.id, ['退款', '退钱', '退货款'], 'user:boss@shop.cn')).toEqual({ id: other.id, terms: ['退款', '退钱', '退货款'] });
    await kb.deleteSynonymGroup(group.id, 'user:boss@shop.cn');
    expect(await kb.listSynonyms()).toEqual([{ id: other.id, terms: ['退款', '退钱', '退货款'] }]);
    expect(codeOf(await kb.addSynonymGroup(['发票', ' 发票'], 'op').catch((e) => e))).toBe('WENDU_SYNONYM_INVALID');
    expect(codeOf(await kb.deleteSynonymGroup(group.id, 'op').catch((e) => e))).toBe('WENDU_SYNONYM_NOT_FOUND');
    expect(codeOf(await kb.updateSynonymGroup(group.id, ['a', 'b'], 'op').catch((e) => e))).toBe('WENDU_SYNONYM_NOT_FOUND');
    expect(changes).toEqual([{ kind: 'synonyms' }, { kind: 'synonyms' }, { kind: 'synonyms' }, { kind: 'synonyms' }]);

    const audit = (await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID, { targetType: 'synonym_group' })).items;
    expect(audit.map((a) => [a.action, a.targetId, a.actor, a.before, a.after]).reverse()).toEqual([
      ['created', String(group.id), 'user:xiaoli@shop.cn', null, { terms: ['发票', '发漂', '發票'] }],
      ['created', String(other.id), 'user:xiaoli@shop.cn', null, { terms: ['退款', '退钱'] }],
      ['updated', String(other.id), 'user:boss@shop.cn', { terms: ['退款', '退钱'] }, { terms: ['退款', '退钱', '退货款'] }],
      ['deleted', String(group.id), 'user:boss@shop.cn', { terms: ['发票', '发漂', '發票'] }, null],
    ]);
  });

  it('never shows or changes another workspace’s entries; an import with their id creates our own', async () => {
    const shopB = new KnowledgeService(database, { workspaceId: 'shop-b' });
    const ours = await kb.create({ ...INVOICE, id: 'faq-1' }, 'user:amy@shop-a.cn');
    expect(await shopB.count()).toBe(0);
    expect(await shopB.list({ status: 'all' })).toEqual({ items: [], total: 0 });
    expect(await shopB.listForMatching()).toEqual([]);
    expect(await shopB.categories()).toEqual([]);
    expect(await shopB.all()).toEqual([]);
    for (const attempt of [
      () => shopB.get('faq-1'),
      () => shopB.versions('faq-1'),
      () => shopB.update('faq-1', { answer: [{ type: 'text', text: '加微信领红包 http://phish.example' }] }, 'mallory'),
      () => shopB.archive('faq-1', 'mallory'),
      () => shopB.restoreVersion('faq-1', 1, 'mallory'),
    ]) {
      expect(codeOf(await (attempt() as Promise<unknown>).catch((e) => e))).toBe('WENDU_ENTRY_NOT_FOUND');
    }

    const report = await shopB.importFile(Buffer.from('id,question,answer\nfaq-1,发票抬头开错了咋办😭,联系客服重开\n'), 'csv', { actor: 'user:bob@shop-b.cn' });
    expect(report).toMatchObject({ created: 1, updated: 0 });
    expect((await shopB.get('faq-1')).question).toBe('发票抬头开错了咋办😭');
    expect(await kb.get('faq-1')).toEqual(ours);
    // The same standard question in another workspace is not "the same entry" either.
    expect(await shopB.importEntries([parseEntryInput(INVOICE)], { actor: 'b' })).toMatchObject({ created: 1 });
    expect(await kb.count()).toBe(1);
  });

  it('keeps synonym groups inside their workspace', async () => {
    const shopB = new KnowledgeService(database, { workspaceId: 'shop-b' });
    const ours = await kb.addSynonymGroup(['发票', '发漂'], 'op');
    expect(await shopB.listSynonyms()).toEqual([]);
    expect(codeOf(await shopB.updateSynonymGroup(ours.id, ['发票', '开票'], 'user:mallory@shop-b.cn').catch((e) => e))).toBe('WENDU_SYNONYM_NOT_FOUND');
    expect(codeOf(await shopB.deleteSynonymGroup(ours.id, 'user:mallory@shop-b.cn').catch((e) => e))).toBe('WENDU_SYNONYM_NOT_FOUND');
    expect(await kb.listSynonyms()).toEqual([{ id: ours.id, terms: ['发票', '发漂'] }]);
    expect((await new AuditLog(database.db).list('shop-b')).items).toEqual([]);
  });

  it('stops calling a listener after it unsubscribes, and survives a throwing one', async () => {
    const seen: KnowledgeChange[] = [];
    const off = kb.onChange((c) => seen.push(c));
    kb.onChange(() => {
      throw new Error('index rebuild failed');
    });
    await kb.create(INVOICE, 'op');
    off();
    await kb.create(REFUND, 'op');
    expect(seen).toHaveLength(1);
    expect(await kb.count()).toBe(2);
  });
});
