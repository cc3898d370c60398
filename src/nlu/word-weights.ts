/**
 * How much a word says about a question: inverse document frequency from jieba's general
 * Chinese corpus (shipped with @node-rs/jieba). Used where no knowledge base is around to
 * count words in — pair similarity — and as the prior for words a knowledge base never saw.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Words missing from the corpus are treated as rare but not rarest: the corpus median. */
export const UNKNOWN_WORD_IDF = 11.95;
/** Largest IDF in the corpus; divides IDFs into [0,1]. */
export const MAX_IDF = 13.9;
/** Single non-Han characters and digits carry little meaning on their own. */
const SYMBOL_IDF = 2;

const HAN = /\p{Script=Han}/u;

let table: Map<string, number> | null = null;

function load(): Map<string, number> {
  const require = createRequire(import.meta.url);
  const text = readFileSync(require.resolve('@node-rs/jieba/idf.txt'), 'utf8');
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) map.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return map;
}

export function wordIdf(word: string): number {
  table ??= load();
  const known = table.get(word);
  if (known !== undefined) return known;
  return word.length === 1 && !HAN.test(word) ? SYMBOL_IDF : UNKNOWN_WORD_IDF;
}
