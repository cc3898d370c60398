/**
 * The Bot: one tenant's answering runtime. It keeps a matcher built from the published
 * knowledge. An entry change (create, edit, archive, validity; from this instance or, relayed,
 * from another) is applied to the live matcher in place at once — the next question is answered
 * from it — and a full rebuild then runs in the background and replaces the index when done,
 * without holding answers (docs/matching.md, "Incremental changes"). Changes that move global
 * statistics (synonyms, the dictionary, a large import) rebuild, and questions asked meanwhile
 * wait for that rebuild as before. Only entries inside their validity
 * window are indexed (src/dialog/validity-index.ts): the bot re-indexes at the next validity
 * boundary, by a timer and, should the timer be late, before any question asked after it.
 */
import type { BotSettings } from '../config/settings.js';
import { WenduError } from '../errors/index.js';
import type { KnowledgeChange, KnowledgeService } from '../kb/service.js';
import { answerText, isServable, type Channel, type KnowledgeEntry } from '../kb/schemas.js';
import { renderBlocks } from '../reply/templates.js';
import { createMatcher, RERANK_ENTRIES, shippedModel, type Matcher, type MatcherOptions } from '../nlu/matcher.js';
import { TurnRankings } from '../nlu/turn-rankings.js';
import { resolveLexicon } from '../nlu/service-lexicon-groups.js';
import { Segmenter } from '../nlu/segment.js';
import type { MatchableEntry } from '../nlu/types.js';
import type { Decision, Suggestion } from './decision.js';
import { relatedSuggestions, welcomeSuggestions, type HotEntry } from '../reply/suggestions.js';
import { decide } from './policy.js';
import type { PreviousTurn } from './context.js';
import { calibrateInSlices, type Calibration } from './calibration/index.js';
import { answerPrior } from './calibration/answer-prior.js';
import { outOfWindowMatches, outOfWindowNote, splitByValidity, splitHoldsAt, ValidityTimer, type ValiditySplit } from './validity-index.js';

export interface ChatRequest {
  text: string;
  sessionId?: string;
  channel?: Channel;
  /** What the embedding site told us of the customer (tags and VIP level pick reply variants). */
  customer?: { name?: string; tags?: string[]; vipLevel?: number | null; [key: string]: unknown };
  /** Stock-phrase variants used lately in this conversation, so the bot does not repeat itself. */
  recentPhrases?: string[];
  /** The previous customer question of the conversation, so follow-ups are understood in context. */
  previous?: PreviousTurn;
  /** The entry the customer confirmed in the previous turn's clarification (是的, or a tap): answered as is. */
  confirmedEntryId?: string;
  /** The entry the customer just said was not what they asked (不是 / 不对 after an answer): asked back with the others. */
  rejectedEntryId?: string;
}

export interface SimilarityResult {
  score: number;
  similar: boolean;
  threshold: number;
  features: Record<string, number>;
}

/** One knowledge entry as the bot ranks it for a text, with its answer ready to send as plain text. */
export interface RankedAnswer {
  entryId: string;
  question: string;
  /** The entry's answer for `channel` (its default answer otherwise), templates filled with neutral defaults, as plain text. */
  answer: string;
  confidence: number;
}

