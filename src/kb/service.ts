/**
 * The knowledge base's one public service: entries with full version history, categories,
 * synonym groups and bulk import, for one workspace. Entries are versioned documents
 * (src/store/versioned-documents.ts, shared with flows): every write is one transaction that
 * also appends to the version log and the audit log; listeners hear about it only after the
 * commit (the bot rebuilds its index).
 */
import { AuditLog } from '../audit/audit-log.js';
import { ChangeListeners, type ChangeSource } from '../events/change-listeners.js';
import { WenduError } from '../errors/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { WenduSchema } from '../store/schema.js';
import type { DocumentVersion } from '../store/versioned-documents.js';
import { parseEntryInput } from './entry-input.js';
import { newEntryId } from './ids.js';
import { exportEntries } from './export.js';
import type { ImportFormat } from './file-columns.js';
import { type ImportParseResult, type ImportReport, type ImportRow, parseImportFile } from './import.js';
import { type EntryContent, type EntryFilter, KnowledgeRepository, entryContent } from './repository.js';
import type { EntryInput, EntryStatus, EntryVersion, KnowledgeEntry, SynonymGroup } from './schemas.js';
import { normalizeSynonymTerms } from './synonyms.js';
import { normalizeDictionaryWords } from './user-dictionary.js';
import { SHIPPED_LEXICON_GROUP_IDS, shippedLexiconGroups, type LexiconGroupSummary } from '../nlu/service-lexicon-groups.js';

export { parseEntryInput } from './entry-input.js';

export interface KnowledgeChange {
  kind: 'entries' | 'synonyms' | 'dictionary' | 'lexicon';
  /** Entry ids written (for `entries`). */
  ids?: string[];
}
export type KnowledgeListener = (change: KnowledgeChange, source: ChangeSource) => void;

export interface ListEntriesQuery {
  q?: string;
  category?: string;
  /** `all` includes archived; absent lists everything except archived. */
  status?: EntryStatus | 'all';
  tag?: string;
  /** Only entries whose validity ends within this many days from now (not those already ended). */
  expiringWithinDays?: number;
  limit?: number;
  offset?: number;
}

export interface ImportOptions {
  /** Write the valid rows even when others are bad (default: all or nothing). */
  partial?: boolean;
  actor: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
const MS_PER_DAY = 24 * 60 * 60 * 1000;
/** Attempts to find an unused random id before giving up (each collision is ~1e-12 likely). */
const ID_ATTEMPTS = 5;

export interface KnowledgeServiceOptions {
  /** The workspace this service reads and writes; nothing of another workspace is visible. */
  workspaceId: string;
  now?: () => Date;
}

/** The audit log's target type for synonym groups (entries use ENTRY_DOCUMENTS.targetType). */
const SYNONYM_TARGET = 'synonym_group';
/** The audit log's target type for the user dictionary (one per workspace: its id is the workspace's). */
const DICTIONARY_TARGET = 'user_dictionary';
/** The audit log's target type for a shipped lexicon group switched on or off (its id is the group's). */
const LEXICON_TARGET = 'lexicon_group';

/** A shipped lexicon group with whether this workspace uses it. */
export interface LexiconGroupState extends LexiconGroupSummary {
  enabled: boolean;
}

/**
 * The entry's learned questions followed by those of `questions` it holds in none of its
 * questions yet (compared by `keyOf`, each added once): what `addLearnedQuestion` stores, and
 * what a learning proposal under review proposes.
 */
export function learnedQuestionsWith(
  entry: Pick<KnowledgeEntry, 'question' | 'similarQuestions' | 'learnedQuestions'>,
  questions: readonly string[],
  keyOf: (q: string) => string = (q) => q,
): string[] {
  const held = new Set([entry.question, ...entry.similarQuestions, ...entry.learnedQuestions].map(keyOf));
  const learned = [...entry.learnedQuestions];
  for (const question of questions) {
    const key = keyOf(question);
    if (held.has(key)) continue;
    held.add(key);
    learned.push(question);
  }
  return learned;
}

function toEntryVersion(v: DocumentVersion<EntryContent>): EntryVersion {
  const { documentId, ...rest } = v;
  return { entryId: documentId, ...rest };
}

/**
 * The knowledge base of one workspace. Every write names its actor (Principal.actor from the
 * account; `demo` / `cli` for start-up work) and is recorded in the audit log in the same
 * transaction.
 */
export class KnowledgeService {
  readonly workspaceId: string;
  private readonly repo: KnowledgeRepository;
  private readonly audit: AuditLog;
  private readonly now: () => Date;
  private readonly listeners = new ChangeListeners<KnowledgeChange>('knowledge');

