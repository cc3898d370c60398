/**
 * The BM25 peer: MiniSearch (BM25+, its defaults k1 = 1.2, b = 0.7, δ = 0.5) over the same
 * questions Wendu sees, with a fair Chinese tokenizer — MiniSearch's own tokenizer splits on
 * spaces and punctuation only, which would turn a whole Chinese sentence into one term.
 *
 * What the peer gets, for every question and every query alike:
 *   - jieba (`@node-rs/jieba`, default dictionary, HMM on) cut-for-search words, i.e. the
 *     words plus their in-dictionary sub-words (银行卡 → 银行, 银行卡), dropping punctuation
 *     and single Han characters (those are already counted as unigrams);
 *   - every Han character as a unigram, so segmentation mistakes cannot hide an overlap;
 *   - lower-casing (MiniSearch's default processTerm).
 * Each question is one document tagged with its entry id; an entry scores its best question.
 */
import MiniSearch from 'minisearch';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { MatchableEntry } from '../../src/nlu/types.js';
import type { Retriever } from '../systems.js';

/** Bump when the tokenizer or MiniSearch options change, so cached peer results are not reused. */
export const BM25_CONFIG_VERSION = 1;

const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** The peer's tokens for one text: jieba search-mode words plus Han character unigrams. */
export function bm25Tokens(text: string): string[] {
  const lower = text.toLowerCase();
  const tokens: string[] = [];
  for (const word of segmenter().cutForSearch(lower, true)) {
    if (!LETTER_OR_DIGIT.test(word)) continue;
    if (word.length === 1 && HAN.test(word)) continue;
    tokens.push(word);
  }
  for (const ch of lower) if (HAN.test(ch)) tokens.push(ch);
  return tokens;
}

interface QuestionDoc {
  id: number;
  entryId: string;
  text: string;
}

export function createBm25Peer(entries: readonly MatchableEntry[]): Retriever {
  const index = new MiniSearch<QuestionDoc>({
    fields: ['text'],
    storeFields: ['entryId'],
    tokenize: bm25Tokens,
  });
  const docs: QuestionDoc[] = [];
  for (const e of entries) {
    for (const q of [e.question, ...e.similarQuestions]) docs.push({ id: docs.length, entryId: e.id, text: q });
  }
  index.addAll(docs);
  return {
    rank(query: string, k: number): string[] {
      const hits = index.search(query);
      const ranked: string[] = [];
      const seen = new Set<string>();
      // Results are best first, so the first hit of an entry is its best question.
      for (const hit of hits) {
        const entryId = hit.entryId as string;
        if (seen.has(entryId)) continue;
        seen.add(entryId);
        ranked.push(entryId);
        if (ranked.length >= k) break;
      }
      return ranked;
    },
  };
}