export interface BotApi {
  decide(req: ChatRequest): Promise<Decision>;
  /**
   * The bot's own ranking of servable entries for a text, best first, at most `limit` —
   * for agent assist. Unlike `decide` it never refuses a text: control characters are dropped,
   * an empty text ranks nothing and a long one is ranked on its first `maxMessageLength` characters.
   */
  rank(text: string, limit: number, channel?: Channel): Promise<RankedAnswer[]>;
  /**
   * 猜你想问 after an answer: the nearest other servable entries to what the customer asked.
   * `decidedBy`: the decision of the same turn, whose ranking of the customer's words is reused.
   */
  related(answered: Suggestion, exclude: ReadonlySet<string>, decidedBy?: Decision): Promise<Suggestion[]>;
  /** 猜你想问 on welcome: the most answered servable entries (one per category without history). */
  welcome(hot: readonly HotEntry[]): Promise<Suggestion[]>;
  /** The servable entry's category, for promotion rules. */
  categoryOf(entryId: string): string | null;
  /** The servable entry's tags, for routing a hand-off to a skill group. */
  tagsOf(entryId: string): string[];
  similarity(a: string, b: string): Promise<SimilarityResult>;
  /** The words the index mined from the knowledge base and keeps whole (shown next to the operator's dictionary). */
  minedWords(): Promise<string[]>;
  /**
   * Resolves once a full build reflects every knowledge change made so far. Entry changes are
   * answered before that, from the live index changed in place (docs/matching.md).
   */
  ready(): Promise<void>;
  /** The latest self-calibration on the bot's own knowledge (null until the first one finishes, or when not calibrating). */
  calibration(): Calibration | null;
  /** Resolves once the calibration reflects the index and settings in force (at once when the bot does not calibrate). */
  calibrated(): Promise<Calibration | null>;
  /** Calibrates again now (no debounce); resolves with the result. */
  recalibrate(): Promise<Calibration | null>;
  /**
   * The knowledge as the live index matches it: the entries in force and the options its matcher
   * was built with (synonyms with the shipped lexicon's, places, dictionary words and tags, the
   * bot's own segmenter, teaching it nothing) — so an index built from them (the learning check,
   * src/learning/safety-check.ts) ranks as the bot does, and never changes how the bot cuts words.
   */
  matching(): Promise<IndexMatching>;
  /** The settings in force; replaced as a whole by `updateSettings`, so every decision sees one consistent set. */
  readonly settings: BotSettings;
  updateSettings(settings: BotSettings): void;
  close(): void;
}

/** Facts about the service that answers may quote (`{{service.hours}}`), from one source of truth. */
export interface ServiceFacts {
  /** The people's hours in words (the default hand-off group's, src/handoff/hours.ts). */
  hours?: string;
  [fact: string]: string | undefined;
}

export interface BotOptions {
  knowledge: KnowledgeService;
  /** Read at every answer, so an answer about the hours says what the hand-off settings say. */
  service?: () => ServiceFacts;
  settings: BotSettings;
  now?: () => Date;
  /** Told when rebuilding the index failed (the bot keeps answering from the last good index). */
  onRebuildError?: (err: unknown) => void;
  /**
   * Self-calibrate in the background after each index build and settings change (the server's
   * bots do; absent → the settings' fixed thresholds only, as for one-shot CLI questions).
   */
  calibration?: { debounceMs?: number };
  /** Told each time a calibration finishes and takes effect (the registry keeps its history). */
  onCalibrated?: (calibration: Calibration) => void;
}

/**
 * A burst of knowledge changes (an import, an editor saving entry after entry) is calibrated
 * once, this long after the last of them.
 */
export const CALIBRATION_DEBOUNCE_MS = 2000;

function reportRebuildError(err: unknown): void {
  console.error('重建知识索引失败，继续使用上一版索引 (rebuilding the knowledge index failed; the last good index keeps answering)', err);
}

/** After a failed rebuild (a database hiccup), try again this much later; a knowledge change retries at once. */
export const REBUILD_RETRY_MS = 30_000;

/**
 * An entry change of at most this many entries is applied to the live index in place; a larger
 * one (an import) costs about what a rebuild does, so questions wait for the rebuild instead.
 */
export const INCREMENTAL_MAX_ENTRIES = 200;

/**
 * The background rebuild after an in-place change starts this long after the last change: the
 * build is CPU work on the event loop, so the questions right after an edit (the customer who
 * asked, the operator trying the edit, another instance relaying it) are answered before it
 * rather than behind it, and an editor saving entry after entry rebuilds once.
 */
export const REBUILD_AFTER_CHANGE_MS = 1000;

/**
 * Two questions are "the same" at or above this pair probability: the threshold that is best on
 * both development pair sets together (bq_dev + lcqmc_dev), written by scripts/train-model.ts.
 */
const similarityThreshold = () => shippedModel().pairThreshold;

// Control characters other than tab and newline carry nothing a customer meant to say.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** What an index is built from (BotApi.matching). */
export interface IndexMatching {
  entries: MatchableEntry[];
  options: MatcherOptions;
}

interface Index {
  /** Over the entries inside their validity window only. */
  matcher: Matcher;
  /** The options `matcher` was built with, without the segmenter (the bot's own, see BotApi.matching). */
  options: MatcherOptions;
  entries: Map<string, KnowledgeEntry>;
  /** Published entries outside their window, indexed apart for the trace only (null when none). */
  outOfWindow: { matcher: Matcher | null; entries: Map<string, KnowledgeEntry> };
  /** The validity boundaries around the build time: the index is right between them (until knowledge changes). */
  window: Pick<ValiditySplit, 'previousBoundary' | 'nextBoundary'>;
}

