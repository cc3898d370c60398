/**
 * The knowledge API's shapes as the console sees them (the server's src/kb/schemas.ts and
 * src/content/rich-content.ts are the authority; this is what the screens read and send).
 */
export type EntryStatus = 'draft' | 'published' | 'archived';

export type Button = { action: 'reply'; label: string; text: string } | { action: 'link'; label: string; url: string };

export interface Card {
  title: string;
  text?: string;
  imageUrl?: string;
  url?: string;
  buttons?: Button[];
}

export type RichBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string; alt?: string }
  | { type: 'link'; url: string; title: string }
  | { type: 'card'; card: Card }
  | { type: 'buttons'; text?: string; buttons: Button[] }
  | { type: 'carousel'; cards: Card[] }
  | { type: 'file'; url: string; name: string; sizeBytes?: number }
  | { type: 'audio'; url: string; durationSeconds?: number; transcript?: string }
  | { type: 'video'; url: string; title?: string; posterUrl?: string };

export interface KnowledgeEntry {
  id: string;
  question: string;
  similarQuestions: string[];
  /** Customers' phrasings approved through learning: matched below the operator's own, removable here. */
  learnedQuestions?: string[];
  answer: RichBlock[];
  category: string | null;
  tags: string[];
  status: EntryStatus;
  validFrom: string | null;
  validTo: string | null;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/**
 * What a save answers when the workspace requires a second pair of eyes (docs/review.md): the
 * edit became a proposal in 待审核 (202) instead of publishing.
 */
export interface ProposedEdit {
  reviewId: string;
}

/** Whether a knowledge write was proposed for review rather than applied. */
export function isProposedEdit(result: object): result is ProposedEdit {
  return 'reviewId' in result;
}

/** The fields of an entry that a version keeps. */
export type EntrySnapshot = Omit<KnowledgeEntry, 'version' | 'updatedAt' | 'updatedBy'>;

export interface EntryVersion {
  entryId: string;
  version: number;
  snapshot: EntrySnapshot;
  changedBy: string;
  changedAt: string;
  change: string;
}

export interface ImportRowError {
  row: number;
  column: string;
  reason: string;
}

export interface ImportReport {
  created: number;
  updated: number;
  skipped: number;
  errors: ImportRowError[];
}

/** One issue of a WENDU_VALIDATION error: `path` like `validTo` or `similarQuestions.1`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export const KB_API = '/api/v1/kb';

/** Only these open from an answer: anything else (javascript:, data:) is shown as text. */
export function isWebUrl(url: string | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}
