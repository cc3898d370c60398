/**
 * The matcher: finds the knowledge entries a customer's question is about, best first, each
 * with a calibrated confidence.
 *
 *   1. recall — BM25 over words, character bigrams and pinyin bigrams of every standard and
 *      similar question (answer text too, at a lower weight);
 *   2. rerank — a learned model weighs the pair features of the query and each recalled
 *      question together with the recall score;
 *   3. calibrate — a logistic model turns the rank score and the lead over the best other
 *      entry into the probability that the entry answers the question (docs/confidence.md).
 */
import { analyze, type Analysis } from './analyze.js';
import { EnglishTermReader } from './english-terms.js';
import { PinyinInputReader } from './pinyin-input.js';
import { HomophoneReader } from './homophone-reader.js';
import { InvertedIndexBuilder, InvertedIndexOverlay, MIN_DOCS_TO_SKIP_COMMON, TouchedDocs, type InvertedIndex } from './inverted-index.js';
import { logit, sigmoid, type LogisticModel } from './logistic.js';
import { PAIR_FEATURES, Profiles, symmetricFromDirected, symmetricPairFeatures, type TokenIds } from './pair-features.js';
import { sharedSegmenter, type Segmenter } from './segment.js';
import { SynonymMap } from './synonyms.js';
import { mineUserWords } from './user-dictionary.js';
import { splitQuestions } from './split-questions.js';
import { normalize } from './normalize.js';
import type { MatchableEntry, MatchCandidate } from './types.js';
import { parseModel, type ModelFeatureLists } from './model-file.js';
import weights from './model/weights.json' with { type: 'json' };
import { BridgeLearner, bridgeMatch, BRIDGE_RECALL_WEIGHT, KB_BRIDGE_OPTIONS, LexicalBridges, PlaceReader, shippedBridgePrior, type BridgeQuery, type BridgeTable, type PlaceLinks, type QueryBridges } from './bridges.js';

/** How much each token kind counts in recall. Tuned on bq_dev / lcqmc_dev (scripts/train-model.ts). */
export const RECALL_BOOST = { word: 1, bigram: 0.6, pinyin: 0.4 } as const;
/** A match in the answer text counts this much of a match in a question. */
export const ANSWER_WEIGHT = 0.3;
/**
 * How much a learned question (a customer's phrasing approved through learning) counts in recall
 * against an operator's own question: below 1, so a learned phrasing never outranks an operator
 * question matching the query as well, and its common words pull less (docs/learning.md, tuned on
 * the tuning sets with `npm run bench -- --only learning`).
 */
export const LEARNED_QUESTION_WEIGHT = 0.7;
/**
 * A learned question's rank log-odds are shifted down by this: its odds of being the right match
 * count e^−2 ≈ 0.14 of an operator question's with the same pair features. Recall's weight alone is
 * not enough: the rank model scores a learned phrasing on its pair features at full strength, and
 * customers' short colloquial phrasings (情號怎麼弄, 宽带连不上了, Ｐｌｕｓ自动续费怎么关) share their 怎么弄 /
 * 连不上 / 续费 with other customers' questions, so another entry's learned phrasing became the
 * runner-up of questions answered rightly before learning and cut their confidence. Its own entry
 * still gains: a phrasing near a learned one (a typo, traditional characters) is answered through it.
 * Tuned on the demo tuning set only, learning from one half and asking the other (every phrasing
 * attached): right answers 67 → 65 at ln 0.7 (−0.36) and at −1, 67 → 67 at −1.5, −2 and −3; −2 is
 * the middle of that flat stretch (docs/learning.md).
 */
export const LEARNED_RANK_OFFSET = -2;
/** Questions kept after recall, and entries reranked by the pair model. */
export const RECALL_DOCS = 60;
export const RERANK_ENTRIES = 12;
/**
 * Candidates whose entry support (`support`, `supportMean`, `supportQuestions`) is computed: the
 * answer decision looks at the first entry and its runner-up only, and each costs a pair
 * comparison per question of the entry.
 */
export const SUPPORTED_CANDIDATES = 2;
/** Tokens in more than this share of questions are skipped in recall (they cost most, decide least). */
export const MAX_DOC_FRACTION = 0.08;

/** What the rank model weighs: the pair features of query and question, plus recall evidence. */
export const RANK_FEATURES = [...PAIR_FEATURES, 'retrieval', 'fromAnswer', 'bridgeMatch'] as const;
const COVERAGE_QUERY = PAIR_FEATURES.indexOf('coverageQuery');
const KEY_WORD_MATCH = PAIR_FEATURES.indexOf('keyWordMatch');

