/**
 * The knowledge review queue of one workspace (docs/review.md): drafts and suggested edits wait
 * for an approver, with a comment thread; pending similar questions are one kind of item in the
 * same queue. Agents propose (an answer they gave, an edit of an entry) and comment on their own
 * proposals; supervisors and admins review everything. Approving publishes through the
 * knowledge service — a new, audited entry version the bot re-indexes at once — and the audit
 * log records who proposed, who decided, the comment and the entry before and after.
 */
import { AuditLog } from '../audit/audit-log.js';
import { ReviewSettingsSchema, type ReviewSettings } from '../config/settings.js';
import { WenduError, isWenduError } from '../errors/index.js';
import { parseOrThrow, validationError } from '../errors/validation.js';
import { learnedPhrasing, namesOneCustomer, type PendingQuestion, type PendingQuestionService } from '../kb/pending-questions.js';
import { entryContent, type EntryContent } from '../kb/repository.js';
import { answerText, type EntryInput, type KnowledgeEntry } from '../kb/schemas.js';
import { extractEntities } from '../nlu/entities.js';
import { findPersonal, type PersonalKind } from '../privacy/mask.js';
import { learnedQuestionsWith, parseEntryInput, type KnowledgeService } from '../kb/service.js';
import type { Database } from '../store/database.js';
import { ReviewRepository, type StoredReview } from './repository.js';
import {
  CUSTOMERS_PROPOSER,
  ReviewListQuerySchema,
  type Proposal,
  type ReviewComment,
  type ReviewDetail,
  type ReviewItem,
  type ReviewListQuery,
  type Reviewer,
  type ReviewSource,
  type ReviewStatus,
} from './schemas.js';

/** The audit log's target type for review items and for the workspace's review settings. */
export const REVIEW_TARGET = 'knowledge_review';
const REVIEW_SETTINGS_TARGET = 'review_settings';

/** A pending similar question's status in the queue's words. */
const PENDING_STATUS: Record<PendingQuestion['status'], ReviewStatus> = { pending: 'pending', approved: 'approved', dismissed: 'rejected' };
const PENDING_STATUS_OF: Record<ReviewStatus, PendingQuestion['status']> = { pending: 'pending', approved: 'approved', rejected: 'dismissed' };

export interface ReviewServiceOptions {
  workspaceId: string;
  knowledge: KnowledgeService;
  pendingQuestions: PendingQuestionService;
  now?: () => Date;
}

/** Where a draft came from, for the reviewer (the inbox's cluster, the agent's conversation). */
export interface DraftOrigin {
  source: ReviewSource;
  sourceRef?: string | null;
  comment?: string;
}

type Item = { stored: StoredReview; pending?: undefined } | { stored?: undefined; pending: PendingQuestion };

export class ReviewService {
  readonly workspaceId: string;
  private readonly repo: ReviewRepository;
  private readonly audit: AuditLog;
  private readonly knowledge: KnowledgeService;
  private readonly pendingQuestions: PendingQuestionService;
  private readonly now: () => Date;

  constructor(database: Pick<Database, 'db'>, options: ReviewServiceOptions) {
    this.workspaceId = options.workspaceId;
    this.now = options.now ?? (() => new Date());
    this.repo = new ReviewRepository(database.db, this.workspaceId, this.now);
    this.audit = new AuditLog(database.db, this.now);
    this.knowledge = options.knowledge;
    this.pendingQuestions = options.pendingQuestions;
  }

  /**
   * Runs `work` in one transaction with the queue and the knowledge base bound to it: a draft
   * entry and its review item, or a claim, its change and its audit row, commit together or not
   * at all — never a draft no one can review, never a published change without its decision.
   */
  private inTransaction<T>(work: (review: ReviewService) => Promise<T>): Promise<T> {
    return this.knowledge.transaction((knowledge, db) => work(new ReviewService({ db }, { workspaceId: this.workspaceId, knowledge, pendingQuestions: this.pendingQuestions, now: this.now })));
  }

