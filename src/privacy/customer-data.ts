/**
 * A customer's data on request, and the workspace's retention period (issue 11, privacy):
 *
 * - **export**: everything stored about one customer — profile, conversations with every
 *   message, hand-offs, tickets, ratings and 👍/👎 — as one JSON document (`wendu customer export`);
 * - **erase**: all of it removed in one transaction, including what learning kept from their
 *   conversations (unresolved questions, pending-question sightings, assist feedback)
 *   (`wendu customer erase`);
 * - **retention**: after a workspace's `retention_days` without a message, a conversation's text
 *   is deleted — messages keep who wrote them, when, and the bot's decision (action, entry), so
 *   analytics still count them; tickets, notes, comments and learned questions lose their text.
 */
import { sql } from 'kysely';
import { WenduError } from '../errors/index.js';
import type { Database } from '../store/database.js';

/** The retention a workspace may set: at least a day, at most ten years. */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;
const MS_PER_DAY = 24 * 3600 * 1000;
/** How often a server applies the retention periods (idempotent, so several instances may all run it). */
export const RETENTION_SWEEP_MS = 3600 * 1000;
/** What a message's text becomes after retention (its content, an empty list). */
const ERASED_TEXT = '';

export interface CustomerExport {
  customer: Record<string, unknown>;
  conversations: Array<Record<string, unknown> & { messages: unknown[]; handoffs: unknown[]; tickets: unknown[]; ratings: unknown[]; answerFeedback: unknown[] }>;
}

export interface ErasedCounts {
  conversations: number;
  messages: number;
}

export class CustomerData {
  constructor(private readonly database: Pick<Database, 'db'>) {}

  /** A customer of the workspace by id or by the embedding site's external id; WENDU_CUSTOMER_NOT_FOUND otherwise. */
  async find(workspaceId: string, ref: string) {
    const customer = await this.database.db
      .selectFrom('customers')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', '=', ref), eb('external_id', '=', ref)]))
      .executeTakeFirst();
    if (!customer) throw new WenduError('WENDU_CUSTOMER_NOT_FOUND', { customer: ref });
    return customer;
  }

  async exportCustomer(workspaceId: string, ref: string): Promise<CustomerExport> {
    const { db } = this.database;
    const customer = await this.find(workspaceId, ref);
    const conversations = await db.selectFrom('conversations').selectAll().where('customer_id', '=', customer.id).orderBy('created_at').execute();
    const out: CustomerExport['conversations'] = [];
    for (const c of conversations) {
      const [messages, handoffs, tickets, ratings, answerFeedback] = await Promise.all([
        db.selectFrom('messages').select(['seq', 'sender', 'text', 'content', 'created_at']).where('conversation_id', '=', c.id).orderBy('seq').execute(),
        db.selectFrom('handoffs').select(['id', 'status', 'reason', 'detail', 'queued_at', 'assigned_at', 'closed_at']).where('conversation_id', '=', c.id).execute(),
        db.selectFrom('tickets').selectAll().where('conversation_id', '=', c.id).execute(),
        db.selectFrom('ratings').select(['score', 'comment', 'created_at']).where('conversation_id', '=', c.id).execute(),
        db.selectFrom('answer_feedback').select(['message_seq', 'helpful', 'comment', 'created_at']).where('conversation_id', '=', c.id).execute(),
      ]);
      out.push({
        id: c.id,
        channel: c.channel,
        status: c.status,
        createdAt: c.created_at,
        updatedAt: c.updated_at,
        messages: messages.map((m) => ({ seq: m.seq, sender: m.sender, text: m.text, content: JSON.parse(m.content), createdAt: m.created_at })),
        handoffs,
        tickets,
        ratings,
        answerFeedback: answerFeedback.map((f) => ({ ...f, helpful: f.helpful === 1 })),
      });
    }
    return {
      customer: {
        id: customer.id,
        externalId: customer.external_id,
        name: customer.name,
        tags: JSON.parse(customer.tags),
        vipLevel: customer.vip_level,
        attributes: JSON.parse(customer.attributes),
        createdAt: customer.created_at,
        updatedAt: customer.updated_at,
      },
      conversations: out,
    };
  }

