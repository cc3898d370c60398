/**
 * Data access for the knowledge base: entries, their versions, synonym groups. Only
 * dialect-neutral kysely, so the same code runs on SQLite and PostgreSQL; JSON columns are
 * (de)serialised here and nowhere else.
 */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { SqlDialect } from '../store/dialect.js';
import type { KnowledgeEntryRow, WenduSchema } from '../store/schema.js';
import { type DocumentKind, VersionedDocuments } from '../store/versioned-documents.js';
import { CHANNELS, type EntryFields, type EntryStatus, type KnowledgeEntry, type SynonymGroup } from './schemas.js';
import { parseEntryInput } from './entry-input.js';

/** Everything an entry says, in one fixed key order (so equal content serialises equally). */
export type EntryContent = EntryFields & { id: string };

export interface EntryFilter {
  /** Substring of the standard question or any similar question (case-insensitive for Latin letters). */
  q?: string;
  category?: string;
  /** `all` includes archived entries; absent means every status except archived. */
  status?: EntryStatus | 'all';
  tag?: string;
  /** Only entries whose validity ends inside this window (after `from`, at or before `to`). */
  validToWithin?: { from: Date; to: Date };
  limit: number;
  offset: number;
}

type EntryQuery = SelectQueryBuilder<WenduSchema, 'knowledge_entries', object>;

export function entryContent(e: EntryContent | KnowledgeEntry): EntryContent {
  const channelAnswers: EntryFields['channelAnswers'] = {};
  for (const channel of CHANNELS) {
    const blocks = e.channelAnswers[channel];
    if (blocks) channelAnswers[channel] = blocks;
  }
  return {
    id: e.id,
    question: e.question,
    similarQuestions: e.similarQuestions,
    learnedQuestions: e.learnedQuestions ?? [],
    answer: e.answer,
    channelAnswers,
    category: e.category,
    tags: e.tags,
    status: e.status,
    validFrom: e.validFrom,
    validTo: e.validTo,
  };
}

/** Knowledge entries as versioned documents (src/store/versioned-documents.ts). */
export const ENTRY_DOCUMENTS: DocumentKind<EntryContent> = {
  targetType: 'knowledge_entry',
  table: 'knowledge_entries',
  versionsTable: 'knowledge_versions',
  versionDocumentColumn: 'entry_id',
  notFound: 'WENDU_ENTRY_NOT_FOUND',
  conflict: 'WENDU_ENTRY_CONFLICT',
  content: entryContent,
  // Rules may have tightened since the snapshot was written: restore validates it again.
  parseSnapshot: (snapshot, id) => ({ ...parseEntryInput(snapshot), id }),
  toColumns: (c) => ({
    question: c.question,
    similar_questions: JSON.stringify(c.similarQuestions),
    learned_questions: JSON.stringify(c.learnedQuestions),
    answer: JSON.stringify(c.answer),
    channel_answers: JSON.stringify(c.channelAnswers),
    category: c.category,
    tags: JSON.stringify(c.tags),
    status: c.status,
    valid_from: c.validFrom,
    valid_to: c.validTo,
  }),
  fromRow: (row) => {
    const r = row as unknown as KnowledgeEntryRow;
    return {
      id: r.id,
      question: r.question,
      similarQuestions: JSON.parse(r.similar_questions),
      learnedQuestions: JSON.parse(r.learned_questions ?? '[]'),
      answer: JSON.parse(r.answer),
      channelAnswers: JSON.parse(r.channel_answers),
      category: r.category,
      tags: JSON.parse(r.tags),
      status: r.status as EntryStatus,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    };
  },
};