/** Rules under which the question went to the matcher: only these can have out-of-window look-alikes worth noting. */
const MATCHED_RULE = /^(answer|clarify|fallback|multi)\./;

export async function createBot(options: BotOptions): Promise<BotApi> {
  const { knowledge } = options;
  // The answer model's prior is read by the background calibration, where a failure is only logged: an
  // invalid prior file must stop the server here instead (WENDU_MODEL_INVALID).
  if (options.calibration) answerPrior();
  let settings = options.settings;
  const now = options.now ?? (() => new Date());
  // One segmenter for the bot's lifetime: its user words stay its own, and rebuilds reuse it
  // (each rebuild first forgets the words the previous knowledge taught, see buildIndex).
  const segmenter = new Segmenter();
  let index = await buildIndex(knowledge, segmenter, now());
  let generation = 0;
  /** The rebuild chain: resolves once a full build reflects every change so far. */
  let pending: Promise<void> = Promise.resolve();
  /** What questions wait for: in-place entry changes, and rebuilds that could not be done in place. */
  let blocking: Promise<void> = Promise.resolve();
  /** For each rebuild reading the knowledge now: the entries changed since it started reading. */
  const changedDuringBuild = new Set<Set<string>>();
  let closed = false;

  /** A rebuild questions must wait for is queued: a later rebuild that supersedes it is waited for too. */
  let holding = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** `hold`: questions wait for this rebuild (false when the change is already in the live index). */
  const rebuild = (hold = true) => {
    const mine = ++generation;
    holding ||= hold;
    pending = pending.then(async () => {
      // A later change supersedes this one; only the newest rebuild needs to run.
      if (mine !== generation || closed) return;
      const changed = new Set<string>();
      changedDuringBuild.add(changed);
      try {
        let built = await buildIndex(knowledge, segmenter, now());
        // Entries changed while the build read the knowledge may be missing from it: applied
        // again before it replaces the live index, so no answer ever goes back to older knowledge.
        while (changed.size > 0) {
          const ids = [...changed];
          changed.clear();
          built = withEntries(built, await fetchEntries(knowledge, ids), now());
        }
        index = built;
      } catch (err) {
        // Rebuilds start from change events and timers that nobody awaits: a failure must neither
        // crash the process nor poison the chain. Keep answering from the last good index.
        (options.onRebuildError ?? reportRebuildError)(err);
        clearTimeout(retry);
        // The live index keeps answering (with any in-place changes) while the retry waits.
        retry = setTimeout(() => rebuild(false), REBUILD_RETRY_MS);
        retry.unref?.();
        return;
      } finally {
        changedDuringBuild.delete(changed);
        if (mine === generation) holding = false;
      }
      if (!closed) validityTimer.arm(index.window.nextBoundary);
      scheduleCalibration();
    });
    if (holding) blocking = Promise.all([blocking, pending]).then(() => undefined);
  };

  /** Applies an entry change to the live index in place (questions wait only for this), then rebuilds in the background. */
  const applyInPlace = (ids: readonly string[]) => {
    for (const changed of changedDuringBuild) for (const id of ids) changed.add(id);
    blocking = blocking.then(async () => {
      if (closed) return;
      try {
        const rows = await fetchEntries(knowledge, ids);
        index = withEntries(index, rows, now());
        if (!closed) validityTimer.arm(index.window.nextBoundary);
      } catch (err) {
        // The background rebuild below brings the change in; until then the last index answers.
        (options.onRebuildError ?? reportRebuildError)(err);
      }
    });
    rebuildSoon();
  };
  /** The background rebuild waiting to start, resolved once it is queued (so `ready` can wait for it). */
  let deferred: { timer?: ReturnType<typeof setTimeout>; queued: Promise<void>; resolve: () => void } | null = null;
  const rebuildSoon = () => {
    if (!deferred) {
      let resolve!: () => void;
      deferred = { queued: new Promise<void>((r) => (resolve = r)), resolve };
    }
    const d = deferred;
    clearTimeout(d.timer);
    d.timer = setTimeout(() => {
      deferred = null;
      if (!closed) rebuild(false);
      d.resolve();
    }, REBUILD_AFTER_CHANGE_MS);
    // A CLI process that changed knowledge need not stay up for it: the next start builds afresh.
    d.timer.unref?.();
  };
  /** Resolves once a full build reflects every change so far. */
  async function rebuilt(): Promise<void> {
    await settled();
    while (deferred) await deferred.queued;
    await pending;
  }
  /**
   * Resolves once nothing questions wait for is left: a rebuild may be superseded by a later one
   * (a validity boundary, another change) while a question waits, and then that one is waited for.
   */
  async function settled(): Promise<void> {
    let waited: Promise<void>;
    do {
      waited = blocking;
      await waited;
    } while (waited !== blocking);
  }
  const onKnowledgeChange = (change: KnowledgeChange) => {
    if (change.kind === 'entries' && change.ids && change.ids.length <= INCREMENTAL_MAX_ENTRIES) applyInPlace(change.ids);
    else rebuild();
  };
  // Self-calibration: debounced after each build, run in slices, superseded by a newer build or
  // settings change. Until it finishes the previous calibration (or the settings) applies.
  let calibration: Calibration | null = null;
  let calibrationRun = 0;
  let calibrationTimer: ReturnType<typeof setTimeout> | undefined;
  let calibrationDone: { promise: Promise<void>; resolve: () => void } | null = null;
  const scheduleCalibration = (delayMs = options.calibration?.debounceMs ?? CALIBRATION_DEBOUNCE_MS) => {
    if (!options.calibration || closed) return;
    const mine = ++calibrationRun;
    if (!calibrationDone) {
      let resolve!: () => void;
      calibrationDone = { promise: new Promise<void>((r) => (resolve = r)), resolve };
    }
    clearTimeout(calibrationTimer);
    // Not unref'd: whoever awaits calibrated() must see it finish; close() clears the timer.
    calibrationTimer = setTimeout(() => void runCalibration(mine), delayMs);
  };
  async function runCalibration(mine: number) {
    const target = index;
    const isCurrent = () => mine === calibrationRun && index === target && !closed;
    try {
      const result = await calibrateInSlices(target.matcher, [...target.entries.values()].map(matchable), settings, { isCurrent, now });
      if (result && isCurrent()) {
        calibration = result;
        options.onCalibrated?.(result);
      }
    } catch (err) {
      // A failed calibration leaves the previous one (or the settings) in force; answering goes on.
      (options.onRebuildError ?? reportRebuildError)(err);
    }
    if (mine === calibrationRun && calibrationDone) {
      calibrationDone.resolve();
      calibrationDone = null;
    }
  }
  async function calibrated(): Promise<Calibration | null> {
    await rebuilt();
    while (calibrationDone) await calibrationDone.promise;
    return calibration;
  }
  scheduleCalibration();

  const validityTimer = new ValidityTimer(now, rebuild);
  validityTimer.arm(index.window.nextBoundary);
  const unsubscribe = knowledge.onChange(onKnowledgeChange);

  /** The index as it must be at `at`: rebuilt first when a validity boundary lies between its build time and `at`. */
  async function indexAt(at: Date): Promise<Index> {
    await settled();
    if (!splitHoldsAt(index.window, at)) {
      rebuild();
      await settled();
    }
    return index;
  }

  /** Expired or not-yet-valid look-alikes never compete; the operator still learns they exist. */
  function withOutOfWindow(decision: Decision, current: Index, at: Date): Decision {
    if (!MATCHED_RULE.test(decision.trace.rule)) return decision;
    const { trace } = decision;
    const outOfWindow = outOfWindowMatches(current.outOfWindow.matcher, current.outOfWindow.entries, [...trace.parts, trace.resolvedQuestion], at, settings.clarifyThreshold);
    if (outOfWindow.length === 0) return decision;
    return { ...decision, trace: { ...trace, outOfWindow, explanation: trace.explanation + outOfWindowNote(outOfWindow) } };
  }

  /** Each decision's rankings of the turn, for its 猜你想问 (`related`); gone with the decision. */
  const rankingsOf = new WeakMap<Decision, TurnRankings>();

  function checkText(text: string): string {
    const clean = text.replace(CONTROL, '').trim();
    if (!clean) throw new WenduError('WENDU_MESSAGE_EMPTY');
    if (Array.from(clean).length > settings.maxMessageLength) {
      throw new WenduError('WENDU_MESSAGE_TOO_LONG', { maxLength: settings.maxMessageLength });
    }
    return clean;
  }

  return {
    get settings() {
      return settings;
    },
    updateSettings(next) {
      settings = next;
      // The target and the default thresholds the report compares with may have changed.
      scheduleCalibration();
    },
    async decide(req) {
      const text = checkText(req.text);
      const at = now();
      const current = await indexAt(at);
      const channel = req.channel ?? 'api';
      const rankings = new TurnRankings(current.matcher);
      const decided = decide(text, {
        settings,
        matcher: current.matcher,
        rankings,
        entries: current.entries,
        now: at,
        channel,
        previous: req.previous,
        confirmedEntryId: req.confirmedEntryId,
        rejectedEntryId: req.rejectedEntryId,
        customer: req.customer,
        service: options.service?.() ?? {},
        variants: { channel, now: at, customer: req.customer ?? null, recent: req.recentPhrases ?? [] },
        calibration,
      });
      const decision = withOutOfWindow(decided, current, at);
      rankingsOf.set(decision, rankings);
      return decision;
    },
    async rank(text, limit, channel = 'api') {
      const clean = Array.from(text.replace(CONTROL, '').trim()).slice(0, settings.maxMessageLength).join('');
      if (!clean || limit < 1) return [];
      const at = now();
      const current = await indexAt(at);
      // Rank as many as the matcher reranks; the index holds only entries in force, the servable
      // check also drops unpublished ones should the store ever list them.
      return current.matcher
        .rank(clean, Math.max(limit, RERANK_ENTRIES))
        .flatMap((c) => {
          const entry = current.entries.get(c.entryId);
          if (!entry || !isServable(entry, at)) return [];
          const content = renderBlocks(entry.channelAnswers[channel] ?? entry.answer, {
            customer: {},
            service: options.service?.() ?? {},
            entry: { id: entry.id, question: entry.question, category: entry.category },
          });
          return [{ entryId: entry.id, question: entry.question, answer: answerText(content), confidence: c.confidence }];
        })
        .slice(0, limit);
    },
    async similarity(a, b) {
      const [x, y] = [checkText(a), checkText(b)];
      await settled();
      const { features, logit } = index.matcher.pairEvidence(x, y);
      const score = Math.round((1 / (1 + Math.exp(-logit))) * 1e4) / 1e4;
      const threshold = similarityThreshold();
      return { score, similar: score >= threshold, threshold, features };
    },
    async minedWords() {
      await settled();
      return [...index.matcher.minedWords];
    },
    async related(answered, exclude, decidedBy) {
      const at = now();
      const { matcher, entries } = await indexAt(at);
      // The decision's rankings only while its index still answers (a rebuild is a new matcher).
      const rankings = decidedBy && rankingsOf.get(decidedBy);
      return relatedSuggestions(matcher, answered, entries, { max: settings.maxSuggestions, exclude, now: at, rankings: rankings?.matcher === matcher ? rankings : undefined });
    },
    async welcome(hot) {
      const at = now();
      return welcomeSuggestions(hot, (await indexAt(at)).entries, { max: settings.maxSuggestions, now: at });
    },
    categoryOf: (entryId) => index.entries.get(entryId)?.category ?? null,
    tagsOf: (entryId) => index.entries.get(entryId)?.tags ?? [],
    ready: rebuilt,
    async matching() {
      await settled();
      return { entries: [...index.entries.values()].map(matchable), options: { ...index.options, segmenter, teachSegmenter: false } };
    },
    calibration: () => calibration,
    calibrated,
    async recalibrate() {
      await rebuilt();
      scheduleCalibration(0);
      return calibrated();
    },
    close() {
      closed = true;
      clearTimeout(calibrationTimer);
      calibrationDone?.resolve();
      calibrationDone = null;
      if (deferred) {
        clearTimeout(deferred.timer);
        deferred.resolve();
        deferred = null;
      }
      unsubscribe();
      validityTimer.clear();
      clearTimeout(retry);
    },
  };
}

