/**
 * Full pinyin input: customers without a Chinese IME, or in a hurry, type "wo xiang tuihuo",
 * "fapiao zenme kai" or 怎么开fapiao. Syllable bigrams alone (pinyin.ts) rarely carry such a
 * message to an answer: the words are Latin, so word, character and key-word evidence is empty.
 *
 * This reader turns Latin runs that are pinyin back into characters, using the knowledge base's
 * own vocabulary: every word of the indexed questions (and each of its characters, read in the
 * word's context) is filed under its toneless reading, the most frequent one winning a shared
 * reading. A run is cut into the fewest vocabulary words by dynamic programming over its letters;
 * spaces, apostrophes and tone digits (tui4huo4) are syllable boundaries a word must respect, so
 * "xi an" finds 西安 and never 现. The converted text is then matched like any Chinese question.
 *
 * Customers misspell (zifu sibai for 支付失败, tuikuang for 退款): a word of the knowledge base is also
 * found through its syllables with zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing folded together, at a
 * cost between a word spelt right and two characters. Initials alone (tk, fp) become the one main word
 * of the shop with those initials, when one dominates (INITIALS_DOMINANCE).
 *
 * English stays English: a run converts only when every one of its words is pinyin (one word
 * that is not — refund, iphone, vip, i — keeps the whole run as written) and the cut contains at
 * least one knowledge-base word of several syllables (so can, you, men, hang alone are never
 * read as characters). An English knowledge base has no Han vocabulary, so nothing converts.
 */
import { LONGEST_SYLLABLE, SYLLABLES, characterReadings, wordPinyin } from './pinyin.js';
import { QUESTION_TYPES } from './question-type.js';
import { STOP_WORDS } from './stopwords.js';

/**
 * A run converts only when its cut holds a knowledge-base word of at least this many syllables:
 * single syllables (can, you, men, fan, hang) are English words as often as pinyin.
 */
export const MIN_ANCHOR_SYLLABLES = 2;

/**
 * Cost of a syllable left as Latin in the cut, against 1 for any vocabulary word. Above 2 so that
 * two known characters (退 + 货) are preferred to one known and one unknown syllable.
 */
export const UNKNOWN_SYLLABLE_COST = 3;

/**
 * How often an everyday word (我, 想, 吗, 怎么, 谁) counts as seen even when the knowledge base
 * never uses it: customers write "wo xiang …" and "… shei chu" to every shop. Half a sighting lets
 * it win over nothing, and lets any word the knowledge base really uses (花呗 over 花被) win over it.
 */
export const EVERYDAY_WORD_PRIOR = 0.5;

/**
 * Words every customer uses whether or not the questions do: stop words, question words, and the
 * few pronouns, negations and verbs of asking that are neither (谁出, 没到, 转人工).
 */
export const EVERYDAY_WORDS: readonly string[] = [
  ...STOP_WORDS,
  ...Object.values(QUESTION_TYPES).flat(),
  ...['谁', '什么', '啥', '哪', '几', '不', '没', '没有', '不能', '转', '还'],
];

/**
 * Cost of a knowledge-base word read through a common misspelling (zh/z, ch/c, sh/s, n/l, an/ang,
 * en/eng, in/ing: "zifu" for 支付, "wanji" for 忘记, "tuikuang" for 退款), against 1 for a word read as
 * typed and 2 for two single characters: a misspelt word beats two characters that happen to be
 * spelt right (完 + 记), a word spelt right always beats it.
 */
export const FUZZY_WORD_COST = 1.5;
/** Longest knowledge-base word (in syllables) looked for through a misspelling; longer ones are rare and costly to search. */
export const FUZZY_MAX_SYLLABLES = 4;
/**
 * Pinyin initials alone ("tk" for 退款, "fp" for 发票) are read as a word only when one knowledge-base
 * word with those initials is asked at least this many times more often than every other one: tk is
 * 退款 on a shop that says 退款 everywhere, and stays "tk" where 退款 and 提款 are both common.
 */
export const INITIALS_DOMINANCE = 5;
/** …and is itself asked at least this often (a main topic of the shop): a few sightings say little about what "gg" means there. */
export const INITIALS_MIN_SIGHTINGS = 10;

/** Pinyin initials only: two to four consonants (tk, fp, th, yhq), never a syllable. */
const INITIALS = /^[bcdfghjklmnpqrstwxyz]{2,4}$/;

