/**
 * One conversation is handled by one instance at a time. Within a process the engine already
 * runs a conversation's turns one after another (ConversationEngine's queue); across instances
 * a turn — store the customer's message, decide, commit replies and state — holds this lock, so
 * messages to one conversation arriving at A and B at once are answered one after the other,
 * each reply right after its message, instead of racing (where the loser's customer used to get
 * the apology).
 *
 * The Redis lock is `SET key token NX PX ttl`, renewed while the turn runs and released only by
 * its holder (compare-and-delete). Fencing: a holder that stalls past its TTL (a long GC pause, a
 * frozen VM) may find another instance already in the turn; what it then writes is fenced by the
 * dialog state's version (ConversationService.commitTurn refuses a stale `expectedVersion`), so
 * the lock keeps turns from colliding and the version keeps a collision from corrupting anything.
 *
 * Availability before strictness: if Redis does not answer, or the lock is not free within
 * TURN_LOCK_WAIT_MS (a holder that died keeps it at most TURN_LOCK_TTL_MS), the turn runs
 * anyway under the version guard alone — a customer is never refused because of the lock.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Runs `work` while this conversation is held by nobody else. */
export interface ConversationTurnLock {
  hold<T>(conversationId: string, work: () => Promise<T>): Promise<T>;
}

/** A lock's life without renewal: how long a crashed holder blocks its conversation. */
export const TURN_LOCK_TTL_MS = 10_000;
/** The holder renews this often (a third of the TTL: two renewals may fail before it lapses). */
const TURN_LOCK_RENEW_MS = Math.floor(TURN_LOCK_TTL_MS / 3);
/** Longest a turn waits for the lock before it runs under the version guard alone (longer than the TTL: a dead holder's lock lapses first). */
export const TURN_LOCK_WAIT_MS = 15_000;
/** Between tries while another instance holds the lock; a random part keeps waiters from retrying in step. */
const TURN_LOCK_RETRY_MS = 15;
const TURN_LOCK_RETRY_JITTER_MS = 10;

/** Deletes or extends the key only while it still holds this holder's token. */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export interface RedisTurnLockOptions {
  redis: Redis;
  /** Keys are `<keyPrefix>:<conversationId>`; instances of one deployment share the prefix. */
  keyPrefix: string;
  log?: { warn(details: object, message: string): void };
  /** Overrides for tests of the lapse; production uses the constants above. */
  ttlMs?: number;
  waitMs?: number;
}

export class RedisTurnLock implements ConversationTurnLock {
  private readonly ttlMs: number;
  private readonly waitMs: number;

  constructor(private readonly options: RedisTurnLockOptions) {
    this.ttlMs = options.ttlMs ?? TURN_LOCK_TTL_MS;
    this.waitMs = options.waitMs ?? TURN_LOCK_WAIT_MS;
  }

  async hold<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.options.keyPrefix}:${conversationId}`;
    const token = randomUUID();
    const held = await this.acquire(key, token, conversationId);
    if (!held) return work();
    const renewal = setInterval(() => {
      this.options.redis.eval(RENEW_SCRIPT, 1, key, token, String(this.ttlMs)).catch(() => {});
    }, Math.min(TURN_LOCK_RENEW_MS, Math.floor(this.ttlMs / 3)));
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.options.redis.eval(RELEASE_SCRIPT, 1, key, token).catch(() => {});
    }
  }

  /** True once held; false when the turn should go ahead unlocked (Redis away, or waited too long). */
  private async acquire(key: string, token: string, conversationId: string): Promise<boolean> {
    const giveUpAt = Date.now() + this.waitMs;
    for (;;) {
      try {
        if ((await this.options.redis.set(key, token, 'PX', this.ttlMs, 'NX')) === 'OK') return true;
      } catch (err) {
        this.options.log?.warn({ err: (err as Error).message, conversationId }, '会话锁不可用，本轮仅靠状态版本保护 (turn lock unavailable; the state version guards this turn)');
        return false;
      }
      if (Date.now() >= giveUpAt) {
        this.options.log?.warn({ conversationId, waitedMs: this.waitMs }, '等待会话锁超时，本轮仅靠状态版本保护 (turn lock wait timed out; the state version guards this turn)');
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, TURN_LOCK_RETRY_MS + Math.random() * TURN_LOCK_RETRY_JITTER_MS));
    }
  }
}
