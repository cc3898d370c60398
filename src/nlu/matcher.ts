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
import { PinyinInputReader } from './pinyin-input.js';
import { InvertedIndexBuilder, MIN_DOCS_TO_SKIP_COMMON, type InvertedIndex } from './inverted-index.js';
import { logit, sigmoid, type LogisticModel } from './logistic.js';
import { PAIR_FEATURES, pairFeatures, profile, symmetricPairFeatures, type Profile } from './pair-features.js';
import { sharedSegmenter, type Segmenter } from './segment.js';
import { SynonymMap } from './synonyms.js';
import { mineUserWords } from './user-dictionary.js';
import { splitQuestions } from './split-questions.js';
import { normalize } from './normalize.js';
import type { MatchableEntry, MatchCandidate } from './types.js';
import { parseModel, type ModelFeatureLists } from './model-file.js';
import weights from './model/weights.json' with { type: 'json' };
import { BridgeLearner, bridgeMatch, BRIDGE_RECALL_WEIGHT, KB_BRIDGE_OPTIONS, LexicalBridges, PlaceReader, shippedBridgePrior, type BridgeTable, type PlaceLinks, type QueryBridges } from './bridges.js';

/** How much each token kind counts in recall. Tuned on bq_dev / lcqmc_dev (scripts/train-model.ts). */
export const RECALL_BOOST = { word: 1, bigram: 0.6, pinyin: 0.4 } as const;
/** A match in the answer text counts this much of a match in a question. */
export const ANSWER_WEIGHT = 0.3;
/** Questions kept after recall, and entries reranked by the pair model. */
export const RECALL_DOCS = 60;
export const RERANK_ENTRIES = 12;
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

export interface Matcher {
  rank(query: string, k: number): MatchCandidate[];
  /** Probability in [0,1] that two questions ask the same thing. */
  similarity(a: string, b: string): number;
  /** Features and logit of a pair, for the trace and for training. */
  pairEvidence(a: string, b: string): { features: Record<string, number>; logit: number };
  analyze(text: string): Analysis;
  readonly entryCount: number;
  readonly questionCount: number;
  /** Words mined from the entries' questions and kept whole (src/nlu/user-dictionary.ts). */
  readonly minedWords: readonly string[];
}

const enum DocKind {
  Question = 0,
  Answer = 1,
}

interface EntryHit {
  entry: number;
  retrieval: number;
  docs: number[];
}

