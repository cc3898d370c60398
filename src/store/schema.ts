/**
 * Table types for kysely. One schema for SQLite and PostgreSQL, so only portable column
 * types are used: text, integer, and JSON stored as text. Timestamps are ISO-8601 text
 * (`Date#toISOString()`), which sorts correctly as text on both databases.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A JSON value serialised with `JSON.stringify`; parsed by the repository that owns the table. */
export type JsonText = string;
/** `Date#toISOString()` output. */
export type IsoText = string;

export interface KnowledgeEntriesTable {
  id: string;
  question: string;
  /** JSON string[] */
  similar_questions: JsonText;
  /** JSON AnswerBlock[] */
  answer: JsonText;
  /** JSON Partial<Record<Channel, AnswerBlock[]>> */
  channel_answers: JsonText;
  category: string | null;
  /** JSON string[] */
  tags: JsonText;
  status: string;
  valid_from: IsoText | null;
  valid_to: IsoText | null;
  version: number;
  created_at: IsoText;
  updated_at: IsoText;
  updated_by: string;
}

export interface KnowledgeVersionsTable {
  entry_id: string;
  version: number;
  /** JSON EntryFields & { id } — the whole entry as it was at this version. */
  snapshot: JsonText;
  /** created | updated | archived | restored | imported */
  change: string;
  changed_by: string;
  changed_at: IsoText;
}

export interface SynonymGroupsTable {
  id: Generated<number>;
  /** JSON string[]; the first term is the canonical one. */
  terms: JsonText;
  created_at: IsoText;
}

export interface SettingsTable {
  key: string;
  value: JsonText;
}

export interface WenduSchema {
  knowledge_entries: KnowledgeEntriesTable;
  knowledge_versions: KnowledgeVersionsTable;
  synonym_groups: SynonymGroupsTable;
  settings: SettingsTable;
}

export type KnowledgeEntryRow = Selectable<KnowledgeEntriesTable>;
export type NewKnowledgeEntryRow = Insertable<KnowledgeEntriesTable>;
export type KnowledgeEntryUpdate = Updateable<KnowledgeEntriesTable>;
export type KnowledgeVersionRow = Selectable<KnowledgeVersionsTable>;
export type SynonymGroupRow = Selectable<SynonymGroupsTable>;
