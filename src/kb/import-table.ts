/**
 * CSV and XLSX files as a table: the header row and the data rows with the row numbers a
 * person sees in a spreadsheet (header = 1). Cell meaning is decided by import.ts.
 */
import { parse } from 'csv-parse/sync';
import type { CellFormulaValue, CellValue } from 'exceljs';
import { loadExcelJs } from './excel-loader.js';
import type { ImportRowError } from './import.js';

export interface Table {
  header: string[];
  /** Cells are strings, or Dates / numbers from Excel. */
  rows: Array<{ row: number; cells: unknown[] }>;
}

const EMPTY_FILE = '文件是空的，没有可导入的条目';

export async function readTable(buffer: Buffer, format: 'csv' | 'xlsx', errors: ImportRowError[]): Promise<Table | undefined> {
  const table = format === 'csv' ? readCsv(buffer, errors) : await readXlsx(buffer, errors);
  if (table && table.header.every((h) => h.trim() === '') && table.rows.length === 0) {
    errors.push({ row: 1, column: '', reason: EMPTY_FILE });
    return undefined;
  }
  return table;
}

/**
 * UTF-8 (with or without BOM) first; Excel on Chinese Windows saves "CSV" as GBK, which is
 * not valid UTF-8, so that is read as GB18030 (a superset of GBK).
 */
export function decodeCsvText(buffer: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    text = new TextDecoder('gb18030').decode(buffer);
  }
  return text.replace(/^\uFEFF/, '');
}

function readCsv(buffer: Buffer, errors: ImportRowError[]): Table | undefined {
  const text = decodeCsvText(buffer);
  if (text.trim() === '') {
    errors.push({ row: 1, column: '', reason: EMPTY_FILE });
    return undefined;
  }
  let records: string[][];
  try {
    // A blank line is kept as an empty record so record numbers stay spreadsheet row numbers;
    // a stray quote inside an unquoted cell (hand-written JSON) is read literally.
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (err) {
    const lines = (err as { lines?: number }).lines;
    errors.push({ row: 1, column: '', reason: `CSV 格式错误${lines ? `（约第 ${lines} 行）` : ''}：${(err as Error).message}` });
    return undefined;
  }
  const [header = [], ...rest] = records;
  return { header, rows: trimBlankTail(rest.map((cells, i) => ({ row: i + 2, cells }))) };
}

async function readXlsx(buffer: Buffer, errors: ImportRowError[]): Promise<Table | undefined> {
  const { default: ExcelJS } = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    errors.push({ row: 1, column: '', reason: `不是有效的 XLSX 文件：${(err as Error).message}` });
    return undefined;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) {
    errors.push({ row: 1, column: '', reason: EMPTY_FILE });
    return undefined;
  }
  const width = sheet.columnCount;
  const rowCells = (n: number) => Array.from({ length: width }, (_, i) => xlsxCellValue(sheet.getRow(n).getCell(i + 1).value));
  const header = rowCells(1).map((v) => (v === null || v === undefined ? '' : String(v)));
  const rows = [];
  for (let n = 2; n <= sheet.rowCount; n++) rows.push({ row: n, cells: rowCells(n) });
  return { header, rows: trimBlankTail(rows) };
}

/** Plain value of an exceljs cell: rich text, hyperlinks and formulas reduced to what they show. */
function xlsxCellValue(value: CellValue): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return xlsxCellValue(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return xlsxCellValue((value as CellFormulaValue).result as CellValue);
  if ('error' in value) return '';
  return String(value);
}

function trimBlankTail<T extends { cells: unknown[] }>(rows: T[]): T[] {
  let end = rows.length;
  while (end > 0 && rows[end - 1].cells.every((c) => c === '' || c === null || c === undefined)) end--;
  return rows.slice(0, end);
}