/**
 * A syllable with the distinctions customers most often miss folded away: zh/ch/sh as z/c/s, n as l,
 * and ang/eng/ing as an/en/in ("sei" and "shei" fold alike, so do "kuang" and "kuan").
 */
export function foldSyllable(syllable: string): string {
  return syllable.replace(/^([zcs])h/, '$1').replace(/^n/, 'l').replace(/([aei])ng$/, '$1n');
}
/** Each syllable's folded form, worked out once: the vocabulary folds every syllable of every word it files. */
const FOLDED_OF: ReadonlyMap<string, string> = new Map([...SYLLABLES].map((s) => [s, foldSyllable(s)]));
const FOLDED_SYLLABLES: ReadonlySet<string> = new Set(FOLDED_OF.values());
/** The boundaries of a one-syllable reading, and of the misspelling and initials readings (never read): one shared empty list. */
const NO_BOUNDARIES: readonly number[] = [];

const ALL_HAN = /^\p{Script=Han}+$/u;
const HAS_LATIN = /\p{Script=Latin}/u;
const HAN = /^\p{Script=Han}$/u;
/**
 * A run of Latin words (letters, tone marks, tone digits) separated by single spaces, not glued to
 * an order number, e-mail or decimal (`.`, `@`, `_`, `-` survive normalisation only there).
 */
const LATIN_RUN = /(?<![\p{Script=Latin}\p{N}.@_-])[\p{Script=Latin}][\p{Script=Latin}\p{M}1-5]*(?: [\p{Script=Latin}][\p{Script=Latin}\p{M}1-5]*)*(?![\p{Script=Latin}\p{N}.@_-])/gu;
/** One written syllable group: letters, each stretch optionally closed by a tone digit. */
const PINYIN_WORD = /^(?:[a-z]+[1-5]?)+$/;
const TONE_MARKS = /\p{M}/gu;
/** ü after decomposition (ǘ is u + ¨ + ´); pinyin without an IME writes it v. */
const U_DIAERESIS = /u\u0308/g;

interface Reading {
  word: string;
  /** Letter offsets inside the reading where one syllable ends and the next starts (a word has a few: a list, not a Set). */
  boundaries: readonly number[];
  syllables: number;
  /** Sightings, everyday words' prior included: decides between words sharing a reading. */
  seen: number;
  /** Sightings in the knowledge base's questions alone. */
  asked: number;
  /**
   * Where a build from scratch would first meet this reading: the knowledge base's words in the order
   * they were first seen, then the everyday words. Equally seen readings are listed in this order, so
   * a vocabulary kept up to date question by question lists them as one built at once.
   */
  order: number;
}

interface Lexicon {
  /** Toneless joined reading → the words (and single characters) read that way, most seen first. */
  byLetters: Map<string, Reading[]>;
  /** Letters of the longest reading: no vocabulary word is longer. */
  longestReading: number;
  /** Every word filed in `byLetters`, for completing a word around one typed syllable. */
  known: ReadonlySet<string>;
  /** Folded syllables (space-separated) → the knowledge base's words of several syllables read that way, most asked first. */
  byFolded: Map<string, Reading[]>;
  /** Every proper beginning of a key of `byFolded` (sei, sei cu for sei cu xx): the misspelling search stops where none continues. */
  foldedBeginnings: ReadonlySet<string>;
  /** Initials → the knowledge base's words of several syllables with them, most asked first. */
  byInitials: Map<string, Reading[]>;
}

/** A reading's `order` from the everyday words on: after every knowledge-base reading. */
const EVERYDAY_ORDER = 2 ** 30;
/** Words sharing a reading, most seen first; then the longer reading; then the one a build from scratch meets first. */
const bySeen = (a: Reading, b: Reading) => b.seen - a.seen || b.syllables - a.syllables || a.order - b.order;
/** The knowledge base's words sharing folded syllables or initials, most asked first; ties as in `bySeen`. */
const byAsked = (a: Reading, b: Reading) => b.asked - a.asked || b.syllables - a.syllables || a.order - b.order;

/** One piece of a cut: a vocabulary word, or a syllable kept as Latin. */
interface Piece {
  text: string;
  known: boolean;
  syllables: number;
  /** Sightings in the knowledge base's questions (0 for an everyday word they never use). */
  asked: number;
}

/**
 * A piece that makes a run pinyin rather than English: a word of several syllables the knowledge
 * base itself uses. Everyday words alone do not count, or "women" would be 我们 on an English shop.
 */