  constructor(database: Pick<Database, 'db' | 'dialect'>, options: KnowledgeServiceOptions) {
    this.workspaceId = options.workspaceId;
    this.now = options.now ?? (() => new Date());
    this.repo = new KnowledgeRepository(database.db, database.dialect, this.workspaceId, this.now);
    this.audit = new AuditLog(database.db, this.now);
  }

  /**
   * Runs `work` in ONE transaction with this knowledge base bound to it, beside the caller's own
   * rows written through `db` (a review item, its audit row): they commit together or not at all.
   * Listeners hear about the entries written only after the commit.
   */
  async transaction<T>(work: (knowledge: KnowledgeService, db: Kysely<WenduSchema>) => Promise<T>): Promise<T> {
    const changes: KnowledgeChange[] = [];
    const result = await this.repo.db.transaction().execute((trx) => {
      const bound = new KnowledgeService({ db: trx, dialect: this.repo.dialect }, { workspaceId: this.workspaceId, now: this.now });
      bound.onChange((change) => changes.push(change));
      return work(bound, trx);
    });
    for (const change of changes) this.emit(change);
    return result;
  }

  onChange(listener: KnowledgeListener): () => void {
    return this.listeners.add(listener);
  }

  private emit(change: KnowledgeChange): void {
    this.listeners.emit(change);
  }

  /** Another instance (or a CLI run) wrote this knowledge: what was built from it here follows. */
  changedElsewhere(change: KnowledgeChange): void {
    this.listeners.emit(change, 'elsewhere');
  }

  async list(query: ListEntriesQuery = {}): Promise<{ items: KnowledgeEntry[]; total: number }> {
    const { expiringWithinDays, ...rest } = query;
    const now = this.now();
    const filter: EntryFilter = {
      ...rest,
      validToWithin: expiringWithinDays === undefined ? undefined : { from: now, to: new Date(now.getTime() + expiringWithinDays * MS_PER_DAY) },
      limit: Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE),
      offset: Math.max(query.offset ?? 0, 0),
    };
    return this.repo.listEntries(filter);
  }

  /** WENDU_ENTRY_NOT_FOUND also for an id that exists only in another workspace. */
  get(id: string): Promise<KnowledgeEntry> {
    return this.repo.documents.get(id);
  }

  /** Every entry of every status, ordered by id (for export). */
  all(): Promise<KnowledgeEntry[]> {
    return this.repo.allEntries();
  }

  /** Published entries, valid or not: the bot checks `isServable` at question time. */
  listForMatching(): Promise<KnowledgeEntry[]> {
    return this.repo.allEntries('published');
  }

  count(): Promise<number> {
    return this.repo.countEntries();
  }

  /** Categories of entries that are not archived, with how many entries each has. */
  async categories(): Promise<Array<{ category: string | null; count: number }>> {
    const rows = await this.repo.countByCategory();
    return rows.sort((a, b) => b.count - a.count || (a.category ?? '').localeCompare(b.category ?? '', 'zh'));
  }

  async create(input: EntryInput, actor: string): Promise<KnowledgeEntry> {
    const fields = parseEntryInput(input);
    const entry = await this.repo.documents.create({ ...fields, id: fields.id ?? (await this.freeId()) }, actor);
    this.emit({ kind: 'entries', ids: [entry.id] });
    return entry;
  }

  /** Applies a partial patch over the current entry. A patch that changes nothing writes nothing. */
  async update(id: string, patch: Partial<EntryInput>, actor: string): Promise<KnowledgeEntry> {
    if (patch.id !== undefined && patch.id !== id) {
      throw new WenduError('WENDU_VALIDATION', { issues: [{ path: 'id', message: '不能修改条目 id', code: 'custom' }] });
    }
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    return this.change(id, actor, (current) => ({ ...parseEntryInput({ ...entryContent(current), ...defined }), id }));
  }

