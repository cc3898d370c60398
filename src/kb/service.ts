/**
 * The knowledge base's one public service: entries with full version history, categories,
 * synonym groups and bulk import. Every write is one transaction that also appends to the
 * version log; listeners hear about it only after the commit (the bot rebuilds its index).
 */
import { ChangeListeners } from '../events/change-listeners.js';
import { isUniqueViolation } from '../store/errors.js';
import { sanitizeEntryText } from '../content/sanitize.js';
import { WenduError } from '../errors/index.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Database } from '../store/database.js';
import { newEntryId } from './ids.js';
import { exportEntries } from './export.js';
import type { ImportFormat } from './file-columns.js';
import { type ImportParseResult, type ImportReport, type ImportRow, parseImportFile } from './import.js';
import { type EntryContent, type EntryFilter, KnowledgeRepository, entryContent, sameContent } from './repository.js';
import {
  EntryInputSchema,
  type EntryFields,
  type EntryInput,
  type EntryStatus,
  type EntryVersion,
  type KnowledgeEntry,
  type SynonymGroup,
} from './schemas.js';
import { normalizeSynonymTerms } from './synonyms.js';

export interface KnowledgeChange {
  kind: 'entries' | 'synonyms';
  /** Entry ids written (for `entries`). */
  ids?: string[];
}
export type KnowledgeListener = (change: KnowledgeChange) => void;

export interface ListEntriesQuery {
  q?: string;
  category?: string;
  /** `all` includes archived; absent lists everything except archived. */
  status?: EntryStatus | 'all';
  tag?: string;
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
/** Attempts to find an unused random id before giving up (each collision is ~1e-12 likely). */
const ID_ATTEMPTS = 5;

/**
 * Validates an entry against EntryInputSchema, throwing WENDU_VALIDATION with every issue.
 * Operator text is stored as plain text (src/content/sanitize.ts); the sanitised entry is
 * validated again, so a title that was nothing but markup is reported, not stored empty.
 */
export function parseEntryInput(input: unknown): EntryFields {
  return parseOrThrow(EntryInputSchema, sanitizeEntryText(parseOrThrow(EntryInputSchema, input)));
}


export class KnowledgeService {
  private readonly repo: KnowledgeRepository;
  private readonly listeners = new ChangeListeners<KnowledgeChange>('knowledge');

  constructor(
    database: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repo = new KnowledgeRepository(database.db, database.dialect);
  }

  onChange(listener: KnowledgeListener): () => void {
    return this.listeners.add(listener);
  }

  private emit(change: KnowledgeChange): void {
    this.listeners.emit(change);
  }

  async list(query: ListEntriesQuery = {}): Promise<{ items: KnowledgeEntry[]; total: number }> {
    const filter: EntryFilter = {
      ...query,
      limit: Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE),
      offset: Math.max(query.offset ?? 0, 0),
    };
    return this.repo.listEntries(filter);
  }

