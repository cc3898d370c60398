/**
 * Knowledge entries: the shapes every layer agrees on. Validated with zod at the edges
 * (HTTP, import); inside the process the inferred types are trusted.
 */
import { z } from 'zod';
import { RichBlockSchema, type RichBlock } from '../content/rich-content.js';
import { contentText } from '../content/fallback-text.js';

/** Answers are rich content: the one schema shared with flows and replies (src/content/rich-content.ts). */
export const AnswerBlockSchema = RichBlockSchema;
export type AnswerBlock = RichBlock;

/**
 * An answer as operators write it: blocks, or — the common case — a plain string, which is one
 * text block (a blank string is no answer at all, reported as such).
 */
function answerSchema(emptyMessage?: string) {
  return z
    .union([z.string(), z.array(AnswerBlockSchema)])
    .transform((value) => (typeof value !== 'string' ? value : value.trim() === '' ? [] : [{ type: 'text' as const, text: value }]))
    .pipe(z.array(AnswerBlockSchema).min(1, emptyMessage));
}

export const ENTRY_STATUSES = ['draft', 'published', 'archived'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** Channels an answer can be specialised for; `default` (the `answer` field) serves every other channel. */
export const CHANNELS = ['web', 'api', 'wechat', 'wecom', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ENTRY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** ISO date (2026-11-11) or date-time; stored as an ISO string. */
const isoInstant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: '日期格式不正确（应为 2026-11-11 或 ISO 时间）' });

export const EntryInputSchema = z
  .object({
    id: z.string().regex(ENTRY_ID_PATTERN, 'id 只能包含字母、数字和 _ . : -，最长 64 位').optional(),
    question: z.string().trim().min(1, '标准问不能为空').max(500),
    similarQuestions: z.array(z.string().trim().min(1).max(500)).max(500).default([]),
    /**
     * Customers' phrasings approved through learning (condensed, src/learning/condense.ts): kept
     * apart from the operator's own similar questions and matched at a lower weight
     * (LEARNED_QUESTION_WEIGHT, docs/learning.md). Operators can remove them, not write them.
     */
    learnedQuestions: z.array(z.string().trim().min(1).max(500)).max(500).default([]),
    answer: answerSchema('答案不能为空'),
    channelAnswers: z.partialRecord(z.enum(CHANNELS), answerSchema()).default({}),
    category: z.string().trim().max(100).nullable().default(null),
    tags: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
    status: z.enum(ENTRY_STATUSES).default('published'),
    validFrom: isoInstant.nullable().default(null),
    validTo: isoInstant.nullable().default(null),
  })
  .refine((e) => !e.validFrom || !e.validTo || Date.parse(e.validFrom) < Date.parse(e.validTo), {
    message: '生效时间必须早于失效时间',
    path: ['validTo'],
  });
export type EntryInput = z.input<typeof EntryInputSchema>;
export type EntryFields = z.output<typeof EntryInputSchema>;

/** A stored knowledge entry at its current version. */
export interface KnowledgeEntry extends Omit<EntryFields, 'id'> {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** A previous (or the current) state of an entry, kept on every change so any version can be restored. */
export interface EntryVersion {
  entryId: string;
  version: number;
  snapshot: EntryFields & { id: string };
  changedBy: string;
  changedAt: string;
  /** created | updated | archived | restored | imported */
  change: string;
}

/** An operator-managed synonym group: every term is treated as the first (canonical) one. */
export interface SynonymGroup {
  id: number;
  terms: string[];
}

/** Is the entry servable to customers at `now`? (published and inside its validity window) */
export function isServable(entry: Pick<KnowledgeEntry, 'status' | 'validFrom' | 'validTo'>, now: Date): boolean {
  if (entry.status !== 'published') return false;
  const t = now.getTime();
  if (entry.validFrom && Date.parse(entry.validFrom) > t) return false;
  if (entry.validTo && Date.parse(entry.validTo) <= t) return false;
  return true;
}

/** Plain text of an answer, for channels without rich content and for matching at a lower weight. */
export function answerText(blocks: AnswerBlock[]): string {
  return contentText(blocks);
}