  /**
   * Adds `question` to the entry's similar questions unless the entry already has it — as its
   * question or a similar one, compared by `keyOf` (e.g. normalised) — read and written in one
   * locked transaction, so a concurrent edit of the entry is never overwritten. A new version
   * only when it was missing.
   */
  async addSimilarQuestion(id: string, question: string, actor: string, keyOf: (q: string) => string = (q) => q): Promise<KnowledgeEntry> {
    const key = keyOf(question);
    return this.change(id, actor, (current) => {
      const content = entryContent(current);
      if ([content.question, ...content.similarQuestions].some((q) => keyOf(q) === key)) return content;
      return { ...parseEntryInput({ ...content, similarQuestions: [...content.similarQuestions, question] }), id };
    });
  }

  /**
   * Adds a customer's phrasing approved through learning to the entry's learned questions
   * (matched below the operator's own, docs/learning.md) unless the entry already has it in any
   * of its questions, compared by `keyOf`; one locked transaction, a new version only when missing.
   */
  async addLearnedQuestion(id: string, question: string, actor: string, keyOf: (q: string) => string = (q) => q): Promise<KnowledgeEntry> {
    return this.change(id, actor, (current) => {
      const content = entryContent(current);
      const learnedQuestions = learnedQuestionsWith(content, [question], keyOf);
      if (learnedQuestions.length === content.learnedQuestions.length) return content;
      return { ...parseEntryInput({ ...content, learnedQuestions }), id };
    });
  }

  async archive(id: string, actor: string): Promise<KnowledgeEntry> {
    return this.change(id, actor, (current) => ({ ...entryContent(current), status: 'archived' }));
  }

  /** Makes an old version current again, as a NEW version (history is never rewritten). */
  async restoreVersion(id: string, version: number, actor: string): Promise<KnowledgeEntry> {
    const entry = await this.repo.documents.restore(id, version, actor);
    this.emit({ kind: 'entries', ids: [id] });
    return entry;
  }

  async versions(id: string): Promise<EntryVersion[]> {
    return (await this.repo.documents.versions(id)).map(toEntryVersion);
  }

  private async change(id: string, actor: string, next: (current: KnowledgeEntry) => EntryContent): Promise<KnowledgeEntry> {
    const { document, changed } = await this.repo.documents.change(id, actor, next);
    if (changed) this.emit({ kind: 'entries', ids: [id] });
    return document;
  }

  /**
   * Upserts rows by id in one transaction (rows without id get a new one). Rows identical to the
   * stored entry are skipped. With parse errors and without `partial`, nothing is written.
   */
  async importEntries(input: ImportParseResult | ImportRow[], opts: ImportOptions): Promise<ImportReport> {
    const { rows, errors } = Array.isArray(input) ? { rows: input, errors: [] } : input;
    if (errors.length > 0 && !opts.partial) throw new WenduError('WENDU_IMPORT_INVALID', { errors });
    const report: ImportReport = { created: 0, updated: 0, skipped: 0, errors };
    const ids: string[] = [];
    await this.repo.transaction(async (repo) => {
      for (const row of rows) {
        const fields = parseEntryInput(row);
        // Without an id, a row updates the entry with the same standard question, so importing
        // the same spreadsheet twice never doubles the knowledge base. An id that exists only
        // in another workspace is not found here, so the row creates this workspace's own entry.
        const current = fields.id === undefined ? await repo.findEntryByQuestion(fields.question) : await repo.documents.find(fields.id, true);
        const id = fields.id ?? current?.id ?? (await this.freeId(repo));
        const content = { ...fields, id };
        if (current && repo.documents.sameContent(current, content)) {
          report.skipped++;
          continue;
        }
        await repo.documents.write(current, content, opts.actor, 'imported');
        ids.push(id);
        if (current) report.updated++;
        else report.created++;
      }
    });
    if (ids.length > 0) this.emit({ kind: 'entries', ids });
    return report;
  }

  /** Parses an import file and imports it (see `importEntries`); throws WENDU_IMPORT_INVALID with every bad row. */
  async importFile(buffer: Buffer, format: ImportFormat, opts: ImportOptions): Promise<ImportReport> {
    return this.importEntries(await parseImportFile(buffer, format), opts);
  }

  /** Every entry, of every status, as an import-compatible file. */
  async exportAll(format: ImportFormat): Promise<Buffer> {
    return exportEntries(await this.all(), format);
  }