  settings(): Promise<ReviewSettings> {
    return this.repo.settings();
  }

  /** Replaces the workspace's review settings, validated whole; audited. */
  async updateSettings(input: unknown, actor: string): Promise<ReviewSettings> {
    const settings = Object.freeze(parseOrThrow(ReviewSettingsSchema, input));
    const before = await this.repo.settings();
    await this.repo.saveSettings(settings);
    await this.audit.record({ workspaceId: this.workspaceId, actor, action: 'updated', targetType: REVIEW_SETTINGS_TARGET, targetId: this.workspaceId, before, after: settings });
    return settings;
  }

  /** An operator's proposal: a new entry (a draft, not served) or a revision of an entry (the published one keeps serving). */
  async propose(proposal: Proposal, proposer: string): Promise<ReviewDetail> {
    if (proposal.kind === 'new_entry') {
      const { question, answer, similarQuestions, category, conversationId, comment } = proposal;
      assertGeneral({ question, similarQuestions, answer });
      return this.proposeDraft({ question, answer, similarQuestions, ...(category ? { category } : {}) }, proposer, { source: 'operator', sourceRef: conversationId ?? null, comment });
    }
    return this.proposeEdit(proposal.entryId, proposal.patch as Partial<EntryInput>, proposer, { source: 'operator', comment: proposal.comment });
  }

  /**
   * Whether a direct edit of the knowledge base must wait for a second person (docs/review.md):
   * with four eyes on, the knowledge editor's saves become proposals — a supervisor's or an
   * admin's own too, as in Zendesk's and 网易七鱼's required review — so no one publishes alone.
   */
  async editsNeedReview(): Promise<boolean> {
    return (await this.repo.settings()).fourEyes;
  }

  /** A whole new entry from the knowledge editor, proposed as a draft (see `editsNeedReview`). */
  proposeEntry(input: EntryInput, proposer: string): Promise<ReviewDetail> {
    const fields = parseEntryInput(input);
    assertGeneral({ question: fields.question, similarQuestions: fields.similarQuestions, answer: answerText(fields.answer) });
    return this.proposeDraft(fields, proposer, { source: 'operator' });
  }

