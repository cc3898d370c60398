import type { EntryFields } from './schemas.js';

/** One entry from an import file; `id` present means "create or replace this entry". */
export type ImportRow = EntryFields;

export interface ImportRowError {
  /** As a person sees it: header = row 1, first data row = row 2; JSON: 1-based index. */
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
