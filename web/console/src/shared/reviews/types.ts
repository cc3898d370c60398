/** The review queue as `GET /api/v1/reviews` and `GET /api/v1/reviews/:id` answer it (src/review/schemas.ts). */
export const REVIEWS_API = '/api/v1/reviews';
/** A confirmed phrasing's item has the id of its pending similar question, whose approval is checked (`?dryRun=1`). */
export const PENDING_QUESTIONS_API = '/api/v1/kb/pending-questions';

export type ReviewKind = 'new_entry' | 'entry_edit' | 'similar_question';
export type ReviewStatus = 'pending' | 'approved' | 'rejected';

export interface ReviewItem {
  id: string;
  kind: ReviewKind;
  status: ReviewStatus;
  entryId: string;
  question: string;
  phrasing?: string;
  conversations?: number;
  source: 'operator' | 'inbox' | 'agent_replies' | 'customers';
  sourceRef: string | null;
  proposedBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface ReviewComment {
  id: string;
  author: string;
  action: 'comment' | 'approved' | 'rejected';
  text: string;
  createdAt: string;
}

export interface ReviewDetail extends ReviewItem {
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  changed: string[];
  entryVersion: number | null;
  baseVersion: number | null;
  comments: ReviewComment[];
}
