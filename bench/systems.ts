/**
 * What the bench needs from a system under test, and how Wendu's matcher is loaded. The matcher
 * is imported by path at run time so the peers can still be measured while it is being written,
 * and so `WENDU_BENCH_MATCHER` can point the bench at an experimental implementation.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import type { MatchableEntry, MatchCandidate } from '../src/nlu/types.js';

/** Ranks knowledge entries for a query: entry ids, best first. */
export interface Retriever {
  rank(query: string, k: number): string[];
}

/** Exactly the interface of src/nlu/matcher.ts that the bench codes against. */
export interface WenduMatcher {
  rank(query: string, k: number): MatchCandidate[];
  similarity(a: string, b: string): number;
}

export interface MatcherModule {
  createMatcher(entries: MatchableEntry[], options?: { synonyms?: string[][] }): WenduMatcher;
}

/** Points the bench at another module exporting `createMatcher` (a path, relative to cwd). */
export const MATCHER_MODULE_ENV = 'WENDU_BENCH_MATCHER';
const DEFAULT_MATCHER_MODULE = new URL('../src/nlu/matcher.ts', import.meta.url);

export type MatcherLoad = { ok: true; module: MatcherModule; source: string } | { ok: false; reason: string };

export async function loadWenduMatcher(): Promise<MatcherLoad> {
  const override = process.env[MATCHER_MODULE_ENV];
  const url = override
    ? pathToFileURL(isAbsolute(override) ? override : resolve(process.cwd(), override))
    : DEFAULT_MATCHER_MODULE;
  try {
    const mod = (await import(url.href)) as Partial<MatcherModule>;
    if (typeof mod.createMatcher !== 'function') {
      return { ok: false, reason: `${url.pathname} does not export createMatcher` };
    }
    return { ok: true, module: mod as MatcherModule, source: override ?? 'src/nlu/matcher.ts' };
  } catch (err) {
    return { ok: false, reason: `Wendu matcher not available (${url.pathname}): ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Wendu's matcher seen as a Retriever over entry ids. */
export function wenduRetriever(matcher: WenduMatcher): Retriever {
  return { rank: (query, k) => matcher.rank(query, k).map((c) => c.entryId) };
}