function isAnchor(piece: Piece): boolean {
  return piece.known && piece.syllables >= MIN_ANCHOR_SYLLABLES && piece.asked > 0;
}

export class PinyinInputReader {
  private readonly seen = new Map<string, number>();
  /** Questions learnt but not yet counted into `seen`. */
  private questions: (readonly string[])[] = [];
  /** Built on the first Latin message (most bots never see one, so indexing does not pay for it), then kept up to date. */
  private lexicon: Lexicon | null = null;
  /** Every reading filed, by word and syllables: a knowledge change adds its words' sightings to them. */
  private readonly readings = new Map<string, Reading>();
  /** The next `order` of a knowledge-base reading; an everyday word's start at EVERYDAY_ORDER. */
  private nextOrder = 0;

  /**
   * Takes the words of one indexed question (segmented, as written). Only kept here: they are
   * counted when the first Latin message needs the lexicon, so indexing a large knowledge base
   * whose customers never type pinyin pays one array push per question (counting at once made
   * indexing 50,000 questions ~1 s slower). A vocabulary already built takes them in on the next
   * Latin message (rebuilding it took ~2 s at 10,000 entries, after every knowledge change).
   */
  learn(words: readonly string[]): void {
    this.questions.push(words);
  }

  /**
   * Counts the kept questions' all-Han words, and each two neighbouring words as one phrase: the
   * segmenter cuts 能用支付宝吗 as 支付 / 宝, and only the phrase tells "zhifubao" is 支付宝 and not
   * 支付 + the more frequent 包.
   */
  private countQuestions(): Map<string, number> {
    // The new sightings, words new to `seen` in the order `seen` takes them.
    const sightings = new Map<string, number>();
    const see = (word: string) => {
      this.seen.set(word, (this.seen.get(word) ?? 0) + 1);
      sightings.set(word, (sightings.get(word) ?? 0) + 1);
    };
    for (const words of this.questions) {
      words.forEach((word, k) => {
        if (!ALL_HAN.test(word)) return;
        see(word);
        const next = words[k + 1];
        if (next !== undefined && ALL_HAN.test(next)) see(word + next);
      });
    }
    this.questions = [];
    return sightings;
  }

  /**
   * The normalised text with its pinyin runs written in characters; text without convertible
   * Latin comes back unchanged (the same string).
   */
  read(text: string): string {
    if (!HAS_LATIN.test(text)) return text;
    const converted = text.replace(LATIN_RUN, (run, at: number) => {
      const before = text[at - 1] ?? '';
      const after = text[at + run.length] ?? '';
      const glued = { before: HAN.test(before) ? before : '', after: HAN.test(after) ? after : '' };
      return this.convertRun(run, glued) ?? run;
    });
    return converted === text ? text : converted.replace(/\s+/g, ' ').trim();
  }

  /** `glued`: the Han character the run touches on each side, '' where there is none. */
  private convertRun(run: string, glued: { before: string; after: string }): string | null {
    /** Offsets in the joined letters where a syllable must start (a space or a tone digit). */
    const forced = new Set<number>();
    let joined = '';
    for (const written of run.split(' ')) {
      const word = written.normalize('NFD').replace(U_DIAERESIS, 'v').replace(TONE_MARKS, '');
      if (!PINYIN_WORD.test(word)) return null;
      forced.add(joined.length);
      for (const ch of word) {
        if (ch >= '1' && ch <= '5') forced.add(joined.length);
        else joined += ch;
      }
    }
    forced.add(joined.length);
    if (!run.includes(' ') && INITIALS.test(joined)) return this.initialsWord(joined);
    const pieces = this.cut(joined, forced);
    if (!pieces) return null;
    if (!pieces.some(isAnchor)) return pieces.length === 1 ? this.completeWord(joined, glued) : null;
    // Characters run together, and into the characters around the run, so the segmenter cuts
    // zhifu失败 as it cuts 支付失败 (with a space it cut 支付 / 失败 and missed the entry's word);
    // a syllable left as Latin stays a word of its own (the pinyin grams still match it).
    return pieces.map((p) => (p.known ? p.text : ` ${p.text} `)).join('');
  }

