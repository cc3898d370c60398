/**
 * Reads a knowledge import file (CSV, XLSX, JSON) into validated entry rows and a report of
 * EVERY bad row — row number as the person sees it, column, reason in Chinese — so an operator
 * can fix the whole file in one pass. Writing happens in KnowledgeService.importEntries.
 */
import { z } from 'zod';
import { acceptPayload, type ForbiddenCharacter } from '../content/forbidden-characters.js';
import { isWenduError } from '../errors/index.js';
import { readTable, type Table } from './import-table.js';
import {
  FILE_COLUMNS,
  type FileColumn,
  type ImportFormat,
  REQUIRED_COLUMNS,
  STATUS_ALIASES,
  columnForHeader,
  decodeSimilarCell,
  decodeTagsCell,
} from './file-columns.js';
import { restoreFormulaCell } from './formula-cells.js';
import { EntryInputSchema, type EntryFields } from './schemas.js';

/** One entry from an import file; `id` present means "create or replace this entry". */
export type ImportRow = EntryFields;

export interface ImportRowError {
  /** As a person sees it: header = row 1, first data row = row 2; JSON: 1-based index (0 = the whole file). */
  row: number;
  column: string;
  reason: string;
}

export interface ImportParseResult {
  rows: ImportRow[];
  errors: ImportRowError[];
}

export interface ImportReport {
  created: number;
  updated: number;
  skipped: number;
  errors: ImportRowError[];
}

/** A record before decoding: raw cells (strings, or Dates from Excel) or JSON values. */
interface RawRecord {
  row: number;
  values: Partial<Record<FileColumn, unknown>>;
}

const HEADER_ROW = 1;
const WHOLE_JSON_FILE = 0;
const zhErrors = z.locales.zhCN().localeError;
const FIELD_COLUMNS: Record<string, FileColumn> = Object.fromEntries(
  FILE_COLUMNS.map((c) => [c.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()), c]),
);

export async function parseImportFile(buffer: Buffer, format: ImportFormat): Promise<ImportParseResult> {
  const errors: ImportRowError[] = [];
  const records = format === 'json' ? jsonRecords(buffer, errors) : tableRecords(await readTable(buffer, format, errors), errors);
  const rows: ImportRow[] = [];
  const firstRowOfId = new Map<string, number>();
  for (const record of records) {
    const entry = decodeRecord(record, errors, format === 'json' ? 'json' : 'cell');
    if (!entry) continue;
    if (entry.id !== undefined) {
      const first = firstRowOfId.get(entry.id);
      if (first !== undefined) {
        errors.push({ row: record.row, column: 'id', reason: `id “${entry.id}” 与第 ${first} 行重复` });
        continue;
      }
      firstRowOfId.set(entry.id, record.row);
    }
    rows.push(entry);
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors };
}

function tableRecords(table: Table | undefined, errors: ImportRowError[]): RawRecord[] {
  if (!table) return [];
  const columns: Array<FileColumn | undefined> = [];
  const seen = new Set<FileColumn>();
  table.header.forEach((name, i) => {
    if (name.trim() === '') return;
    const column = columnForHeader(name);
    if (!column) errors.push({ row: HEADER_ROW, column: name, reason: `未知的列“${name}”（可用的列：${FILE_COLUMNS.join(', ')}）` });
    else if (seen.has(column)) errors.push({ row: HEADER_ROW, column: name, reason: '列名重复' });
    else {
      seen.add(column);
      columns[i] = column;
    }
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  for (const column of missing) errors.push({ row: HEADER_ROW, column, reason: `缺少必需的列“${column}”` });
  // Without a question or answer column every row would fail the same way; the header error says it once.
  if (missing.length > 0) return [];
  if (table.rows.length === 0) errors.push({ row: HEADER_ROW, column: '', reason: '文件里只有表头，没有可导入的条目' });
  return table.rows.map(({ row, cells }) => {
    const values: RawRecord['values'] = {};
    cells.forEach((cell, i) => {
      const column = columns[i];
      // Undo export's formula neutralising before any trimming or list splitting sees the cell.
      if (column) values[column] = typeof cell === 'string' ? restoreFormulaCell(cell) : cell;
      else if (i >= table.header.length && cellText(cell) !== '') {
        errors.push({ row, column: `第 ${i + 1} 列`, reason: '这一行的列数比表头多（含逗号的内容请用英文双引号括起来）' });
      }
    });
    return { row, values };
  });
}

function jsonRecords(buffer: Buffer, errors: ImportRowError[]): RawRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(buffer.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    errors.push({ row: WHOLE_JSON_FILE, column: '', reason: `不是合法的 JSON：${(err as Error).message}` });
    return [];
  }
  const list = Array.isArray(data) ? data : (data as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(list)) {
    errors.push({ row: WHOLE_JSON_FILE, column: '', reason: 'JSON 文件应是条目数组，或 { "entries": [...] }' });
    return [];
  }
  if (list.length === 0) errors.push({ row: WHOLE_JSON_FILE, column: '', reason: '文件是空的，没有可导入的条目' });
  const records: RawRecord[] = [];
  list.forEach((item, i) => {
    const row = i + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ row, column: '', reason: '每一项必须是一个对象' });
      return;
    }
    const values: RawRecord['values'] = {};
    for (const [key, value] of Object.entries(item)) {
      const column = columnForHeader(key);
      if (column) values[column] = value;
      else errors.push({ row, column: key, reason: `未知的字段“${key}”` });
    }
    records.push({ row, values });
  });
  return records;
}

