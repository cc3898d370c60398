import { describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { assertSignedProfile, canonicalJson, signProfile, verifyProfile } from './customer-profile.js';

const SECRET = 'wendu-demo-secret-请更换';
/** Half a day before the documented test vector's expiresAt (2030-01-01), inside the 24 h maximum lifetime. */
const NOW = new Date('2029-12-31T12:00:00.000Z');
const HOUR_MS = 3600 * 1000;
const inHours = (hours: number) => new Date(NOW.getTime() + hours * HOUR_MS).toISOString();

const profile = {
  externalId: 'u-10086',
  name: '陈小姐',
  tags: ['老客户', 'VIP'],
  vipLevel: 3,
  channel: 'app',
  attributes: { 城市: '杭州', memberNo: 'M0001', note: 'a/b "quoted"' },
  expiresAt: '2030-01-01T00:00:00Z',
};

/**
 * Computed with the Python example of docs/customer-profile.md
 * (json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False) + hmac sha256),
 * so the docs and the code cannot drift apart.
 */
const PYTHON_CANONICAL =
  '{"attributes":{"memberNo":"M0001","note":"a/b \\"quoted\\"","城市":"杭州"},"channel":"app","expiresAt":"2030-01-01T00:00:00Z","externalId":"u-10086","name":"陈小姐","tags":["老客户","VIP"],"vipLevel":3}';
const PYTHON_SIGNATURE = 'a36566559fa59b05b2660e3ac38de1ccb9d0b6ef2ac5fb3e83ff23cebf060505';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    return isWenduError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('canonicalJson', () => {
  it('matches the documented form byte for byte', () => {
    expect(canonicalJson(profile)).toBe(PYTHON_CANONICAL);
  });

  it.each([
    ['nested keys', { b: { d: 1, c: 2 }, a: [{ z: 1, y: 2 }] }, '{"a":[{"y":2,"z":1}],"b":{"c":2,"d":1}}'],
    ['integer-like keys sort as text', { b: 1, '10': 2, '9': 3, a: 4 }, '{"10":2,"9":3,"a":4,"b":1}'],
    ['undefined fields are left out like JSON.stringify', { name: undefined, tags: [undefined] }, '{"tags":[null]}'],
    ['code-point order for keys beyond the BMP', { '\u{1F600}': 1, '\uFF5E': 2 }, '{"～":2,"😀":1}'],
    ['strings escaped as JSON', { t: '换行\n"引号"\\' }, '{"t":"换行\\n\\"引号\\"\\\\"}'],
  ])('%s', (_label, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('signProfile / verifyProfile', () => {
  it('signs exactly like the documented Python example', () => {
    expect(signProfile(profile, SECRET)).toBe(PYTHON_SIGNATURE);
    expect(verifyProfile(profile, PYTHON_SIGNATURE, SECRET, { now: NOW })).toBe(true);
    expect(verifyProfile(profile, PYTHON_SIGNATURE.toUpperCase(), SECRET, { now: NOW })).toBe(true);
  });

  it('does not depend on the key order the site serialised', () => {
    const reordered = JSON.parse(
      '{"vipLevel":3,"tags":["老客户","VIP"],"expiresAt":"2030-01-01T00:00:00Z","attributes":{"note":"a/b \\"quoted\\"","城市":"杭州","memberNo":"M0001"},"name":"陈小姐","externalId":"u-10086","channel":"app"}',
    );
    expect(verifyProfile(reordered, signProfile(profile, SECRET), SECRET, { now: NOW })).toBe(true);
  });

  it.each([
    ['a changed name', { name: '陳小姐' }],
    ['a changed external id', { externalId: 'u-10087' }],
    ['an added tag', { tags: ['老客户', 'VIP', '黑卡'] }],
    ['reordered tags (arrays keep their order)', { tags: ['VIP', '老客户'] }],
    ['a raised VIP level', { vipLevel: 9 }],
    ['a VIP level as text', { vipLevel: '3' }],
    ['a changed attribute', { attributes: { ...profile.attributes, 城市: '上海' } }],
    ['an added field', { isAdmin: true }],
    ['a later expiry', { expiresAt: '2031-01-01T00:00:00Z' }],
  ])('refuses %s', (_label, change) => {
    const signature = signProfile(profile, SECRET);
    expect(verifyProfile({ ...profile, ...change }, signature, SECRET, { now: NOW })).toBe(false);
  });

  it('refuses a removed field', () => {
    const { tags: _tags, ...withoutTags } = profile;
    expect(verifyProfile(withoutTags, signProfile(profile, SECRET), SECRET, { now: NOW })).toBe(false);
  });

  it('refuses another secret and malformed signatures', () => {
    const signature = signProfile(profile, SECRET);
    expect(verifyProfile(profile, signature, 'another-bot-secret', { now: NOW })).toBe(false);
    for (const bad of ['', 'abc', signature.slice(0, -2), `${signature}00`, signature.replace(/^./, 'g'), 42, null]) {
      expect(verifyProfile(profile, bad, SECRET, { now: NOW })).toBe(false);
    }
    expect(verifyProfile('{"externalId":"u-1"}', signature, SECRET, { now: NOW })).toBe(false);
    expect(verifyProfile(null, signature, SECRET, { now: NOW })).toBe(false);
  });

  it('refuses an expired or unreadable expiry, and a profile without one', () => {
    const expired = { ...profile, expiresAt: inHours(-1 / 3600) };
    expect(verifyProfile(expired, signProfile(expired, SECRET), SECRET, { now: NOW })).toBe(false);
    const exactlyNow = { ...profile, expiresAt: NOW.toISOString() };
    expect(verifyProfile(exactlyNow, signProfile(exactlyNow, SECRET), SECRET, { now: NOW })).toBe(false);
    const garbled = { ...profile, expiresAt: '明天' };
    expect(verifyProfile(garbled, signProfile(garbled, SECRET), SECRET, { now: NOW })).toBe(false);
    // Regression (issue 6, finding 10): a signature without an end was trusted for ever.
    const { expiresAt: _e, ...forever } = profile;
    expect(verifyProfile(forever, signProfile(forever, SECRET), SECRET, { now: NOW })).toBe(false);
  });

  it('refuses an expiry further ahead than the maximum lifetime (24 h by default, configurable)', () => {
    const nextYear = { ...profile, expiresAt: inHours(24 * 365) };
    expect(verifyProfile(nextYear, signProfile(nextYear, SECRET), SECRET, { now: NOW })).toBe(false);
    const justInside = { ...profile, expiresAt: inHours(24) };
    expect(verifyProfile(justInside, signProfile(justInside, SECRET), SECRET, { now: NOW })).toBe(true);
    const twoHours = { ...profile, expiresAt: inHours(2) };
    expect(verifyProfile(twoHours, signProfile(twoHours, SECRET), SECRET, { now: NOW, maxLifetimeMs: HOUR_MS })).toBe(false);
    expect(verifyProfile(twoHours, signProfile(twoHours, SECRET), SECRET, { now: NOW, maxLifetimeMs: 3 * HOUR_MS })).toBe(true);
  });

  it.each([
    ['expired', inHours(-2), 'WENDU_PROFILE_EXPIRED'],
    ['missing', undefined, 'WENDU_VALIDATION'],
    ['unreadable', '下周一', 'WENDU_VALIDATION'],
    ['a year ahead', inHours(24 * 365), 'WENDU_VALIDATION'],
  ])('assertSignedProfile: %s expiresAt → %s', (_label, expiresAt, code) => {
    const p = { ...profile, expiresAt };
    expect(codeOf(() => assertSignedProfile(p, signProfile(p, SECRET), SECRET, { now: NOW }))).toBe(code);
  });

  it('assertSignedProfile judges the signature first: a forged expiry is WENDU_FORBIDDEN, not "expired"', () => {
    const expired = { ...profile, expiresAt: inHours(-2) };
    const signature = signProfile(expired, SECRET);
    expect(codeOf(() => assertSignedProfile({ ...expired, expiresAt: inHours(2) }, signature, SECRET, { now: NOW }))).toBe('WENDU_FORBIDDEN');
  });

  it('treats a missing secret as a configuration error, not as a bad customer', () => {
    const err = (() => {
      try {
        signProfile(profile, '');
      } catch (e) {
        return e;
      }
    })();
    expect(isWenduError(err) && err.code).toBe('WENDU_CONFIG_INVALID');
    expect(() => verifyProfile(profile, PYTHON_SIGNATURE, '')).toThrow();
  });
});