  /** Removes the customer everywhere, in one transaction. */
  async eraseCustomer(workspaceId: string, ref: string): Promise<ErasedCounts> {
    const customer = await this.find(workspaceId, ref);
    return this.database.db.transaction().execute(async (trx) => {
      const conversationIds = (await trx.selectFrom('conversations').select('id').where('customer_id', '=', customer.id).execute()).map((c) => c.id);
      let messages = 0;
      if (conversationIds.length > 0) {
        const handoffIds = (await trx.selectFrom('handoffs').select('id').where('conversation_id', 'in', conversationIds).execute()).map((h) => h.id);
        const ticketIds = (await trx.selectFrom('tickets').select('id').where('conversation_id', 'in', conversationIds).execute()).map((t) => t.id);
        if (handoffIds.length > 0) {
          await trx.deleteFrom('handoff_offers').where('handoff_id', 'in', handoffIds).execute();
          await trx.deleteFrom('handoff_history').where('handoff_id', 'in', handoffIds).execute();
        }
        if (ticketIds.length > 0) await trx.deleteFrom('ticket_events').where('ticket_id', 'in', ticketIds).execute();
        for (const table of ['tickets', 'handoffs', 'ratings', 'answer_feedback', 'assist_feedback', 'pending_question_sightings', 'unresolved_questions', 'read_receipts'] as const) {
          await trx.deleteFrom(table).where('conversation_id', 'in', conversationIds).execute();
        }
        messages = Number((await trx.deleteFrom('messages').where('conversation_id', 'in', conversationIds).executeTakeFirst()).numDeletedRows);
        await trx.deleteFrom('conversations').where('id', 'in', conversationIds).execute();
      }
      // Clusters left with no question (every one was this customer's) go too.
      await trx
        .deleteFrom('unresolved_clusters')
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('unresolved_questions').select(sql.lit(1).as('one')).whereRef('unresolved_questions.cluster_id', '=', 'unresolved_clusters.id'))))
        .execute();
      await trx.deleteFrom('customers').where('id', '=', customer.id).execute();
      return { conversations: conversationIds.length, messages };
    });
  }

  async retentionDays(workspaceId: string): Promise<number | null> {
    const row = await this.database.db.selectFrom('workspaces').select('retention_days').where('id', '=', workspaceId).executeTakeFirst();
    return row?.retention_days ?? null;
  }

  async setRetentionDays(workspaceId: string, days: number | null): Promise<void> {
    await this.database.db.updateTable('workspaces').set({ retention_days: days }).where('id', '=', workspaceId).execute();
  }

  /**
   * Deletes the text of every conversation of every workspace with a retention period whose last
   * message is older than it. Idempotent; returns how many conversations lost their text.
   */
  async applyRetention(now: Date): Promise<number> {
    const { db } = this.database;
    const workspaces = await db.selectFrom('workspaces').select(['id', 'retention_days']).where('retention_days', 'is not', null).execute();
    let cleared = 0;
    for (const w of workspaces) {
      const before = new Date(now.getTime() - w.retention_days! * MS_PER_DAY).toISOString();
      // A conversation's updated_at moves with every message: older than the period means silent since.
      const expired = await db
        .selectFrom('conversations')
        .select('conversations.id')
        .where('conversations.workspace_id', '=', w.id)
        .where('conversations.updated_at', '<', before)
        .where((eb) => eb.exists(eb.selectFrom('messages').select(sql.lit(1).as('one')).whereRef('messages.conversation_id', '=', 'conversations.id').where('messages.text', '!=', ERASED_TEXT)))
        .execute();
      for (const c of expired) await this.clearText(c.id);
      cleared += expired.length;
    }
    return cleared;
  }

  /** One conversation's text deleted; who wrote what kind of message when, and the bot's decisions, stay. */
  private async clearText(conversationId: string): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      const messages = await trx.selectFrom('messages').select(['id', 'meta']).where('conversation_id', '=', conversationId).execute();
      for (const m of messages) {
        const meta = JSON.parse(m.meta) as Record<string, unknown>;
        // What analytics count: the bot's decision, the entry answered, the reply link. Nothing worded.
        const kept = Object.fromEntries(Object.entries({ action: meta.action, entryId: meta.entryId, replyTo: meta.replyTo, rule: meta.rule }).filter(([, v]) => v !== undefined));
        await trx.updateTable('messages').set({ text: ERASED_TEXT, content: '[]', meta: JSON.stringify(kept) }).where('id', '=', m.id).execute();
      }
      await trx.updateTable('conversations').set({ state: null }).where('id', '=', conversationId).execute();
      await trx.updateTable('handoffs').set({ detail: null }).where('conversation_id', '=', conversationId).execute();
      await trx.updateTable('tickets').set({ text: ERASED_TEXT }).where('conversation_id', '=', conversationId).execute();
      const ticketIds = (await trx.selectFrom('tickets').select('id').where('conversation_id', '=', conversationId).execute()).map((t) => t.id);
      if (ticketIds.length > 0) await trx.updateTable('ticket_events').set({ text: null }).where('ticket_id', 'in', ticketIds).execute();
      await trx.updateTable('ratings').set({ comment: null }).where('conversation_id', '=', conversationId).execute();
      await trx.updateTable('answer_feedback').set({ comment: null }).where('conversation_id', '=', conversationId).execute();
      await trx.updateTable('assist_feedback').set({ customer_question: null, sent_text: ERASED_TEXT, suggested_answer: ERASED_TEXT }).where('conversation_id', '=', conversationId).execute();
      await trx.deleteFrom('unresolved_questions').where('conversation_id', '=', conversationId).execute();
    });
  }
}