/**
 * What the confidence model weighs: the rank score, the lead over the best other entry, and how
 * much of the query the matched question covers — a large lead over unrelated entries is no
 * reason for confidence when the query's key word (天气, 股票) appears nowhere in the question.
 */
export const CONFIDENCE_FEATURES = ['rankScore', 'margin', 'coverageQuery', 'keyWordMatch'] as const;

/**
 * Messages whose analysis is remembered. One turn analyses the same text several times (the
 * policy's trace, rank, follow-up detection, clarification, each part of a compound question,
 * the candidates' questions): a few dozen recent texts cover a turn; older ones are dropped first.
 */
export const ANALYSIS_CACHE_SIZE = 32;

/** A separator with text after it: the only questions worth splitting (splitting costs ~10 µs). */
const COMPOUND_HINT = /[,，?？!！;；。、\s].*\p{L}/u;

export interface MatcherModel {
  pair: LogisticModel;
  /** Pair probability at or above which two questions count as the same (chosen on the dev pair sets). */
  pairThreshold: number;
  rank: LogisticModel;
  confidence: LogisticModel;
}

/** The features, in order, each of the three models is applied to; a model file must list exactly these. */
export const MODEL_FEATURES: ModelFeatureLists = { pair: PAIR_FEATURES, rank: RANK_FEATURES, confidence: CONFIDENCE_FEATURES };

export const SHIPPED_MODEL_FILE = 'src/nlu/model/weights.json';
let shipped: MatcherModel | undefined;

/**
 * The shipped model, validated the first time it is needed (src/nlu/model-file.ts): a file whose
 * features do not match the code throws WENDU_MODEL_INVALID when the first bot is built, so the
 * server refuses to start instead of scoring every question with misplaced weights. Checked on
 * first use rather than on import so that scripts/train-model.ts can still load the matcher to
 * fit a new file after the features change.
 */
export function shippedModel(): MatcherModel {
  return (shipped ??= parseModel(weights, MODEL_FEATURES, SHIPPED_MODEL_FILE));
}

export interface MatcherOptions {
  /** Synonym groups, canonical term first. */
  synonyms?: readonly (readonly string[])[];
  /** Extra words the segmenter must keep whole (tags, product names). */
  userWords?: readonly string[];
  model?: MatcherModel;
  /** The bot's own segmenter (its user words stay its own); the process-wide one by default. */
  segmenter?: Segmenter;
  /**
   * false: cut with the segmenter as it is and teach it no words — for a side index (the bot's
   * out-of-window entries) that must not change how the main index cuts questions. Default true.
   */
  teachSegmenter?: boolean;
  /** Lexical bridges beyond the knowledge base's own (bridges.ts): the general prior (null: none) and place links. */
  bridges?: { prior?: BridgeTable | null; places?: PlaceLinks };
}

/**
 * Leave-one-out without rebuilding: the listed questions (by text) and entries (by id) are ranked
 * as if they were not indexed. Self-calibration (src/dialog/calibration/) asks each question
 * against the rest of the knowledge base this way, thousands of times per knowledge change.
 */
export interface RankExclusion {
  questions?: ReadonlySet<string>;
  entryIds?: ReadonlySet<string>;
}

export interface Matcher {
  rank(query: string, k: number, options?: { exclude?: RankExclusion }): MatchCandidate[];
  /** Probability in [0,1] that two questions ask the same thing. */
  similarity(a: string, b: string): number;
  /** Features and logit of a pair, for the trace and for training. */
  pairEvidence(a: string, b: string): { features: Record<string, number>; logit: number };
  analyze(text: string): Analysis;
  /**
   * Indexes these entries in place of their earlier versions (or as new ones) without a rebuild,
   * so the next rank sees them: an edit answered at once. Weighed with the statistics of the
   * last full build and cut by the segmenter as it is (no words mined or taught) — see
   * docs/matching.md, "Incremental changes"; a full build folds them in exactly.
   */
  upsertEntries(entries: readonly MatchableEntry[]): void;
  /** Hides these entries from every later rank (archived, expired); unknown ids are ignored. */
  removeEntries(ids: readonly string[]): void;
  /** Entries changed in place since the full build (0 right after it). */
  readonly changedSinceBuild: number;
  readonly entryCount: number;
  readonly questionCount: number;
  /** Words mined from the entries' questions and kept whole (src/nlu/user-dictionary.ts). */
  readonly minedWords: readonly string[];
}

const enum DocKind {
  Question = 0,
  Answer = 1,
  Learned = 2,
}

/** Whether a knowledge question, analysed as a message now, reads as the index read it (`questionReading`). */
const enum Reading {
  Unchecked = 0,
  AsIndexed = 1,
  /** The message's readers (pinyin, English, places, homophones) or the segmenter now read it otherwise. */
  Otherwise = 2,
}

