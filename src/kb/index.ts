/** The knowledge base: entries, versions, synonyms, import/export and its HTTP routes. */
export * from './schemas.js';
export { KnowledgeService, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseEntryInput } from './service.js';
export type { KnowledgeChange, KnowledgeListener, KnowledgeServiceOptions, ListEntriesQuery, ImportOptions } from './service.js';
export { ENTRY_DOCUMENTS } from './repository.js';
export { parseImportFile } from './import.js';
export type { ImportRow, ImportRowError, ImportParseResult, ImportReport } from './import.js';
export { exportEntries, EXPORT_CONTENT_TYPES } from './export.js';
export { FILE_COLUMNS, IMPORT_FORMATS, formatFromFileName } from './file-columns.js';
export type { FileColumn, ImportFormat } from './file-columns.js';
export { knowledgeRoutes, KB_API_PREFIX, MAX_IMPORT_FILE_BYTES } from './routes.js';
export type { KnowledgeRoutesOptions } from './routes.js';
export { ENTRY_ID_PREFIX, newEntryId } from './ids.js';
