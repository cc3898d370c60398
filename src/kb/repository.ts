/**
 * Data access for the knowledge base: entries, their versions, synonym groups. Only
 * dialect-neutral kysely, so the same code runs on SQLite and PostgreSQL; JSON columns are
 * (de)serialised here and nowhere else.
 */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { SqlDialect } from '../store/dialect.js';
import type { KnowledgeEntryRow, WenduSchema } from '../store/schema.js';
import { CHANNELS, type EntryFields, type EntryStatus, type EntryVersion, type KnowledgeEntry, type SynonymGroup } from './schemas.js';

/** Everything an entry says, in one fixed key order (so equal content serialises equally). */
export type EntryContent = EntryFields & { id: string };

export interface EntryFilter {
  /** Substring of the standard question or any similar question (case-insensitive for Latin letters). */
  q?: string;
  category?: string;
  /** `all` includes archived entries; absent means every status except archived. */
  status?: EntryStatus | 'all';
  tag?: string;
  limit: number;
  offset: number;
}

export interface EntryMeta {
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface NewVersion {
  entryId: string;
  version: number;
  snapshot: EntryContent;
  change: string;
  changedBy: string;
  changedAt: string;
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
    answer: e.answer,
    channelAnswers,
    category: e.category,
    tags: e.tags,
    status: e.status,
    validFrom: e.validFrom,
    validTo: e.validTo,
  };
}

export function sameContent(a: EntryContent | KnowledgeEntry, b: EntryContent | KnowledgeEntry): boolean {
  return JSON.stringify(entryContent(a)) === JSON.stringify(entryContent(b));
}

function toEntry(row: KnowledgeEntryRow): KnowledgeEntry {
  return {
    id: row.id,
    question: row.question,
    similarQuestions: JSON.parse(row.similar_questions),
    answer: JSON.parse(row.answer),
    channelAnswers: JSON.parse(row.channel_answers),
    category: row.category,
    tags: JSON.parse(row.tags),
    status: row.status as EntryStatus,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toRow(content: EntryContent, meta: EntryMeta): KnowledgeEntryRow {
  const c = entryContent(content);
  return {
    id: c.id,
    question: c.question,
    similar_questions: JSON.stringify(c.similarQuestions),
    answer: JSON.stringify(c.answer),
    channel_answers: JSON.stringify(c.channelAnswers),
    category: c.category,
    tags: JSON.stringify(c.tags),
    status: c.status,
    valid_from: c.validFrom,
    valid_to: c.validTo,
    version: meta.version,
    created_at: meta.createdAt,
    updated_at: meta.updatedAt,
    updated_by: meta.updatedBy,
  };
}

/** `%`, `_` and the escape character itself match literally inside a LIKE pattern. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** How `text` appears inside a JSON-encoded string (quotes and backslashes escaped). */
function asJsonFragment(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export class KnowledgeRepository {
  constructor(
    readonly db: Kysely<WenduSchema>,
    readonly dialect: SqlDialect,
  ) {}

  /** Runs `work` in one transaction with a repository bound to it. */
  transaction<T>(work: (repo: KnowledgeRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new KnowledgeRepository(trx, this.dialect)));
  }

  /** `lock` takes a row lock on PostgreSQL (SQLite serialises writers anyway and has no FOR UPDATE). */
  async findEntry(id: string, lock = false): Promise<KnowledgeEntry | undefined> {
    const row = await this.db
      .selectFrom('knowledge_entries')
      .selectAll()
      .where('id', '=', id)
      .$if(lock && this.dialect === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    return row && toEntry(row);
  }

  /** The oldest non-archived entry with exactly this standard question (imports without ids match on it). */
  async findEntryByQuestion(question: string): Promise<KnowledgeEntry | undefined> {
    const row = await this.db
      .selectFrom('knowledge_entries')
      .selectAll()
      .where('question', '=', question)
      .where('status', '!=', 'archived')
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
    return row && toEntry(row);
  }

  async insertEntry(content: EntryContent, meta: EntryMeta): Promise<KnowledgeEntry> {
    const row = toRow(content, meta);
    await this.db.insertInto('knowledge_entries').values(row).execute();
    return toEntry(row);
  }

  async replaceEntry(content: EntryContent, meta: EntryMeta): Promise<KnowledgeEntry> {
    const { id, created_at: _created, ...changes } = toRow(content, meta);
    await this.db.updateTable('knowledge_entries').set(changes).where('id', '=', id).execute();
    return toEntry(toRow(content, meta));
  }

  async insertVersion(v: NewVersion): Promise<void> {
    await this.db
      .insertInto('knowledge_versions')
      .values({
        entry_id: v.entryId,
        version: v.version,
        snapshot: JSON.stringify(entryContent(v.snapshot)),
        change: v.change,
        changed_by: v.changedBy,
        changed_at: v.changedAt,
      })
      .execute();
  }

  private filtered(filter: Omit<EntryFilter, 'limit' | 'offset'>): EntryQuery {
    let query: EntryQuery = this.db.selectFrom('knowledge_entries');
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
    const rows = await this.filtered(filter)
      .selectAll()
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const { total } = await this.filtered(filter)
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    return { items: rows.map(toEntry), total: Number(total) };
  }

  async allEntries(status?: EntryStatus): Promise<KnowledgeEntry[]> {
    const rows = await this.db
      .selectFrom('knowledge_entries')
      .selectAll()
      .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
      .orderBy('id')
      .execute();
    return rows.map(toEntry);
  }

  async countEntries(): Promise<number> {
    const { total } = await this.db
      .selectFrom('knowledge_entries')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    return Number(total);
  }

  async countByCategory(): Promise<Array<{ category: string | null; count: number }>> {
    const rows = await this.db
      .selectFrom('knowledge_entries')
      .select(['category', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('status', '!=', 'archived')
      .groupBy('category')
      .execute();
    return rows.map((r) => ({ category: r.category, count: Number(r.count) }));
  }

  async listVersions(entryId: string): Promise<EntryVersion[]> {
    const rows = await this.db
      .selectFrom('knowledge_versions')
      .selectAll()
      .where('entry_id', '=', entryId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      entryId: r.entry_id,
      version: Number(r.version),
      snapshot: JSON.parse(r.snapshot),
      change: r.change,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
    }));
  }

  async findVersion(entryId: string, version: number): Promise<EntryContent | undefined> {
    const row = await this.db
      .selectFrom('knowledge_versions')
      .select('snapshot')
      .where('entry_id', '=', entryId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row && JSON.parse(row.snapshot);
  }

  async listSynonyms(): Promise<SynonymGroup[]> {
    const rows = await this.db.selectFrom('synonym_groups').select(['id', 'terms']).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), terms: JSON.parse(r.terms) }));
  }

  async insertSynonymGroup(terms: string[], createdAt: string): Promise<SynonymGroup> {
    const row = await this.db
      .insertInto('synonym_groups')
      .values({ terms: JSON.stringify(terms), created_at: createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), terms };
  }

  /** Returns false when no group has that id. */
  async updateSynonymGroup(id: number, terms: string[]): Promise<boolean> {
    const result = await this.db.updateTable('synonym_groups').set({ terms: JSON.stringify(terms) }).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteSynonymGroup(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('synonym_groups').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
