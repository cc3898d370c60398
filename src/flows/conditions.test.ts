import { describe, expect, it } from 'vitest';
import type { Condition } from './condition-schema.js';
import { ConditionSchema } from './condition-schema.js';
import { evaluateCondition, inTimeWindow, localTime, type ConditionInput } from './conditions.js';
import { DEFAULT_BUSINESS_HOURS } from './schemas.js';

/** 2026-11-27 is a Friday; Shanghai is UTC+8 all year. */
const SHANGHAI = (localIso: string) => new Date(`${localIso}+08:00`);

function input(now: Date, overrides: Partial<ConditionInput> = {}): ConditionInput {
  return {
    scope: {
      slots: { reason: '质量问题', amount: 199, photos: ['https://img.example.com/a.jpg'], empty: '' },
      customer: { externalId: 'u-9', name: '李先生', tags: ['VIP', '老客户'], vipLevel: 3, attributes: { city: '杭州' } },
      channel: 'wechat',
      env: {},
    },
    lastMessage: '我的快遞怎麼還沒到',
    now,
    settings: { timeZone: 'Asia/Shanghai', businessHours: DEFAULT_BUSINESS_HOURS },
    ...overrides,
  };
}

const NOON = SHANGHAI('2026-11-27T12:00:00');
const check = (c: Condition, now = NOON, o: Partial<ConditionInput> = {}) => evaluateCondition(ConditionSchema.parse(c), input(now, o));

describe('local time in a time zone', () => {
  it('reads Shanghai wall time and ISO weekday from a UTC instant', () => {
    expect(localTime(new Date('2026-11-27T16:30:00Z'), 'Asia/Shanghai')).toEqual({ isoWeekday: 6, minutes: 30 });
    expect(localTime(new Date('2026-11-27T16:30:00Z'), 'Europe/London')).toEqual({ isoWeekday: 5, minutes: 16 * 60 + 30 });
  });
});

