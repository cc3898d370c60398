/**
 * Lexical bridges: which words customers use for which words of the knowledge base (撤回 → 取消,
 * 拿回来 → 退款, 杭州 → 浙江 → 华东). A translation-based retrieval model in the sense of Jeon,
 * Croft & Lee (2005) and Xue, Jeon & Croft (2008), kept non-neural and small:
 *
 *   - every two questions of one entry are a paraphrase pair; the words one has and the other
 *     lacks are aligned to each other by IBM Model 1 (EM), and the association of w with t is
 *     expected alignments(w, t) / (pairs where w is unmatched + smoothing);
 *   - a general prior learned the same way offline from the dev pair sets
 *     (scripts/learn-bridges.ts → lexicons/bridge-prior.json);
 *   - the shipped gazetteer's places (a city reaches its province and regions at full strength).
 *
 * At match time a query's words reach the knowledge base's words through these associations:
 * recall adds the translated words at `BRIDGE_RECALL_WEIGHT` × association, and the rank model
 * sees `bridgeMatch`, the share of the query's weight that a question holds only through a bridge.
 * A place the knowledge base's questions never name is, in addition, read as the nearest larger
 * place they do (`PlaceReader`), so every feature sees 杭州 as the shop's 江浙沪.
 */
import priorFile from './lexicons/bridge-prior.json' with { type: 'json' };

/** word → (translation → association in (0, 1]). */
export type BridgeTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface BridgeTableOptions {
  /** Added to a word's count: a pair seen once is weak evidence. */
  smoothing: number;
  /** Associations below this are dropped. */
  minAssociation: number;
  /** A word pair must be aligned in at least this many paraphrase pairs (fractional counts). */
  minPairCount: number;
  /** Only the strongest few translations of a word are kept. */
  maxPerWord: number;
}

/**
 * For the knowledge base's own paraphrases: one pair is evidence enough (a shop writes each
 * paraphrase on purpose), the smoothing keeps a word seen once at ≤ 0.5. Chosen, not searched
 * (docs/matching.md, "Lexical bridges").
 */
export const KB_BRIDGE_OPTIONS: BridgeTableOptions = { smoothing: 1, minAssociation: 0.1, minPairCount: 0.2, maxPerWord: 5 };
/** An entry with more questions than this contributes pairs of its first ones only (pairs grow as n²). */
export const MAX_PARAPHRASES_PER_ENTRY = 40;
/** How much a bridged word counts in recall, relative to the word itself (× its association). Chosen, not searched. */
export const BRIDGE_RECALL_WEIGHT = 0.3;
/** The prior's associations count this much of the knowledge base's own (it was learned on other data). */
export const PRIOR_SHARE = 0.7;
/** A place reaches its province and regions at this association (a city is in its province). */
export const PLACE_ASSOCIATION = 1;
/** Translations kept per query word after merging the sources (bridgeMatch looks at these). */
export const MAX_EXPANSIONS_PER_WORD = 4;
/** Translated words added to recall per query, strongest first: each costs a posting walk. */
export const MAX_RECALL_BRIDGES = 4;

/** IBM Model 1 iterations; alignments stop changing much after a handful on short questions. */
export const ALIGNMENT_ITERATIONS = 5;

/** Packs a (source, target) word-id pair into one number (ids stay far below 2^21). */
const CELL_KEY_SHIFT = 2 ** 21;

/**
 * Collects paraphrase pairs, then aligns their unmatched words with IBM Model 1 (EM from a
 * uniform start, both directions, with an empty source word so a word without a counterpart need
 * not align to anything); `table()` turns the expected alignment counts into associations.
 * Words are interned and every (source, target) cell a pair can align is numbered once, so an EM
 * iteration is a pass over flat arrays (a knowledge base with 14,000 pairs learns in tens of ms).
 */
export class BridgeLearner {
  /** Word ids; 0 is the empty word. */
  private readonly ids = new Map<string, number>([['', 0]]);
  private readonly words: string[] = [''];
  /** How many directed pairs each word is unmatched in. */
  private readonly sourceCount: number[] = [0];
  private readonly cellOf = new Map<number, number>();
  private readonly cellSource: number[] = [];
  private readonly cellTarget: number[] = [];
  /** For every target word of every directed pair, its candidate cells (the empty word first), back to back. */
  private readonly blockCells: number[] = [];
  private readonly blockEnds: number[] = [];

