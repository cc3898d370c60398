/**
 * Signed customer profiles: the embedding site's server signs what it knows about a logged-in
 * customer with the bot's secret, the widget passes profile + signature along, and Wendu
 * trusts the profile only if the signature matches. The exact algorithm is documented for
 * site developers in docs/customer-profile.md — change both together.
 *
 *   signature = hex(HMAC-SHA256(secret, canonicalJson(profile)))
 *
 * canonicalJson is JSON without whitespace, object keys sorted by Unicode code point at every
 * level, so the site's serialiser and key order do not matter.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WenduError } from '../errors/index.js';

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

/**
 * True when `signature` was made with `secret` over exactly this profile and the profile's
 * optional `expiresAt` (ISO time) is still in the future. Never throws for bad input from the
 * page (wrong types, malformed signature) — those are simply not verified.
 */
export function verifyProfile(profile: unknown, signature: unknown, secret: string, now: Date = new Date()): boolean {
  assertSecret(secret);
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) return false;
  if (typeof signature !== 'string' || !SIGNATURE_PATTERN.test(signature)) return false;
  const expiresAt = (profile as { expiresAt?: unknown }).expiresAt;
  if (expiresAt !== undefined) {
    if (typeof expiresAt !== 'string') return false;
    const expiry = Date.parse(expiresAt);
    if (Number.isNaN(expiry) || expiry <= now.getTime()) return false;
  }
  let expected: Buffer;
  try {
    expected = Buffer.from(signProfile(profile, secret), 'hex');
  } catch {
    return false;
  }
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