/** What a doc's recall score is multiplied by, indexed by its DocKind (Question, Answer, Learned). */
const RECALL_WEIGHT_OF_KIND = Float64Array.of(1, ANSWER_WEIGHT, LEARNED_QUESTION_WEIGHT);

interface EntryHit {
  entry: number;
  retrieval: number;
  docs: number[];
}

export function createMatcher(builtEntries: readonly MatchableEntry[], options: MatcherOptions = {}): Matcher {
  /** Every entry ever indexed, by entry number; a replaced or removed one stays, its docs hidden. */
  const entries = [...builtEntries];
  const model = options.model ?? shippedModel();
  const synonyms = new SynonymMap(options.synonyms ?? []);
  const segmenter = options.segmenter ?? sharedSegmenter();
  const teach = options.teachSegmenter ?? true;
  if (teach) segmenter.addUserWords([...synonyms.terms(), ...(options.userWords ?? [])]);
  const minedWords = teach ? mineUserWords(entries.map((e) => [e.question, ...e.similarQuestions].map((q) => normalize(q).text)), segmenter) : [];
  segmenter.addUserWords(minedWords);

  // Customers' English service words (english-terms.ts) and full-pinyin messages (pinyin-input.ts)
  // are read back into the questions' own words.
  const englishTerms = new EnglishTermReader();
  const pinyinInput = new PinyinInputReader();
  // … and places the knowledge base never names are read as the larger place it does (bridges.ts).
  const placeLinks = options.bridges?.places ?? new Map();
  const placeReader = new PlaceReader(placeLinks, (text) => segmenter.segment(text), (word) => synonyms.canonicalOf(word));
  // … and homophone typos (七天无礼由 → 七天无理由) as the knowledge base writes them (homophone-reader.ts).
  const homophones = new HomophoneReader();
  const readLatin = (text: string) => homophones.read(placeReader.read(pinyinInput.read(englishTerms.read(text))));
  const profiles = new Profiles();
  // The indexes and the profiles share token ids, so a query's tokens are looked up once.
  const words = new InvertedIndexBuilder(profiles.lexicons.words);
  const bigrams = new InvertedIndexBuilder(profiles.lexicons.bigrams);
  const pinyin = new InvertedIndexBuilder(profiles.lexicons.pinyinBigrams);
  const docEntry: number[] = [];
  const docKind: DocKind[] = [];
  const docText: string[] = [];
  /** Each question's comparison profile, prepared at indexing (-1 for answer texts). */
  const docProfile: number[] = [];
  /** The question a doc was indexed from (a compound standard question's parts point to it). */
  const docSource: string[] = [];
  const bridgeLearner = new BridgeLearner();
  const firstDocOfEntry: number[] = [];
  /**
   * The first question doc of each question text: a pair probability with a knowledge question
   * (猜你想问 compares the customer's words with each neighbour's matched question) reads the
   * profile the index holds instead of analysing the text again (docs/performance.md).
   */
  const docOfQuestion = new Map<string, number>();

  /** Indexes entry number `e`'s questions and answer text as the next docs, into these indexes. */
  function indexEntry(entry: MatchableEntry, e: number, into: Record<'words' | 'bigrams' | 'pinyin', { addIds(doc: number, ids: readonly number[]): void }>): void {
    firstDocOfEntry.push(docEntry.length);
    // A compound standard question (运费怎么算，满多少包邮？) is also indexed by each of its
    // parts, so a customer asking just one part meets it as an exact match. (Similar questions
    // are customers' own single utterances; splitting them measured slightly worse on dev.)
    const own = new Set([entry.question, ...entry.similarQuestions]);
    const questions = new Set(own);
    const parts = COMPOUND_HINT.test(entry.question.trim()) ? splitQuestions(entry.question) : [];
    if (parts.length > 1) for (const part of parts) questions.add(part);
    const paraphrases: string[][] = [];
    // Learned phrasings the operator already has are indexed once, as the operator's.
    const learned = (entry.learnedQuestions ?? []).filter((q) => !questions.has(q));
    const kindOf = new Map<string, DocKind>([...[...questions].map((q) => [q, DocKind.Question] as const), ...learned.map((q) => [q, DocKind.Learned] as const)]);
    for (const [question, kind] of kindOf) {
      const doc = docEntry.length;
      const a = analyze(question, synonyms, segmenter);
      pinyinInput.learn(a.writtenWords);
      homophones.learn(a.normalized.text);
      englishTerms.learn(a.writtenWords);
      // Every question, the learned ones too, is a paraphrase of the entry's others: a customer's
      // word learned once (锁了 beside 服务密码被锁定了) bridges to the knowledge base's for every query.
      paraphrases.push(a.terms);
      placeReader.learn(a.terms);
      docEntry.push(e);
      docKind.push(kind);
      docText.push(question);
      docSource.push(own.has(question) || kind === DocKind.Learned ? question : entry.question);
      if (!docOfQuestion.has(question)) docOfQuestion.set(question, doc);
      const ids = profiles.idsOf(a, true);
      docProfile.push(profiles.add(a, ids));
      into.words.addIds(doc, ids.terms);
      into.bigrams.addIds(doc, ids.bigrams);
      into.pinyin.addIds(doc, ids.pinyinBigrams);
    }
    bridgeLearner.addParaphrases(paraphrases);
    if (entry.answerText) {
      const doc = docEntry.length;
      const a = analyze(entry.answerText, synonyms, segmenter);
      docEntry.push(e);
      docKind.push(DocKind.Answer);
      docText.push(entry.answerText);
      docSource.push('');
      docProfile.push(-1);
      into.words.addIds(doc, profiles.lexicons.words.idsOf(a.terms, true));
      into.bigrams.addIds(doc, []);
      into.pinyin.addIds(doc, []);
    }
  }
  builtEntries.forEach((entry, e) => indexEntry(entry, e, { words, bigrams, pinyin }));

  const index = { words: words.build(), bigrams: bigrams.build(), pinyin: pinyin.build() };
  profiles.seal();
  const bridges = new LexicalBridges(
    { knowledge: bridgeLearner.table(KB_BRIDGE_OPTIONS), prior: options.bridges?.prior === undefined ? shippedBridgePrior() : options.bridges.prior, places: placeLinks },
    // A translation in more than MAX_DOC_FRACTION of the questions is skipped, as in recall: it costs most, decides least.
    (word) => {
      const id = profiles.lexicons.words.find(word);
      const df = index.words.documentFrequencyOf(id);
      return df > 0 && (index.words.docCount < MIN_DOCS_TO_SKIP_COMMON || df <= index.words.docCount * MAX_DOC_FRACTION) ? id : -1;
    },
    profiles.lexicons.words,
  );
  // Entries changed after the build: their docs follow the built ones, in overlays weighed with
  // the built statistics; the docs of their earlier versions (and of removed entries) are hidden.
  const overlay = { words: new InvertedIndexOverlay(index.words), bigrams: new InvertedIndexOverlay(index.bigrams), pinyin: new InvertedIndexOverlay(index.pinyin) };
  const removedDocs = new Set<number>();
  let changedSinceBuild = 0;
  let scores = new Float64Array(docEntry.length);
  /**
   * Each doc's recall score is multiplied by its kind's weight. Read for every touched doc (in no
   * order), so the kinds are one byte a doc: the whole array stays in the nearest cache.
   */
  let kindOfDoc = Uint8Array.from(docKind);
  /**
   * Per doc, a `Reading`: a knowledge question's profile stands for its text in a pair only once its
   * analysis as a message was found to give the very same profile (so the same features to the bit).
   */
  let questionReading = new Uint8Array(docEntry.length);
  /** Recall's merged best docs' scores (the operator's best RECALL_DOCS and as many learned ones), and each list's own. */
  const topScores = new Float64Array(2 * RECALL_DOCS);
  const operatorTopScores = new Float64Array(RECALL_DOCS);
  const learnedTopScores = new Float64Array(RECALL_DOCS);
  /** The features of the question being scored, reused for every one. */
  const scratchFeatures = new Float64Array(RANK_FEATURES.length);
  /** … and those of a returned entry, read into its trace at once. */
  const traceFeatures = new Float64Array(RANK_FEATURES.length);
  /**
   * The pair features of every question compared in this ranking, by doc: entry support and the
   * trace compare the query with some of them again (at most every recalled doc, plus one question
   * per entry reached through its answer).
   */
  const compared = { docs: new Int32Array(2 * RECALL_DOCS + RERANK_ENTRIES), count: 0, features: new Float64Array((2 * RECALL_DOCS + RERANK_ENTRIES) * PAIR_FEATURES.length) };
  const supportFeatures = new Float64Array(PAIR_FEATURES.length);

  /** The docs of each question text, for exclusions (built on first use). */
  let docsOfSource: Map<string, number[]> | undefined;
  /** The entry number of each id in force. */
  const entryIndex = new Map(entries.map((e, i) => [e.id, i]));

  /** The doc range of entry number `e`. */
  const docsOf = (e: number): [number, number] => [firstDocOfEntry[e], e + 1 < firstDocOfEntry.length ? firstDocOfEntry[e + 1] : docEntry.length];

  function hideEntry(id: string): void {
    const e = entryIndex.get(id);
    if (e === undefined) return;
    const [start, end] = docsOf(e);
    for (let doc = start; doc < end; doc++) removedDocs.add(doc);
    entryIndex.delete(id);
  }

  function upsertEntries(changed: readonly MatchableEntry[]): void {
    for (const entry of changed) {
      hideEntry(entry.id);
      const e = entries.length;
      entries.push(entry);
      entryIndex.set(entry.id, e);
      indexEntry(entry, e, overlay);
    }
    changedSinceBuild += changed.length;
    profiles.forgetTemporary();
    scores = new Float64Array(docEntry.length);
    kindOfDoc = Uint8Array.from(docKind);
    // The new entries taught the message's readers (pinyin, places, homophones): every question is read again once.
    questionReading = new Uint8Array(docEntry.length);
    docsOfSource = undefined;
    recentAnalyses.clear();
  }

  function removeEntries(ids: readonly string[]): void {
    for (const id of ids) {
      if (!entryIndex.has(id)) continue;
      hideEntry(id);
      changedSinceBuild++;
    }
    docsOfSource = undefined;
  }
  /** The docs an exclusion hides; the look-ups are built on first use (only calibration excludes). */
  function excludedDocs(exclude: RankExclusion | undefined): Set<number> | null {
    if (!exclude || (!exclude.questions?.size && !exclude.entryIds?.size)) return removedDocs.size ? removedDocs : null;
    const hidden = new Set<number>(removedDocs);
    if (exclude.questions?.size) {
      if (!docsOfSource) {
        docsOfSource = new Map();
        docSource.forEach((source, doc) => {
          if (docKind[doc] === DocKind.Answer) return;
          const list = docsOfSource!.get(source);
          if (list) list.push(doc);
          else docsOfSource!.set(source, [doc]);
        });
      }
      for (const q of exclude.questions) for (const doc of docsOfSource.get(q) ?? []) hidden.add(doc);
    }
    if (exclude.entryIds?.size) {
      for (const id of exclude.entryIds) {
        const e = entryIndex.get(id);
        if (e === undefined) continue;
        const [start, end] = docsOf(e);
        for (let doc = start; doc < end; doc++) hidden.add(doc);
      }
    }
    return hidden;
  }

  /** The entry's first question still visible: what an answer-text-only hit is compared with. */
  function firstVisibleQuestion(e: number, hidden: Set<number> | null): number | undefined {
    if (!hidden) return firstDocOfEntry[e];
    const [start, end] = docsOf(e);
    for (let doc = start; doc < end; doc++) if (docKind[doc] !== DocKind.Answer && !hidden.has(doc)) return doc;
    return undefined;
  }

  const touched = new TouchedDocs();
  /**
   * BM25 recall: the best RECALL_DOCS docs (and the best RECALL_DOCS learned ones beside them),
   * best first, with their scores in `topScores`. One
   * pass over the touched docs weighs answers down, keeps the best and clears `scores` for the
   * next query (a bounded insertion list: k is small, touched docs are thousands).
   */
  /** One bridged word for recall (a reused list: the words are walked one by one, each at its own weight). */
  const bridgedWord = [0];
  function recall(ids: TokenIds, hidden: Set<number> | null, bridged: QueryBridges | null): number[] {
    touched.count = 0;
    const add = (ix: InvertedIndex, tokens: number[], boost: number) =>
      ix.accumulateIds(tokens, boost, scores, touched, MAX_DOC_FRACTION);
    add(index.words, ids.terms, RECALL_BOOST.word);
    // Words the query reaches through a bridge, at a lower weight (bridges.ts).
    for (let i = 0; bridged && i < bridged.recallIds.length; i++) {
      bridgedWord[0] = bridged.recallIds[i];
      index.words.accumulateIds(bridgedWord, RECALL_BOOST.word * BRIDGE_RECALL_WEIGHT * bridged.recallAssociations[i], scores, touched, MAX_DOC_FRACTION);
    }
    add(index.bigrams, ids.bigrams, RECALL_BOOST.bigram);
    add(index.pinyin, ids.pinyinBigrams, RECALL_BOOST.pinyin);
    if (changedSinceBuild) {
      overlay.words.accumulateIds(ids.terms, RECALL_BOOST.word, scores, touched, MAX_DOC_FRACTION);
      overlay.bigrams.accumulateIds(ids.bigrams, RECALL_BOOST.bigram, scores, touched, MAX_DOC_FRACTION);
      overlay.pinyin.accumulateIds(ids.pinyinBigrams, RECALL_BOOST.pinyin, scores, touched, MAX_DOC_FRACTION);
    }
    const k = RECALL_DOCS;
    // Learned docs keep a best-k of their own (rule "learned phrasings add evidence, never
    // dilute it"): recalled beside the operator's questions, never in their place.
    const top: number[] = [];
    const learnedTop: number[] = [];
    for (let t = 0; t < touched.count; t++) {
      const doc = touched.docs[t];
      let s = scores[doc];
      scores[doc] = 0;
      const learned = kindOfDoc[doc] === DocKind.Learned;
      const list = learned ? learnedTop : top;
      const listScores = learned ? learnedTopScores : operatorTopScores;
      // No kind weighs a doc up (RECALL_WEIGHT_OF_KIND ≤ 1): a doc already below the k-th stays there.
      if (list.length === k && s <= listScores[k - 1]) continue;
      if (hidden?.has(doc)) continue;
      s *= RECALL_WEIGHT_OF_KIND[kindOfDoc[doc]];
      if (list.length === k && s <= listScores[k - 1]) continue;
      let i = list.length === k ? k - 1 : list.length;
      while (i > 0 && listScores[i - 1] < s) {
        list[i] = list[i - 1];
        listScores[i] = listScores[i - 1];
        i--;
      }
      list[i] = doc;
      listScores[i] = s;
    }
    if (learnedTop.length === 0) {
      topScores.set(operatorTopScores.subarray(0, top.length));
      return top;
    }
    // Both lists best first: merged, the operator's doc first among equals.
    const merged: number[] = [];
    for (let a = 0, b = 0; a < top.length || b < learnedTop.length; ) {
      const takeOperator = b === learnedTop.length || (a < top.length && operatorTopScores[a] >= learnedTopScores[b]);
      topScores[merged.length] = takeOperator ? operatorTopScores[a] : learnedTopScores[b];
      merged.push(takeOperator ? top[a++] : learnedTop[b++]);
    }
    return merged;
  }

  const recentAnalyses = new Map<string, Analysis>();

  /**
   * A customer's message, analysed as rank, similarity and the dialog policy see it. The same
   * Analysis object is returned for the same text while it is recent: callers only read it.
   */
  function analyzeMessage(text: string): Analysis {
    let a = recentAnalyses.get(text);
    if (!a) {
      a = analyze(text, synonyms, segmenter, readLatin);
      if (recentAnalyses.size >= ANALYSIS_CACHE_SIZE) recentAnalyses.delete(recentAnalyses.keys().next().value as string);
      recentAnalyses.set(text, a);
    }
    return a;
  }

  function rank(query: string, k: number, options: { exclude?: RankExclusion } = {}): MatchCandidate[] {
    try {
      return rankAnalysed(analyzeMessage(query), k, excludedDocs(options.exclude));
    } finally {
      profiles.forgetTemporary();
    }
  }

  function rankAnalysed(a: Analysis, k: number, hidden: Set<number> | null = null): MatchCandidate[] {
    compared.count = 0;
    const ids = profiles.idsOf(a, false);
    const qp = profiles.addTemporary(a, ids);
    const bridged = bridges.forQuery(a.terms, ids.terms);
    const query = bridgeQueryOf(bridged);
    const recalled = recall(ids, hidden, bridged);
    // Recalled docs come best first, so each entry's first doc holds its retrieval score and the
    // entries are met in the order of that score (ties in recall order). A scan of the entries
    // found so far beats a Map per query; without exclusions only the first RERANK_ENTRIES can be
    // reranked, so later entries are not even collected (with them, some may be filtered out below).
    const hits: EntryHit[] = [];
    const collect = hidden ? Infinity : RERANK_ENTRIES;
    for (let j = 0; j < recalled.length; j++) {
      const doc = recalled[j];
      const e = docEntry[doc];
      let hit: EntryHit | undefined;
      for (let h = 0; h < hits.length && !hit; h++) if (hits[h].entry === e) hit = hits[h];
      if (!hit) {
        if (hits.length === collect) continue;
        hits.push((hit = { entry: e, retrieval: topScores[j], docs: [] }));
      }
      if (docKind[doc] !== DocKind.Answer) hit.docs.push(doc);
    }
    // An entry reached only through its answer needs a visible question to be compared with.
    const comparable = hidden ? hits.filter((hit) => hit.docs.length > 0 || firstVisibleQuestion(hit.entry, hidden) !== undefined) : hits;
    const reranked = comparable.slice(0, RERANK_ENTRIES);
    if (reranked.length === 0) return [];
    const best = reranked[0].retrieval;

    const scored = reranked.map((hit) => {
      const fromAnswer = hit.docs.length === 0 ? 1 : 0;
      const retrieval = best > 0 ? hit.retrieval / best : 0;
      let bestDoc = fromAnswer ? firstVisibleQuestion(hit.entry, hidden)! : hit.docs[0];
      let rankScore = -Infinity;
      for (let i = 0; i < (fromAnswer ? 1 : hit.docs.length); i++) {
        const doc = fromAnswer ? bestDoc : hit.docs[i];
        const z = logit(model.rank, rankFeatures(qp, doc, retrieval, fromAnswer, scratchFeatures, query)) + (kindOfDoc[doc] === DocKind.Learned ? LEARNED_RANK_OFFSET : 0);
        if (z > rankScore) {
          rankScore = z;
          bestDoc = doc;
        }
      }
      return { hit, bestDoc, retrieval, fromAnswer, rankScore };
    });
    scored.sort((x, y) => y.rankScore - x.rankScore);

    return scored.slice(0, k).map((s, i) => {
      const support = i < SUPPORTED_CANDIDATES ? entrySupport(qp, s.hit, s.bestDoc, hidden) : null;
      const other = i === 0 ? scored[1]?.rankScore : scored[0].rankScore;
      const margin = other === undefined ? s.rankScore - model.rank.bias : s.rankScore - other;
      // Only the few returned entries need their features again: cheaper than keeping every entry's.
      const f = rankFeatures(qp, s.bestDoc, s.retrieval, s.fromAnswer, traceFeatures, query);
      const confidence = sigmoid(logit(model.confidence, [s.rankScore, margin, f[COVERAGE_QUERY], f[KEY_WORD_MATCH]]));
      const features: Record<string, number> = {};
      for (let j = 0; j < RANK_FEATURES.length; j++) features[RANK_FEATURES[j]] = round(f[j]);
      features.rankScore = round(s.rankScore);
      features.margin = round(margin);
      if (support) {
        features.support = round(support.best);
        features.supportMean = round(support.mean);
        features.supportQuestions = support.questions;
        const visible = visibleQuestions(s.hit, hidden);
        features.entryCoverage = round(profiles.unionCoverage(qp, visible.map((doc) => docProfile[doc])));
        features.recalledShare = round(s.hit.docs.length / Math.max(1, visible.length));
      }
      return {
        entryId: entries[s.hit.entry].id,
        matchedQuestion: docText[s.bestDoc],
        score: round(s.rankScore),
        confidence: round(confidence),
        features,
      };
    });
  }

  /**
   * How strongly the entry's *other* questions (not the one that matched best, not hidden) say the
   * query is a paraphrase of them, by the pair model: a right first entry is usually near several
   * of its operator's phrasings, a wrong one wins on one chance overlap (docs/confidence.md,
   * "Entry support"). A compound question's parts count as their question, not again; a learned
   * phrasing counts only when recall found it (`countsAsEvidence`).
   */
  function entrySupport(qp: number, hit: EntryHit, matchedDoc: number, hidden: Set<number> | null): { best: number; mean: number; questions: number } {
    const [start, end] = docsOf(hit.entry);
    let best = 0;
    let sum = 0;
    let questions = 0;
    for (let doc = start; doc < end; doc++) {
      if (doc === matchedDoc || docKind[doc] === DocKind.Answer || hidden?.has(doc) || docSource[doc] !== docText[doc] || !countsAsEvidence(doc, hit)) continue;
      const p = sigmoid(logit(model.pair, symmetricFromDirected(profiles, qp, docProfile[doc], pairFeatures(qp, doc, supportFeatures))));
      best = Math.max(best, p);
      sum += p;
      questions++;
    }
    return { best, mean: questions ? sum / questions : 0, questions };
  }

  /**
   * The entry's visible questions (not its answer, not hidden), read together by the answer model
   * (src/dialog/calibration/answer-model.ts): how much of the query they cover between them
   * (`entryCoverage`, Profiles.unionCoverage) and the share of them recall found among its best
   * RECALL_DOCS questions (`recalledShare`): a customer's words for the right entry usually echo
   * several of its phrasings, a wrong entry's match rests on one. Learned phrasings only as
   * `countsAsEvidence` lets them.
   */
  function visibleQuestions(hit: EntryHit, hidden: Set<number> | null): number[] {
    const [start, end] = docsOf(hit.entry);
    const visible: number[] = [];
    for (let doc = start; doc < end; doc++) if (docKind[doc] !== DocKind.Answer && !hidden?.has(doc) && countsAsEvidence(doc, hit)) visible.push(doc);
    return visible;
  }

  /**
   * Rule "learned phrasings add evidence, never dilute it" (docs/learning.md, 2026-11-30 learndrop):
   * an entry's operator questions always count in its entry-level evidence (support mean, the
   * share recall found, coverage), a learned phrasing only when recall found it for this query.
   * Customers' phrasings are many and scattered; counted unfound, each one learned lowered the
   * share and the mean of the entry it was learned for, so learning cut the confidence of that
   * entry's right answers (这款啥时候补货呀: recalledShare 0.71 → 0.56, confidence 0.91 → 0.84).
   */
  function countsAsEvidence(doc: number, hit: EntryHit): boolean {
    return kindOfDoc[doc] !== DocKind.Learned || hit.docs.includes(doc);
  }

  /**
   * The query's distinct content words with their IDF and their bridges, by word id, as the
   * bridge feature weighs them (null when no word is bridged: the feature is 0 for every question).
   */
  function bridgeQueryOf(bridged: QueryBridges | null): BridgeQuery<number> | null {
    if (!bridged) return null;
    // A word's IDF is the lexicon's weight for it: wordIdf, read once per knowledge base.
    const idfOfTerm = bridged.terms.map((id) => profiles.lexicons.words.weights[id]);
    return { terms: bridged.terms, idfOfTerm, idfTotal: idfOfTerm.reduce((sum, x) => sum + x, 0), translations: bridged.translations, associations: bridged.associations };
  }

  /** The question bridgeMatch is looking at (one predicate for every question, not a closure each). */
  let bridgedProfile = -1;
  const bridgedProfileHas = (word: number) => profiles.hasWord(bridgedProfile, word);

  /** The pair features of query profile `qp` and question `doc` into `out`: from this ranking's comparisons when it made this one. */
  function pairFeatures(qp: number, doc: number, out: Float64Array): Float64Array {
    const n = PAIR_FEATURES.length;
    for (let c = 0; c < compared.count; c++) {
      if (compared.docs[c] !== doc) continue;
      for (let j = 0; j < n; j++) out[j] = compared.features[c * n + j];
      return out;
    }
    profiles.features(qp, docProfile[doc], out);
    if (compared.count < compared.docs.length) {
      compared.docs[compared.count] = doc;
      for (let j = 0; j < n; j++) compared.features[compared.count * n + j] = out[j];
      compared.count++;
    }
    return out;
  }

  /** What the rank model weighs for query profile `qp` and question `doc`, into `out`. */
  function rankFeatures(qp: number, doc: number, retrieval: number, fromAnswer: number, out: Float64Array, bridgedQuery: BridgeQuery<number> | null): Float64Array {
    const d = docProfile[doc];
    pairFeatures(qp, doc, out);
    out[PAIR_FEATURES.length] = retrieval;
    out[PAIR_FEATURES.length + 1] = fromAnswer;
    bridgedProfile = d;
    out[PAIR_FEATURES.length + 2] = bridgedQuery ? bridgeMatch(bridgedQuery, bridgedProfileHas) : 0;
    return out;
  }

  /**
   * A text's profile for a pair: a knowledge question's from the index once it is known to read as
   * indexed, any other text analysed as a message (temporary, until `forgetTemporary`).
   */
  function pairProfileOf(text: string): number {
    const doc = docOfQuestion.get(text);
    if (doc !== undefined && questionReading[doc] === Reading.AsIndexed) return docProfile[doc];
    const profile = profiles.addTemporary(analyzeMessage(text));
    if (doc !== undefined && questionReading[doc] === Reading.Unchecked) questionReading[doc] = profiles.same(profile, docProfile[doc]) ? Reading.AsIndexed : Reading.Otherwise;
    return profile;
  }

  function pairEvidence(x: string, y: string) {
    let f: Float64Array;
    try {
      f = symmetricPairFeatures(profiles, pairProfileOf(x), pairProfileOf(y));
    } finally {
      profiles.forgetTemporary();
    }
    const features: Record<string, number> = {};
    PAIR_FEATURES.forEach((name, j) => (features[name] = round(f[j])));
    return { features, logit: logit(model.pair, f) };
  }

  return {
    rank,
    similarity: (x, y) => sigmoid(pairEvidence(x, y).logit),
    pairEvidence,
    analyze: analyzeMessage,
    upsertEntries,
    removeEntries,
    get changedSinceBuild() {
      return changedSinceBuild;
    },
    get entryCount() {
      return entryIndex.size;
    },
    get questionCount() {
      return docEntry.length - removedDocs.size;
    },
    minedWords,
  };
}

const ROUND = 1e4;
function round(x: number): number {
  return Math.round(x * ROUND) / ROUND;
}