  /**
   * A revision of an entry (any of its fields, status included), validated merged over the entry
   * by the knowledge base's own rules; the published entry keeps serving until it is approved.
   * An operator's by default; the unresolved inbox's attach names its cluster.
   */
  async proposeEdit(entryId: string, patch: Partial<EntryInput>, proposer: string, origin: DraftOrigin = { source: 'operator' }): Promise<ReviewDetail> {
    const current = await this.knowledge.get(entryId);
    const defined = Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && k !== 'id'));
    const after = { ...parseEntryInput({ ...entryContent(current), ...defined }), id: current.id };
    assertGeneral({ question: patch.question, similarQuestions: patch.similarQuestions, answer: 'answer' in defined ? answerText(after.answer) : undefined });
    if (changedFields(entryContent(current), after).length === 0) throw validationError('patch', '修改后的内容与当前条目相同', 'unchanged');
    // Kept as validated (answers as blocks, text sanitised), so it reads like the entry it changes.
    const proposed = Object.fromEntries(Object.keys(defined).map((k) => [k, after[k as keyof typeof after]]));
    return this.inTransaction(async (review) => {
      const stored = await review.repo.insert({ kind: 'entry_edit', entryId: current.id, baseVersion: current.version, proposed, source: origin.source, sourceRef: origin.sourceRef ?? null, proposedBy: proposer });
      return review.proposed(stored, origin.comment);
    });
  }

  /**
   * A new entry as a draft awaiting review (status `draft`: never served until approved) — an
   * agent's reply made knowledge, or the inbox's new entry when the workspace requires review.
   */
  async proposeDraft(fields: EntryInput, proposer: string, origin: DraftOrigin): Promise<ReviewDetail> {
    return this.inTransaction(async (review) => {
      const draft = await review.knowledge.create({ ...fields, status: 'draft' }, proposer);
      const stored = await review.repo.insert({ kind: 'new_entry', entryId: draft.id, baseVersion: null, proposed: entryContent(draft), source: origin.source, sourceRef: origin.sourceRef ?? null, proposedBy: proposer });
      return review.proposed(stored, origin.comment);
    });
  }

  private async proposed(stored: StoredReview, comment?: string): Promise<ReviewDetail> {
    if (comment) await this.repo.addComment(stored.id, stored.proposedBy, 'comment', comment);
    const detail = await this.detail({ stored });
    await this.audit.record({ workspaceId: this.workspaceId, actor: stored.proposedBy, action: 'review.proposed', targetType: REVIEW_TARGET, targetId: stored.id, before: detail.before, after: { kind: stored.kind, entryId: stored.entryId, entry: detail.after } });
    return detail;
  }

  /** The queue, oldest first: everything for a reviewer, an agent's own proposals for an agent. */
  async list(query: ReviewListQuery, reviewer: Reviewer): Promise<ReviewItem[]> {
    const { status, kind } = parseOrThrow(ReviewListQuerySchema, query ?? {});
    const items: ReviewItem[] = [];
    if (kind !== 'similar_question') {
      const stored = await this.repo.list({ status, kind, proposedBy: reviewer.canReview ? undefined : reviewer.actor });
      for (const s of stored) items.push(await this.summary({ stored: s }));
    }
    // Customers proposed these, so an agent has none of their own.
    if (reviewer.canReview && (!kind || kind === 'similar_question')) {
      for (const p of await this.pendingQuestions.list({ status: PENDING_STATUS_OF[status] })) items.push(await this.summary({ pending: p }));
    }
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async get(id: string, reviewer: Reviewer): Promise<ReviewDetail> {
    return this.detail(await this.item(id, reviewer));
  }

  async comment(id: string, text: string, reviewer: Reviewer): Promise<ReviewComment> {
    await this.item(id, reviewer);
    const comment = await this.repo.addComment(id, reviewer.actor, 'comment', text);
    await this.audit.record({ workspaceId: this.workspaceId, actor: reviewer.actor, action: 'review.commented', targetType: REVIEW_TARGET, targetId: id, after: { text } });
    return comment;
  }

  /**
   * Publishes the item: a draft becomes published, a revision is applied over the entry as it
   * stands, a confirmed phrasing becomes a learned question. With four eyes the proposer may not
   * approve their own proposal.
   */
  async approve(id: string, reviewer: Reviewer, comment?: string): Promise<ReviewDetail> {
    const item = await this.decidable(id, reviewer);
    const proposer = proposerOf(item);
    if (proposer === reviewer.actor && (await this.repo.settings()).fourEyes) throw new WenduError('WENDU_REVIEW_SELF_APPROVAL', { id });
    const shown = await this.detail(item);
    if (item.pending) {
      if (!(await this.pendingQuestions.decideOnce(id, 'approved', reviewer.actor))) throw new WenduError('WENDU_REVIEW_DECIDED', { id });
      return this.decided(id, reviewer, 'approved', shown, proposer, comment);
    }
    const { stored } = item;
    return this.inTransaction(async (review) => {
      await review.claim(stored, 'approved', reviewer.actor);
      if (stored.kind === 'new_entry') await review.knowledge.update(stored.entryId, { status: 'published' }, reviewer.actor);
      else await review.knowledge.update(stored.entryId, revisionOf(stored, await review.knowledge.get(stored.entryId)), reviewer.actor);
      return review.decided(id, reviewer, 'approved', shown, proposer, comment);
    });
  }

  /**
   * Turns the item down (a draft is archived; the entry as served is unchanged). The queue's
   * route requires the reason; the knowledge page's one-click 忽略 of a phrasing has none.
   */
  async reject(id: string, reviewer: Reviewer, comment: string | null): Promise<ReviewDetail> {
    const item = await this.decidable(id, reviewer);
    const shown = await this.detail(item);
    if (item.pending) {
      if (!(await this.pendingQuestions.decideOnce(id, 'dismissed', reviewer.actor))) throw new WenduError('WENDU_REVIEW_DECIDED', { id });
      return this.decided(id, reviewer, 'rejected', shown, proposerOf(item), comment ?? undefined);
    }
    const { stored } = item;
    return this.inTransaction(async (review) => {
      await review.claim(stored, 'rejected', reviewer.actor);
      if (stored.kind === 'new_entry') await review.knowledge.archive(stored.entryId, reviewer.actor);
      return review.decided(id, reviewer, 'rejected', shown, proposerOf(item), comment ?? undefined);
    });
  }

  private async decided(id: string, reviewer: Reviewer, status: 'approved' | 'rejected', shown: ReviewDetail, proposedBy: string, comment?: string): Promise<ReviewDetail> {
    await this.repo.addComment(id, reviewer.actor, status, comment ?? '');
    await this.audit.record({
      workspaceId: this.workspaceId,
      actor: reviewer.actor,
      action: `review.${status}`,
      targetType: REVIEW_TARGET,
      targetId: id,
      before: shown.before,
      after: { kind: shown.kind, entryId: shown.entryId, proposedBy, comment: comment ?? null, entry: status === 'approved' ? shown.after : shown.before },
    });
    return this.get(id, reviewer);
  }

  /**
   * Claims the review inside the decision's transaction (only one decision wins: a second waits
   * for the first's row lock, then finds it decided); a change that fails rolls the claim back.
   */
  private async claim(stored: StoredReview, status: 'approved' | 'rejected', actor: string): Promise<void> {
    if (!(await this.repo.claim(stored.id, status, actor))) throw new WenduError('WENDU_REVIEW_DECIDED', { id: stored.id });
  }

  private async decidable(id: string, reviewer: Reviewer): Promise<Item> {
    if (!reviewer.canReview) throw new WenduError('WENDU_FORBIDDEN');
    const item = await this.item(id, reviewer);
    const status = item.stored ? item.stored.status : PENDING_STATUS[item.pending.status];
    if (status !== 'pending') throw new WenduError('WENDU_REVIEW_DECIDED', { id, status });
    return item;
  }

  /** The item, when this caller may see it (an agent: their own proposals only); otherwise not found. */
  private async item(id: string, reviewer: Reviewer): Promise<Item> {
    const stored = await this.repo.find(id);
    if (stored) {
      if (!reviewer.canReview && stored.proposedBy !== reviewer.actor) throw new WenduError('WENDU_REVIEW_NOT_FOUND', { id });
      return { stored };
    }
    if (reviewer.canReview) {
      try {
        return { pending: await this.pendingQuestions.get(id) };
      } catch (err) {
        if (!isWenduError(err) || err.code !== 'WENDU_PENDING_QUESTION_NOT_FOUND') throw err;
      }
    }
    throw new WenduError('WENDU_REVIEW_NOT_FOUND', { id });
  }

  private async summary(item: Item): Promise<ReviewItem> {
    if (item.pending) {
      const p = item.pending;
      const entry = await this.knowledge.get(p.entryId).catch(() => null);
      return {
        id: p.id,
        kind: 'similar_question',
        status: PENDING_STATUS[p.status],
        entryId: p.entryId,
        question: entry?.question ?? '',
        phrasing: p.phrasing,
        conversations: p.conversations,
        source: 'customers',
        sourceRef: null,
        proposedBy: CUSTOMERS_PROPOSER,
        createdAt: p.firstSeenAt,
        decidedBy: p.decidedBy,
        decidedAt: p.decidedAt,
      };
    }
    const s = item.stored;
    const question = typeof s.proposed.question === 'string' ? s.proposed.question : ((await this.knowledge.get(s.entryId).catch(() => null))?.question ?? '');
    return { id: s.id, kind: s.kind, status: s.status, entryId: s.entryId, question, source: s.source, sourceRef: s.sourceRef, proposedBy: s.proposedBy, createdAt: s.createdAt, decidedBy: s.decidedBy, decidedAt: s.decidedAt };
  }

  /** The item with the entry before and after approving it, and its thread. */
  private async detail(item: Item): Promise<ReviewDetail> {
    const summary = await this.summary(item);
    const entry = await this.knowledge.get(summary.entryId);
    let before: EntryContent | null;
    let after: EntryContent;
    if (item.pending) {
      before = entryContent(entry);
      after = { ...before, learnedQuestions: [...before.learnedQuestions, learnedPhrasing(item.pending)] };
    } else if (item.stored.kind === 'new_entry') {
      // Nothing serves before a new entry is approved; the draft as it stands is what would.
      before = null;
      after = { ...entryContent(entry), status: 'published' };
    } else {
      // Pending: against the entry as it serves now; decided: against the version it was written for.
      const base = item.stored.status === 'pending' ? entryContent(entry) : await this.versionContent(entry.id, item.stored.baseVersion);
      before = base;
      // The proposed fields were valid over the entry they were written for; over an entry changed
      // since they may not be (approving then refuses) — the reviewer still sees what was proposed.
      after = { ...base, ...(item.stored.proposed as Partial<EntryContent>), id: entry.id };
    }
    const comments = await this.repo.comments(summary.id);
    return {
      ...summary,
      before,
      after,
      changed: changedFields(before, after),
      entryVersion: entry.version,
      baseVersion: item.stored?.baseVersion ?? null,
      comments,
    };
  }

  private async versionContent(entryId: string, version: number | null): Promise<EntryContent> {
    const versions = await this.knowledge.versions(entryId);
    const found = versions.find((v) => v.version === version) ?? versions[versions.length - 1]!;
    return entryContent({ ...found.snapshot, id: entryId });
  }
}

