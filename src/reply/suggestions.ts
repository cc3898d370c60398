/**
 * 猜你想问: questions the customer is likely to ask next — from the ranking and the
 * conversation, never a fixed list. Only servable entries (published, inside their validity
 * window) are ever suggested, and never one the conversation already covered (`exclude`).
 *
 *  - after an answer: the entries nearest to the answered question — ranked with the question
 *    (the customer's words first) and then the entry's other phrasings, scored by the pair model,
 *    same category preferred — then the category's hot questions to fill up;
 *  - on welcome: the most-answered entries; with no history yet, one per category (the entry
 *    with most similar questions: the phrasings operators collected are how often it is asked).
 */
import type { Suggestion } from '../dialog/decision.js';
import { isServable, type KnowledgeEntry } from '../kb/schemas.js';
import type { Matcher } from '../nlu/matcher.js';
import { TurnRankings } from '../nlu/turn-rankings.js';

/** Queries per suggestion: the answered question plus the entry's first phrasings (each costs a ranking). */
export const MAX_QUERY_QUESTIONS = 6;
/** Candidates taken from each ranking before scoring. */
export const CANDIDATES_PER_QUERY = 12;
/**
 * Pair probability (matcher.similarity) a suggestion needs: below it, on the demo knowledge base,
 * the neighbours share only filler words (怎么 / 什么时候) with the answered question.
 */
export const MIN_RELATEDNESS = 0.5;
/** Added to an entry in the answered entry's category: a sibling topic is the likeliest next question. */
export const SAME_CATEGORY_BONUS = 0.1;

export interface HotEntry {
  entryId: string;
  /** How often it was answered (in the period the caller chose). */
  count: number;
}

export interface RelatedOptions {
  max: number;
  /** Entry ids already answered or suggested in this conversation. */
  exclude: ReadonlySet<string>;
  now: Date;
  /** Hot questions, to fill up with the category's most asked when few entries are near enough. */
  hot?: readonly HotEntry[];
  /** The turn's rankings of the matcher, when the decision already ranked the customer's words. */
  rankings?: TurnRankings;
}

export interface WelcomeOptions {
  max: number;
  exclude?: ReadonlySet<string>;
  now: Date;
}

type Entries = ReadonlyMap<string, KnowledgeEntry>;

/** An entry a query ranked among its CANDIDATES_PER_QUERY, with the pair probability of the phrasing that matched. */
interface Neighbour {
  entryId: string;
  similarity: number;
}

/**
 * The neighbours of the knowledge base's own phrasings, per index (a rebuilt index is a new
 * matcher, so a knowledge change starts afresh). They are the same for every turn that answers
 * the entry: ranking them per message was a fifth of the turn's CPU (docs/performance.md).
 * Bounded by the number of phrasings in the knowledge base.
 */
const phrasingNeighbours = new WeakMap<Matcher, Map<string, readonly Neighbour[]>>();

/**
 * `wanted`: the candidates worth a pair probability — each costs a pair of analyses, most of
 * 猜你想问's time per turn (docs/performance.md, "Third pass"); the others could never be suggested.
 */
function neighboursOf(rankings: TurnRankings, query: string, wanted: (entryId: string) => boolean = () => true): Neighbour[] {
  const { matcher } = rankings;
  return rankings
    .rank(query, CANDIDATES_PER_QUERY)
    .filter((c) => wanted(c.entryId))
    .map((c) => ({ entryId: c.entryId, similarity: matcher.similarity(query, c.matchedQuestion) }));
}

function phrasingNeighboursOf(matcher: Matcher, phrasing: string): readonly Neighbour[] {
  let known = phrasingNeighbours.get(matcher);
  if (!known) phrasingNeighbours.set(matcher, (known = new Map()));
  let neighbours = known.get(phrasing);
  if (!neighbours) known.set(phrasing, (neighbours = neighboursOf(new TurnRankings(matcher), phrasing)));
  return neighbours;
}

function usable(entry: KnowledgeEntry | undefined, exclude: ReadonlySet<string>, now: Date): entry is KnowledgeEntry {
  return entry !== undefined && !exclude.has(entry.id) && isServable(entry, now);
}

function toSuggestion(entry: KnowledgeEntry): Suggestion {
  return { entryId: entry.id, question: entry.question };
}