/** The first forbidden character (as U+XXXX) anywhere in a cell's value, or null. */
function forbiddenIn(value: unknown): string | null {
  try {
    acceptPayload(value);
    return null;
  } catch (err) {
    if (isWenduError(err) && err.code === 'WENDU_TEXT_INVALID') return (err.details as ForbiddenCharacter).character;
    throw err;
  }
}

/** Text of a cell; Excel dates become `2026-11-11` at midnight UTC, else a full ISO time. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(value);
}

type Mode = 'cell' | 'json';

/** Decodes one record into an entry, or records its errors and returns undefined. */
function decodeRecord(record: RawRecord, errors: ImportRowError[], mode: Mode): ImportRow | undefined {
  const { row, values } = record;
  if (Object.values(values).every((v) => v === undefined || v === null || cellText(v).trim() === '')) {
    if (mode === 'json') errors.push({ row, column: '', reason: '空条目' });
    return undefined; // a blank spreadsheet row is not an error
  }
  const rowErrors: ImportRowError[] = [];
  const fail = (column: FileColumn, reason: string) => rowErrors.push({ row, column, reason });
  const text = (v: unknown) => (typeof v === 'string' ? v : cellText(v));

  const candidate: Record<string, unknown> = {
    question: text(values.question),
    similarQuestions: typeof values.similar_questions === 'string' ? decodeSimilarCell(values.similar_questions) : (values.similar_questions ?? []),
    learnedQuestions: typeof values.learned_questions === 'string' ? decodeSimilarCell(values.learned_questions) : (values.learned_questions ?? []),
    category: values.category === undefined || values.category === null ? null : text(values.category).trim() || null,
    tags: typeof values.tags === 'string' ? decodeTagsCell(values.tags) : (values.tags ?? []),
    validFrom: dateValue(values.valid_from),
    validTo: dateValue(values.valid_to),
  };
  const id = values.id === undefined || values.id === null ? '' : text(values.id).trim();
  if (id) candidate.id = id;
  candidate.answer = decodeAnswer(values.answer, mode, (reason) => fail('answer', reason));
  candidate.channelAnswers = decodeChannelAnswers(values.channel_answers, (reason) => fail('channel_answers', reason));
  const status = values.status === undefined || values.status === null ? '' : text(values.status).trim();
  if (status) {
    const known = STATUS_ALIASES[status.toLowerCase()];
    if (known) candidate.status = known;
    else fail('status', `未知的状态“${status}”（可填 draft、published、archived 或 草稿、已发布、已归档）`);
  }

  for (const [column, value] of Object.entries(values)) {
    const character = forbiddenIn(value);
    if (character) fail(column as FileColumn, `包含不允许的控制字符（${character}）`);
  }

  const parsed = EntryInputSchema.safeParse(candidate, { error: zhErrors });
  if (!parsed.success) {
    const failed = new Set(rowErrors.map((e) => e.column));
    for (const issue of parsed.error.issues) {
      const column = FIELD_COLUMNS[String(issue.path[0])] ?? String(issue.path[0] ?? '');
      if (failed.has(column as FileColumn)) continue;
      const where = issue.path.length > 1 ? `（位置：${issue.path.slice(1).join('.')}）` : '';
      rowErrors.push({ row, column, reason: issue.message + where });
    }
  }
  errors.push(...rowErrors);
  return rowErrors.length === 0 && parsed.success ? parsed.data : undefined;
}

function dateValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date || typeof value === 'string') return cellText(value).trim() || null;
  return value; // a number or other type: the schema reports it
}

/** Plain text, or (in a cell, starting with "[") a JSON array of answer blocks. */
function decodeAnswer(value: unknown, mode: Mode, fail: (reason: string) => void): unknown {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return [value];
  const text = value === undefined || value === null ? '' : cellText(value).trim();
  if (!text) {
    fail('答案不能为空');
    return undefined;
  }
  if (mode === 'cell' && text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch (err) {
      fail(`以“[”开头的答案应是 JSON 格式的答案块数组：${(err as Error).message}`);
      return undefined;
    }
  }
  return [{ type: 'text', text }];
}

/** A JSON object of channel → blocks; a plain string value means one text block. */
function decodeChannelAnswers(value: unknown, fail: (reason: string) => void): unknown {
  let object = value;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return {};
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value);
    } catch (err) {
      fail(`渠道答案应是 JSON 对象，如 {"wechat":"…"}：${(err as Error).message}`);
      return undefined;
    }
  }
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    fail('渠道答案应是 JSON 对象，如 {"wechat":"…"}');
    return undefined;
  }
  return Object.fromEntries(
    Object.entries(object).map(([channel, blocks]) => [channel, typeof blocks === 'string' ? [{ type: 'text', text: blocks.trim() }] : blocks]),
  );
}
