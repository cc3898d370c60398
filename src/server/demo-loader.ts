/**
 * The demo knowledge base (demo/knowledge.json + demo/synonyms.json) is loaded through the
 * same import path an operator uses — and only into an EMPTY knowledge base, so a real data
 * folder is never mixed with demo content.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WenduError } from '../errors/index.js';
import type { KnowledgeService } from '../kb/service.js';
import { PACKAGE_ROOT } from './package-root.js';

export const DEMO_DIR = join(PACKAGE_ROOT, 'demo');
export const DEMO_KNOWLEDGE_FILE = join(DEMO_DIR, 'knowledge.json');
export const DEMO_SYNONYMS_FILE = join(DEMO_DIR, 'synonyms.json');
/** Who the version history names as the author of demo entries. */
export const DEMO_ACTOR = 'demo';

export type DemoLoadResult =
  | { loaded: true; entries: number; synonymGroups: number }
  | { loaded: false; reason: 'not_requested' | 'not_empty' };

/** demo/synonyms.json: `[["发票","发漂"], …]` or `[{ "terms": [...] }, …]` (or `{ "groups": … }`). */
function synonymGroups(json: unknown): string[][] {
  const list = Array.isArray(json) ? json : (json as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(list)) throw new WenduError('WENDU_IMPORT_INVALID', { file: DEMO_SYNONYMS_FILE, reason: '应为同义词组数组' });
  return list.map((g) => (Array.isArray(g) ? g : (g as { terms?: unknown }).terms)).map((terms, i) => {
    if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string')) {
      throw new WenduError('WENDU_IMPORT_INVALID', { file: DEMO_SYNONYMS_FILE, row: i + 1, reason: '同义词组应为字符串数组' });
    }
    return terms as string[];
  });
}

export async function isKnowledgeEmpty(knowledge: KnowledgeService): Promise<boolean> {
  return (await knowledge.count()) === 0 && (await knowledge.listSynonyms()).length === 0;
}

export async function loadDemoIfEmpty(knowledge: KnowledgeService): Promise<DemoLoadResult> {
  if (!(await isKnowledgeEmpty(knowledge))) return { loaded: false, reason: 'not_empty' };
  // The demo must import cleanly (no `partial`): a broken demo file is a bug to surface, not to half-load.
  const report = await knowledge.importFile(await readFile(DEMO_KNOWLEDGE_FILE), 'json', { actor: DEMO_ACTOR });
  const groups = synonymGroups(JSON.parse(await readFile(DEMO_SYNONYMS_FILE, 'utf8')));
  for (const terms of groups) await knowledge.addSynonymGroup(terms, DEMO_ACTOR);
  return { loaded: true, entries: report.created + report.updated, synonymGroups: groups.length };
}
