import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { formatFromFileName } from './file-columns.js';
import { parseImportFile } from './import.js';

const csv = (text: string) => Buffer.from(text, 'utf8');

describe('parseImportFile: CSV', () => {
  it('reads a good file with free column order, quoted commas and newlines, BOM and rich answers', async () => {
    const file = csv(
      '\uFEFFcategory,question,answer,similar_questions,id,tags,valid_from,valid_to,status,channel_answers\n' +
        '发票,怎么开发票？,"在「我的订单」点「申请开票」，1 个工作日内发到邮箱。","发票怎么开|能开專票吗\n开个发漂要多久",invoice-howto,"财务,高频",,,,\n' +
        '售后,退款多久到账,"[{""type"":""text"",""text"":""原路退回""},{""type"":""link"",""url"":""https://help.example.com/refund"",""title"":""退款进度""}]",钱啥时候退回来😭,,售后,2026-01-01,2026-12-31T16:00:00Z,草稿,"{""wechat"":""微信零钱 1 天内到""}"\n',
    );
    const { rows, errors } = await parseImportFile(file, 'csv');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        id: 'invoice-howto',
        question: '怎么开发票？',
        similarQuestions: ['发票怎么开', '能开專票吗', '开个发漂要多久'],
        learnedQuestions: [],
        answer: [{ type: 'text', text: '在「我的订单」点「申请开票」，1 个工作日内发到邮箱。' }],
        channelAnswers: {},
        category: '发票',
        tags: ['财务', '高频'],
        status: 'published',
        validFrom: null,
        validTo: null,
      },
      {
        question: '退款多久到账',
        similarQuestions: ['钱啥时候退回来😭'],
        learnedQuestions: [],
        answer: [
          { type: 'text', text: '原路退回' },
          { type: 'link', url: 'https://help.example.com/refund', title: '退款进度' },
        ],
        channelAnswers: { wechat: [{ type: 'text', text: '微信零钱 1 天内到' }] },
        category: '售后',
        tags: ['售后'],
        status: 'draft',
        validFrom: '2026-01-01',
        validTo: '2026-12-31T16:00:00Z',
      },
    ]);
  });

  it('reports every bad row by spreadsheet row number and column, in Chinese', async () => {
    const file = csv(
      'id,question,similar_questions,answer,category,valid_from,valid_to,status\n' +
        'ok-1,在吗,,在的亲,,,,\n' + // row 2: fine
        'bad-q,,,有答案没问题,,,,\n' + // row 3: no question
        'bad-a,运费谁出,,,,,,\n' + // row 4: no answer
        'bad-date,几点发货,,下午四点前付款当天发,,明天,,\n' + // row 5: bad date
        'bad-window,双十一活动,,满300减50,,2026-11-12,2026-11-01,\n' + // row 6: from after to
        'bad-json,怎么联系人工,,[{"type":"text" "text":"x"}],,,,\n' + // row 7: broken JSON (quotes collapse, still broken)
        'bad-status,能退吗,,能,,,,上架\n' + // row 8: unknown status
        'ok-1,在不在,,在,,,,\n' + // row 9: duplicate id
        '\n' + // row 10: blank, ignored
        'bad id!,能开发票不,,能,,,,\n', // row 11: id with spaces and "!"
    );
    const { rows, errors } = await parseImportFile(file, 'csv');
    expect(rows.map((r) => r.id)).toEqual(['ok-1']);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'question'],
      [4, 'answer'],
      [5, 'valid_from'],
      [6, 'valid_to'],
      [7, 'answer'],
      [8, 'status'],
      [9, 'id'],
      [11, 'id'],
    ]);
    for (const e of errors) expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(errors.find((e) => e.row === 9)?.reason).toContain('第 2 行');
    expect(errors.find((e) => e.row === 6)?.reason).toBe('生效时间必须早于失效时间');
  });

  it('reports unknown and missing header columns as row 1', async () => {
    const unknown = await parseImportFile(csv('question,answer,备注\n在吗,在的,客户很急\n'), 'csv');
    expect(unknown.errors).toEqual([{ row: 1, column: '备注', reason: expect.stringContaining('未知的列') }]);
    const missing = await parseImportFile(csv('question,similar_questions\n在吗,在不在\n'), 'csv');
    expect(missing.errors).toEqual([{ row: 1, column: 'answer', reason: expect.stringContaining('缺少必需的列') }]);
    expect(missing.rows).toEqual([]);
  });

  it('accepts Chinese and camelCase headers', async () => {
    const { rows, errors } = await parseImportFile(csv('标准问,相似问,答案,分类,validFrom\n怎么改地址,地址填错了,联系客服修改,物流,2026-05-01\n'), 'csv');
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ question: '怎么改地址', similarQuestions: ['地址填错了'], category: '物流', validFrom: '2026-05-01' });
  });

  it('reports an empty file and a header without rows', async () => {
    expect((await parseImportFile(csv(''), 'csv')).errors).toEqual([{ row: 1, column: '', reason: expect.stringContaining('空') }]);
    expect((await parseImportFile(csv('question,answer\n'), 'csv')).errors).toEqual([{ row: 1, column: '', reason: expect.stringContaining('没有可导入') }]);
  });

  it('reads a GBK-encoded CSV as saved by Excel on Chinese Windows', async () => {
    // "question,answer\n问题,好\n" in GBK: 问题 = CE CA CC E2, 好 = BA C3.
    const gbk = Buffer.concat([csv('question,answer\n'), Buffer.from([0xce, 0xca, 0xcc, 0xe2]), csv(','), Buffer.from([0xba, 0xc3]), csv('\n')]);
    const { rows, errors } = await parseImportFile(gbk, 'csv');
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ question: '问题', answer: [{ type: 'text', text: '好' }] });
  });
});

