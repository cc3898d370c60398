/**
 * On-disk cache of peer results. A peer's output depends only on its configuration, its
 * package version and its input, and some peers take many minutes per task (node-nlp training,
 * BM25 with character unigrams over 17k questions), so a result is stored under a hash of all
 * three and reused by later runs — above all by the matcher author's `--quick` iterations.
 * Lives in node_modules/.cache, which git ignores and `npm ci` clears.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/wendu-bench/', import.meta.url));

/** Read from node_modules directly: some packages (minisearch) do not export package.json. */
export function packageVersion(name: string): string {
  const path = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

/** Stable key for a peer run: peer name, its config version, package version and input. */
export function cacheKey(peer: string, configVersion: number, pkg: string, input: unknown): string {
  const hash = createHash('sha256').update(`${configVersion}|${packageVersion(pkg)}|${JSON.stringify(input)}`).digest('hex');
  return `${peer}-${hash.slice(0, 24)}`;
}

export function readCached<T>(key: string): T | null {
  const path = join(CACHE_DIR, `${key}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
}

export function writeCached(key: string, value: unknown): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(join(CACHE_DIR, `${key}.json`), JSON.stringify(value));
}
