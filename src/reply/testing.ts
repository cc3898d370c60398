/**
 * For tests of src/reply: the demo shop's knowledge base as stored entries, and a real matcher
 * built from it the way the bot builds its index (src/dialog/bot.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseImportFile } from '../kb/import.js';
import { answerText, type KnowledgeEntry } from '../kb/schemas.js';
import { createMatcher, type Matcher } from '../nlu/matcher.js';

const DEMO_DIR = join(import.meta.dirname, '../../demo');
/** The instant every fixture entry was "written"; tests ask at later dates. */
const FIXTURE_TIME = '2026-01-01T00:00:00.000Z';

export interface DemoKnowledge {
  entries: Map<string, KnowledgeEntry>;
  matcher: Matcher;
}

export function toEntries(rows: Array<Omit<KnowledgeEntry, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'updatedBy'> & { id?: string }>): Map<string, KnowledgeEntry> {
  return new Map(
    rows.map((row, i) => {
      const id = row.id ?? `entry-${i + 1}`;
      return [id, { ...row, id, version: 1, createdAt: FIXTURE_TIME, updatedAt: FIXTURE_TIME, updatedBy: 'test' }];
    }),
  );
}

export function matcherFor(entries: ReadonlyMap<string, KnowledgeEntry>, synonyms: string[][] = []): Matcher {
  const list = [...entries.values()];
  return createMatcher(
    list.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similarQuestions, answerText: answerText(e.answer), category: e.category })),
    { synonyms, userWords: list.flatMap((e) => e.tags) },
  );
}

export async function loadDemoKnowledge(): Promise<DemoKnowledge> {
  const { rows, errors } = await parseImportFile(await readFile(join(DEMO_DIR, 'knowledge.json')), 'json');
  if (errors.length > 0) throw new Error(`demo/knowledge.json has errors: ${JSON.stringify(errors)}`);
  const synonyms = (JSON.parse(await readFile(join(DEMO_DIR, 'synonyms.json'), 'utf8')) as Array<string[] | { terms: string[] }>).map((g) =>
    Array.isArray(g) ? g : g.terms,
  );
  const entries = toEntries(rows);
  return { entries, matcher: matcherFor(entries, synonyms) };
}
