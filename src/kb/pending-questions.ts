/**
 * Pending similar questions (issue 9): every clarification teaches the knowledge base something,
 * but never silently. A customer who taps a 您是想问 suggestion (or says 是的) confirms that their
 * phrasing means that entry; the phrasing waits here until an operator approves it in one action,
 * which adds it to the entry as a similar question (versioned and audited by KnowledgeService).
 * One joker cannot teach the bot: nothing reaches the matcher without that approval, and the
 * count shows how many distinct conversations said the same.
 *
 * What did not help — a rejected 您是想问, 转人工 right after an answer — is not a way of asking an
 * entry: it goes to the unresolved inbox (src/learning/inbox.ts), grouped with the questions the
 * bot could not answer at all.
 *
 * A dismissed phrasing stays dismissed when customers say it again (the sighting is still
 * counted). Phrasings naming an order number, a phone number or an e-mail are never kept: they
 * are one customer's data, not a way of asking.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { WenduError } from '../errors/index.js';
import { parseOrThrow } from '../errors/validation.js';
import { condenseQuestion } from '../learning/condense.js';
import type { LearningChange, LearningCheck } from '../learning/safety-check.js';
import { extractEntities } from '../nlu/entities.js';
import { normalize } from '../nlu/normalize.js';
import { findPersonal } from '../privacy/mask.js';
import type { Database } from '../store/database.js';
import type { KnowledgeService } from './service.js';

/** What a record says of its phrasing: the customer confirmed it means the entry (the `kind` column leaves room for more). */
export const PENDING_QUESTION_KINDS = ['confirmed'] as const;
export type PendingQuestionKind = (typeof PENDING_QUESTION_KINDS)[number];
export const PENDING_QUESTION_STATUSES = ['pending', 'approved', 'dismissed'] as const;
export type PendingQuestionStatus = (typeof PENDING_QUESTION_STATUSES)[number];

/** Longest phrasing kept: the similar-question limit of EntryInputSchema, so an approved one always fits. */
export const MAX_PHRASING_LENGTH = 500;
/** Entities that make a phrasing one customer's data rather than a way of asking. */
const PERSONAL_ENTITY_TYPES = new Set(['order_number', 'phone', 'email']);
/** Control and format characters (zero-width spaces, bidi marks) a pasted message may carry. */
const CONTROL_CHARS = /[\p{Cc}\p{Cf}]/gu;

/**
 * The phrasing as it is kept: control characters out, whitespace runs collapsed, trimmed, cut
 * to MAX_PHRASING_LENGTH — or null when nothing is left or it names an order number, a phone
 * number or an e-mail (entity extraction of src/nlu decides).
 */
export function condensePhrasing(text: string): string | null {
  const condensed = Array.from(text.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim()).slice(0, MAX_PHRASING_LENGTH).join('');
  if (!condensed) return null;
  if (namesOneCustomer(condensed)) return null;
  return condensed;
}

/**
 * Does the text name one customer's data — an order number, a phone, an e-mail (entity
 * extraction of src/nlu), an ID card, a bank card or a street address (src/privacy/mask.ts)?
 * Such text is one customer's business, never knowledge for every customer.
 */
export function namesOneCustomer(text: string): boolean {
  return extractEntities(text).some((e) => PERSONAL_ENTITY_TYPES.has(e.type)) || findPersonal(text).length > 0;
}

/** What two phrasings must share to be one row: 退貨運費？ and 退货运费 are the same way of asking. */
function phrasingKey(phrasing: string): string {
  return normalize(phrasing).text;
}

/**
 * What approving a record adds to its entry: the question the phrasing asks, kept apart from the
 * operator's own (matched below them, docs/learning.md).
 */
export function learnedPhrasing(record: Pick<PendingQuestion, 'phrasing'>): string {
  return condenseQuestion(record.phrasing) ?? record.phrasing;
}

/** One turn that taught something, as the engine reports it. */
export interface PhrasingSighting {
  kind: PendingQuestionKind;
  botId: string;
  conversationId: string;
  entryId: string;
  /** The customer's own words (condensed here; skipped when they carry personal data). */
  text: string;
}

/** What the engine needs: record a sighting (the engine does not wait for it). */
export interface PhrasingRecorder {
  record(sighting: PhrasingSighting): Promise<void>;
}

