/**
 * Wrong passwords are throttled per account AND per address: one account cannot be guessed
 * from many addresses, nor many accounts from one address. Each attempt takes a point up
 * front (so a burst of parallel guesses cannot all slip past a check-then-count); a success
 * gives the account's points back and returns the address's point.
 * Memory store by default; pass a Redis client to share the counters between instances.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { WenduError } from '../errors/index.js';

/** 15 minutes: long enough to make guessing useless, short enough for a person who mistyped. */
export const LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60;
/** Failed logins of one account per window (a person mistypes a few times; a script tries thousands). */
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
/** Failed logins from one address per window (an office behind one NAT shares it). */
export const LOGIN_FAILURES_PER_ADDRESS = 20;

export interface ThrottleLimit {
  points: number;
  durationSeconds: number;
}

export interface LoginThrottleOptions {
  perAccount?: ThrottleLimit;
  perAddress?: ThrottleLimit;
  /**
   * An ioredis client: counters live in Redis (shared by every instance) instead of this
   * process's memory. Anything rate-limiter-flexible's RateLimiterRedis accepts.
   */
  redis?: unknown;
  /** Key prefix in the store (tests use a fresh one). */
  keyPrefix?: string;
}

const DEFAULT_KEY_PREFIX = 'wendu-login';

function limiter(limit: ThrottleLimit, options: LoginThrottleOptions, name: string): RateLimiterAbstract {
  const common = { points: limit.points, duration: limit.durationSeconds, keyPrefix: `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}:${name}` };
  return options.redis ? new RateLimiterRedis({ ...common, storeClient: options.redis }) : new RateLimiterMemory(common);
}

function throttled(res: RateLimiterRes, scope: 'account' | 'address'): WenduError {
  const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new WenduError('WENDU_LOGIN_THROTTLED', { retryAfterSeconds, scope });
}

export class LoginThrottle {
  private readonly account: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;

  constructor(options: LoginThrottleOptions = {}) {
    const window = LOGIN_THROTTLE_WINDOW_SECONDS;
    this.account = limiter(options.perAccount ?? { points: LOGIN_FAILURES_PER_ACCOUNT, durationSeconds: window }, options, 'account');
    this.address = limiter(options.perAddress ?? { points: LOGIN_FAILURES_PER_ADDRESS, durationSeconds: window }, options, 'address');
  }

  /**
   * Takes one attempt from both budgets; throws WENDU_LOGIN_THROTTLED (details.retryAfterSeconds)
   * when either is spent. Call before checking the password.
   */
  async attempt(email: string, address: string): Promise<void> {
    await this.take(this.address, address, 'address');
    await this.take(this.account, email, 'account');
  }

  /** The password was right: the account starts afresh and the address gets its point back. */
  async succeeded(email: string, address: string): Promise<void> {
    await this.account.delete(email);
    await this.address.reward(address, 1);
  }

  private async take(store: RateLimiterAbstract, key: string, scope: 'account' | 'address'): Promise<void> {
    try {
      await store.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw throttled(err, scope);
      throw err;
    }
  }
}