  /** The content words of each question of one entry (or of one labelled paraphrase pair). */
  addParaphrases(questions: readonly (readonly string[])[]): void {
    const sets = questions.slice(0, MAX_PARAPHRASES_PER_ENTRY).map((terms) => new Set(terms));
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) {
        const left = [...sets[i]].filter((w) => !sets[j].has(w)).map((w) => this.id(w));
        const right = [...sets[j]].filter((w) => !sets[i].has(w)).map((w) => this.id(w));
        if (left.length === 0 || right.length === 0) continue;
        this.addDirected(left, right);
        this.addDirected(right, left);
      }
    }
  }

  private id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
      this.sourceCount.push(0);
    }
    return id;
  }

  private cell(source: number, target: number): number {
    const key = source * CELL_KEY_SHIFT + target;
    let cell = this.cellOf.get(key);
    if (cell === undefined) {
      cell = this.cellSource.length;
      this.cellOf.set(key, cell);
      this.cellSource.push(source);
      this.cellTarget.push(target);
    }
    return cell;
  }

  private addDirected(from: readonly number[], to: readonly number[]): void {
    for (const e of from) this.sourceCount[e]++;
    for (const f of to) {
      this.blockCells.push(this.cell(0, f));
      for (const e of from) this.blockCells.push(this.cell(e, f));
      this.blockEnds.push(this.blockCells.length);
    }
  }

  table(options: BridgeTableOptions): Map<string, Map<string, number>> {
    const cells = this.cellSource.length;
    const translation = new Float64Array(cells).fill(1);
    const expected = new Float64Array(cells);
    const totals = new Float64Array(this.words.length);
    for (let iteration = 0; iteration < ALIGNMENT_ITERATIONS; iteration++) {
      expected.fill(0);
      totals.fill(0);
      let start = 0;
      for (const end of this.blockEnds) {
        let z = 0;
        for (let i = start; i < end; i++) z += translation[this.blockCells[i]];
        for (let i = start; i < end; i++) {
          const c = this.blockCells[i];
          const share = translation[c] / z;
          expected[c] += share;
          totals[this.cellSource[c]] += share;
        }
        start = end;
      }
      for (let c = 0; c < cells; c++) translation[c] = expected[c] / totals[this.cellSource[c]];
    }
    const rows = new Map<number, [string, number][]>();
    for (let c = 0; c < cells; c++) {
      const e = this.cellSource[c];
      if (e === 0 || expected[c] < options.minPairCount) continue;
      const association = expected[c] / (this.sourceCount[e] + options.smoothing);
      if (association < options.minAssociation) continue;
      let row = rows.get(e);
      if (!row) rows.set(e, (row = []));
      row.push([this.words[this.cellTarget[c]], association]);
    }
    const out = new Map<string, Map<string, number>>();
    for (const [e, row] of rows) out.set(this.words[e], new Map(row.sort((a, b) => b[1] - a[1]).slice(0, options.maxPerWord)));
    return out;
  }
}

/** The shipped prior's file shape (scripts/learn-bridges.ts writes it). */
interface PriorFile {
  associations: Record<string, [string, number][]>;
}

let prior: BridgeTable | undefined;
/** The general prior learned offline from the dev pair sets (lexicons/bridge-prior.json). */
export function shippedBridgePrior(): BridgeTable {
  return (prior ??= new Map(Object.entries((priorFile as unknown as PriorFile).associations).map(([w, list]) => [w, new Map(list)])));
}

/** Where a place leads: city → province and the province's regions; province → regions. */
export type PlaceLinks = ReadonlyMap<string, readonly string[]>;

export interface BridgeSources {
  /** Learned from the knowledge base's own paraphrases. */
  knowledge: BridgeTable;
  /** The general prior; null to leave it out (training the rank model does, see scripts/train-model.ts). */
  prior: BridgeTable | null;
  places: PlaceLinks;
}

/** A source word's translations the knowledge base uses, strongest first, with their word ids. */
interface BridgeRow {
  words: readonly string[];
  ids: readonly number[];
  associations: readonly number[];
}

/**
 * A query's bridges by word id: per distinct content word (first-seen order) its translations
 * (at most MAX_EXPANSIONS_PER_WORD, none already in the query; empty when it has none), and the
 * translated words recall adds (`recallIds`, at most MAX_RECALL_BRIDGES, strongest first, each
 * with its strongest association over the query's words).
 */