export interface PendingQuestion {
  id: string;
  kind: PendingQuestionKind;
  botId: string;
  entryId: string;
  phrasing: string;
  status: PendingQuestionStatus;
  /** Distinct conversations that said it. */
  conversations: number;
  firstSeenAt: string;
  lastSeenAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

/**
 * How an approval is made: `check` runs the learning check on the phrasing (src/learning/safety-check.ts,
 * given by the caller, who knows the bot); `dryRun` answers the check alone and changes nothing.
 */
export interface ApproveOptions {
  check?: (change: LearningChange) => Promise<LearningCheck>;
  dryRun?: boolean;
}

/** The record after an approval, with the check when one was made (`dryRun`: nothing was changed). */
export type PendingApproval = PendingQuestion & { check?: LearningCheck; dryRun?: true };

export const PendingQuestionsQuerySchema = z.object({
  status: z.enum(PENDING_QUESTION_STATUSES).default('pending'),
  kind: z.enum(PENDING_QUESTION_KINDS).optional(),
});

export interface PendingQuestionServiceOptions {
  workspaceId: string;
  /** The workspace's knowledge base: approved phrasings are added to it. */
  knowledge: KnowledgeService;
  now?: () => Date;
}

/** The pending similar questions of one workspace. */
export class PendingQuestionService implements PhrasingRecorder {
  private readonly workspaceId: string;
  private readonly knowledge: KnowledgeService;
  private readonly now: () => Date;

  constructor(
    private readonly database: Pick<Database, 'db'>,
    options: PendingQuestionServiceOptions,
  ) {
    this.workspaceId = options.workspaceId;
    this.knowledge = options.knowledge;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Records that a conversation said `text` about `entryId`. Safe under concurrency without a
   * transaction: the row and the sighting are each inserted with ON CONFLICT DO NOTHING, so two
   * conversations confirming the same phrasing at once make one row with two sightings, and a
   * retried turn of one conversation one sighting.
   */
  async record(sighting: PhrasingSighting): Promise<void> {
    const phrasing = condensePhrasing(sighting.text);
    if (!phrasing) return;
    const key = phrasingKey(phrasing);
    if (!key) return;
    const at = this.now().toISOString();
    const { db } = this.database;
    await db
      .insertInto('pending_questions')
      .values({
        id: randomUUID(),
        workspace_id: this.workspaceId,
        bot_id: sighting.botId,
        kind: sighting.kind,
        entry_id: sighting.entryId,
        phrasing,
        phrasing_key: key,
        status: 'pending',
        created_at: at,
        decided_at: null,
        decided_by: null,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'entry_id', 'phrasing_key']).doNothing())
      .execute();
    const row = await db
      .selectFrom('pending_questions')
      .select('id')
      .where('workspace_id', '=', this.workspaceId)
      .where('kind', '=', sighting.kind)
      .where('entry_id', '=', sighting.entryId)
      .where('phrasing_key', '=', key)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('pending_question_sightings')
      .values({ question_id: row.id, conversation_id: sighting.conversationId, seen_at: at })
      .onConflict((oc) => oc.columns(['question_id', 'conversation_id']).doNothing())
      .execute();
  }

  /** The workspace's records of one status (pending by default), most said first. */
  async list(query: unknown = {}): Promise<PendingQuestion[]> {
    const { status, kind } = parseOrThrow(PendingQuestionsQuerySchema, query ?? {});
    let select = this.selectWithCounts().where('q.status', '=', status);
    if (kind) select = select.where('q.kind', '=', kind);
    const rows = await select.orderBy('conversations', 'desc').orderBy('last_seen_at', 'desc').orderBy('q.id').execute();
    return rows.map(toPendingQuestion);
  }

  async get(id: string): Promise<PendingQuestion> {
    const row = await this.selectWithCounts().where('q.id', '=', id).executeTakeFirst();
    if (!row) throw new WenduError('WENDU_PENDING_QUESTION_NOT_FOUND', { id });
    return toPendingQuestion(row);
  }

