/**
 * Backpressure for one process: how many customer turns are worked out at once, and how many
 * may wait. A turn enters after its message is stored (and so acknowledged): a waiting message
 * is never lost, only answered later, in arrival order. When even the waiting line is full, a
 * new message is refused BEFORE it is stored (WENDU_SERVER_BUSY, retry later) — the client
 * keeps it and sends it again, so nothing acknowledged is ever dropped.
 *
 * Why a limit at all: on one event loop every admitted turn shares the CPU, so 5,000 turns
 * started together all finish late (p50 ≈ p99); a few at a time, in order, answer the first
 * customers at once and tell the others honestly that they wait (docs/performance.md).
 */
import { WenduError } from '../errors/index.js';

export interface TurnGateLimits {
  /** Turns worked out at once in this process (WENDU_MAX_TURNS_IN_FLIGHT). */
  maxTurnsInFlight: number;
  /** Turns allowed to wait; beyond it new messages are refused unstored (WENDU_MAX_QUEUED_TURNS). */
  maxQueuedTurns: number;
  /** A message not yet being answered after this long tells its customer 「当前咨询人数较多…」 (WENDU_BUSY_NOTICE_AFTER_MS). */
  busyNoticeAfterMs: number;
}

/**
 * Defaults measured on the 2-core bench machine (bench results, docs/performance.md): a few dozen
 * turns at once keep the CPU busy while one waits for the database; the waiting line holds more
 * than the 10,000 idle customers of the benchmark asking at once.
 */
export const DEFAULT_TURN_GATE_LIMITS: TurnGateLimits = { maxTurnsInFlight: 32, maxQueuedTurns: 20_000, busyNoticeAfterMs: 2000 };
/** What a refused sender is told to wait before sending again. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

export class TurnGate {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limits: TurnGateLimits = DEFAULT_TURN_GATE_LIMITS) {}

  /** Refuses a new message while the waiting line is full; called before the message is stored. */
  assertRoom(): void {
    if (this.waiting.length >= this.limits.maxQueuedTurns) {
      throw new WenduError('WENDU_SERVER_BUSY', { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS, queued: this.waiting.length });
    }
  }

  /**
   * Starts the busy-notice clock for a message just received: `onLongWait` is called once if the
   * bot has not started on it after busyNoticeAfterMs — counted from arrival, because a saturated
   * node makes a message wait before the gate too (for the database, behind the conversation's
   * earlier messages). Call the returned function when its turn starts (a slow flow call after
   * that is not "busy").
   */
  noticeIfSlow(onLongWait?: () => void): () => void {
    if (!onLongWait) return () => {};
    const timer = setTimeout(onLongWait, this.limits.busyNoticeAfterMs);
    return () => clearTimeout(timer);
  }

  /** Waits for a free slot (first come, first served) and returns the function that frees it. */
  async enter(): Promise<() => void> {
    // Yield to the event loop first. With SQLite a whole turn runs in microtasks: without this,
    // the turn ran inside the socket read that brought its message, the next socket was read
    // only after it, and messages queued unseen in the kernel — never stored, acknowledged or
    // told they wait. Now every message already received is stored and acknowledged, and waits
    // here, before a turn takes the CPU.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.inFlight < this.limits.maxTurnsInFlight && this.waiting.length === 0) {
      this.inFlight += 1;
      return this.releaser();
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.releaser();
  }

  /** Turns being worked out now, and waiting. */
  get load(): { inFlight: number; waiting: number } {
    return { inFlight: this.inFlight, waiting: this.waiting.length };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so the count stays the same — on the next
      // turn of the event loop: with SQLite a whole turn runs in microtasks, and handing over
      // at once chained every waiting turn into one long task that starved socket I/O (heart-
      // beats missed, every socket dropped) and the busy notices' timers.
      if (next) setImmediate(next);
      else this.inFlight -= 1;
    };
  }
}