export interface QueryBridges {
  terms: number[];
  translations: number[][];
  associations: number[][];
  recallIds: number[];
  recallAssociations: number[];
}

export class LexicalBridges {
  /**
   * Every source word's translations the knowledge base uses, merged over the sources and sorted
   * strongest first (ties in the sources' order), with their word ids, before the query's own
   * words are taken out. The sources and the vocabulary are fixed for the index's life, so this is
   * done once, not per query: a query reads a row and compares ids.
   */
  private readonly rows = new Map<string, BridgeRow>();
  /**
   * The same rows by the source word's lexicon id, for the ids the lexicon had when they were
   * merged: a query's words come with their ids, and an array read is cheaper than hashing the
   * word again (~5% of a ranking; docs/matching.md, round 6). A word without an id then (not in
   * the knowledge base, or indexed in place since) is looked up by its text in `rows`.
   */
  private readonly rowById: (BridgeRow | undefined)[];
  private readonly idsAtBuild: number;

  constructor(
    sources: BridgeSources,
    /** A word's id in the knowledge base's vocabulary, or -1 when its questions never use it (a translation nobody uses cannot help). */
    idInVocabulary: (word: string) => number,
    /** The source words' ids: the lexicon the query's word ids come from, as it is now. */
    lexicon: { find(word: string): number; readonly size: number },
  ) {
    this.idsAtBuild = lexicon.size;
    this.rowById = new Array<BridgeRow | undefined>(this.idsAtBuild).fill(undefined);
    const words = new Set([...sources.knowledge.keys(), ...(sources.prior?.keys() ?? []), ...sources.places.keys()]);
    for (const w of words) {
      const merged = new Map<string, number>();
      const offer = (t: string, a: number) => {
        if (t === w || idInVocabulary(t) < 0) return;
        if (a > (merged.get(t) ?? 0)) merged.set(t, a);
      };
      for (const [t, a] of sources.knowledge.get(w) ?? []) offer(t, a);
      for (const [t, a] of sources.prior?.get(w) ?? []) offer(t, a * PRIOR_SHARE);
      for (const t of sources.places.get(w) ?? []) offer(t, PLACE_ASSOCIATION);
      if (merged.size === 0) continue;
      const row = [...merged].sort((a, b) => b[1] - a[1]);
      const mergedRow = { words: row.map(([t]) => t), ids: row.map(([t]) => idInVocabulary(t)), associations: row.map(([, a]) => a) };
      this.rows.set(w, mergedRow);
      const id = lexicon.find(w);
      if (id >= 0) this.rowById[id] = mergedRow;
    }
  }

  /**
   * The bridges of a query's content words (`terms` as text, `termIds` their ids: a word the
   * knowledge base lacks may still have a row, from the prior), or null when none is bridged.
   */
  forQuery(terms: readonly string[], termIds: readonly number[]): QueryBridges | null {
    let out: QueryBridges | null = null;
    const distinct: number[] = [];
    for (let i = 0; i < termIds.length; i++) {
      const id = termIds[i];
      if (distinct.includes(id)) continue;
      distinct.push(id);
      const row = id < this.idsAtBuild ? this.rowById[id] : this.rows.get(terms[i]);
      if (!row) continue;
      const translations: number[] = [];
      const associations: number[] = [];
      for (let j = 0; j < row.ids.length && translations.length < MAX_EXPANSIONS_PER_WORD; j++) {
        // A translation's id is the knowledge base's: in the query exactly when the query has the word.
        if (termIds.includes(row.ids[j])) continue;
        translations.push(row.ids[j]);
        associations.push(row.associations[j]);
      }
      if (translations.length === 0) continue;
      out ??= { terms: distinct, translations: [], associations: [], recallIds: [], recallAssociations: [] };
      while (out.translations.length < distinct.length - 1) {
        out.translations.push([]);
        out.associations.push([]);
      }
      out.translations.push(translations);
      out.associations.push(associations);
    }
    if (!out) return null;
    while (out.translations.length < distinct.length) {
      out.translations.push([]);
      out.associations.push([]);
    }
    LexicalBridges.chooseRecallWords(out);
    return out;
  }

