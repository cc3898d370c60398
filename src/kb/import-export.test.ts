import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { exportEntries } from './export.js';
import type { ImportFormat } from './file-columns.js';
import { entryContent } from './repository.js';
import { EntryInputSchema, type EntryInput } from './schemas.js';
import { KnowledgeService } from './service.js';

/** Entries chosen to break naive CSV / spreadsheet handling. */
const AWKWARD_ENTRIES: EntryInput[] = [
  {
    id: 'invoice',
    question: '怎么开发票，"专票"也能开吗？',
    similarQuestions: ['發票怎麼開', '开个发漂要多久😅', '能开 A|B 两张吗'],
    answer: [{ type: 'text', text: '第一步：订单页点「申请开票」\r\n第二步：填抬头、税号，"专票"需上传资质。' }],
    category: '发票',
    tags: ['财务', '高频,常见'],
    validFrom: '2026-01-01',
    validTo: '2026-12-31T23:59:59.000Z',
  },
  {
    id: 'refund',
    question: '退款多久到账',
    similarQuestions: ['[急]退款咋还没到', '钱什么时候退回来'],
    answer: [
      { type: 'text', text: '原路退回，一般 1-3 个工作日。' },
      { type: 'image', url: 'https://cdn.example.com/refund-flow.png', alt: '退款流程图' },
      { type: 'link', url: 'https://help.example.com/refund?from=bot&lang=zh', title: '查进度' },
    ],
    channelAnswers: { wechat: [{ type: 'text', text: '微信支付退到零钱，约 1 天。' }], web: [{ type: 'image', url: 'https://cdn.example.com/a.png' }] },
    category: '售后',
    tags: ['售后'],
  },
  { id: 'bracket', question: '[活动] 满减怎么算', answer: [{ type: 'text', text: '[规则] 满 300 减 50，可叠加券。' }], status: 'draft' },
  { id: 'spaces', question: '客服在吗', answer: [{ type: 'text', text: '  在的亲～ 有什么可以帮您？ ' }], status: 'archived', category: null },
  { id: 'zh-only', question: '==发货时间==', similarQuestions: ['-_- 啥时候发货', '+1 同问'], answer: [{ type: 'text', text: '=SUM(1,2) 不是公式；48 小时内发货。' }] },
  // Formula injection: every field a spreadsheet would run if written as is.
  {
    id: 'coupon',
    question: '@客服小美 优惠券咋领',
    similarQuestions: ['-满100减20 咋用不了😭', '+86 138 0013 8000 是你们客服电话吗'],
    answer: [{ type: 'text', text: '=HYPERLINK("http://evil.example/coupon","点我领100元券")' }],
    category: '+86 热线',
    tags: ['-满100减20', '@客服小美'],
  },
  // Text that genuinely starts with an apostrophe must come back with exactly its apostrophes.
  { id: 'quote', question: "'=不是公式' 这句啥意思", similarQuestions: ["''+1 同问", "'好的'"], answer: [{ type: 'text', text: "'@客服小美 说的 '对'" }], category: "'" },
];

/** What a spreadsheet would evaluate as a formula. */
const SPREADSHEET_FORMULA = /^[=+\-@\t\r]/;

function codeOf(err: unknown): string | undefined {
  return isWenduError(err) ? err.code : undefined;
}