export function createMatcher(entries: readonly MatchableEntry[], options: MatcherOptions = {}): Matcher {
  const model = options.model ?? shippedModel();
  const synonyms = new SynonymMap(options.synonyms ?? []);
  const segmenter = options.segmenter ?? sharedSegmenter();
  const teach = options.teachSegmenter ?? true;
  if (teach) segmenter.addUserWords([...synonyms.terms(), ...(options.userWords ?? [])]);
  const minedWords = teach ? mineUserWords(entries.map((e) => [e.question, ...e.similarQuestions].map((q) => normalize(q).text)), segmenter) : [];
  segmenter.addUserWords(minedWords);

  // Customers' full-pinyin messages are read back into the questions' own words (pinyin-input.ts).
  const pinyinInput = new PinyinInputReader();
  // … and places the knowledge base never names are read as the larger place it does (bridges.ts).
  const placeLinks = options.bridges?.places ?? new Map();
  const placeReader = new PlaceReader(placeLinks, (text) => segmenter.segment(text), (word) => synonyms.canonicalOf(word));
  const readLatin = (text: string) => placeReader.read(pinyinInput.read(text));
  const words = new InvertedIndexBuilder();
  const bigrams = new InvertedIndexBuilder();
  const pinyin = new InvertedIndexBuilder();
  const docEntry: number[] = [];
  const docKind: DocKind[] = [];
  const docText: string[] = [];
  const docProfile: (Profile | null)[] = [];
  const firstDocOfEntry: number[] = [];
  const bridgeLearner = new BridgeLearner();

  entries.forEach((entry, e) => {
    firstDocOfEntry.push(docEntry.length);
    // A compound standard question (运费怎么算，满多少包邮？) is also indexed by each of its
    // parts, so a customer asking just one part meets it as an exact match. (Similar questions
    // are customers' own single utterances; splitting them measured slightly worse on dev.)
    const questions = new Set([entry.question, ...entry.similarQuestions]);
    const parts = COMPOUND_HINT.test(entry.question.trim()) ? splitQuestions(entry.question) : [];
    if (parts.length > 1) for (const part of parts) questions.add(part);
    const paraphrases: string[][] = [];
    for (const question of questions) {
      const doc = docEntry.length;
      const a = analyze(question, synonyms, segmenter);
      pinyinInput.learn(a.writtenWords);
      docEntry.push(e);
      docKind.push(DocKind.Question);
      docText.push(question);
      docProfile.push(null);
      words.add(doc, a.terms);
      bigrams.add(doc, a.bigrams);
      pinyin.add(doc, a.pinyinBigrams);
      paraphrases.push(a.terms);
      placeReader.learn(a.terms);
    }
    bridgeLearner.addParaphrases(paraphrases);
    if (entry.answerText) {
      const doc = docEntry.length;
      const a = analyze(entry.answerText, synonyms, segmenter);
      docEntry.push(e);
      docKind.push(DocKind.Answer);
      docText.push(entry.answerText);
      docProfile.push(null);
      words.add(doc, a.terms);
      bigrams.add(doc, []);
      pinyin.add(doc, []);
    }
  });

  const index = { words: words.build(), bigrams: bigrams.build(), pinyin: pinyin.build() };
  const scores = new Float64Array(docEntry.length);
  const bridges = new LexicalBridges(
    { knowledge: bridgeLearner.table(KB_BRIDGE_OPTIONS), prior: options.bridges?.prior === undefined ? shippedBridgePrior() : options.bridges.prior, places: placeLinks },
    // A translation in more than MAX_DOC_FRACTION of the questions is skipped, as in recall: it costs most, decides least.
    (word) => {
      const df = index.words.documentFrequency(word);
      return df > 0 && (index.words.docCount < MIN_DOCS_TO_SKIP_COMMON || df <= index.words.docCount * MAX_DOC_FRACTION);
    },
  );

  /**
   * A question's comparison profile, built the first time recall brings it up: most questions
   * of a large knowledge base are never compared, and building all of them up front costs a
   * third of indexing time and memory.
   */
  function profileOf(doc: number): Profile {
    let p = docProfile[doc];
    if (!p) docProfile[doc] = p = profile(analyze(docText[doc], synonyms, segmenter));
    return p;
  }

  /** BM25 recall; leaves scores in `scores` for the touched docs (the caller clears them). */
  function recall(a: Analysis, touched: number[], bridged: QueryBridges): number[] {
    const add = (ix: InvertedIndex, tokens: string[], boost: number) =>
      ix.accumulate(tokens, boost, scores, touched, MAX_DOC_FRACTION);
    add(index.words, a.terms, RECALL_BOOST.word);
    for (const [word, association] of LexicalBridges.recallTerms(bridged)) add(index.words, [word], RECALL_BOOST.word * BRIDGE_RECALL_WEIGHT * association);
    add(index.bigrams, a.bigrams, RECALL_BOOST.bigram);
    add(index.pinyin, a.pinyinBigrams, RECALL_BOOST.pinyin);
    for (const doc of touched) if (docKind[doc] === DocKind.Answer) scores[doc] *= ANSWER_WEIGHT;
    return topByScore(touched, RECALL_DOCS);
  }

  /** The k best docs without sorting all of them: a bounded insertion list (k is small). */
  function topByScore(docs: readonly number[], k: number): number[] {
    const top: number[] = [];
    for (const doc of docs) {
      const s = scores[doc];
      if (top.length === k && s <= scores[top[k - 1]]) continue;
      let i = top.length === k ? k - 1 : top.length;
      while (i > 0 && scores[top[i - 1]] < s) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = doc;
    }
    return top;
  }

  function rank(query: string, k: number): MatchCandidate[] {
    const a = analyze(query, synonyms, segmenter, readLatin);
    const qp = profile(a);
    const touched: number[] = [];
    const bridged = bridges.forQuery(qp.terms);
    const touchedTop = recall(a, touched, bridged);
    const hits = new Map<number, EntryHit>();
    for (const doc of touchedTop) {
      const e = docEntry[doc];
      let hit = hits.get(e);
      if (!hit) hits.set(e, (hit = { entry: e, retrieval: 0, docs: [] }));
      hit.retrieval = Math.max(hit.retrieval, scores[doc]);
      if (docKind[doc] === DocKind.Question) hit.docs.push(doc);
    }
    for (const doc of touched) scores[doc] = 0;
    const reranked = [...hits.values()].sort((x, y) => y.retrieval - x.retrieval).slice(0, RERANK_ENTRIES);
    if (reranked.length === 0) return [];
    const best = reranked[0].retrieval;

    const scored = reranked.map((hit) => {
      const fromAnswer = hit.docs.length === 0 ? 1 : 0;
      const docs = fromAnswer ? [firstDocOfEntry[hit.entry]] : hit.docs;
      const retrieval = best > 0 ? hit.retrieval / best : 0;
      let bestDoc = docs[0];
      let rankScore = -Infinity;
      // Two buffers per entry, swapped: the best question's features and the one being scored.
      let bestFeatures = new Float64Array(RANK_FEATURES.length);
      let f = new Float64Array(RANK_FEATURES.length);
      for (const doc of docs) {
        pairFeatures(qp, profileOf(doc), f);
        f[PAIR_FEATURES.length] = retrieval;
        f[PAIR_FEATURES.length + 1] = fromAnswer;
        f[PAIR_FEATURES.length + 2] = bridgeMatch(qp, bridged, profileOf(doc));
        const z = logit(model.rank, f);
        if (z > rankScore) {
          rankScore = z;
          bestDoc = doc;
          [bestFeatures, f] = [f, bestFeatures];
        }
      }
      return { hit, bestDoc, bestFeatures, rankScore };
    });
    scored.sort((x, y) => y.rankScore - x.rankScore);

    return scored.slice(0, k).map((s, i) => {
      const other = i === 0 ? scored[1]?.rankScore : scored[0].rankScore;
      const margin = other === undefined ? s.rankScore - model.rank.bias : s.rankScore - other;
      const f = s.bestFeatures;
      const confidence = sigmoid(logit(model.confidence, [s.rankScore, margin, f[COVERAGE_QUERY], f[KEY_WORD_MATCH]]));
      const features: Record<string, number> = {};
      RANK_FEATURES.forEach((name, j) => (features[name] = round(s.bestFeatures[j])));
      Object.assign(features, { rankScore: round(s.rankScore), margin: round(margin) });
      return {
        entryId: entries[s.hit.entry].id,
        matchedQuestion: docText[s.bestDoc],
        score: round(s.rankScore),
        confidence: round(confidence),
        features,
      };
    });
  }

  function pairEvidence(x: string, y: string) {
    const px = profile(analyze(x, synonyms, segmenter, readLatin));
    const py = profile(analyze(y, synonyms, segmenter, readLatin));
    const f = symmetricPairFeatures(px, py);
    const features: Record<string, number> = {};
    PAIR_FEATURES.forEach((name, j) => (features[name] = round(f[j])));
    return { features, logit: logit(model.pair, f) };
  }

  return {
    rank,
    similarity: (x, y) => sigmoid(pairEvidence(x, y).logit),
    pairEvidence,
    analyze: (text) => analyze(text, synonyms, segmenter, readLatin),
    entryCount: entries.length,
    questionCount: docEntry.length,
    minedWords,
  };
}

const ROUND = 1e4;
function round(x: number): number {
  return Math.round(x * ROUND) / ROUND;
}
