/**
 * The demo knowledge base (demo/knowledge.json + demo/synonyms.json) is loaded through the
 * same import path an operator uses — and only into an EMPTY knowledge base, so a real data
 * folder is never mixed with demo content. The other trades under demo/trades/ (knowledge
 * written by someone who never tuned the matcher, for measuring transfer) load the same way.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WenduError } from '../errors/index.js';
import type { KnowledgeService } from '../kb/service.js';
import { PACKAGE_ROOT } from './package-root.js';

export const DEMO_DIR = join(PACKAGE_ROOT, 'demo');
const KNOWLEDGE_FILE = 'knowledge.json';
/** Optional in a trade folder: a knowledge base without synonyms is what a new operator starts with. */
const SYNONYMS_FILE = 'synonyms.json';
/** A telecom operator's knowledge base (demo/trades/telecom): a second trade, never tuned on. */
export const TELECOM_DEMO_DIR = join(DEMO_DIR, 'trades', 'telecom');
/**
 * Trades written for TRAINING only (scripts/train-model.ts --cv; docs/confidence.md, "Sixth round"): each folder's
 * knowledge.json and train-queries.json — customers' phrasings, never an evaluation. As shipped their weight in the
 * fits is 0: the refit on them answered fewer held-out phrasings; they are cross-validated and reported.
 */
export const TRAINING_TRADES = ['bank', 'travel', 'food'] as const;
export const tradeDir = (trade: string): string => join(DEMO_DIR, 'trades', trade);
/** Who the version history names as the author of demo entries. */
export const DEMO_ACTOR = 'demo';

export type DemoLoadResult =
  | { loaded: true; entries: number; synonymGroups: number }
  | { loaded: false; reason: 'not_requested' | 'not_empty' };

/** demo/synonyms.json: `[["发票","发漂"], …]` or `[{ "terms": [...] }, …]` (or `{ "groups": … }`). */
function synonymGroups(json: unknown, file: string): string[][] {
  const list = Array.isArray(json) ? json : (json as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(list)) throw new WenduError('WENDU_IMPORT_INVALID', { file, reason: '应为同义词组数组' });
  return list.map((g) => (Array.isArray(g) ? g : (g as { terms?: unknown }).terms)).map((terms, i) => {
    if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string')) {
      throw new WenduError('WENDU_IMPORT_INVALID', { file, row: i + 1, reason: '同义词组应为字符串数组' });
    }
    return terms as string[];
  });
}

export async function isKnowledgeEmpty(knowledge: KnowledgeService): Promise<boolean> {
  return (await knowledge.count()) === 0 && (await knowledge.listSynonyms()).length === 0;
}

/** `folder`: the demo shop by default, or a trade folder such as TELECOM_DEMO_DIR. */
export async function loadDemoIfEmpty(knowledge: KnowledgeService, folder = DEMO_DIR): Promise<DemoLoadResult> {
  if (!(await isKnowledgeEmpty(knowledge))) return { loaded: false, reason: 'not_empty' };
  // The demo must import cleanly (no `partial`): a broken demo file is a bug to surface, not to half-load.
  const report = await knowledge.importFile(await readFile(join(folder, KNOWLEDGE_FILE)), 'json', { actor: DEMO_ACTOR });
  const synonymsFile = join(folder, SYNONYMS_FILE);
  const groups = existsSync(synonymsFile) ? synonymGroups(JSON.parse(await readFile(synonymsFile, 'utf8')), synonymsFile) : [];
  for (const terms of groups) await knowledge.addSynonymGroup(terms, DEMO_ACTOR);
  return { loaded: true, entries: report.created + report.updated, synonymGroups: groups.length };
}
