/**
 * The user dictionary a knowledge base teaches the segmenter. jieba's general dictionary splits
 * shop terms (花呗 → 花/呗, 运费险 → 运费/险); we look for runs of characters that jieba
 * shatters into single characters yet recur across several entries, and keep them whole.
 */
import { sharedSegmenter, type Segmenter } from './segment.js';
import { isStopWord } from './stopwords.js';

/** A shattered run must recur in this many different entries to count as a term. */
export const MIN_TERM_ENTRIES = 2;
/** Longest run considered a term; longer runs are phrases, not words. */
export const MAX_TERM_LENGTH = 4;

const HAN_CHAR = /^\p{Script=Han}$/u;

/** Candidate terms from each entry's questions (each inner array: one entry's normalised texts). */
export function mineUserWords(entryTexts: readonly (readonly string[])[], segmenter: Segmenter = sharedSegmenter()): string[] {
  const entriesPerRun = new Map<string, number>();
  for (const texts of entryTexts) {
    const runs = new Set<string>();
    for (const text of texts) {
      let run = '';
      const flush = () => {
        if (run.length >= 2 && run.length <= MAX_TERM_LENGTH) runs.add(run);
        run = '';
      };
      for (const piece of segmenter.segment(text)) {
        // Stop-word characters (我, 的, 吗) glue onto anything; they never start a term.
        if (HAN_CHAR.test(piece) && !isStopWord(piece)) run += piece;
        else flush();
      }
      flush();
    }
    for (const run of runs) entriesPerRun.set(run, (entriesPerRun.get(run) ?? 0) + 1);
  }
  return [...entriesPerRun].filter(([, n]) => n >= MIN_TERM_ENTRIES).map(([run]) => run);
}