/** Most asked first: by hot count, then by how many phrasings operators collected, then id. */
function byPopularity(hot: ReadonlyMap<string, number>) {
  return (a: KnowledgeEntry, b: KnowledgeEntry) =>
    (hot.get(b.id) ?? 0) - (hot.get(a.id) ?? 0) || b.similarQuestions.length - a.similarQuestions.length || a.id.localeCompare(b.id);
}

export function relatedSuggestions(matcher: Matcher, answered: Suggestion, entries: Entries, opts: RelatedOptions): Suggestion[] {
  if (opts.max <= 0) return [];
  const source = entries.get(answered.entryId);
  const exclude = new Set([...opts.exclude, answered.entryId]);
  const category = source?.category ?? null;
  const entryQuestions = source ? [source.question, ...source.similarQuestions].filter((q) => q !== answered.question) : [];

  /** An entry that may be suggested here: servable, not excluded, not the question itself. */
  const suggestible = (entryId: string): boolean => {
    const entry = entries.get(entryId);
    return usable(entry, exclude, opts.now) && entry.question !== answered.question;
  };
  /** Best relatedness per entry id over some rankings; only entries at or above MIN_RELATEDNESS. */
  const nearTo = (rankings: ReadonlyArray<readonly Neighbour[]>): Map<string, number> => {
    const scores = new Map<string, number>();
    for (const ranking of rankings) {
      for (const candidate of ranking) {
        if (!suggestible(candidate.entryId)) continue;
        const entry = entries.get(candidate.entryId)!;
        const score = candidate.similarity + (category !== null && entry.category === category ? SAME_CATEGORY_BONUS : 0);
        if (score >= MIN_RELATEDNESS && score > (scores.get(entry.id) ?? -Infinity)) scores.set(entry.id, score);
      }
    }
    return scores;
  };
  const byScore = (scores: Map<string, number>) => [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);

  // What the customer actually said is the best evidence of what they will ask next: its
  // neighbours come first, then those of the entry's other phrasings.
  const phrasings = entryQuestions.slice(0, MAX_QUERY_QUESTIONS - 1).map((q) => phrasingNeighboursOf(matcher, q));
  const ids = [...new Set([...byScore(nearTo([neighboursOf(opts.rankings ?? new TurnRankings(matcher), answered.question, suggestible)])), ...byScore(nearTo(phrasings))])];
  const chosen = ids.slice(0, opts.max).map((id) => entries.get(id)!);

  if (chosen.length < opts.max && category !== null) {
    const taken = new Set(chosen.map((e) => e.id));
    const hot = new Map((opts.hot ?? []).map((h) => [h.entryId, h.count]));
    const siblings = [...entries.values()]
      .filter((e) => e.category === category && !taken.has(e.id) && usable(e, exclude, opts.now) && e.question !== answered.question)
      .sort(byPopularity(hot));
    chosen.push(...siblings.slice(0, opts.max - chosen.length));
  }
  return chosen.map(toSuggestion);
}

/** One entry per category — each category's most asked — largest categories first. */
function onePerCategory(entries: readonly KnowledgeEntry[]): KnowledgeEntry[] {
  const groups = new Map<string | null, KnowledgeEntry[]>();
  for (const e of entries) {
    const list = groups.get(e.category) ?? [];
    list.push(e);
    groups.set(e.category, list);
  }
  const popularity = byPopularity(new Map());
  return [...groups.entries()]
    .sort(([ca, a], [cb, b]) => b.length - a.length || (ca ?? '\uffff').localeCompare(cb ?? '\uffff', 'zh'))
    .map(([, list]) => [...list].sort(popularity)[0]);
}

export function welcomeSuggestions(hot: readonly HotEntry[], entries: Entries, opts: WelcomeOptions): Suggestion[] {
  if (opts.max <= 0) return [];
  const exclude = opts.exclude ?? new Set<string>();
  const chosen: KnowledgeEntry[] = [];
  const taken = new Set<string>();
  const take = (e: KnowledgeEntry) => {
    if (chosen.length >= opts.max || taken.has(e.id)) return;
    chosen.push(e);
    taken.add(e.id);
  };
  [...hot]
    .filter((h) => h.count > 0)
    .sort((a, b) => b.count - a.count || a.entryId.localeCompare(b.entryId))
    .map((h) => entries.get(h.entryId))
    .filter((e): e is KnowledgeEntry => usable(e, exclude, opts.now))
    .forEach(take);
  // Little or no history yet: fill from every category rather than from one.
  onePerCategory([...entries.values()].filter((e) => usable(e, exclude, opts.now))).forEach(take);
  return chosen.map(toSuggestion);
}
