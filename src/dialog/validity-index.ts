/**
 * Validity windows in the index: only entries inside their window (`validFrom` ≤ now <
 * `validTo`) are indexed, so last year's 双11 entry never competes with this year's — it can
 * neither lower the winner's confidence nor shrink its lead to a 您是想问. Entries outside their
 * window go to a small side index instead, consulted only to tell the operator in the trace that
 * a matching entry exists but is expired or not yet valid. The bot re-indexes at the next
 * validity boundary (a timer, and before any question asked at or after it).
 */
import type { KnowledgeEntry } from '../kb/schemas.js';
import { isServable } from '../kb/schemas.js';
import type { Matcher } from '../nlu/matcher.js';

/**
 * The longest the validity timer sleeps before looking at the clock again. Node fires a timer
 * longer than ~24.8 days at once, and the wall clock can jump (NTP, a suspended VM) while a timer
 * counts monotonic time; waking hourly and re-checking costs nothing and bounds both errors.
 */
export const VALIDITY_TIMER_CAP_MS = 60 * 60 * 1000;

/** Out-of-window entries a question resembles that are listed in the trace, at most. */
export const OUT_OF_WINDOW_TRACE_MAX = 3;

export type WindowState = 'expired' | 'not_yet_valid';

/** An entry outside its validity window that would have been a candidate for the question. */
export interface OutOfWindowCandidate {
  entryId: string;
  question: string;
  matchedQuestion: string;
  /** Confidence among the out-of-window entries only: how well it matches, not a decision. */
  confidence: number;
  state: WindowState;
  validFrom: string | null;
  validTo: string | null;
}

export interface ValiditySplit {
  /** Published and inside the window at `at`: the entries the bot indexes and serves. */
  inWindow: KnowledgeEntry[];
  /** Published but expired or not yet valid at `at`: only in the side index, for the trace. */
  outOfWindow: KnowledgeEntry[];
  /** The first instant after `at` at which some entry enters or leaves its window; null if none. */
  nextBoundary: Date | null;
  /**
   * The last boundary at or before `at`; null if none. The split holds from here until
   * `nextBoundary`, so a clock set back (a test, an NTP correction) past it needs a new split too.
   */
  previousBoundary: Date | null;
}

/** Splits published entries by their validity window at `at`, and finds when that split changes next. */
export function splitByValidity(published: readonly KnowledgeEntry[], at: Date): ValiditySplit {
  const inWindow: KnowledgeEntry[] = [];
  const outOfWindow: KnowledgeEntry[] = [];
  const t = at.getTime();
  let next = Infinity;
  let previous = -Infinity;
  for (const entry of published) {
    if (entry.status !== 'published') continue;
    (isServable(entry, at) ? inWindow : outOfWindow).push(entry);
    for (const bound of [entry.validFrom, entry.validTo]) {
      if (!bound) continue;
      const b = Date.parse(bound);
      if (b > t) next = Math.min(next, b);
      else previous = Math.max(previous, b);
    }
  }
  return {
    inWindow,
    outOfWindow,
    nextBoundary: Number.isFinite(next) ? new Date(next) : null,
    previousBoundary: Number.isFinite(previous) ? new Date(previous) : null,
  };
}

/** Does a split made for the window [previousBoundary, nextBoundary) still hold at `at`? */
export function splitHoldsAt(split: Pick<ValiditySplit, 'previousBoundary' | 'nextBoundary'>, at: Date): boolean {
  const t = at.getTime();
  return (!split.previousBoundary || t >= split.previousBoundary.getTime()) && (!split.nextBoundary || t < split.nextBoundary.getTime());
}

export function windowState(entry: Pick<KnowledgeEntry, 'validFrom'>, at: Date): WindowState {
  return entry.validFrom && Date.parse(entry.validFrom) > at.getTime() ? 'not_yet_valid' : 'expired';
}

/**
 * Out-of-window entries that the side index ranks at or above `minConfidence` for any of the
 * questions, best first, one per entry. Empty (and free) when no entry is out of its window.
 */
export function outOfWindowMatches(
  side: Matcher | null,
  entries: ReadonlyMap<string, KnowledgeEntry>,
  questions: readonly string[],
  at: Date,
  minConfidence: number,
): OutOfWindowCandidate[] {
  if (!side || side.entryCount === 0) return [];
  const best = new Map<string, OutOfWindowCandidate>();
  for (const question of new Set(questions)) {
    for (const c of side.rank(question, OUT_OF_WINDOW_TRACE_MAX)) {
      const entry = entries.get(c.entryId);
      if (!entry || c.confidence < minConfidence || (best.get(c.entryId)?.confidence ?? -1) >= c.confidence) continue;
      best.set(c.entryId, {
        entryId: entry.id,
        question: entry.question,
        matchedQuestion: c.matchedQuestion,
        confidence: c.confidence,
        state: windowState(entry, at),
        validFrom: entry.validFrom,
        validTo: entry.validTo,
      });
    }
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence).slice(0, OUT_OF_WINDOW_TRACE_MAX);
}

/** The trace's note on out-of-window matches; the console's Try it flags explanations with this wording. */
export function outOfWindowNote(matches: readonly OutOfWindowCandidate[]): string {
  if (matches.length === 0) return '';
  const listed = matches.map((m) => `「${m.question}」${m.state === 'expired' ? '已过期' : '未生效'}`).join('，');
  return `（另有 ${matches.length} 个候选已过期、未生效或未发布，未参与匹配：${listed}）`;
}

/**
 * Wakes the bot at the next validity boundary. `arm` replaces any earlier schedule; a wake-up
 * before the boundary (the cap) only re-arms, so a far boundary costs no re-index.
 */
export class ValidityTimer {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly now: () => Date,
    private readonly onBoundary: () => void,
  ) {}

  arm(boundary: Date | null): void {
    this.clear();
    if (!boundary) return;
    const wait = boundary.getTime() - this.now().getTime();
    if (wait <= 0) {
      this.onBoundary();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.now().getTime() >= boundary.getTime()) this.onBoundary();
      else this.arm(boundary);
    }, Math.min(wait, VALIDITY_TIMER_CAP_MS));
    // A pending boundary is no reason to keep a CLI process (wendu ask) alive.
    this.timer.unref();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get armed(): boolean {
    return this.timer !== null;
  }
}
