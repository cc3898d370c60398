import { describe, expect, it } from 'vitest';
import { inTimeWindow, localTime, parseHhMm } from './local-time.js';
import { ReplyVariantSchema, chooseVariant, specificity, variantKey, type ReplyVariant, type VariantContext } from './variants.js';

const say = (text: string, when?: ReplyVariant['when'], weight?: number): ReplyVariant => ({ content: [{ type: 'text', text }], ...(when && { when }), ...(weight !== undefined && { weight }) });
const textOf = (v: ReplyVariant | undefined) => (v?.content[0] as { text: string } | undefined)?.text;

/** A deterministic random source cycling through the given values. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

/** 2026-06-03 is a Wednesday; times below are Beijing time written as UTC instants. */
const at = (beijing: string) => new Date(`${beijing}+08:00`);
const ctx = (over: Partial<VariantContext> = {}): VariantContext => ({ channel: 'web', customer: null, now: at('2026-06-03T10:00:00'), ...over });

describe('local time in the business time zone', () => {
  it.each([
    ['2026-06-03T23:30:00+08:00', 'Asia/Shanghai', 23 * 60 + 30, 3],
    ['2026-06-03T16:00:00Z', 'Asia/Shanghai', 0, 4],
    ['2026-06-07T12:00:00+08:00', 'Asia/Shanghai', 12 * 60, 7],
    ['2026-06-03T23:30:00+08:00', 'UTC', 15 * 60 + 30, 3],
  ])('%s in %s', (iso, zone, minutes, weekday) => {
    expect(localTime(new Date(iso), zone)).toEqual({ minutes, isoWeekday: weekday });
  });

  it.each([
    ['22:00', '06:00', '23:30', true],
    ['22:00', '06:00', '05:59', true],
    ['22:00', '06:00', '06:00', false],
    ['22:00', '06:00', '21:59', false],
    ['22:00', '06:00', '22:00', true],
    ['09:00', '18:00', '12:00', true],
    ['09:00', '18:00', '18:00', false],
    ['09:00', '09:00', '03:00', true],
  ])('window %s–%s contains %s: %s', (from, to, time, inside) => {
    expect(inTimeWindow(parseHhMm(time), { from, to })).toBe(inside);
  });

  it.each(['24:00', '9:00', '12:60', 'noon'])('refuses the time %s', (value) => {
    expect(() => parseHhMm(value)).toThrow(expect.objectContaining({ code: 'WENDU_VALIDATION' }));
  });
});

describe('chooseVariant: conditions', () => {
  const set: ReplyVariant[] = [
    say('您好～'),
    say('夜深了～', { timeWindow: { from: '22:00', to: '06:00' } }),
    say('周末好～', { days: [6, 7] }),
    say('微信的朋友您好～', { channels: ['wechat', 'wecom'] }),
    say('尊敬的会员～', { vipLevelAtLeast: 2 }),
    say('老朋友又来啦～', { customerTags: ['老客', '回头客'] }),
  ];

  it.each([
    ['a weekday morning on the web', ctx(), '您好～'],
    ['23:30 Beijing time, whatever the server clock says', ctx({ now: new Date('2026-06-03T15:30:00Z') }), '夜深了～'],
    ['05:59 the next morning', ctx({ now: at('2026-06-04T05:59:00') }), '夜深了～'],
    ['06:00 sharp is day again', ctx({ now: at('2026-06-04T06:00:00') }), '您好～'],
    ['23:30 in a shop on UTC is still day', ctx({ now: new Date('2026-06-03T15:30:00Z'), timeZone: 'UTC' }), '您好～'],
    ['Sunday noon', ctx({ now: at('2026-06-07T12:00:00') }), '周末好～'],
    ['WeChat', ctx({ channel: 'wechat' }), '微信的朋友您好～'],
    ['VIP level 2', ctx({ customer: { vipLevel: 2 } }), '尊敬的会员～'],
    ['VIP level 1 is not enough', ctx({ customer: { vipLevel: 1 } }), '您好～'],
    ['tagged 回头客', ctx({ customer: { tags: ['回头客'] } }), '老朋友又来啦～'],
  ])('%s', (_, context, expected) => {
    expect(textOf(chooseVariant(set, context)?.variant)).toBe(expected);
  });

  it('peopleAvailable matches only when the caller knows it, and outranks the same variant without it', () => {
    const set = [say('夜深了，有事随时问我', { timeWindow: { from: '22:00', to: '06:00' } }), say('同事已下班，我帮您留言', { timeWindow: { from: '22:00', to: '06:00' }, peopleAvailable: false })];
    const night = { channel: 'web' as const, now: at('2026-06-03T23:30:00') };
    expect(textOf(chooseVariant(set, { ...night, peopleAvailable: false })?.variant)).toBe('同事已下班，我帮您留言');
    expect(textOf(chooseVariant(set, { ...night, peopleAvailable: true })?.variant)).toBe('夜深了，有事随时问我');
    expect(textOf(chooseVariant(set, night)?.variant)).toBe('夜深了，有事随时问我');
  });

  it('returns null when nothing matches or the set is empty', () => {
    expect(chooseVariant([say('夜深了', { timeWindow: { from: '22:00', to: '06:00' } })], ctx())).toBeNull();
    expect(chooseVariant([], ctx())).toBeNull();
  });
});