  /** The translated words to add to recall, each with its strongest association over the query's words, at most MAX_RECALL_BRIDGES. */
  private static chooseRecallWords(bridges: QueryBridges): void {
    const ids = bridges.recallIds;
    const best = bridges.recallAssociations;
    for (let i = 0; i < bridges.translations.length; i++) {
      const row = bridges.translations[i];
      for (let j = 0; j < row.length; j++) {
        const a = bridges.associations[i][j];
        const at = ids.indexOf(row[j]);
        if (at < 0) {
          if (a > 0) {
            ids.push(row[j]);
            best.push(a);
          }
        } else if (a > best[at]) best[at] = a;
      }
    }
    // Strongest first, ties in first-met order (a stable insertion sort: a handful of words).
    for (let i = 1; i < ids.length; i++) {
      const [id, a] = [ids[i], best[i]];
      let j = i;
      for (; j > 0 && best[j - 1] < a; j--) {
        ids[j] = ids[j - 1];
        best[j] = best[j - 1];
      }
      ids[j] = id;
      best[j] = a;
    }
    ids.length = best.length = Math.min(ids.length, MAX_RECALL_BRIDGES);
  }
}

/**
 * A query as bridgeMatch weighs it: its distinct content words (as text, or as the matcher's word
 * ids), their IDF, and per word its translations the knowledge base uses with their associations
 * (empty when it has none) — flat arrays, because the feature is computed for every compared question.
 */
export interface BridgeQuery<Word> {
  terms: readonly Word[];
  idfOfTerm: readonly number[];
  idfTotal: number;
  translations: readonly (readonly Word[])[];
  associations: readonly (readonly number[])[];
}

/**
 * The share of the query's word weight (IDF) that `question` holds only through a bridge: each
 * query word the question lacks counts its IDF × the strongest association to a word the
 * question has. 0 when every word matches literally or none is bridged. Words are whatever the
 * caller names them by: the matcher passes word ids, so a question's words are a mark look-up.
 */
export function bridgeMatch<Word>(query: BridgeQuery<Word>, questionHas: (word: Word) => boolean): number {
  if (query.idfTotal <= 0) return 0;
  let bridged = 0;
  for (let i = 0; i < query.terms.length; i++) {
    const translations = query.translations[i];
    if (translations.length === 0 || questionHas(query.terms[i])) continue;
    const associations = query.associations[i];
    let best = 0;
    for (let j = 0; j < translations.length; j++) if (associations[j] > best && questionHas(translations[j])) best = associations[j];
    bridged += best * query.idfOfTerm[i];
  }
  return bridged / query.idfTotal;
}

/**
 * Reads a place the knowledge base never names as the nearest larger place it does name: 杭州几天到
 * is matched as 江浙沪几天到 when the shop wrote about 江浙沪 and never about 杭州, so every feature
 * (not only the bridge) sees the match. Like the pinyin reader it rewrites the customer's text
 * before it is cut, so the trace's normalised text shows what was matched. Only whole words are
 * read (中山路 is not 中山), and a place the knowledge base uses is left as written.
 */
export class PlaceReader {
  /** The first two characters of every place name: a text without any is returned at once. */
  private readonly starts = new Set<string>();
  /** Every place name and every place one leads to. */
  private readonly placeWords = new Set<string>();
  /** The places the knowledge base's questions name (answers do not count: the question is what is matched). */
  private readonly named = new Set<string>();

  constructor(
    private readonly places: PlaceLinks,
    private readonly cut: (text: string) => string[],
    private readonly canonicalOf: (word: string) => string,
  ) {
    for (const [place, larger] of places) {
      this.placeWords.add(place);
      for (const p of larger) this.placeWords.add(p);
      if (place.length >= 2) this.starts.add(place.slice(0, 2));
    }
  }

  /** A question's content words, while the knowledge base is indexed. */
  learn(terms: readonly string[]): void {
    for (const term of terms) if (this.placeWords.has(term)) this.named.add(term);
  }

  read(text: string): string {
    if (this.named.size === 0 || !this.mayHavePlace(text)) return text;
    let changed = false;
    const words = this.cut(text).map((word) => {
      const place = this.canonicalOf(word);
      const larger = this.places.get(place);
      if (!larger || this.named.has(place)) return word;
      const named = larger.find((p) => this.named.has(p));
      if (!named) return word;
      changed = true;
      return named;
    });
    return changed ? words.join('') : text;
  }

  private mayHavePlace(text: string): boolean {
    for (let i = 0; i + 1 < text.length; i++) if (this.starts.has(text.slice(i, i + 2))) return true;
    return false;
  }
}