  /**
   * One syllable typed inside a Chinese word (退huo, 物liu, cui发货): the character that completes
   * a knowledge-base word with the character it touches, or null. The word is the anchor a lone
   * syllable otherwise lacks, so "you" or "hang" next to a character that forms no word stay Latin.
   */
  private completeWord(syllable: string, glued: { before: string; after: string }): string | null {
    const { byLetters, known } = this.vocabulary();
    const candidates = byLetters.get(syllable) ?? [];
    const completing = candidates.find((r) => r.syllables === 1 && ((glued.before && known.has(glued.before + r.word)) || (glued.after && known.has(r.word + glued.after))));
    return completing?.word ?? null;
  }

  /** The word the initials stand for on this knowledge base (see INITIALS_DOMINANCE), or null. */
  private initialsWord(initials: string): string | null {
    const [first, second] = this.vocabulary().byInitials.get(initials) ?? [];
    if (!first || first.asked < INITIALS_MIN_SIGHTINGS) return null;
    return !second || first.asked >= INITIALS_DOMINANCE * second.asked ? first.word : null;
  }

  /** The cheapest cut of `letters` into vocabulary words and bare syllables, or null. */
  private cut(letters: string, forced: ReadonlySet<number>): Piece[] | null {
    const { byLetters, byFolded, foldedBeginnings, longestReading } = this.vocabulary();
    const n = letters.length;
    const cost = new Array<number>(n + 1).fill(Infinity);
    const back: (Piece & { from: number })[] = new Array(n + 1);
    cost[0] = 0;
    const crossesForced = (from: number, to: number, allowed?: readonly number[]) => {
      for (let k = from + 1; k < to; k++) if (forced.has(k) && !allowed?.includes(k - from)) return true;
      return false;
    };
    // The syllables (folded) that can start at each offset without crossing a forced boundary, found once.
    const starting: { length: number; folded: string }[][] = new Array(n);
    const syllablesAt = (at: number) => {
      let found = starting[at];
      if (!found) {
        found = [];
        for (let len = 1; len <= LONGEST_SYLLABLE && at + len <= n; len++) {
          const folded = foldSyllable(letters.slice(at, at + len));
          if (FOLDED_SYLLABLES.has(folded) && !crossesForced(at, at + len)) found.push({ length: len, folded });
        }
        starting[at] = found;
      }
      return found;
    };
    for (let i = 0; i < n; i++) {
      if (cost[i] === Infinity) continue;
      const longest = Math.min(n - i, Math.max(longestReading, LONGEST_SYLLABLE));
      for (let len = 1; len <= longest; len++) {
        const to = i + len;
        const span = letters.slice(i, to);
        const readings = byLetters.get(span);
        const reading = readings?.find((r) => !crossesForced(i, to, r.boundaries));
        if (reading && cost[i] + 1 < cost[to]) {
          cost[to] = cost[i] + 1;
          back[to] = { from: i, text: reading.word, known: true, syllables: reading.syllables, asked: reading.asked };
        } else if (!reading && (SYLLABLES.has(span) || FOLDED_SYLLABLES.has(span)) && !crossesForced(i, to) && cost[i] + UNKNOWN_SYLLABLE_COST < cost[to]) {
          // A misspelt syllable (sei for shei) with no word of its own stays Latin like any other.
          cost[to] = cost[i] + UNKNOWN_SYLLABLE_COST;
          back[to] = { from: i, text: span, known: false, syllables: 1, asked: 0 };
        }
      }
      // Misspelt words: syllable by syllable (each as typed, folded), looked up among the folded readings.
      const walk = (at: number, key: string, syllables: number) => {
        if (syllables >= MIN_ANCHOR_SYLLABLES) {
          const reading = byFolded.get(key)?.[0];
          if (reading && cost[i] + FUZZY_WORD_COST < cost[at]) {
            cost[at] = cost[i] + FUZZY_WORD_COST;
            back[at] = { from: i, text: reading.word, known: true, syllables: reading.syllables, asked: reading.asked };
          }
        }
        if (syllables >= FUZZY_MAX_SYLLABLES || (syllables > 0 && !foldedBeginnings.has(key))) return;
        for (const { length, folded } of syllablesAt(at)) {
          walk(at + length, syllables === 0 ? folded : `${key} ${folded}`, syllables + 1);
        }
      };
      walk(i, '', 0);
    }
    if (cost[n] === Infinity) return null;
    const pieces: Piece[] = [];
    for (let at = n; at > 0; at = back[at].from) pieces.unshift(back[at]);
    return pieces;
  }

