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
 *
 * Saturation is judged by what a new message will wait, not by the line alone: the waiting line
 * times the measured turn time, plus the event loop's measured delay (the time a message waits
 * before the server even reads it). Past busyNoticeAfterMs the customer is told at once.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
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

/** Event-loop delay is sampled this finely (perf_hooks.monitorEventLoopDelay). */
const LOOP_DELAY_RESOLUTION_MS = 10;
/** The loop delay that counts is the worst of about the last second: older stalls say nothing about now. */
const LOOP_DELAY_WINDOW_MS = 1_000;
/** Weight of the newest turn in the moving average of turn time (about the last 20 turns count). */
const TURN_TIME_WEIGHT = 0.05;
const NS_PER_MS = 1e6;

export class TurnGate {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private admitting = false;
  /** Moving average of a turn's time from admission to release, ms. */
  private turnMs = 0;
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  /**
   * The worst delay of the last whole window. Rolled by a timer, not on demand: a window rolled at
   * the next message would span start-up or an idle night and report a stall long past.
   */
  private lastWindowLoopDelayMs = 0;
  private readonly windowRoller: NodeJS.Timeout;

  constructor(readonly limits: TurnGateLimits = DEFAULT_TURN_GATE_LIMITS) {
    this.loopDelay.enable();
    this.windowRoller = setInterval(() => {
      this.lastWindowLoopDelayMs = this.currentWindowLoopDelayMs();
      this.loopDelay.reset();
    }, LOOP_DELAY_WINDOW_MS);
    this.windowRoller.unref();
  }

  /** Stops measuring the event loop (the runtime closes it with the process's other parts). */
  close(): void {
    clearInterval(this.windowRoller);
    this.loopDelay.disable();
  }

  /** Refuses a new message while the waiting line is full; called before the message is stored. */
  assertRoom(): void {
    if (this.waiting.length >= this.limits.maxQueuedTurns) {
      throw new WenduError('WENDU_SERVER_BUSY', { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS, queued: this.waiting.length });
    }
  }

  /**
   * Starts the busy notice for a message just received: `onLongWait` is called once — on the
   * next turn of the event loop, after the message is stored, when the node is saturated
   * (expectedWaitMs ≥ busyNoticeAfterMs); otherwise if the bot has not started on it after
   * busyNoticeAfterMs, counted from arrival (a message also waits before the gate: for the
   * database, behind the conversation's earlier messages). Call the returned function when its
   * turn starts (a slow flow call after that is not "busy").
   */
  noticeIfSlow(onLongWait?: () => void): () => void {
    if (!onLongWait) return () => {};
    const wait = this.expectedWaitMs() >= this.limits.busyNoticeAfterMs ? setImmediate(onLongWait) : undefined;
    const timer = wait ? undefined : setTimeout(onLongWait, this.limits.busyNoticeAfterMs);
    return () => (wait ? clearImmediate(wait) : clearTimeout(timer));
  }

  /**
   * What a message arriving now will wait for its turn, ms: the line ahead of it worked off
   * maxTurnsInFlight at a time at the measured turn time, plus the event loop's recent delay.
   */
  private expectedWaitMs(): number {
    const queued = (this.waiting.length / this.limits.maxTurnsInFlight) * this.turnMs;
    return queued + this.loopDelayMs();
  }

  /**
   * Waits for a free slot (first come, first served) and returns the function that frees it.
   * Every turn, even into an idle gate, is admitted by `admit` on a later turn of the event loop,
   * at most maxTurnsInFlight at a time. Measured cause (docs/performance.md, "Backpressure"): with
   * SQLite a whole turn runs in microtasks, and when each turn yielded by its own setImmediate,
   * Node ran the whole batch of immediates in one check phase — each turn complete before the
   * next started, so the gate never saw a queue, and no timer (busy notices, heartbeats) and no
   * socket read ran until the batch was done: seconds under a burst, nobody told "busy".
   */
  async enter(): Promise<() => void> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.scheduleAdmission();
    });
    return this.releaser(performance.now());
  }

  /** Turns being worked out now, and waiting. */
  get load(): { inFlight: number; waiting: number } {
    return { inFlight: this.inFlight, waiting: this.waiting.length };
  }

  private scheduleAdmission(): void {
    if (this.admitting || this.waiting.length === 0) return;
    this.admitting = true;
    setImmediate(() => this.admit());
  }

  /** Lets in as many waiting turns as there are free slots; they run before the loop goes on to timers and sockets. */
  private admit(): void {
    this.admitting = false;
    while (this.inFlight < this.limits.maxTurnsInFlight && this.waiting.length > 0) {
      this.inFlight += 1;
      this.waiting.shift()!();
    }
  }

  private loopDelayMs(): number {
    return Math.max(this.lastWindowLoopDelayMs, this.currentWindowLoopDelayMs());
  }

  private currentWindowLoopDelayMs(): number {
    return this.loopDelay.count > 0 ? this.loopDelay.max / NS_PER_MS : 0;
  }

  private releaser(admittedAt: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const took = performance.now() - admittedAt;
      // The first turn sets the average; a start from 0 would promise short waits for the first twenty.
      this.turnMs = this.turnMs === 0 ? took : this.turnMs + TURN_TIME_WEIGHT * (took - this.turnMs);
      this.inFlight -= 1;
      // The next turns start on a later turn of the event loop (admit), never chained onto this one.
      this.scheduleAdmission();
    };
  }
}
