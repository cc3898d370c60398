/**
 * The Bot: one tenant's answering runtime. It keeps a matcher built from the published
 * knowledge and rebuilds it on every knowledge change, so imports, edits and archives answer at
 * once; questions asked while a rebuild runs wait for it. Validity windows are checked at
 * question time, so an entry stops being served the moment it expires — no rebuild needed.
 */
import type { BotSettings } from '../config/settings.js';
import { WenduError } from '../errors/index.js';
import type { KnowledgeService } from '../kb/service.js';
import { answerText, isServable, type Channel, type KnowledgeEntry } from '../kb/schemas.js';
import { renderBlocks } from '../reply/templates.js';
import { createMatcher, DEFAULT_MODEL, RERANK_ENTRIES, type Matcher } from '../nlu/matcher.js';
import { Segmenter } from '../nlu/segment.js';
import type { Decision, Suggestion } from './decision.js';
import { relatedSuggestions, welcomeSuggestions, type HotEntry } from '../reply/suggestions.js';
import { decide } from './policy.js';
import type { PreviousTurn } from './context.js';

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
  /** 猜你想问 after an answer: the nearest other servable entries to what the customer asked. */
  related(answered: Suggestion, exclude: ReadonlySet<string>): Promise<Suggestion[]>;
  /** 猜你想问 on welcome: the most answered servable entries (one per category without history). */
  welcome(hot: readonly HotEntry[]): Promise<Suggestion[]>;
  /** The servable entry's category, for promotion rules. */
  categoryOf(entryId: string): string | null;
  /** The servable entry's tags, for routing a hand-off to a skill group. */
  tagsOf(entryId: string): string[];
  similarity(a: string, b: string): Promise<SimilarityResult>;
  /** The words the index mined from the knowledge base and keeps whole (shown next to the operator's dictionary). */
  minedWords(): Promise<string[]>;
  /** Resolves once the index reflects every knowledge change made so far. */
  ready(): Promise<void>;
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
}

/**
 * Two questions are "the same" at or above this pair probability: the threshold that is best on
 * both development pair sets together (bq_dev + lcqmc_dev), written by scripts/train-model.ts.
 */
export const DEFAULT_SIMILARITY_THRESHOLD = DEFAULT_MODEL.pairThreshold;

// Control characters other than tab and newline carry nothing a customer meant to say.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

interface Index {
  matcher: Matcher;
  entries: Map<string, KnowledgeEntry>;
}

export async function createBot(options: BotOptions): Promise<BotApi> {
  const { knowledge } = options;
  let settings = options.settings;
  const now = options.now ?? (() => new Date());
  // One segmenter for the bot's lifetime: its user words stay its own, and rebuilds reuse it
  // (each rebuild first forgets the words the previous knowledge taught, see buildIndex).
  const segmenter = new Segmenter();
  let index = await buildIndex(knowledge, segmenter);
  let generation = 0;
  let pending: Promise<void> = Promise.resolve();

  const rebuild = () => {
    const mine = ++generation;
    pending = pending.then(async () => {
      // A later change supersedes this one; only the newest rebuild needs to run.
      if (mine !== generation) return;
      index = await buildIndex(knowledge, segmenter);
    });
  };
  const unsubscribe = knowledge.onChange(rebuild);

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
    },
    async decide(req) {
      const text = checkText(req.text);
      await pending;
      const at = now();
      const channel = req.channel ?? 'api';
      return decide(text, {
        settings,
        matcher: index.matcher,
        entries: index.entries,
        now: at,
        channel,
        previous: req.previous,
        confirmedEntryId: req.confirmedEntryId,
        customer: req.customer,
        service: options.service?.() ?? {},
        variants: { channel, now: at, customer: req.customer ?? null, recent: req.recentPhrases ?? [] },
      });
    },
    async rank(text, limit, channel = 'api') {
      const clean = Array.from(text.replace(CONTROL, '').trim()).slice(0, settings.maxMessageLength).join('');
      if (!clean || limit < 1) return [];
      await pending;
      const at = now();
      // Rank as many as the matcher reranks: expired or unpublished ones are dropped after ranking.
      return index.matcher
        .rank(clean, Math.max(limit, RERANK_ENTRIES))
        .flatMap((c) => {
          const entry = index.entries.get(c.entryId);
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
      await pending;
      const { features, logit } = index.matcher.pairEvidence(x, y);
      const score = Math.round((1 / (1 + Math.exp(-logit))) * 1e4) / 1e4;
      return { score, similar: score >= DEFAULT_SIMILARITY_THRESHOLD, threshold: DEFAULT_SIMILARITY_THRESHOLD, features };
    },
    async minedWords() {
      await pending;
      return [...index.matcher.minedWords];
    },
    async related(answered, exclude) {
      await pending;
      return relatedSuggestions(index.matcher, answered, index.entries, { max: settings.maxSuggestions, exclude, now: now() });
    },
    async welcome(hot) {
      await pending;
      return welcomeSuggestions(hot, index.entries, { max: settings.maxSuggestions, now: now() });
    },
    categoryOf: (entryId) => index.entries.get(entryId)?.category ?? null,
    tagsOf: (entryId) => index.entries.get(entryId)?.tags ?? [],
    ready: () => pending,
    close: unsubscribe,
  };
}

async function buildIndex(knowledge: KnowledgeService, segmenter: Segmenter): Promise<Index> {
  const [published, synonymGroups, dictionary] = await Promise.all([knowledge.listForMatching(), knowledge.listSynonyms(), knowledge.dictionaryWords()]);
  // Words taught by archived entries or deleted synonyms must not outlive them: the segmenter
  // starts from the base dictionary on every rebuild, so a question is cut the same as by a bot
  // started fresh on today's knowledge. Reset and rebuild run without an await in between, and
  // questions wait for the rebuild, so none is cut by a half-taught segmenter.
  segmenter.resetUserWords();
  const matcher = createMatcher(
    published.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similarQuestions, answerText: answerText(e.answer), category: e.category })),
    { synonyms: synonymGroups.map((g) => g.terms), userWords: [...dictionary, ...published.flatMap((e) => e.tags)], segmenter },
  );
  return { matcher, entries: new Map(published.map((e) => [e.id, e])) };
}
