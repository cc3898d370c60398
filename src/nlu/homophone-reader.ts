/**
 * Homophone typos read back into the knowledge base's own writing: 七天无礼由退货 → 七天无理由退货.
 *
 * A pinyin input method offers the right sound with the wrong character, and the wrong character
 * often makes another word (无礼 "rude"), so the message is cut into words the knowledge base never
 * uses and its right entry loses to one that merely shares 七天 and 退货 (docs/confidence.md,
 * "Ranking top-1"). The pinyin features see the sound but not the words.
 *
 * A character no run of SPAN Han characters around it vouches for (the knowledge base writes none
 * of them) is replaced by the one character that turns such a run into one the knowledge base
 * writes with the same sound (toneless) — as a typo by pinyin differs — confirmed by
 * MIN_CONFIRMING_RUNS runs. Two-character runs are left alone: too
 * many everyday words share a sound (事实 / 实施), and the matcher's pinyin features carry them.
 * Nothing is read when two runs of the knowledge base would fit.
 */
import { Lexicon } from './lexicon.js';
import { characterReadings } from './pinyin.js';
import { isHanCharacter } from './text-basics.js';

/** Characters per run compared. */
export const SPAN = 3;
/**
 * Runs around a suspect character that must turn into the knowledge base's writing with the same
 * replacement: one is chance (退货邮费 would read 退货有费, 退货有 being written); a typo inside a
 * phrase of the knowledge base (无礼由 in 七天无理由) is confirmed by the runs on both sides.
 */
export const MIN_CONFIRMING_RUNS = 2;

const HAN = /\p{Script=Han}/u;

export class HomophoneReader {
  /**
   * Every run of SPAN Han characters the knowledge base writes (a lexicon used as a set: a message
   * asks it about each of its windows, and its table reaches a fresh string's entry in fewer cache
   * misses than a Set's).
   */
  private readonly written = new Lexicon();
  /**
   * Toneless reading of a run → the runs written that read so, each as its characters, first
   * written first (each run is filed once: `written` is asked first). Kept as character arrays so a
   * message's windows are compared with them without splitting the runs again for every message.
   */
  private readonly bySound = new Map<string, string[][]>();
  private readonly readings = new Map<string, string>();

  /** Files the runs of one of the knowledge base's texts (normalised). */
  learn(text: string): void {
    for (const run of hanRuns(text)) {
      for (let i = 0; i + SPAN <= run.length; i++) {
        const span = run.slice(i, i + SPAN).join('');
        if (this.written.find(span) >= 0) continue;
        this.written.intern(span);
        const chars = run.slice(i, i + SPAN);
        const sound = this.soundOf(chars);
        const spans = this.bySound.get(sound);
        if (spans) spans.push(chars);
        else this.bySound.set(sound, [chars]);
      }
    }
  }

  /**
   * The message with each homophone typo replaced by the knowledge base's writing (normalised text
   * in, out). A character is a suspect only when no run around it is written by the knowledge
   * base (无理由 vouches for its 由), and is replaced only by the one character that makes
   * MIN_CONFIRMING_RUNS runs around it ones the knowledge base writes with the same sound.
   */
  read(text: string): string {
    if (this.written.size === 0 || !HAN.test(text)) return text;
    const chars = Array.from(text);
    const n = chars.length;
    // Every message pays this scan, so each character and each window of SPAN is looked at once,
    // not once per position it covers. A replacement is Han too: only the windows over it are asked anew.
    const han = chars.map(isHanCharacter);
    const windows = Math.max(0, n - SPAN + 1);
    const allHan = new Uint8Array(windows);
    for (let start = 0, run = 0; start < n; start++) {
      run = han[start] ? run + 1 : 0;
      if (run >= SPAN) allHan[start - SPAN + 1] = 1;
    }
    // Whether the knowledge base writes each window (0 not asked yet, 1 yes, 2 no): a window covers SPAN positions.
    const writtenAt = new Uint8Array(windows);
    const isWritten = (start: number) => (writtenAt[start] ||= this.written.find(chars.slice(start, start + SPAN).join('')) >= 0 ? 1 : 2) === 1;
    // The knowledge base's runs that sound like each window: a window is asked about for each of its characters.
    const soundAlikeAt: (readonly string[][] | undefined)[] = new Array(windows);
    const soundAlike = (start: number) => (soundAlikeAt[start] ??= this.bySound.get(this.soundOf(chars.slice(start, start + SPAN))) ?? []);
    let changed = false;
    for (let p = 0; p < n; p++) {
      const first = Math.max(0, p - SPAN + 1);
      const last = Math.min(p, windows - 1);
      let any = false;
      let vouched = false;
      for (let start = first; start <= last && !vouched; start++) {
        if (!allHan[start]) continue;
        any = true;
        vouched = isWritten(start);
      }
      if (!any || vouched) continue;
      const votes = new Map<string, number>();
      for (let start = first; start <= last; start++) {
        if (!allHan[start]) continue;
        for (const written of soundAlike(start)) {
          if (differsOnlyAt(chars, start, written, p - start)) votes.set(written[p - start], (votes.get(written[p - start]) ?? 0) + 1);
        }
      }
      if (votes.size !== 1) continue;
      const [[replacement, confirming]] = votes;
      if (confirming < MIN_CONFIRMING_RUNS) continue;
      chars[p] = replacement;
      for (let start = first; start <= last; start++) {
        writtenAt[start] = 0;
        soundAlikeAt[start] = undefined;
      }
      changed = true;
    }
    return changed ? chars.join('') : text;
  }

  /**
   * A run's toneless sound, each character by its first (most common) reading: 抵 (di) must not
   * pass for 提 (ti) through 提's rarer di.
   */
  private soundOf(chars: readonly string[]): string {
    return chars
      .map((ch) => {
        let r = this.readings.get(ch);
        if (r === undefined) this.readings.set(ch, (r = characterReadings(ch)[0] ?? ch));
        return r;
      })
      .join(' ');
  }
}

/** The text's runs of consecutive Han characters, as character arrays. */
function hanRuns(text: string): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  for (const ch of text) {
    if (isHanCharacter(ch)) run.push(ch);
    else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

/** The run of `text` from `start` and the run `written` differ at `at` and nowhere else. */
function differsOnlyAt(text: readonly string[], start: number, written: readonly string[], at: number): boolean {
  for (let i = 0; i < SPAN; i++) if ((text[start + i] !== written[i]) !== (i === at)) return false;
  return true;
}