/** `%`, `_` and the escape character itself match literally inside a LIKE pattern. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** How `text` appears inside a JSON-encoded string (quotes and backslashes escaped). */
function asJsonFragment(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * The knowledge base of ONE workspace: every query filters by it and every insert writes it,
 * so an id of another workspace is simply not found. Versioned writes go through `documents`.
 */
export class KnowledgeRepository {
  readonly documents: VersionedDocuments<EntryContent>;

  constructor(
    readonly db: Kysely<WenduSchema>,
    readonly dialect: SqlDialect,
    readonly workspaceId: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.documents = new VersionedDocuments(db, dialect, ENTRY_DOCUMENTS, { workspaceId, now });
  }

  /** Runs `work` in one transaction with a repository bound to it; inside a caller's transaction, in that one. */
  transaction<T>(work: (repo: KnowledgeRepository) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new KnowledgeRepository(trx, this.dialect, this.workspaceId, this.now)));
  }

  private entries(): EntryQuery {
    return this.db.selectFrom('knowledge_entries').where('workspace_id', '=', this.workspaceId);
  }

  private toEntry(row: KnowledgeEntryRow): KnowledgeEntry {
    return this.documents.toDocument(row);
  }

  /** The oldest non-archived entry with exactly this standard question (imports without ids match on it). */
  async findEntryByQuestion(question: string): Promise<KnowledgeEntry | undefined> {
    const row = await this.entries()
      .selectAll()
      .where('question', '=', question)
      .where('status', '!=', 'archived')
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
    return row && this.toEntry(row);
  }

  /**
   * Ids of entries whose validity ends inside `window`. Validity times are stored as written
   * (`2026-11-11`, or with any offset), so they are compared as instants here, not as strings.
   */
  private async idsEndingWithin(window: { from: Date; to: Date }): Promise<string[]> {
    const rows = await this.entries().select(['id', 'valid_to']).where('valid_to', 'is not', null).execute();
    return rows
      .filter((r) => {
        const end = Date.parse(r.valid_to!);
        return end > window.from.getTime() && end <= window.to.getTime();
      })
      .map((r) => r.id);
  }

  private async filtered(filter: Omit<EntryFilter, 'limit' | 'offset'>): Promise<EntryQuery> {
    let query: EntryQuery = this.entries();
    if (filter.validToWithin) {
      const ids = await this.idsEndingWithin(filter.validToWithin);
      if (ids.length === 0) return query.where(sql<boolean>`1 = 0`);
      query = query.where('id', 'in', ids);
    }
    if (filter.status === undefined) query = query.where('status', '!=', 'archived');
    else if (filter.status !== 'all') query = query.where('status', '=', filter.status);
    if (filter.category !== undefined) query = query.where('category', '=', filter.category);
    if (filter.tag !== undefined) {
      // Tags are a JSON array of strings: match the whole quoted tag, not a substring of another.
      query = query.where('tags', 'like', sql<string>`${likeContains(`"${asJsonFragment(filter.tag)}"`)} escape '\\'`);
    }
    const q = filter.q?.trim();
    if (q) {
      const plain = likeContains(q.toLowerCase());
      const inJson = likeContains(asJsonFragment(q).toLowerCase());
      query = query.where((eb) =>
        eb.or([
          eb(sql`lower(question)`, 'like', sql<string>`${plain} escape '\\'`),
          eb(sql`lower(similar_questions)`, 'like', sql<string>`${inJson} escape '\\'`),
        ]),
      );
    }
    return query;
  }

  async listEntries(filter: EntryFilter): Promise<{ items: KnowledgeEntry[]; total: number }> {
    const filtered = await this.filtered(filter);
    const rows = await filtered
      .selectAll()
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const { total } = await filtered
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    return { items: rows.map((row) => this.toEntry(row)), total: Number(total) };
  }

  async allEntries(status?: EntryStatus): Promise<KnowledgeEntry[]> {
    const rows = await this.entries()
      .selectAll()
      .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
      .orderBy('id')
      .execute();
    return rows.map((row) => this.toEntry(row));
  }

  async countEntries(): Promise<number> {
    const { total } = await this.entries()
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    return Number(total);
  }

  async countByCategory(): Promise<Array<{ category: string | null; count: number }>> {
    const rows = await this.entries()
      .select(['category', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('status', '!=', 'archived')
      .groupBy('category')
      .execute();
    return rows.map((r) => ({ category: r.category, count: Number(r.count) }));
  }

  async listSynonyms(): Promise<SynonymGroup[]> {
    const rows = await this.db.selectFrom('synonym_groups').select(['id', 'terms']).where('workspace_id', '=', this.workspaceId).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), terms: JSON.parse(r.terms) }));
  }

  async findSynonymGroup(id: number): Promise<SynonymGroup | undefined> {
    const row = await this.db
      .selectFrom('synonym_groups')
      .select(['id', 'terms'])
      .where('workspace_id', '=', this.workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { id: Number(row.id), terms: JSON.parse(row.terms) };
  }

  async insertSynonymGroup(terms: string[], createdAt: string): Promise<SynonymGroup> {
    const row = await this.db
      .insertInto('synonym_groups')
      .values({ workspace_id: this.workspaceId, terms: JSON.stringify(terms), created_at: createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), terms };
  }

  /** Returns false when this workspace has no group with that id. */
  async updateSynonymGroup(id: number, terms: string[]): Promise<boolean> {
    const result = await this.db
      .updateTable('synonym_groups')
      .set({ terms: JSON.stringify(terms) })
      .where('workspace_id', '=', this.workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteSynonymGroup(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('synonym_groups').where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listDictionaryWords(): Promise<string[]> {
    const rows = await this.db.selectFrom('user_dictionary_words').select('word').where('workspace_id', '=', this.workspaceId).orderBy('position').execute();
    return rows.map((r) => r.word);
  }

  /** Replaces the workspace's whole user dictionary (run it in a transaction). */
  async replaceDictionaryWords(words: readonly string[]): Promise<void> {
    await this.db.deleteFrom('user_dictionary_words').where('workspace_id', '=', this.workspaceId).execute();
    if (words.length === 0) return;
    await this.db
      .insertInto('user_dictionary_words')
      .values(words.map((word, position) => ({ workspace_id: this.workspaceId, word, position })))
      .execute();
  }

  async listDisabledLexiconGroups(): Promise<string[]> {
    const rows = await this.db.selectFrom('lexicon_disabled_groups').select('group_id').where('workspace_id', '=', this.workspaceId).orderBy('group_id').execute();
    return rows.map((r) => r.group_id);
  }

  /** Switches a shipped lexicon group on or off; false when it already was. */
  async setLexiconGroupEnabled(groupId: string, enabled: boolean, at: string): Promise<boolean> {
    if (enabled) {
      const result = await this.db.deleteFrom('lexicon_disabled_groups').where('workspace_id', '=', this.workspaceId).where('group_id', '=', groupId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    }
    const result = await this.db
      .insertInto('lexicon_disabled_groups')
      .values({ workspace_id: this.workspaceId, group_id: groupId, disabled_at: at })
      .onConflict((oc) => oc.columns(['workspace_id', 'group_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