async function buildIndex(knowledge: KnowledgeService, segmenter: Segmenter, at: Date): Promise<Index> {
  const [allPublished, operatorSynonyms, dictionary, lexiconOff] = await Promise.all([
    knowledge.listForMatching(),
    knowledge.listSynonyms(),
    knowledge.dictionaryWords(),
    knowledge.disabledLexiconGroups(),
  ]);
  // The operator's own groups come first: a term in both keeps the operator's canonical word.
  const lexicon = resolveLexicon(new Set(lexiconOff));
  const synonyms = [...operatorSynonyms.map((g) => g.terms), ...lexicon.synonyms];
  const bridges = { places: lexicon.places };
  const { inWindow: published, outOfWindow, nextBoundary, previousBoundary } = splitByValidity(allPublished, at);
  // Words taught by archived entries or deleted synonyms must not outlive them: the segmenter
  // starts from the base dictionary on every rebuild, so a question is cut the same as by a bot
  // started fresh on today's knowledge. Reset and rebuild run without an await in between, and
  // questions wait for the rebuild, so none is cut by a half-taught segmenter.
  segmenter.resetUserWords();
  const options = { synonyms, userWords: [...dictionary, ...published.flatMap((e) => e.tags)], bridges };
  const matcher = createMatcher(published.map(matchable), { ...options, segmenter });
  // Built after the main index and teaching the segmenter nothing, so it changes no main ranking.
  const side = outOfWindow.length
    ? createMatcher(
        outOfWindow.map(matchable),
        { synonyms, segmenter, teachSegmenter: false, bridges },
      )
    : null;
  return {
    matcher,
    options,
    entries: new Map(published.map((e) => [e.id, e])),
    outOfWindow: { matcher: side, entries: new Map(outOfWindow.map((e) => [e.id, e])) },
    window: { previousBoundary, nextBoundary },
  };
}

