/**
 * HTTP API of the knowledge base under /api/v1/kb (camelCase JSON, as KnowledgeEntry).
 * Register WITHOUT a prefix: `app.register(knowledgeRoutes, { knowledge })` — the paths here
 * are absolute. Errors are thrown as WenduError; the server's error handler renders them.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/access.js';
import { WenduError } from '../errors/index.js';
import { parseOrThrow as parse, validationError } from '../errors/validation.js';
import { readUploadedFile } from '../server/upload.js';
import { EXPORT_CONTENT_TYPES } from './export.js';
import { IMPORT_FORMATS, formatFromFileName, type ImportFormat } from './file-columns.js';
import type { ImportReport } from './import.js';
import { ENTRY_STATUSES, EntryInputSchema, type EntryInput } from './schemas.js';
import { type ImportOptions, type KnowledgeService, MAX_PAGE_SIZE } from './service.js';

export const KB_API_PREFIX = '/api/v1/kb';
/** Largest import upload: tens of thousands of entries fit well below this. */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;
const MAX_SEARCH_LENGTH = 200;
/** The farthest "expiring soon" look-ahead: validity windows longer than a year are not "soon". */
const MAX_EXPIRING_WITHIN_DAYS = 366;

export interface KnowledgeRoutesOptions {
  /** The knowledge base of the caller's workspace (never another's). */
  knowledgeFor: (request: FastifyRequest) => KnowledgeService;
  /** The words the caller's bot mined from the knowledge base (listed beside the user dictionary). */
  minedWordsFor?: (request: FastifyRequest) => Promise<string[]>;
  /** Upload limit for imports; defaults to MAX_IMPORT_FILE_BYTES. */
  maxImportBytes?: number;
  /**
   * Runs an uploaded import — the server hands it to its background jobs (src/jobs), so a large
   * file does not hold up answers; default: at once, in this request.
   */
  runImport?: (request: FastifyRequest, file: Buffer, format: ImportFormat, options: ImportOptions) => Promise<ImportReport>;
  /** The caller's workspace's review queue (docs/review.md); absent, every edit publishes at once. */
  reviewFor?: (request: FastifyRequest) => EntryEditReview;
}

/** A proposal in the review queue, as the editor is told about it. */
export interface ProposedEdit {
  id: string;
}

/**
 * The review queue as the knowledge routes use it (src/review implements it; the knowledge base
 * does not depend on it): when edits need review, a save becomes a proposal instead of publishing.
 */
export interface EntryEditReview {
  editsNeedReview(): Promise<boolean>;
  proposeEntry(input: EntryInput, proposer: string): Promise<ProposedEdit>;
  proposeEdit(entryId: string, patch: Partial<EntryInput>, proposer: string): Promise<ProposedEdit>;
}

const ListQuerySchema = z.object({
  q: z.string().max(MAX_SEARCH_LENGTH).optional(),
  category: z.string().optional(),
  status: z.enum([...ENTRY_STATUSES, 'all']).optional(),
  tag: z.string().optional(),
  expiringWithinDays: z.coerce.number().int().min(1).max(MAX_EXPIRING_WITHIN_DAYS).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
const IdParams = z.object({ id: z.string().min(1) });
const VersionParams = z.object({ id: z.string().min(1), version: z.coerce.number().int().min(1) });
const SynonymParams = z.object({ id: z.coerce.number().int().min(1) });
const SynonymBody = z.object({ terms: z.array(z.string()) });
/** Each word is checked by normalizeDictionaryWords, which names every bad one. */
const DictionaryBody = z.object({ words: z.array(z.unknown()) }).strict();
const LexiconParams = z.object({ id: z.string().min(1).max(100) });
const LexiconBody = z.object({ enabled: z.boolean() }).strict();
const ImportQuery = z.object({ partial: z.enum(['true', 'false']).default('false'), format: z.enum(IMPORT_FORMATS).optional() });
const ExportQuery = z.object({ format: z.enum(IMPORT_FORMATS).default('csv') });
const ENTRY_FIELDS = new Set(Object.keys(EntryInputSchema.shape));

function entryBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationError('', '请求内容应是一个 JSON 对象', 'invalid_type');
  }
  const unknown = Object.keys(body).filter((k) => !ENTRY_FIELDS.has(k));
  if (unknown.length > 0) {
    throw new WenduError('WENDU_VALIDATION', { issues: unknown.map((k) => ({ path: k, message: `未知的字段“${k}”`, code: 'unrecognized_keys' })) });
  }
  return body as Record<string, unknown>;
}