/** Kinds of personal data an answer may not carry: a company's own e-mail or address may be in one, a customer's mobile, ID or card never. */
const ANSWER_PERSONAL_KINDS = new Set<PersonalKind>(['phone', 'id_card', 'bank_card']);

/**
 * Proposed knowledge serves every customer: a question naming one customer's data
 * (namesOneCustomer), or an answer naming an order number, a mobile, an ID card or a bank card,
 * is refused on its field.
 */
function assertGeneral(fields: { question?: string; similarQuestions?: readonly string[]; answer?: string }): void {
  const refuse = (path: string) => validationError(path, '请去掉订单号、手机号等个人信息：知识要对所有顾客都适用', 'personal_data');
  if (fields.question !== undefined && namesOneCustomer(fields.question)) throw refuse('question');
  const similar = fields.similarQuestions?.findIndex((q) => namesOneCustomer(q)) ?? -1;
  if (similar >= 0) throw refuse(`similarQuestions.${similar}`);
  const answer = fields.answer;
  if (answer !== undefined && (extractEntities(answer).some((e) => e.type === 'order_number') || findPersonal(answer).some((span) => ANSWER_PERSONAL_KINDS.has(span.kind)))) {
    throw refuse('answer');
  }
}

/**
 * What approving a revision writes: its fields as proposed — except the unresolved inbox's
 * attach, which only adds phrasings: what the entry learned since the proposal (another attach, a
 * confirmed phrasing) is kept, not replaced by the list as it was then.
 */
function revisionOf(stored: StoredReview, current: KnowledgeEntry): Partial<EntryInput> {
  const proposed = stored.proposed as Partial<EntryInput>;
  if (stored.source !== 'inbox' || !proposed.learnedQuestions) return proposed;
  return { ...proposed, learnedQuestions: learnedQuestionsWith(current, proposed.learnedQuestions) };
}

function proposerOf(item: Item): string {
  return item.stored ? item.stored.proposedBy : CUSTOMERS_PROPOSER;
}

/** The entry's fields that differ (every field of a new entry). */
function changedFields(before: EntryContent | null, after: EntryContent): string[] {
  const keys = Object.keys(after).filter((k) => k !== 'id') as Array<keyof EntryContent>;
  return before === null ? keys : keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