describe.each(TEST_BACKENDS)('import and export on $name', (backend) => {
  let database: TestDatabase;
  let kb: KnowledgeService;

  beforeEach(async () => {
    database = await backend.open();
    kb = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('writes nothing when any row is bad, and reports every bad row', async () => {
    const file = Buffer.from('question,answer,valid_from\n在吗,在的,\n,没问题的答案,\n运费谁出,,\n几点发货,下午四点前,下周\n');
    const err = await kb.importFile(file, 'csv', { actor: '导入员' }).catch((e) => e);
    expect(codeOf(err)).toBe('WENDU_IMPORT_INVALID');
    expect(err.details.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'question'],
      [4, 'answer'],
      [5, 'valid_from'],
    ]);
    expect(await kb.count()).toBe(0);
  });

  it('writes the good rows with partial and returns the report', async () => {
    const changes: unknown[] = [];
    kb.onChange((c) => changes.push(c));
    const file = Buffer.from('id,question,answer\nhello,在吗,在的\n,,没问题的答案\nship,几点发货,下午四点前付款当天发\n');
    const report = await kb.importFile(file, 'csv', { actor: '导入员', partial: true });
    expect(report).toEqual({ created: 2, updated: 0, skipped: 0, errors: [{ row: 3, column: 'question', reason: expect.any(String) }] });
    expect((await kb.list()).items.map((e) => e.id).sort()).toEqual(['hello', 'ship']);
    expect(changes).toEqual([{ kind: 'entries', ids: ['hello', 'ship'] }]);
    const [version] = await kb.versions('hello');
    expect(version).toMatchObject({ change: 'imported', changedBy: '导入员', version: 1 });
  });

  it('upserts by id: keeps ids, updates changed rows, skips identical ones, creates id-less rows', async () => {
    await kb.importFile(Buffer.from('id,question,answer\nhello,在吗,在的\nship,几点发货,下午四点前\n'), 'csv', { actor: 'a' });
    const report = await kb.importFile(Buffer.from('id,question,answer\nhello,在吗,在的\nship,几点发货,下午五点前付款当天发\n,怎么改地址,联系客服\n'), 'csv', { actor: 'b' });
    expect(report).toEqual({ created: 1, updated: 1, skipped: 1, errors: [] });
    expect(await kb.get('ship')).toMatchObject({ version: 2, updatedBy: 'b', answer: [{ type: 'text', text: '下午五点前付款当天发' }] });
    expect((await kb.get('hello')).version).toBe(1);
    const all = await kb.all();
    expect(all.map((e) => e.id)).toEqual(expect.arrayContaining(['hello', 'ship']));
    expect(all.find((e) => e.question === '怎么改地址')?.id).toMatch(/^kb-/);
  });

  it('rows without an id update the entry with the same standard question instead of doubling it', async () => {
    const file = Buffer.from('question,similar_questions,answer\n怎么开发票？,发票在哪开|能开发漂吗,订单完成后点「申请开票」\n');
    expect(await kb.importFile(file, 'csv', { actor: 'a' })).toEqual({ created: 1, updated: 0, skipped: 0, errors: [] });
    expect(await kb.importFile(file, 'csv', { actor: 'a' })).toEqual({ created: 0, updated: 0, skipped: 1, errors: [] });
    const changed = Buffer.from('question,similar_questions,answer\n怎么开发票？,发票在哪开,确认收货后在订单详情点「申请开票」\n');
    expect(await kb.importFile(changed, 'csv', { actor: 'b' })).toEqual({ created: 0, updated: 1, skipped: 0, errors: [] });
    const all = await kb.all();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ version: 2, updatedBy: 'b' });
  });

  it.each<ImportFormat>(['csv', 'xlsx', 'json'])('round-trips %s exactly: export → import into an empty base → export', async (format) => {
    for (const entry of AWKWARD_ENTRIES) await kb.create(entry, 'op');
    const first = await kb.exportAll(format);

    const empty = await backend.open();
    try {
      const copy = new KnowledgeService(empty, { workspaceId: DEFAULT_WORKSPACE_ID });
      const report = await copy.importFile(first, format, { actor: 'restore' });
      expect(report).toEqual({ created: AWKWARD_ENTRIES.length, updated: 0, skipped: 0, errors: [] });
      const second = await copy.exportAll(format);
      expect(second.equals(first)).toBe(true);
      expect((await copy.all()).map(entryContent)).toEqual((await kb.all()).map(entryContent));
    } finally {
      await empty.dispose();
    }
  });

  it('re-importing its own export changes nothing', async () => {
    for (const entry of AWKWARD_ENTRIES) await kb.create(entry, 'op');
    const report = await kb.importFile(await kb.exportAll('xlsx'), 'xlsx', { actor: 'op' });
    expect(report).toEqual({ created: 0, updated: 0, skipped: AWKWARD_ENTRIES.length, errors: [] });
  });
});

describe('exportEntries', () => {
  const entries = AWKWARD_ENTRIES.map((e) => ({ ...EntryInputSchema.parse(e), id: e.id ?? '' }));

  it('writes no CSV cell a spreadsheet would run as a formula', async () => {
    const csv = (await exportEntries(entries, 'csv')).toString('utf8').replace(/^\uFEFF/, '');
    const cells = (parse(csv) as string[][]).flat();
    expect(cells.filter((c) => SPREADSHEET_FORMULA.test(c))).toEqual([]);
    expect(cells).toContain(`'=HYPERLINK("http://evil.example/coupon","点我领100元券")`);
    expect(cells).toContain("'@客服小美 优惠券咋领");
    expect(cells).toContain("''=不是公式' 这句啥意思");
  });

  it('writes no XLSX cell a spreadsheet would run as a formula', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportEntries(entries, 'xlsx')) as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    expect(cells.every((c) => typeof c === 'string')).toBe(true);
    expect(cells.filter((c) => SPREADSHEET_FORMULA.test(c as string))).toEqual([]);
    expect(cells).toContain("'+86 热线");
  });

  it('writes the contract header, a BOM, and plain text answers as plain cells', async () => {
    const csv = (await exportEntries([{ ...AWKWARD_ENTRIES[2], id: 'x', similarQuestions: [], learnedQuestions: [], channelAnswers: {}, category: null, tags: [], status: 'published', validFrom: null, validTo: null, answer: [{ type: 'text', text: '亲，在的' }] }], 'csv')).toString('utf8');
    expect(csv).toBe('\uFEFFid,question,similar_questions,answer,category,valid_from,valid_to,tags,status,channel_answers,learned_questions\nx,[活动] 满减怎么算,,亲，在的,,,,,published,,\n');
  });
});
