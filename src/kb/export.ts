/**
 * Writes entries as CSV, XLSX or JSON in the import contract's format. Output depends only on
 * the entries' content (sorted by id, fixed timestamps), so export → import into an empty
 * knowledge base → export again yields identical bytes.
 */
import { stringify } from 'csv-stringify/sync';
import {
  FILE_COLUMNS,
  type FileColumn,
  type ImportFormat,
  encodeAnswerCell,
  encodeChannelAnswersCell,
  encodeSimilarCell,
  encodeTagsCell,
  plainAnswer,
} from './file-columns.js';
import { loadExcelJs } from './excel-loader.js';
import { neutraliseFormulaCell } from './formula-cells.js';
import { type EntryContent, entryContent } from './repository.js';
import type { KnowledgeEntry } from './schemas.js';
import { withFixedZipTimestamps } from './zip-timestamps.js';

/** Excel needs the BOM to read UTF-8 CSV as UTF-8 instead of the local code page. */
const UTF8_BOM = '\uFEFF';
const SHEET_NAME = '知识库';
/** Workbook "created/modified" dates: fixed, see zip-timestamps.ts for why. */
const FIXED_WORKBOOK_DATE = new Date('2000-01-01T00:00:00.000Z');
const JSON_INDENT = 2;

export const EXPORT_CONTENT_TYPES: Record<ImportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** Code-unit order, the same on every machine and database collation. */
function byId(entries: Array<KnowledgeEntry | EntryContent>): EntryContent[] {
  return entries.map(entryContent).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function cells(e: EntryContent): Record<FileColumn, string> {
  return {
    id: e.id,
    question: e.question,
    similar_questions: encodeSimilarCell(e.similarQuestions),
    answer: encodeAnswerCell(e.answer),
    category: e.category ?? '',
    valid_from: e.validFrom ?? '',
    valid_to: e.validTo ?? '',
    tags: encodeTagsCell(e.tags),
    status: e.status,
    channel_answers: encodeChannelAnswersCell(e.channelAnswers),
    learned_questions: encodeSimilarCell(e.learnedQuestions),
  };
}

export async function exportEntries(entries: Array<KnowledgeEntry | EntryContent>, format: ImportFormat): Promise<Buffer> {
  const sorted = byId(entries);
  if (format === 'json') return Buffer.from(`${JSON.stringify(sorted.map(jsonEntry), null, JSON_INDENT)}\n`, 'utf8');
  // Both CSV and XLSX: an XLSX text cell is not evaluated when opened, but becomes a live formula
  // once someone edits it or saves the sheet as CSV; and one rule for both keeps import simple.
  const rows = sorted.map((e) => FILE_COLUMNS.map((c) => neutraliseFormulaCell(cells(e)[c])));
  if (format === 'csv') return Buffer.from(UTF8_BOM + stringify([[...FILE_COLUMNS], ...rows]), 'utf8');

  const { default: ExcelJS } = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Wendu';
  workbook.created = FIXED_WORKBOOK_DATE;
  workbook.modified = FIXED_WORKBOOK_DATE;
  const sheet = workbook.addWorksheet(SHEET_NAME);
  sheet.addRow([...FILE_COLUMNS]);
  // Every cell is a string, so Excel never turns an id like 00123 or a date into something else.
  for (const row of rows) sheet.addRow(row);
  return withFixedZipTimestamps(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** The JSON file's field order and forms: answer as a string when plain text says it all. */
function jsonEntry(e: EntryContent): Record<FileColumn, unknown> {
  return {
    id: e.id,
    question: e.question,
    similar_questions: e.similarQuestions,
    answer: plainAnswer(e.answer) ?? e.answer,
    category: e.category,
    valid_from: e.validFrom,
    valid_to: e.validTo,
    tags: e.tags,
    status: e.status,
    channel_answers: e.channelAnswers,
    learned_questions: e.learnedQuestions,
  };
}