  private vocabulary(): Lexicon {
    if (this.lexicon && this.questions.length === 0) return this.lexicon;
    const first = this.lexicon === null;
    const lexicon: Lexicon = (this.lexicon ??= { byLetters: new Map(), byFolded: new Map(), foldedBeginnings: new Set(), byInitials: new Map(), longestReading: 0, known: new Set() });
    // The lists whose readings came or changed, sorted again at the end.
    const changedByLetters = new Set<Reading[]>();
    const changedAnchors = new Set<Reading[]>();
    const file = (map: Map<string, Reading[]>, key: string, reading: Reading, changed: Set<Reading[]>) => {
      let list = map.get(key);
      if (list) list.push(reading);
      else map.set(key, (list = [reading]));
      changed.add(list);
    };
    // Keyed by word and reading: a character is counted under each reading its words give it.
    const count = (word: string, syllables: string[], seen: number, asked: number, everyday: boolean) => {
      const key = `${word} ${syllables.join(' ')}`;
      let reading = this.readings.get(key);
      if (!reading) {
        let boundaries = NO_BOUNDARIES;
        if (syllables.length > 1) {
          const offsets: number[] = [];
          let offset = 0;
          for (let k = 0; k < syllables.length - 1; k++) offsets.push((offset += syllables[k].length));
          boundaries = offsets;
        }
        reading = { word, boundaries, syllables: syllables.length, seen: 0, asked: 0, order: everyday ? EVERYDAY_ORDER + this.readings.size : this.nextOrder++ };
        this.readings.set(key, reading);
        const letters = syllables.join('');
        lexicon.longestReading = Math.max(lexicon.longestReading, letters.length);
        file(lexicon.byLetters, letters, reading, changedByLetters);
        (lexicon.known as Set<string>).add(word);
      } else if (!everyday && reading.order >= EVERYDAY_ORDER) {
        // Met before only through an everyday word: a build from scratch meets it here first.
        reading.order = this.nextOrder++;
      }
      const anchoredBefore = reading.asked > 0;
      reading.seen += seen;
      reading.asked += asked;
      // A first build sorts every list at the end; a later one only the lists it changed.
      if (!first) changedByLetters.add(lexicon.byLetters.get(syllables.join(''))!);
      // Misspellings and initials reach only words the knowledge base asks with, of several syllables.
      if (reading.syllables < MIN_ANCHOR_SYLLABLES || reading.asked === 0 || (first && anchoredBefore)) return;
      const folded = syllables.map((s) => FOLDED_OF.get(s) ?? foldSyllable(s));
      const initials = syllables.map((s) => s[0]).join('');
      if (anchoredBefore) {
        changedAnchors.add(lexicon.byFolded.get(folded.join(' '))!);
        changedAnchors.add(lexicon.byInitials.get(initials)!);
        return;
      }
      file(lexicon.byFolded, folded.join(' '), reading, changedAnchors);
      for (let k = 1; k < folded.length; k++) (lexicon.foldedBeginnings as Set<string>).add(folded.slice(0, k).join(' '));
      file(lexicon.byInitials, initials, reading, changedAnchors);
    };
    const sources: [word: string, seen: number, asked: number][] = [...this.countQuestions()].map(([word, n]) => [word, n, n]);
    const everyday = sources.length;
    if (first) sources.push(...EVERYDAY_WORDS.map((word): [string, number, number] => [word, EVERYDAY_WORD_PRIOR, 0]));
    sources.forEach(([word, seen, asked], i) => {
      const syllables = wordPinyin(word);
      // pinyin-pro gives one syllable per character; anything else (rare symbols) is not readable.
      if (syllables.length !== [...word].length || !syllables.every((s) => SYLLABLES.has(s))) return;
      if (syllables.length > 1) {
        // The word, every stretch of it (运费 inside 退货运费, which jieba keeps whole) and each
        // character, read as they are read inside this word (行 in 银行 is hang).
        const chars = [...word];
        for (let from = 0; from < chars.length; from++) {
          for (let to = from + 1; to <= chars.length; to++) count(chars.slice(from, to).join(''), syllables.slice(from, to), seen, asked, i >= everyday);
        }
      } else {
        // A character alone has no context: every reading counts (谁 is shei as often as shui).
        for (const reading of characterReadings(word)) count(word, [reading], seen, asked, i >= everyday);
      }
    });
    for (const list of first ? lexicon.byLetters.values() : changedByLetters) list.sort(bySeen);
    for (const list of first ? [...lexicon.byFolded.values(), ...lexicon.byInitials.values()] : changedAnchors) list.sort(byAsked);
    return lexicon;
  }
}
