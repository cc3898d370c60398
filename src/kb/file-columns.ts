/**
 * The public import/export file contract: column names, their aliases, and how each field is
 * written into and read from one spreadsheet cell. Export writes the shortest form that reads
 * back to exactly the same value, so export → import → export is byte-identical.
 */
import { WenduError } from '../errors/index.js';
import type { AnswerBlock, EntryStatus } from './schemas.js';

export const IMPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Export column order; imports accept any order. */
export const FILE_COLUMNS = [
  'id',
  'question',
  'similar_questions',
  'answer',
  'category',
  'valid_from',
  'valid_to',
  'tags',
  'status',
  'channel_answers',
  'learned_questions',
] as const;
export type FileColumn = (typeof FILE_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly FileColumn[] = ['question', 'answer'];

/** Header spellings people actually use: camelCase, spaces, and the Chinese names. */
const COLUMN_ALIASES: Record<string, FileColumn> = {
  编号: 'id',
  标准问: 'question',
  标准问题: 'question',
  问题: 'question',
  相似问: 'similar_questions',
  相似问题: 'similar_questions',
  答案: 'answer',
  回答: 'answer',
  分类: 'category',
  类目: 'category',
  生效时间: 'valid_from',
  失效时间: 'valid_to',
  标签: 'tags',
  状态: 'status',
  渠道答案: 'channel_answers',
  学到的问法: 'learned_questions',
};

/** `Similar Questions`, `similarQuestions`, `similar-questions` and `相似问` all name one column. */
export function columnForHeader(header: string): FileColumn | undefined {
  const key = header.trim().toLowerCase().replace(/[\s_-]/g, '');
  return FILE_COLUMNS.find((c) => c.replace(/_/g, '') === key) ?? COLUMN_ALIASES[header.trim()];
}

export const STATUS_ALIASES: Record<string, EntryStatus> = {
  draft: 'draft',
  published: 'published',
  archived: 'archived',
  草稿: 'draft',
  已发布: 'published',
  发布: 'published',
  已归档: 'archived',
  归档: 'archived',
};

export function formatFromFileName(fileName: string): ImportFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const format = IMPORT_FORMATS.find((f) => f === ext);
  if (!format) throw new WenduError('WENDU_IMPORT_FORMAT', { fileName });
  return format;
}

const SIMILAR_SEPARATORS = /\||\r?\n|\r/;
const TAG_SEPARATORS = /[|,，\r\n]/;

/** A list cell: items joined by a separator, or a JSON array when an item itself holds one. */
export function encodeListCell(items: string[], separators: RegExp): string {
  const needsJson = items.some((s) => separators.test(s)) || items[0]?.startsWith('[');
  return needsJson ? JSON.stringify(items) : items.join('|');
}

export function decodeListCell(cell: string, separators: RegExp): string[] {
  const text = cell.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string')) return parsed.map((s) => s.trim()).filter(Boolean);
    } catch {
      // Not JSON: a question that merely starts with "[", e.g. "[急]怎么退款".
    }
  }
  return text
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const encodeSimilarCell = (items: string[]) => encodeListCell(items, SIMILAR_SEPARATORS);
export const decodeSimilarCell = (cell: string) => decodeListCell(cell, SIMILAR_SEPARATORS);
export const encodeTagsCell = (items: string[]) => encodeListCell(items, TAG_SEPARATORS);
export const decodeTagsCell = (cell: string) => decodeListCell(cell, TAG_SEPARATORS);

/** The answer's plain text when one trimmed text block says it all, else undefined. */
export function plainAnswer(blocks: AnswerBlock[]): string | undefined {
  const [only] = blocks;
  return blocks.length === 1 && only.type === 'text' && only.text === only.text.trim() ? only.text : undefined;
}

/**
 * In a cell, "[" starts a JSON array of blocks, so plain text starting with "[" is written as
 * JSON; so is text with a carriage return, which XML (inside .xlsx) silently turns into "\n".
 */
export function encodeAnswerCell(blocks: AnswerBlock[]): string {
  const plain = plainAnswer(blocks);
  return plain !== undefined && !plain.startsWith('[') && !plain.includes('\r') ? plain : JSON.stringify(blocks);
}

export function encodeChannelAnswersCell(channelAnswers: Partial<Record<string, AnswerBlock[]>>): string {
  return Object.keys(channelAnswers).length === 0 ? '' : JSON.stringify(channelAnswers);
}