/** The entries by id as stored now; null for one that no longer exists. */
async function fetchEntries(knowledge: KnowledgeService, ids: readonly string[]): Promise<Map<string, KnowledgeEntry | null>> {
  const rows = await Promise.all(
    ids.map((id) =>
      knowledge.get(id).catch((err: unknown) => {
        if (err instanceof WenduError && err.code === 'WENDU_ENTRY_NOT_FOUND') return null;
        throw err;
      }),
    ),
  );
  return new Map(ids.map((id, i) => [id, rows[i]]));
}

/**
 * `target` with these entries as stored now, changed in place: one in force (published, inside
 * its window) is (re)indexed, any other leaves the index; the out-of-window side index follows
 * when it exists (otherwise the rebuild adds it). The matchers are changed in place — nothing
 * else holds them but the index being replaced — and a new Index is returned, so a calibration
 * running on the old one sees it is no longer current.
 */
function withEntries(target: Index, rows: ReadonlyMap<string, KnowledgeEntry | null>, at: Date): Index {
  const published = [...rows.values()].filter((e): e is KnowledgeEntry => e?.status === 'published');
  const split = splitByValidity(published, at);
  const ids = [...rows.keys()];
  const entries = new Map(target.entries);
  const outEntries = new Map(target.outOfWindow.entries);
  for (const id of ids) {
    entries.delete(id);
    outEntries.delete(id);
  }
  target.matcher.removeEntries(ids);
  target.matcher.upsertEntries(split.inWindow.map(matchable));
  for (const e of split.inWindow) entries.set(e.id, e);
  const side = target.outOfWindow.matcher;
  if (side) {
    side.removeEntries(ids);
    side.upsertEntries(split.outOfWindow.map(matchable));
    for (const e of split.outOfWindow) outEntries.set(e.id, e);
  }
  // The index holds until the nearest boundary of the old and the changed entries.
  const window = {
    previousBoundary: latest(target.window.previousBoundary, split.previousBoundary),
    nextBoundary: earliest(target.window.nextBoundary, split.nextBoundary),
  };
  return { matcher: target.matcher, options: target.options, entries, outOfWindow: { matcher: side, entries: outEntries }, window };
}

const earliest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a < b ? a : b);
const latest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);

/** What the matcher needs of a knowledge entry. */
export function matchable(e: KnowledgeEntry): MatchableEntry {
  return { id: e.id, question: e.question, similarQuestions: e.similarQuestions, learnedQuestions: e.learnedQuestions, answerText: answerText(e.answer), category: e.category };
}