  /**
   * Adds a confirmed phrasing, condensed, to its entry as a learned question (a new, audited entry version)
   * and marks it approved. Idempotent: approving again, or a phrasing the entry already has
   * (as its question or a similar one, compared normalised), changes no entry. Only confirmed
   * phrasings can be approved, and a dismissed one is not approved behind the operator's back.
   */
  async approve(id: string, actor: string, options: ApproveOptions = {}): Promise<PendingApproval> {
    const record = await this.get(id);
    if (record.status === 'approved' && !options.dryRun) return record;
    if (record.kind !== 'confirmed' || record.status === 'dismissed') {
      throw new WenduError('WENDU_PENDING_QUESTION_NOT_APPROVABLE', { id, kind: record.kind, status: record.status });
    }
    // Checked like an inbox attach: flagged, not refused — the supervisor decides (docs/learning.md).
    const check = options.check ? await options.check({ entryId: record.entryId, phrasings: [learnedPhrasing(record)] }) : undefined;
    const withCheck = check ? { check } : {};
    if (options.dryRun) return { ...record, ...withCheck, dryRun: true };
    await this.decideOnce(id, 'approved', actor);
    return { ...(await this.get(id)), ...withCheck };
  }

  /** Dismisses a record; it stays dismissed when the same phrasing comes again. Idempotent. */
  async dismiss(id: string, actor: string): Promise<PendingQuestion> {
    const record = await this.get(id);
    if (record.status === 'dismissed') return record;
    if (record.status === 'approved') {
      // Approved is in the knowledge base now: undoing it is an edit of the entry, not a dismissal.
      throw new WenduError('WENDU_PENDING_QUESTION_NOT_APPROVABLE', { id, kind: record.kind, status: record.status });
    }
    await this.decideOnce(id, 'dismissed', actor);
    return this.get(id);
  }

  /**
   * Decides a pending record once: it is claimed first (`UPDATE … WHERE status = 'pending'`, so
   * of two deciders at once only one wins), then approving adds the phrasing to its entry; a
   * failure there leaves the record pending. False when it was no longer pending.
   */
  async decideOnce(id: string, status: Exclude<PendingQuestionStatus, 'pending'>, actor: string): Promise<boolean> {
    const record = await this.get(id);
    if (status === 'approved' && record.kind !== 'confirmed') throw new WenduError('WENDU_PENDING_QUESTION_NOT_APPROVABLE', { id, kind: record.kind, status: record.status });
    const claimed = await this.database.db
      .updateTable('pending_questions')
      .set({ status, decided_at: this.now().toISOString(), decided_by: actor })
      .where('id', '=', id)
      .where('workspace_id', '=', this.workspaceId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return false;
    if (status !== 'approved') return true;
    try {
      await this.knowledge.addLearnedQuestion(record.entryId, learnedPhrasing(record), actor, phrasingKey);
    } catch (err) {
      await this.database.db.updateTable('pending_questions').set({ status: 'pending', decided_at: null, decided_by: null }).where('id', '=', id).where('workspace_id', '=', this.workspaceId).execute();
      throw err;
    }
    return true;
  }

  private selectWithCounts() {
    return this.database.db
      .selectFrom('pending_questions as q')
      .innerJoin('pending_question_sightings as s', 's.question_id', 'q.id')
      .where('q.workspace_id', '=', this.workspaceId)
      .groupBy(['q.id', 'q.kind', 'q.bot_id', 'q.entry_id', 'q.phrasing', 'q.status', 'q.decided_at', 'q.decided_by'])
      .select([
        'q.id',
        'q.kind',
        'q.bot_id',
        'q.entry_id',
        'q.phrasing',
        'q.status',
        'q.decided_at',
        'q.decided_by',
        sql<number>`count(s.conversation_id)`.as('conversations'),
        sql<string>`min(s.seen_at)`.as('first_seen_at'),
        sql<string>`max(s.seen_at)`.as('last_seen_at'),
      ]);
  }
}

function toPendingQuestion(r: {
  id: string;
  kind: string;
  bot_id: string;
  entry_id: string;
  phrasing: string;
  status: string;
  decided_at: string | null;
  decided_by: string | null;
  conversations: number | string | bigint;
  first_seen_at: string;
  last_seen_at: string;
}): PendingQuestion {
  return {
    id: r.id,
    kind: r.kind as PendingQuestionKind,
    botId: r.bot_id,
    entryId: r.entry_id,
    phrasing: r.phrasing,
    status: r.status as PendingQuestionStatus,
    conversations: Number(r.conversations),
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
  };
}