describe('time windows', () => {
  it.each([
    ['23:30 Fri', { isoWeekday: 5, minutes: 23 * 60 + 30 }, true],
    ['01:00 Sat (window opened Friday)', { isoWeekday: 6, minutes: 60 }, true],
    ['05:59 Sat', { isoWeekday: 6, minutes: 5 * 60 + 59 }, true],
    ['06:00 Sat (end is exclusive)', { isoWeekday: 6, minutes: 6 * 60 }, false],
    ['21:59 Fri', { isoWeekday: 5, minutes: 21 * 60 + 59 }, false],
    ['12:00 Fri', { isoWeekday: 5, minutes: 12 * 60 }, false],
  ])('overnight 22:00–06:00 at %s → %s', (_label, local, expected) => {
    expect(inTimeWindow(local, '22:00', '06:00')).toBe(expected);
  });

  it('an overnight window limited to Fridays includes early Saturday but not early Friday', () => {
    expect(inTimeWindow({ isoWeekday: 6, minutes: 60 }, '22:00', '06:00', [5])).toBe(true);
    expect(inTimeWindow({ isoWeekday: 5, minutes: 60 }, '22:00', '06:00', [5])).toBe(false);
    expect(inTimeWindow({ isoWeekday: 1, minutes: 60 }, '22:00', '06:00', [7])).toBe(true);
  });

  it('night greeting window via the AST, in the flow time zone', () => {
    const night: Condition = { kind: 'time', from: '22:00', to: '06:00' };
    expect(check(night, SHANGHAI('2026-11-27T23:15:00'))).toBe(true);
    expect(check(night, SHANGHAI('2026-11-28T02:00:00'))).toBe(true);
    expect(check(night, NOON)).toBe(false);
    // 15:00 in Shanghai is 23:00 in Los Angeles (PST) the day before.
    expect(check(night, SHANGHAI('2026-11-27T15:00:00'), { settings: { timeZone: 'America/Los_Angeles', businessHours: DEFAULT_BUSINESS_HOURS } })).toBe(true);
  });

  it('business hours 09:00–22:00 every day', () => {
    expect(check({ kind: 'businessHours' }, NOON)).toBe(true);
    expect(check({ kind: 'businessHours' }, SHANGHAI('2026-11-27T22:00:00'))).toBe(false);
    expect(check({ kind: 'businessHours' }, SHANGHAI('2026-11-28T08:59:00'))).toBe(false);
    const weekdaysOnly = { timeZone: 'Asia/Shanghai', businessHours: { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' } };
    expect(check({ kind: 'businessHours' }, SHANGHAI('2026-11-28T10:00:00'), { settings: weekdaysOnly })).toBe(false);
    expect(check({ kind: 'businessHours' }, SHANGHAI('2026-11-27T17:59:00'), { settings: weekdaysOnly })).toBe(true);
  });

  it('days of week', () => {
    expect(check({ kind: 'days', days: [6, 7] }, SHANGHAI('2026-11-29T10:00:00'))).toBe(true);
    expect(check({ kind: 'days', days: [6, 7] }, NOON)).toBe(false);
  });
});

describe('customer, slot, channel and keyword conditions', () => {
  it.each<[string, Condition, boolean]>([
    ['VIP tag (case-insensitive)', { kind: 'tag', tag: 'vip' }, true],
    ['missing tag', { kind: 'tag', tag: '黑名单' }, false],
    ['tags compare element-wise', { kind: 'compare', subject: 'customer.tags', op: 'eq', value: '老客户' }, true],
    ['vipLevel > 2', { kind: 'compare', subject: 'customer.vipLevel', op: 'gt', value: 2 }, true],
    ['vipLevel < 2', { kind: 'compare', subject: 'customer.vipLevel', op: 'lt', value: 2 }, false],
    ['attribute eq', { kind: 'compare', subject: 'customer.attributes.city', op: 'eq', value: '杭州' }, true],
    ['channel in', { kind: 'compare', subject: 'channel', op: 'in', value: ['wechat', 'wecom'] }, true],
    ['channel ne', { kind: 'compare', subject: 'channel', op: 'ne', value: 'web' }, true],
    ['slot exists', { kind: 'compare', subject: 'slots.photos', op: 'exists' }, true],
    ['empty slot does not exist', { kind: 'compare', subject: 'slots.empty', op: 'exists' }, false],
    ['unknown slot does not exist', { kind: 'compare', subject: 'slots.nope', op: 'exists' }, false],
    ['number slot gt', { kind: 'compare', subject: 'slots.amount', op: 'gt', value: 100 }, true],
    ['regex matches', { kind: 'compare', subject: 'slots.reason', op: 'matches', value: '^质量' }, true],
    ['keyword in traditional text', { kind: 'keyword', keywords: ['快递'] }, true],
    ['keyword absent', { kind: 'keyword', keywords: ['发票'] }, false],
    ['all', { kind: 'all', conditions: [{ kind: 'tag', tag: 'VIP' }, { kind: 'businessHours' }] }, true],
    ['any', { kind: 'any', conditions: [{ kind: 'tag', tag: '黑名单' }, { kind: 'compare', subject: 'channel', op: 'eq', value: 'wechat' }] }, true],
    ['not', { kind: 'not', condition: { kind: 'tag', tag: 'VIP' } }, false],
  ])('%s', (_label, condition, expected) => {
    expect(check(condition)).toBe(expected);
  });

  it('refuses malformed conditions with the field that is wrong', () => {
    const bad = ConditionSchema.safeParse({ kind: 'compare', subject: 'customer.password', op: 'eq', value: 'x' });
    expect(bad.success).toBe(false);
    const noValue = ConditionSchema.safeParse({ kind: 'compare', subject: 'slots.a', op: 'gt', value: '大' });
    expect(noValue.success ? [] : noValue.error.issues.map((i) => i.path.join('.'))).toContain('value');
    expect(ConditionSchema.safeParse({ kind: 'time', from: '25:00', to: '06:00' }).success).toBe(false);
  });
});
