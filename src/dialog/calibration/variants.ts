/**
 * Customer-like variants of a knowledge base's own questions, for self-evaluation probes:
 * the ways customers' questions differ from the ones operators write.
 *
 *   typo         one character swapped for a homophone (发票 → 发漂), as a pinyin IME does
 *   traditional  written in traditional characters (退貨運費誰出)
 *   particles    modal particles and fillers dropped (请问可以开发票吗 → 可以开发票)
 *   fragment     the key phrase only (退货运费), the way many customers type
 *
 * Each generator returns null when it would not change the question. Deterministic for a seed.
 */
import { Converter } from 'opencc-js';
import { characterReadings } from '../../nlu/pinyin.js';
import { wordIdf } from '../../nlu/word-weights.js';
import type { Analysis } from '../../nlu/analyze.js';

export type VariantKind = 'typo' | 'traditional' | 'particles' | 'fragment';
export const VARIANT_KINDS: readonly VariantKind[] = ['typo', 'traditional', 'particles', 'fragment'];

/** Words of the fragment variant: the question's most informative content words, in their order. */
export const FRAGMENT_WORDS = 2;

const toTraditional = Converter({ from: 'cn', to: 'tw' });
/** Fillers and modal particles customers leave out (or that operators leave in). */
const FILLERS = /请问|麻烦问一下|问一下|那个|一下|[吗呢啊吧呀哦嘛啦哈]/g;
const TRAILING_PUNCTUATION = /[?？!！。.，,\s]+$/u;
const HAN = /^\p{Script=Han}$/u;

/** A deterministic pseudo-random source (mulberry32), so a knowledge base always gets the same probes. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Homophones drawn from the knowledge base's own characters (questions and answers): a typo
 * then uses characters a shop's customers plausibly type, and no dictionary is needed.
 * Only characters with a single reading are used, so the swap is a true homophone.
 */
export class HomophoneTable {
  private readonly byReading = new Map<string, string[]>();
  private readonly readingOf = new Map<string, string>();
  private readonly seen = new Set<string>();

  constructor(texts: Iterable<string> = []) {
    for (const text of texts) this.learn(text);
  }

  /** Takes in one text's characters (a knowledge base is learnt text by text, so a sliced run can pause between). */
  learn(text: string): void {
    for (const ch of text) {
      if (this.seen.has(ch) || !HAN.test(ch)) continue;
      this.seen.add(ch);
      const readings = characterReadings(ch);
      if (readings.length !== 1) continue;
      this.readingOf.set(ch, readings[0]);
      const list = this.byReading.get(readings[0]);
      if (list) list.push(ch);
      else this.byReading.set(readings[0], [ch]);
    }
  }

  /** Other characters read like `ch` (none when it has several readings or no homophone here). */
  homophones(ch: string): string[] {
    const reading = this.readingOf.get(ch);
    return reading ? this.byReading.get(reading)!.filter((c) => c !== ch) : [];
  }
}

/** One character of a content word swapped for a homophone. */
export function typoVariant(question: string, analysis: Analysis, table: HomophoneTable, random: () => number): string | null {
  const content = new Set(analysis.terms.join(''));
  const positions = Array.from(question)
    .map((ch, i) => ({ ch, i }))
    .filter(({ ch }) => content.has(ch) && table.homophones(ch).length > 0);
  if (positions.length === 0) return null;
  const { ch, i } = positions[Math.floor(random() * positions.length)];
  const options = table.homophones(ch);
  const chars = Array.from(question);
  chars[i] = options[Math.floor(random() * options.length)];
  return chars.join('');
}

export function traditionalVariant(question: string): string | null {
  const converted = toTraditional(question);
  return converted === question ? null : converted;
}

export function particlesVariant(question: string): string | null {
  const dropped = question.replace(FILLERS, '').replace(TRAILING_PUNCTUATION, '');
  return dropped && dropped !== question.replace(TRAILING_PUNCTUATION, '') ? dropped : null;
}

/** The question's most informative content words (by corpus IDF), kept in their order. */
export function fragmentVariant(analysis: Analysis): string | null {
  const terms = analysis.terms;
  if (terms.length <= FRAGMENT_WORDS) return null;
  const keep = terms
    .map((t, i) => ({ i, idf: wordIdf(t) }))
    .sort((x, y) => y.idf - x.idf || x.i - y.i)
    .slice(0, FRAGMENT_WORDS)
    .sort((x, y) => x.i - y.i)
    .map(({ i }) => terms[i]);
  return keep.join('');
}