  private async freeId(repo: KnowledgeRepository = this.repo): Promise<string> {
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const candidate = newEntryId();
      if (!(await repo.documents.find(candidate))) return candidate;
    }
    throw new WenduError('WENDU_INTERNAL', { reason: 'no free entry id' });
  }

  listSynonyms(): Promise<SynonymGroup[]> {
    return this.repo.listSynonyms();
  }

  async addSynonymGroup(terms: string[], actor: string): Promise<SynonymGroup> {
    const normalized = normalizeSynonymTerms(terms);
    const group = await this.repo.transaction(async (repo) => {
      const added = await repo.insertSynonymGroup(normalized, this.now().toISOString());
      await this.recordSynonyms(repo, actor, 'created', added.id, undefined, added);
      return added;
    });
    this.emit({ kind: 'synonyms' });
    return group;
  }

  async updateSynonymGroup(id: number, terms: string[], actor: string): Promise<SynonymGroup> {
    const normalized = normalizeSynonymTerms(terms);
    const group = { id, terms: normalized };
    await this.repo.transaction(async (repo) => {
      const before = await repo.findSynonymGroup(id);
      if (!before || !(await repo.updateSynonymGroup(id, normalized))) throw new WenduError('WENDU_SYNONYM_NOT_FOUND', { id });
      await this.recordSynonyms(repo, actor, 'updated', id, before, group);
    });
    this.emit({ kind: 'synonyms' });
    return group;
  }

  async deleteSynonymGroup(id: number, actor: string): Promise<void> {
    await this.repo.transaction(async (repo) => {
      const before = await repo.findSynonymGroup(id);
      if (!before || !(await repo.deleteSynonymGroup(id))) throw new WenduError('WENDU_SYNONYM_NOT_FOUND', { id });
      await this.recordSynonyms(repo, actor, 'deleted', id, before, undefined);
    });
    this.emit({ kind: 'synonyms' });
  }

  private recordSynonyms(repo: KnowledgeRepository, actor: string, action: string, id: number, before?: SynonymGroup, after?: SynonymGroup): Promise<void> {
    return this.audit.record(
      { workspaceId: this.workspaceId, actor, action, targetType: SYNONYM_TARGET, targetId: String(id), before: before && { terms: before.terms }, after: after && { terms: after.terms } },
      repo.db,
    );
  }

  /** The operator's user dictionary: words the segmenter keeps whole, in the order they were added. */
  dictionaryWords(): Promise<string[]> {
    return this.repo.listDictionaryWords();
  }

  /** Replaces the user dictionary as a whole (the page edits the list and saves it). */
  async setDictionaryWords(words: unknown, actor: string): Promise<string[]> {
    const normalized = normalizeDictionaryWords(words);
    await this.repo.transaction(async (repo) => {
      const before = await repo.listDictionaryWords();
      await repo.replaceDictionaryWords(normalized);
      await this.audit.record(
        { workspaceId: this.workspaceId, actor, action: 'updated', targetType: DICTIONARY_TARGET, targetId: this.workspaceId, before: { words: before }, after: { words: normalized } },
        repo.db,
      );
    });
    this.emit({ kind: 'dictionary' });
    return normalized;
  }

  /** The shipped customer-service lexicon's groups (src/nlu/lexicons/), each with whether this workspace uses it. */
  async lexiconGroups(): Promise<LexiconGroupState[]> {
    const disabled = new Set(await this.repo.listDisabledLexiconGroups());
    return shippedLexiconGroups().map((g) => ({ ...g, enabled: !disabled.has(g.id) }));
  }

  /** The ids of the shipped lexicon groups this workspace switched off (what the bot leaves out). */
  disabledLexiconGroups(): Promise<string[]> {
    return this.repo.listDisabledLexiconGroups();
  }

  /** Switches a shipped lexicon group on or off for this workspace; the bot re-indexes at once. */
  async setLexiconGroupEnabled(groupId: string, enabled: boolean, actor: string): Promise<LexiconGroupState> {
    if (!SHIPPED_LEXICON_GROUP_IDS.has(groupId)) throw new WenduError('WENDU_LEXICON_GROUP_NOT_FOUND', { id: groupId });
    const changed = await this.repo.transaction(async (repo) => {
      const changed = await repo.setLexiconGroupEnabled(groupId, enabled, this.now().toISOString());
      if (changed) {
        await this.audit.record(
          { workspaceId: this.workspaceId, actor, action: enabled ? 'enabled' : 'disabled', targetType: LEXICON_TARGET, targetId: groupId, before: { enabled: !enabled }, after: { enabled } },
          repo.db,
        );
      }
      return changed;
    });
    if (changed) this.emit({ kind: 'lexicon' });
    const group = shippedLexiconGroups().find((g) => g.id === groupId)!;
    return { ...group, enabled };
  }
}