describe('parseImportFile: XLSX', () => {
  async function workbook(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('客服知识');
    for (const r of rows) sheet.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads a good sheet, including Excel dates, numeric ids and rich text', async () => {
    const file = await workbook([
      ['question', 'answer', 'similar_questions', 'id', 'valid_from', 'category'],
      ['会员怎么续费', '在「我的-会员」里点续费即可', '会员到期了咋办\n续费入口在哪', 1001, new Date(Date.UTC(2026, 0, 1)), '会员'],
      [{ richText: [{ text: '積分' }, { text: '怎么用' }] }, '下单时抵扣，100 积分=1 元', null, 'points', null, null],
    ]);
    const { rows, errors } = await parseImportFile(file, 'xlsx');
    expect(errors).toEqual([]);
    expect(rows).toMatchObject([
      { id: '1001', question: '会员怎么续费', similarQuestions: ['会员到期了咋办', '续费入口在哪'], validFrom: '2026-01-01', category: '会员' },
      { id: 'points', question: '積分怎么用', similarQuestions: [], category: null },
    ]);
  });

  it('reports bad rows with the sheet row numbers', async () => {
    const file = await workbook([['question', 'answer'], ['在吗', '在的'], ['', '没有问题'], ['有问题没答案', '']]);
    const { rows, errors } = await parseImportFile(file, 'xlsx');
    expect(rows).toHaveLength(1);
    expect(errors.map((e) => [e.row, e.column])).toEqual([[3, 'question'], [4, 'answer']]);
  });

  it('reports a file that is not a workbook', async () => {
    const { errors } = await parseImportFile(csv('question,answer\n'), 'xlsx');
    expect(errors).toEqual([{ row: 1, column: '', reason: expect.stringContaining('XLSX') }]);
  });
});

describe('parseImportFile: JSON', () => {
  it('reads an array with snake_case or camelCase fields and string or block answers', async () => {
    const file = Buffer.from(
      JSON.stringify([
        { question: '几点上班', similar_questions: ['客服几点在线'], answer: '每天 9:00-21:00' },
        { id: 'invoice', question: '發票怎麼開', similarQuestions: '开票|开发票', answer: [{ type: 'text', text: '订单页申请' }], channelAnswers: { web: '网页端点「开票」' }, tags: '财务,发票' },
      ]),
    );
    const { rows, errors } = await parseImportFile(file, 'json');
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ question: '几点上班', similarQuestions: ['客服几点在线'], answer: [{ type: 'text', text: '每天 9:00-21:00' }] });
    expect(rows[1]).toMatchObject({ id: 'invoice', similarQuestions: ['开票', '开发票'], channelAnswers: { web: [{ type: 'text', text: '网页端点「开票」' }] }, tags: ['财务', '发票'] });
  });

  it('accepts { entries: [...] } and reports bad items by 1-based index', async () => {
    const file = Buffer.from(JSON.stringify({ entries: [{ question: '在吗', answer: '在' }, { question: '在吗', answr: '拼错了' }, 42] }));
    const { rows, errors } = await parseImportFile(file, 'json');
    expect(rows).toHaveLength(1);
    expect(errors.map((e) => [e.row, e.column])).toEqual([[2, 'answr'], [2, 'answer'], [3, '']]);
  });

  it('reports broken JSON and an empty list for the whole file', async () => {
    expect((await parseImportFile(Buffer.from('[{"question":'), 'json')).errors[0]).toMatchObject({ row: 0, reason: expect.stringContaining('JSON') });
    expect((await parseImportFile(Buffer.from('[]'), 'json')).errors[0]).toMatchObject({ row: 0, reason: expect.stringContaining('空') });
  });
});

describe('formatFromFileName', () => {
  it('detects the format from the extension and refuses others', () => {
    expect(formatFromFileName('知识库.CSV')).toBe('csv');
    expect(formatFromFileName('kb.export.xlsx')).toBe('xlsx');
    expect(formatFromFileName('entries.json')).toBe('json');
    for (const name of ['kb.xls', 'kb.docx', 'kb']) {
      let error: unknown;
      try {
        formatFromFileName(name);
      } catch (e) {
        error = e;
      }
      expect(isWenduError(error) && error.code).toBe('WENDU_IMPORT_FORMAT');
    }
  });
});