describe('chooseVariant: the most specific wins', () => {
  it.each([
    [{ vipLevelAtLeast: 1, timeWindow: { from: '22:00', to: '06:00' } }, { vipLevelAtLeast: 1 }, 'more conditions beat fewer'],
    [{ vipLevelAtLeast: 1 }, { timeWindow: { from: '22:00', to: '06:00' } }, 'customer beats time'],
    [{ customerTags: ['VIP'] }, { channels: ['wechat'] }, 'customer beats channel'],
    [{ days: [3] }, { channels: ['wechat'] }, 'time beats channel'],
    [{ channels: ['wechat'] }, undefined, 'any condition beats none'],
  ] as const)('%j over %j (%s)', (winner, loser, _) => {
    const variants = [say('loser', loser as ReplyVariant['when']), say('winner', winner as ReplyVariant['when'])];
    const context = ctx({ channel: 'wechat', customer: { vipLevel: 1, tags: ['VIP'] }, now: at('2026-06-03T23:00:00') });
    for (const r of [0, 0.5, 0.99]) expect(textOf(chooseVariant(variants, context, () => r)?.variant)).toBe('winner');
    expect(specificity(winner as ReplyVariant['when'])).not.toEqual(specificity(loser as ReplyVariant['when']));
  });
});

describe('chooseVariant: rotation', () => {
  const greetings = [say('您好～'), say('欢迎光临～'), say('在的，请问有什么可以帮您？')];

  it('never repeats the previous variant, over a long conversation', () => {
    const recent: string[] = [];
    let previous: string | undefined;
    const random = sequence(0.1, 0.7, 0.4, 0.95, 0.0, 0.55);
    for (let turn = 0; turn < 30; turn++) {
      const chosen = chooseVariant(greetings, ctx({ recent: recent.slice(-1) }), random)!;
      expect(chosen.key).not.toBe(previous);
      previous = chosen.key;
      recent.push(chosen.key);
    }
  });

  it('avoids every recently used variant while another is left, then only the last one', () => {
    const keys = greetings.map(variantKey);
    expect(chooseVariant(greetings, ctx({ recent: [keys[0], keys[1]] }), () => 0)!.key).toBe(keys[2]);
    expect(chooseVariant(greetings, ctx({ recent: [keys[0], keys[1], keys[2]] }), () => 0)!.key).toBe(keys[0]);
    expect(chooseVariant(greetings, ctx({ recent: [keys[1], keys[2], keys[0]] }), () => 0)!.key).toBe(keys[1]);
  });

  it('repeats a single variant rather than saying nothing', () => {
    const only = [say('您好～')];
    const key = variantKey(only[0]);
    expect(chooseVariant(only, ctx({ recent: [key] }))!.key).toBe(key);
  });

  it.each([
    [0.0, '常用'],
    [0.79, '常用'],
    [0.8, '偶尔'],
    [0.999, '偶尔'],
  ])('picks by weight: random %f → %s', (r, expected) => {
    const weighted = [say('常用', undefined, 4), say('偶尔', undefined, 1), say('停用', undefined, 0)];
    expect(textOf(chooseVariant(weighted, ctx(), () => r)?.variant)).toBe(expected);
  });

  it('spreads choices over all variants with Math.random', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(chooseVariant(greetings, ctx())!.key);
    expect(seen.size).toBe(greetings.length);
  });

  it('keys are stable and distinct: from the content, or the id when given', () => {
    expect(variantKey(say('您好～'))).toBe(variantKey(say('您好～')));
    expect(new Set(greetings.map(variantKey)).size).toBe(greetings.length);
    expect(variantKey({ ...say('您好～'), id: 'welcome-1' })).toBe('welcome-1');
  });
});

describe('ReplyVariantSchema', () => {
  it.each([
    [{ content: [{ type: 'text', text: '您好' }], when: { timeWindow: { from: '22:00', to: '06:00' }, days: [1, 7] } }, true],
    [{ content: [{ type: 'text', text: '您好' }], when: { timeWindow: { from: '22:00', to: '24:00' } } }, false],
    [{ content: [{ type: 'text', text: '您好' }], when: { days: [0] } }, false],
    [{ content: [{ type: 'text', text: '您好' }], when: { channels: ['qq'] } }, false],
    [{ content: [{ type: 'link', url: 'javascript:alert(1)', title: 'x' }] }, false],
    [{ content: [] }, false],
    [{ content: [{ type: 'text', text: '您好' }], weight: 0 }, false],
  ])('%j valid: %s', (input, valid) => {
    expect(ReplyVariantSchema.safeParse(input).success).toBe(valid);
  });
});