export async function knowledgeRoutes(app: FastifyInstance, opts: KnowledgeRoutesOptions): Promise<void> {
  const kb = opts.knowledgeFor;
  const maxImportBytes = opts.maxImportBytes ?? MAX_IMPORT_FILE_BYTES;
  await app.register(multipart, { limits: { fileSize: maxImportBytes, files: 1 } });
  const p = KB_API_PREFIX;

  /** The queue when this workspace's edits need review (four eyes), else null: the edit publishes at once. */
  const reviewing = async (req: FastifyRequest): Promise<EntryEditReview | null> => {
    const review = opts.reviewFor?.(req);
    return review && (await review.editsNeedReview()) ? review : null;
  };
  /** An edit turned into a proposal: 202 Accepted with the review item, nothing published yet. */
  const accepted = (reply: FastifyReply, review: ProposedEdit) => reply.status(202).send({ reviewId: review.id, review });
  /** Every route that changes an entry: proposed under review, applied otherwise. */
  const entryEdit = async (req: FastifyRequest, reply: FastifyReply, id: string, patch: Partial<EntryInput>, apply: () => Promise<unknown>) => {
    const review = await reviewing(req);
    return review ? accepted(reply, await review.proposeEdit(id, patch, actorOf(req))) : apply();
  };

  app.get(`${p}/entries`, { config: { access: 'agent' } }, async (req) => kb(req).list(parse(ListQuerySchema, req.query)));

  app.post(`${p}/entries`, { config: { access: 'supervisor' } }, async (req, reply) => {
    const input = entryBody(req.body) as EntryInput;
    const review = await reviewing(req);
    if (review) return accepted(reply, await review.proposeEntry(input, actorOf(req)));
    return reply.status(201).send(await kb(req).create(input, actorOf(req)));
  });

  app.get(`${p}/entries/:id`, { config: { access: 'agent' } }, async (req) => kb(req).get(parse(IdParams, req.params).id));

  app.patch(`${p}/entries/:id`, { config: { access: 'supervisor' } }, async (req, reply) => {
    const { id } = parse(IdParams, req.params);
    const patch = entryBody(req.body) as Partial<EntryInput>;
    return entryEdit(req, reply, id, patch, () => kb(req).update(id, patch, actorOf(req)));
  });

  app.post(`${p}/entries/:id/archive`, { config: { access: 'supervisor' } }, async (req, reply) => {
    const { id } = parse(IdParams, req.params);
    return entryEdit(req, reply, id, { status: 'archived' }, () => kb(req).archive(id, actorOf(req)));
  });

  app.get(`${p}/entries/:id/versions`, { config: { access: 'agent' } }, async (req) => ({ items: await kb(req).versions(parse(IdParams, req.params).id) }));

  app.post(`${p}/entries/:id/versions/:version/restore`, { config: { access: 'supervisor' } }, async (req, reply) => {
    const { id, version } = parse(VersionParams, req.params);
    const review = await reviewing(req);
    if (!review) return kb(req).restoreVersion(id, version, actorOf(req));
    // Under review a restore is proposed like any edit: the old version's content over the entry.
    const old = (await kb(req).versions(id)).find((v) => v.version === version);
    if (!old) throw new WenduError('WENDU_VERSION_NOT_FOUND', { id, version });
    return accepted(reply, await review.proposeEdit(id, old.snapshot, actorOf(req)));
  });

  app.get(`${p}/categories`, { config: { access: 'agent' } }, async (req) => ({ items: await kb(req).categories() }));

  app.get(`${p}/synonyms`, { config: { access: 'agent' } }, async (req) => ({ items: await kb(req).listSynonyms() }));

  app.post(`${p}/synonyms`, { config: { access: 'supervisor' } }, async (req, reply) => {
    const group = await kb(req).addSynonymGroup(parse(SynonymBody, req.body).terms, actorOf(req));
    return reply.status(201).send(group);
  });

  app.put(`${p}/synonyms/:id`, { config: { access: 'supervisor' } }, async (req) => kb(req).updateSynonymGroup(parse(SynonymParams, req.params).id, parse(SynonymBody, req.body).terms, actorOf(req)));

  app.delete(`${p}/synonyms/:id`, { config: { access: 'supervisor' } }, async (req, reply) => {
    await kb(req).deleteSynonymGroup(parse(SynonymParams, req.params).id, actorOf(req));
    return reply.status(204).send();
  });

  app.get(`${p}/dictionary`, { config: { access: 'agent' } }, async (req) => {
    const [words, mined] = await Promise.all([kb(req).dictionaryWords(), opts.minedWordsFor?.(req) ?? []]);
    return { words, mined };
  });

  app.put(`${p}/dictionary`, { config: { access: 'supervisor' } }, async (req) => ({ words: await kb(req).setDictionaryWords(parse(DictionaryBody, req.body).words, actorOf(req)) }));

  // The shipped customer-service lexicon: every group with its switch; the operator's own words are the synonym groups above.
  app.get(`${p}/lexicon`, { config: { access: 'agent' } }, async (req) => ({ groups: await kb(req).lexiconGroups() }));

  app.put(`${p}/lexicon/:id`, { config: { access: 'supervisor' } }, async (req) =>
    kb(req).setLexiconGroupEnabled(parse(LexiconParams, req.params).id, parse(LexiconBody, req.body).enabled, actorOf(req)),
  );

  app.post(`${p}/import`, { config: { access: 'supervisor' } }, async (req) => {
    // A file of entries is not one reviewable change: under review, entries are proposed one by one.
    if (await reviewing(req)) throw new WenduError('WENDU_REVIEW_REQUIRED', { action: 'import' });
    const query = parse(ImportQuery, req.query);
    const { filename, buffer } = await readUploadedFile(req, { fieldName: 'file', maxBytes: maxImportBytes });
    const format = query.format ?? formatFromFileName(filename);
    const options = { partial: query.partial === 'true', actor: actorOf(req) };
    return opts.runImport ? opts.runImport(req, buffer, format, options) : kb(req).importFile(buffer, format, options);
  });

  app.get(`${p}/export`, { config: { access: 'supervisor' } }, async (req, reply) => {
    const { format } = parse(ExportQuery, req.query);
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', EXPORT_CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="wendu-knowledge-${day}.${format}"`)
      .send(await kb(req).exportAll(format));
  });
}
