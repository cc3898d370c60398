/**
 * exceljs, loaded on the first XLSX import or export rather than with the knowledge module: loading
 * it costs about 0.3 s of CPU, and most processes (a server that only answers, every suite that
 * opens a KnowledgeService) never read or write a spreadsheet.
 */
export const loadExcelJs = () => import('exceljs');
