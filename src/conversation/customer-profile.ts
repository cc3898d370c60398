/**
 * Signed customer profiles: the embedding site's server signs what it knows about a logged-in
 * customer with the bot's secret, the widget passes profile + signature along, and Wendu
 * trusts the profile only if the signature matches. The exact algorithm is documented for
 * site developers in docs/customer-profile.md — change both together.
 *
 *   signature = hex(HMAC-SHA256(secret, canonicalJson(profile)))
 *
 * canonicalJson is JSON without whitespace, object keys sorted by Unicode code point at every
 * level, so the site's serialiser and key order do not matter. Every signed profile carries
 * `expiresAt`, at most the configured maximum lifetime (default 24 h) ahead.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DEFAULT_PROFILE_MAX_LIFETIME_SECONDS } from '../config/server-config.js';
import { WenduError } from '../errors/index.js';

const MS_PER_SECOND = 1000;

/** HMAC-SHA256 output in hex. */
const SIGNATURE_PATTERN = /^[0-9a-f]{64}$/i;

/** Code-point order (not UTF-16 order), which is what Python's `sort_keys` and PHP's `ksort` on UTF-8 strings give. */
function compareCodePoints(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i].codePointAt(0)! - cb[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

/**
 * JSON with sorted keys, written by hand: a JS object cannot hold keys in sorted order when
 * some look like integers ("10" always comes before "a"), so re-building an object and calling
 * JSON.stringify would not be canonical.
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort(compareCodePoints)) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined || typeof item === 'function') continue;
      parts.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'bigint') throw new WenduError('WENDU_VALIDATION', { reason: '客户资料不能包含 bigint' });
  return JSON.stringify(value) ?? 'null';
}

function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new WenduError('WENDU_CONFIG_INVALID', { reason: '未配置客户资料签名密钥' });
  }
}

/** Hex HMAC-SHA256 of the profile's canonical JSON. */
export function signProfile(profile: object, secret: string): string {
  assertSecret(secret);
  return createHmac('sha256', secret).update(canonicalJson(profile), 'utf8').digest('hex');
}

/** True when `signature` was made with `secret` over exactly this profile (expiry not judged). */
export function signatureMatches(profile: unknown, signature: unknown, secret: string): boolean {
  assertSecret(secret);
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) return false;
  if (typeof signature !== 'string' || !SIGNATURE_PATTERN.test(signature)) return false;
  let expected: Buffer;
  try {
    expected = Buffer.from(signProfile(profile, secret), 'hex');
  } catch {
    return false;
  }
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** Why a signed profile's `expiresAt` is not acceptable, or null when it is. */
export type ProfileExpiryProblem = 'missing' | 'invalid' | 'expired' | 'too_far';

/**
 * A signature must say until when it may be trusted, and not longer than `maxLifetimeMs` from
 * now: a signature without an end (or ending in 2099) would let whoever copied it from a page
 * be that customer for ever.
 */
export function profileExpiryProblem(profile: object, now: Date, maxLifetimeMs: number): ProfileExpiryProblem | null {
  const expiresAt = (profile as { expiresAt?: unknown }).expiresAt;
  if (expiresAt === undefined || expiresAt === null) return 'missing';
  if (typeof expiresAt !== 'string') return 'invalid';
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return 'invalid';
  if (expiry <= now.getTime()) return 'expired';
  if (expiry > now.getTime() + maxLifetimeMs) return 'too_far';
  return null;
}

export interface VerifyOptions {
  now?: Date;
  /** Longest `expiresAt` may lie ahead of `now`; default DEFAULT_PROFILE_MAX_LIFETIME_SECONDS. */
  maxLifetimeMs?: number;
}

/**
 * Checks a signed profile and throws what the site developer needs to hear: a wrong signature
 * is WENDU_FORBIDDEN (never downgraded to anonymous), a signature past its `expiresAt` is
 * WENDU_PROFILE_EXPIRED (sign a fresh one), a missing, unreadable or too distant `expiresAt`
 * is WENDU_VALIDATION. The signature is judged first, so nobody learns anything from
 * changing `expiresAt` on a profile they did not sign.
 */
export function assertSignedProfile(profile: unknown, signature: unknown, secret: string, options: VerifyOptions = {}): void {
  if (!signatureMatches(profile, signature, secret)) {
    throw new WenduError('WENDU_FORBIDDEN', { reason: 'profile_signature' }, '顾客身份签名校验失败');
  }
  const maxLifetimeMs = options.maxLifetimeMs ?? DEFAULT_PROFILE_MAX_LIFETIME_SECONDS * MS_PER_SECOND;
  const problem = profileExpiryProblem(profile as object, options.now ?? new Date(), maxLifetimeMs);
  if (problem === 'expired') {
    throw new WenduError('WENDU_PROFILE_EXPIRED', { expiresAt: (profile as { expiresAt: string }).expiresAt });
  }
  if (problem) {
    throw new WenduError('WENDU_VALIDATION', {
      field: 'profile.expiresAt',
      reason: problem,
      maxLifetimeSeconds: maxLifetimeMs / MS_PER_SECOND,
      hint: '签名的客户资料必须带 expiresAt（ISO 时间），且不晚于现在起的最长有效期 (signed profiles need an expiresAt within the maximum lifetime)',
    });
  }
}

/** True when the signature matches and `expiresAt` is present, in the future and within the maximum lifetime. */
export function verifyProfile(profile: unknown, signature: unknown, secret: string, options: VerifyOptions = {}): boolean {
  try {
    assertSignedProfile(profile, signature, secret, options);
    return true;
  } catch (err) {
    if (err instanceof WenduError && err.code === 'WENDU_CONFIG_INVALID') throw err;
    return false;
  }
}
