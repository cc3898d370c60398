/**
 * The dashboard's numbers: a date range in, per-day series and totals out (conversations,
 * customer messages, the bot's outcomes, hand-offs by reason, queue waits, satisfaction), and
 * the latest questions the bot could not answer outright. Counting is SQL
 * (./repository.ts); only the wait percentiles are worked out here, from the few rows of the
 * window's hand-offs.
 */
import { z } from 'zod';
import { parseOrThrow, validationError } from '../errors/validation.js';
import { MAX_RATING_SCORE, MIN_RATING_SCORE } from '../handoff/ratings.js';
import type { Database } from '../store/database.js';
import { maskPersonal } from '../privacy/mask.js';
import { botResolved } from './resolution.js';
import { AnalyticsRepository, OUTCOME_ACTIONS, type AnalyticsScope, type OutcomeAction } from './repository.js';

/** The dashboard opens on the last week (today included). */
export const DEFAULT_RANGE_DAYS = 7;
/** A year of days at most per request: the series stays a size a chart can show. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_UNANSWERED_LIMIT = 20;
export const MAX_UNANSWERED_LIMIT = 100;
/** The summary lists this many of the bot's most answered entries. */
export const TOP_ENTRIES_SHOWN = 10;
/** A clarification offers a few entries; the list shows as many of its candidates. */
const SUGGESTIONS_SHOWN = 3;
const MS_PER_DAY = 24 * 3600 * 1000;
const MS_PER_SECOND = 1000;
/** The wait most customers stay under, besides the median. */
const WAIT_PERCENTILE = 0.9;
const MEDIAN = 0.5;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const OverviewQuerySchema = z
  .object({
    /** First day, `YYYY-MM-DD` (UTC), inclusive. */
    from: z.string().regex(DAY, '日期格式应为 YYYY-MM-DD').optional(),
    /** Last day, inclusive. */
    to: z.string().regex(DAY, '日期格式应为 YYYY-MM-DD').optional(),
    botId: z.string().min(1).max(64).optional(),
  })
  .strict();

export const UnansweredQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_UNANSWERED_LIMIT).default(DEFAULT_UNANSWERED_LIMIT),
    botId: z.string().min(1).max(64).optional(),
  })
  .strict();

export interface DaySeries {
  day: string;
  conversations: number;
  customerMessages: number;
  outcomes: Record<OutcomeAction, number>;
  handoffs: number;
  handoffsByReason: Record<string, number>;
  ratings: number;
  /** Average score of that day's ratings; null when none. */
  ratingAverage: number | null;
  /** Median and p90 wait of the hand-offs queued that day and taken by a person; null when none. */
  medianWaitSeconds: number | null;
  p90WaitSeconds: number | null;
}

export interface Overview {
  from: string;
  to: string;
  botId: string | null;
  days: DaySeries[];
  totals: {
    conversations: number;
    customerMessages: number;
    outcomes: Record<OutcomeAction, number>;
    /** All hand-offs queued (the bot's and the customers' own 转人工), by reason. */
    handoffs: number;
    handoffsByReason: Record<string, number>;
    wait: { count: number; medianSeconds: number | null; p90Seconds: number | null };
    satisfaction: { count: number; average: number | null; distribution: Record<string, number> };
  };
}

export interface UnansweredQuestion {
  conversationId: string;
  seq: number;
  text: string;
  action: 'fallback' | 'clarify';
  at: string;
  /** The entries the bot offered (clarify) — the likeliest homes for the question. */
  suggestions: Array<{ entryId: string; question: string }>;
  /** The bot answers it directly now: someone has fixed it since (new entry, similar question). */
  answeredNow: boolean;
}

/** Whether `botId` would now answer `text` directly (asked afresh, nothing recorded). */
export type AnswersNow = (botId: string, text: string) => Promise<boolean>;

const zeroOutcomes = (): Record<OutcomeAction, number> => Object.fromEntries(OUTCOME_ACTIONS.map((a) => [a, 0])) as Record<OutcomeAction, number>;

/** The value below which `fraction` of the sorted numbers lie (nearest rank). */
export function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** The days from `from` to `to` inclusive, checked. */
function dayRange(query: z.infer<typeof OverviewQuerySchema>, now: Date): { days: string[]; from: string; to: string } {
  const to = query.to ?? now.toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_RANGE_DAYS - 1) * MS_PER_DAY).toISOString().slice(0, 10);
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const count = (end - start) / MS_PER_DAY + 1;
  if (!Number.isFinite(count) || count < 1 || count > MAX_RANGE_DAYS) {
    throw validationError('from', `日期范围应在 1 到 ${MAX_RANGE_DAYS} 天之间，且开始不晚于结束`, 'date_range');
  }
  const days = Array.from({ length: count }, (_, i) => new Date(start + i * MS_PER_DAY).toISOString().slice(0, 10));
  return { days, from, to };
}

