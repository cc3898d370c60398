/**
 * The knowledge review queue's shapes (docs/review.md): what can be proposed, what a reviewer
 * sees, and the request bodies — validated with zod at the edge.
 */
import { z } from 'zod';
import { EntryInputSchema, type EntryFields } from '../kb/schemas.js';

/**
 * Kinds of item in the ONE queue: a new entry (its draft is an entry with status `draft`), a
 * revision of an existing entry (the published answer serves until it is approved), and a
 * phrasing customers confirmed (a pending similar question, src/kb/pending-questions.ts).
 */
export const REVIEW_KINDS = ['new_entry', 'entry_edit', 'similar_question'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
/** The kinds written to `knowledge_reviews` (similar questions keep their own table). */
export type StoredReviewKind = Exclude<ReviewKind, 'similar_question'>;
export const REVIEW_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
/**
 * Where a proposal came from: an operator (an agent's own reply, a suggested edit), the
 * unresolved inbox's 新建条目, agent-reply mining of the inbox, or customers' confirmations.
 */
export const REVIEW_SOURCES = ['operator', 'inbox', 'agent_replies', 'customers'] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];
/** What a thread entry is: a comment, or the comment a decision came with. */
export type ReviewCommentAction = 'comment' | 'approved' | 'rejected';

/** The longest comment: a few paragraphs of reasons, not a document. */
export const MAX_COMMENT_CHARS = 2000;
/** The proposer named for a pending similar question: the customers who confirmed it. */
export const CUSTOMERS_PROPOSER = 'customers';

/** Fields a proposed revision may change; status (archive, publish) and learned questions are a reviewer's own acts. */
const EDITABLE_FIELDS = ['question', 'similarQuestions', 'answer', 'channelAnswers', 'category', 'tags', 'validFrom', 'validTo'] as const;
const fields = EntryInputSchema.shape;
/**
 * A revision's fields, loosely typed here: the service merges them over the entry and validates
 * the whole with the knowledge base's own rules (parseEntryInput), so there is one set of rules.
 */
const EntryPatchSchema = z
  .object({
    question: z.string().optional(),
    similarQuestions: z.array(z.string()).optional(),
    answer: z.union([z.string(), z.array(z.unknown())]).optional(),
    channelAnswers: z.record(z.string(), z.unknown()).optional(),
    category: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
    validFrom: z.string().nullable().optional(),
    validTo: z.string().nullable().optional(),
  })
  .strict()
  .refine((patch) => EDITABLE_FIELDS.some((k) => patch[k] !== undefined), { message: '没有要修改的内容' });
export type EntryPatch = z.output<typeof EntryPatchSchema>;

/** `POST /api/v1/reviews`: a new entry (an agent's reply made knowledge) or a revision of one. */
export const ProposalSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('new_entry'),
      question: fields.question,
      answer: z.string().trim().min(1, '答案不能为空').max(5000),
      similarQuestions: z.array(z.string().trim().min(1).max(500)).max(500).optional(),
      category: z.string().trim().max(100).nullish(),
      /** The conversation the reply was given in (kept for the reviewer). */
      conversationId: z.string().min(1).max(64).optional(),
      comment: z.string().trim().min(1).max(MAX_COMMENT_CHARS).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('entry_edit'), entryId: z.string().min(1).max(128), patch: EntryPatchSchema, comment: z.string().trim().min(1).max(MAX_COMMENT_CHARS).optional() }).strict(),
]);
export type Proposal = z.output<typeof ProposalSchema>;

export const ReviewListQuerySchema = z.object({
  status: z.enum(REVIEW_STATUSES).default('pending'),
  kind: z.enum(REVIEW_KINDS).optional(),
});
export type ReviewListQuery = z.input<typeof ReviewListQuerySchema>;

export const CommentBodySchema = z.object({ text: z.string().trim().min(1, '评论不能为空').max(MAX_COMMENT_CHARS) }).strict();
export const ApproveBodySchema = z.object({ comment: z.string().trim().min(1).max(MAX_COMMENT_CHARS).optional() }).strict();
/** A rejection says why: the proposer learns what to change. */
export const RejectBodySchema = z.object({ comment: z.string().trim().min(1, '驳回时请写明理由').max(MAX_COMMENT_CHARS) }).strict();

/** The caller acting on the queue: the audit name and the role (agents see and comment on their own only). */
export interface Reviewer {
  actor: string;
  canReview: boolean;
}

export interface ReviewComment {
  id: string;
  author: string;
  action: ReviewCommentAction;
  text: string;
  createdAt: string;
}

/** One item of the queue as listed. */
export interface ReviewItem {
  id: string;
  kind: ReviewKind;
  status: ReviewStatus;
  entryId: string;
  /** The entry's standard question as proposed (or as it stands, for a similar question). */
  question: string;
  /** The proposed similar question (similar_question only). */
  phrasing?: string;
  /** Distinct conversations that confirmed it (similar_question only). */
  conversations?: number;
  source: ReviewSource;
  sourceRef: string | null;
  proposedBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** One item with what approving it would change and its thread. */
export interface ReviewDetail extends ReviewItem {
  /** The entry as it serves now (null: a new entry, nothing serves yet). */
  before: (EntryFields & { id: string }) | null;
  /** The entry as it would serve once approved (as it was approved, once decided). */
  after: EntryFields & { id: string };
  /** Top-level fields that differ between before and after. */
  changed: string[];
  /** The entry's version now, and the one the proposal was written against (edits only). */
  entryVersion: number | null;
  baseVersion: number | null;
  comments: ReviewComment[];
}