  async get(id: string): Promise<KnowledgeEntry> {
    const entry = await this.repo.findEntry(id);
    if (!entry) throw new WenduError('WENDU_ENTRY_NOT_FOUND', { id });
    return entry;
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
    const entry = await this.repo
      .transaction(async (repo) => {
        if (fields.id !== undefined && (await repo.findEntry(fields.id))) {
          throw new WenduError('WENDU_ENTRY_CONFLICT', { id: fields.id });
        }
        const id = fields.id ?? (await this.freeId(repo));
        return this.write(repo, undefined, { ...fields, id }, actor, 'created');
      })
      .catch((err: unknown) => {
        // Two creates of the same id raced past the check; the primary key settled it.
        if (isUniqueViolation(err)) throw new WenduError('WENDU_ENTRY_CONFLICT', { id: fields.id });
        throw err;
      });
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

  async archive(id: string, actor: string): Promise<KnowledgeEntry> {
    return this.change(id, actor, (current) => ({ ...entryContent(current), status: 'archived' }));
  }

  /** Makes an old version current again, as a NEW version (history is never rewritten). */
  async restoreVersion(id: string, version: number, actor: string): Promise<KnowledgeEntry> {
    const entry = await this.repo.transaction(async (repo) => {
      const current = await repo.findEntry(id, true);
      if (!current) throw new WenduError('WENDU_ENTRY_NOT_FOUND', { id });
      const snapshot = await repo.findVersion(id, version);
      if (!snapshot) throw new WenduError('WENDU_VERSION_NOT_FOUND', { id, version });
      return this.write(repo, current, { ...parseEntryInput(snapshot), id }, actor, 'restored');
    });
    this.emit({ kind: 'entries', ids: [id] });
    return entry;
  }

  async versions(id: string): Promise<EntryVersion[]> {
    await this.get(id);
    return this.repo.listVersions(id);
  }

  private async change(id: string, actor: string, next: (current: KnowledgeEntry) => EntryContent): Promise<KnowledgeEntry> {
    let changed = false;
    const entry = await this.repo.transaction(async (repo) => {
      const current = await repo.findEntry(id, true);
      if (!current) throw new WenduError('WENDU_ENTRY_NOT_FOUND', { id });
      const content = next(current);
      if (sameContent(current, content)) return current;
      changed = true;
      const kind = content.status === 'archived' && current.status !== 'archived' ? 'archived' : 'updated';
      return this.write(repo, current, content, actor, kind);
    });
    if (changed) this.emit({ kind: 'entries', ids: [id] });
    return entry;
  }

  /** Writes the entry at its next version and records the version; call inside a transaction. */
  private async write(
    repo: KnowledgeRepository,
    current: KnowledgeEntry | undefined,
    content: EntryContent,
    actor: string,
    change: string,
  ): Promise<KnowledgeEntry> {
    const at = this.now().toISOString();
    const meta = { version: (current?.version ?? 0) + 1, createdAt: current?.createdAt ?? at, updatedAt: at, updatedBy: actor };
    const entry = current ? await repo.replaceEntry(content, meta) : await repo.insertEntry(content, meta);
    await repo.insertVersion({ entryId: content.id, version: meta.version, snapshot: content, change, changedBy: actor, changedAt: at });
    return entry;
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
        // the same spreadsheet twice never doubles the knowledge base.
        const current = fields.id === undefined ? await repo.findEntryByQuestion(fields.question) : await repo.findEntry(fields.id, true);
        const id = fields.id ?? current?.id ?? (await this.freeId(repo));
        const content = { ...fields, id };
        if (current && sameContent(current, content)) {
          report.skipped++;
          continue;
        }
        await this.write(repo, current, content, opts.actor, 'imported');
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

  private async freeId(repo: KnowledgeRepository): Promise<string> {
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const candidate = newEntryId();
      if (!(await repo.findEntry(candidate))) return candidate;
    }
    throw new WenduError('WENDU_INTERNAL', { reason: 'no free entry id' });
  }

  listSynonyms(): Promise<SynonymGroup[]> {
    return this.repo.listSynonyms();
  }

  async addSynonymGroup(terms: string[]): Promise<SynonymGroup> {
    const group = await this.repo.insertSynonymGroup(normalizeSynonymTerms(terms), this.now().toISOString());
    this.emit({ kind: 'synonyms' });
    return group;
  }

  async updateSynonymGroup(id: number, terms: string[]): Promise<SynonymGroup> {
    const normalized = normalizeSynonymTerms(terms);
    if (!(await this.repo.updateSynonymGroup(id, normalized))) throw new WenduError('WENDU_SYNONYM_NOT_FOUND', { id });
    this.emit({ kind: 'synonyms' });
    return { id, terms: normalized };
  }

  async deleteSynonymGroup(id: number): Promise<void> {
    if (!(await this.repo.deleteSynonymGroup(id))) throw new WenduError('WENDU_SYNONYM_NOT_FOUND', { id });
    this.emit({ kind: 'synonyms' });
  }
}