/** Median and p90 of some durations in seconds (null when none). */
export interface Spread {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** Conversations and how many the bot resolved, for one channel or bot. */
export interface ResolvedShare {
  conversations: number;
  botResolved: number;
}

/** `GET /api/v1/analytics/summary` (the public contract of issue 11, with the breakdowns). */
export interface Summary {
  from: string;
  to: string;
  botId: string | null;
  conversations: number;
  /** Resolved by the bot alone (src/analytics/resolution.ts): answered, no hand-off, no 👎, not abandoned, not back within days. */
  botResolved: number;
  botResolvedRate: number | null;
  handoffs: { total: number; byReason: Record<string, number> };
  answers: number;
  fallbacks: number;
  clarifications: number;
  satisfaction: {
    /** The customers' ratings of conversations people handled (1–5). */
    agents: { count: number; average: number | null };
    /** 👍 / 👎 on the bot's answers. */
    bot: { helpful: number; notHelpful: number; helpfulRate: number | null };
  };
  /** From the hand-off to a person taking it; to a person's first message; the agent's handling time. */
  queueWait: Spread;
  firstResponse: Spread;
  handling: Spread;
  byChannel: Record<string, ResolvedShare>;
  byBot: Record<string, ResolvedShare>;
  /** Customer messages per hour of the day (UTC). */
  byHour: Array<{ hour: number; count: number }>;
  /** The bot's answers per knowledge category. */
  byCategory: Array<{ category: string | null; count: number }>;
  /** The entries the bot answered with most (TOP_ENTRIES_SHOWN at most), with their standard question. */
  topEntries: Array<{ entryId: string; question: string | null; count: number }>;
}

function spread(seconds: number[]): Spread {
  const sorted = seconds.filter((s) => Number.isFinite(s)).map((s) => Math.max(0, s)).sort((a, b) => a - b);
  return { count: sorted.length, medianSeconds: percentile(sorted, MEDIAN), p90Seconds: percentile(sorted, WAIT_PERCENTILE) };
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

export class AnalyticsService {
  private readonly repository: AnalyticsRepository;

  constructor(
    database: Pick<Database, 'db' | 'dialect'>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repository = new AnalyticsRepository(database);
  }

  /** The query checked, its days, and the scope the repository counts over (from inclusive, the day after `to` exclusive). */
  private windowOf(workspaceId: string, input: unknown) {
    const query = parseOrThrow(OverviewQuerySchema, input);
    const range = dayRange(query, this.now());
    const scope: AnalyticsScope = {
      workspaceId,
      botId: query.botId,
      from: `${range.from}T00:00:00.000Z`,
      to: new Date(Date.parse(`${range.to}T00:00:00Z`) + MS_PER_DAY).toISOString(),
    };
    return { query, range, scope };
  }

  async overview(workspaceId: string, input: unknown): Promise<Overview> {
    const { query, range, scope } = this.windowOf(workspaceId, input);
    const [conversations, customerMessages, outcomes, handoffs, waits, ratings] = await Promise.all([
      this.repository.conversationsPerDay(scope),
      this.repository.customerMessagesPerDay(scope),
      this.repository.outcomesPerDay(scope),
      this.repository.handoffsPerDay(scope),
      this.repository.waits(scope),
      this.repository.ratingsPerDay(scope),
    ]);
    const waitSeconds = waits.map((w) => ({ day: w.queuedAt.slice(0, 10), seconds: Math.max(0, (Date.parse(w.assignedAt) - Date.parse(w.queuedAt)) / MS_PER_SECOND) }));
    const sortedWaits = (rows: typeof waitSeconds) => rows.map((w) => w.seconds).sort((a, b) => a - b);
    const sumOf = <T extends { day: string; count: number }>(rows: T[], day?: string) => rows.filter((r) => day === undefined || r.day === day).reduce((n, r) => n + r.count, 0);

    const days: DaySeries[] = range.days.map((day) => {
      const dayOutcomes = zeroOutcomes();
      for (const o of outcomes) if (o.day === day) dayOutcomes[o.action] += o.count;
      const dayRatings = ratings.filter((r) => r.day === day);
      const dayWaits = sortedWaits(waitSeconds.filter((w) => w.day === day));
      return {
        day,
        conversations: sumOf(conversations, day),
        customerMessages: sumOf(customerMessages, day),
        outcomes: dayOutcomes,
        handoffs: sumOf(handoffs, day),
        handoffsByReason: byReason(handoffs.filter((h) => h.day === day)),
        ratings: sumOf(dayRatings),
        ratingAverage: averageScore(dayRatings),
        medianWaitSeconds: percentile(dayWaits, MEDIAN),
        p90WaitSeconds: percentile(dayWaits, WAIT_PERCENTILE),
      };
    });
    const totalOutcomes = zeroOutcomes();
    for (const o of outcomes) totalOutcomes[o.action] += o.count;
    const distribution: Record<string, number> = {};
    for (let score = MIN_RATING_SCORE; score <= MAX_RATING_SCORE; score++) distribution[score] = sumOf(ratings.filter((r) => r.score === score));
    const ratingCount = sumOf(ratings);
    const allWaits = sortedWaits(waitSeconds);
    return {
      from: range.from,
      to: range.to,
      botId: query.botId ?? null,
      days,
      totals: {
        conversations: sumOf(conversations),
        customerMessages: sumOf(customerMessages),
        outcomes: totalOutcomes,
        handoffs: sumOf(handoffs),
        handoffsByReason: byReason(handoffs),
        wait: { count: allWaits.length, medianSeconds: percentile(allWaits, MEDIAN), p90Seconds: percentile(allWaits, WAIT_PERCENTILE) },
        satisfaction: {
          count: ratingCount,
          average: averageScore(ratings),
          distribution,
        },
      },
    };
  }

  async summary(workspaceId: string, input: unknown): Promise<Summary> {
    const { query, range, scope } = this.windowOf(workspaceId, input);
    const [facts, outcomes, handoffs, waits, ratings, votes, times, hoursAndCategories, topEntries] = await Promise.all([
      this.repository.conversationFacts(scope),
      this.repository.outcomesPerDay(scope),
      this.repository.handoffsPerDay(scope),
      this.repository.waits(scope),
      this.repository.ratingsPerDay(scope),
      this.repository.answerVotes(scope),
      this.repository.handoffTimes(scope),
      this.repository.hoursAndCategories(scope),
      this.repository.topEntries(scope, TOP_ENTRIES_SHOWN),
    ]);
    const byChannel: Record<string, ResolvedShare> = {};
    const byBot: Record<string, ResolvedShare> = {};
    let resolved = 0;
    for (const c of facts) {
      const done = botResolved(c);
      if (done) resolved++;
      for (const [map, key] of [[byChannel, c.channel], [byBot, c.botId]] as const) {
        const share = (map[key] ??= { conversations: 0, botResolved: 0 });
        share.conversations++;
        if (done) share.botResolved++;
      }
    }
    const outcome = (action: OutcomeAction) => outcomes.filter((o) => o.action === action).reduce((n, o) => n + o.count, 0);
    const seconds = (fromIso: string, toIso: string) => (Date.parse(toIso) - Date.parse(fromIso)) / MS_PER_SECOND;
    return {
      from: range.from,
      to: range.to,
      botId: query.botId ?? null,
      conversations: facts.length,
      botResolved: resolved,
      botResolvedRate: rate(resolved, facts.length),
      handoffs: { total: handoffs.reduce((n, h) => n + h.count, 0), byReason: byReason(handoffs) },
      answers: outcome('answer'),
      fallbacks: outcome('fallback'),
      clarifications: outcome('clarify'),
      satisfaction: {
        agents: { count: ratings.reduce((n, r) => n + r.count, 0), average: averageScore(ratings) },
        bot: { ...votes, helpfulRate: rate(votes.helpful, votes.helpful + votes.notHelpful) },
      },
      queueWait: spread(waits.map((w) => seconds(w.queuedAt, w.assignedAt))),
      firstResponse: spread(times.flatMap((t) => (t.firstAgentAt ? [seconds(t.queuedAt, t.firstAgentAt)] : []))),
      handling: spread(times.flatMap((t) => (t.handlingSeconds === null ? [] : [t.handlingSeconds]))),
      byChannel,
      byBot,
      ...hoursAndCategories,
      topEntries,
    };
  }

  async unanswered(workspaceId: string, input: unknown, answersNow?: AnswersNow): Promise<UnansweredQuestion[]> {
    const { limit, botId } = parseOrThrow(UnansweredQuerySchema, input);
    const rows = await this.repository.latestUnanswered({ workspaceId, botId }, limit);
    const questions: UnansweredQuestion[] = [];
    // One after another: each is a bot decision (CPU), and the list is short.
    for (const row of rows) {
      questions.push({
        conversationId: row.conversationId,
        seq: Number(row.seq),
        text: maskPersonal(row.text),
        action: row.action as UnansweredQuestion['action'],
        at: row.createdAt,
        suggestions: row.action === 'clarify' ? suggestionsOf(row.meta) : [],
        // A bot that cannot be asked (deleted since) leaves the question open.
        answeredNow: answersNow ? await answersNow(row.botId, row.text).catch(() => false) : false,
      });
    }
    return questions;
  }
}

function byReason(rows: Array<{ reason: string; count: number }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.reason] = (counts[r.reason] ?? 0) + r.count;
  return counts;
}

function averageScore(rows: Array<{ score: number; count: number }>): number | null {
  const count = rows.reduce((n, r) => n + r.count, 0);
  return count === 0 ? null : rows.reduce((n, r) => n + r.score * r.count, 0) / count;
}

/** The candidates the engine recorded with the decision (`meta.decision.candidates`). */
function suggestionsOf(metaText: string): UnansweredQuestion['suggestions'] {
  try {
    const meta = JSON.parse(metaText) as { decision?: { candidates?: Array<{ entryId?: unknown; question?: unknown }> } };
    return (meta.decision?.candidates ?? [])
      .filter((c): c is { entryId: string; question: string } => typeof c.entryId === 'string' && typeof c.question === 'string')
      .slice(0, SUGGESTIONS_SHOWN)
      .map(({ entryId, question }) => ({ entryId, question }));
  } catch {
    // A message written before decisions were recorded: no suggestions, the question still shows.
    return [];
  }
}
