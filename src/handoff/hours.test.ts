/**
 * Business hours with a fixed clock: ordinary days, 国庆, a 调休 working weekend day, closures,
 * ranges to midnight, a group in another zone than Shanghai, and 7×24.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_HANDOFF_SETTINGS, HandoffGroupSchema, HandoffSettingsSchema, type HandoffGroup } from './types.js';
import { OPENING_SEARCH_DAYS, groupAvailability, handoffHoursAnswer, hoursText, opensAtText } from './hours.js';

const NINE_TO_SIX = [{ from: '09:00', to: '18:00' }];
/** 售前: weekdays 9–18, Saturday 10–16, Sunday closed, mainland calendar (Asia/Shanghai). */
const PRESALES = HandoffGroupSchema.parse({
  id: 'presales',
  name: '售前',
  weekly: { '1': NINE_TO_SIX, '2': NINE_TO_SIX, '3': NINE_TO_SIX, '4': NINE_TO_SIX, '5': NINE_TO_SIX, '6': [{ from: '10:00', to: '16:00' }] },
});
const group = (overrides: Partial<HandoffGroup>): HandoffGroup => HandoffGroupSchema.parse({ ...PRESALES, ...overrides });

/** Beijing wall time → the instant (UTC+8, no DST). */
const beijing = (local: string) => new Date(`${local}+08:00`);

describe('groupAvailability', () => {
  it.each([
    ['an ordinary Tuesday morning', PRESALES, '2026-03-10T09:30', true, null],
    ['opening minute counts as open', PRESALES, '2026-03-10T09:00', true, null],
    ['the closing minute is already closed', PRESALES, '2026-03-10T18:00', false, '2026-03-11T09:00'],
    ['a Tuesday evening → tomorrow 9:00', PRESALES, '2026-03-10T19:45', false, '2026-03-11T09:00'],
    ['before opening → today 9:00', PRESALES, '2026-03-10T07:10', false, '2026-03-10T09:00'],
    ['Saturday keeps its own hours', PRESALES, '2026-03-14T10:30', true, null],
    ['Saturday before 10:00 → 10:00', PRESALES, '2026-03-14T09:30', false, '2026-03-14T10:00'],
    ['Sunday → Monday 9:00', PRESALES, '2026-03-15T12:00', false, '2026-03-16T09:00'],
    ['国庆 2026-10-01 (Thursday) is closed, back after the week', PRESALES, '2026-10-01T10:00', false, '2026-10-08T09:00'],
    ['国庆 Saturday 10-03 is closed despite Saturday hours', PRESALES, '2026-10-03T11:00', false, '2026-10-08T09:00'],
    ['调休 Saturday 2026-10-10 opens with Monday’s 9:00', PRESALES, '2026-10-10T09:30', true, null],
    ['调休 Saturday 2026-10-10 stays open to Monday’s 18:00', PRESALES, '2026-10-10T17:30', true, null],
    ['调休 Sunday 2026-09-20 is a working day', PRESALES, '2026-09-20T10:00', true, null],
    ['调休 Saturday 2026-02-14 before 9:00 → 9:00 that day', PRESALES, '2026-02-14T08:00', false, '2026-02-14T09:00'],
    ['without the calendar 国庆 is a plain Thursday', group({ chineseCalendar: false }), '2026-10-01T10:00', true, null],
    ['without the calendar 2026-10-10 is a plain Saturday', group({ chineseCalendar: false }), '2026-10-10T09:30', false, '2026-10-10T10:00'],
    ['a closure closes the whole day', group({ closures: [{ date: '2026-03-12', reason: '团建' }] }), '2026-03-12T11:00', false, '2026-03-13T09:00'],
    ['the day after a closure is normal', group({ closures: [{ date: '2026-03-12', reason: '团建' }] }), '2026-03-13T11:00', true, null],
  ])('%s', (_name, g, local, open, opensAt) => {
    const availability = groupAvailability(g, beijing(local));
    expect(availability.open).toBe(open);
    expect(availability.opensAt).toBe(opensAt === null ? null : beijing(opensAt).toISOString());
  });

  describe('a night team: 18:00–24:00 and 00:00–02:00 every day', () => {
    const night = group({ chineseCalendar: false, weekly: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ from: '18:00', to: '24:00' }, { from: '00:00', to: '02:00' }]])) });
    it.each([
      ['2026-03-10T23:59', true, null],
      ['2026-03-11T00:00', true, null],
      ['2026-03-11T01:30', true, null],
      ['2026-03-11T02:00', false, '2026-03-11T18:00'],
      ['2026-03-11T17:59', false, '2026-03-11T18:00'],
    ])('at %s open=%s', (local, open, opensAt) => {
      const availability = groupAvailability(night, beijing(local));
      expect(availability).toMatchObject({ open, opensAt: opensAt && beijing(opensAt).toISOString() });
    });
    it('says so in words', () => {
      expect(hoursText(night)).toBe('每天 0:00–2:00、18:00–24:00');
    });
  });

  describe('a group on UTC hours next to one on Beijing hours', () => {
    const london = group({ id: 'overseas', name: '海外', timeZone: 'UTC', chineseCalendar: false });
    it.each([
      // 09:30 in Beijing is 01:30 UTC: Beijing is open, the UTC team opens at 09:00 UTC.
      ['2026-03-10T01:30:00Z', true, false, '2026-03-10T09:00:00.000Z'],
      // 18:30 in Beijing is 10:30 UTC: the other way round.
      ['2026-03-10T10:30:00Z', false, true, null],
    ])('at %s', (instant, beijingOpen, utcOpen, utcOpensAt) => {
      expect(groupAvailability(PRESALES, new Date(instant)).open).toBe(beijingOpen);
      expect(groupAvailability(london, new Date(instant))).toMatchObject({ open: utcOpen, opensAt: utcOpensAt });
    });
    it('names the zone when it is not Beijing time', () => {
      expect(hoursText(london)).toBe('周一至周五 9:00–18:00，周六 10:00–16:00（UTC 时间）');
    });
  });

  describe('7×24', () => {
    const always = group({ alwaysOpen: true, weekly: {} });
    it.each(['2026-10-01T03:00', '2026-03-15T23:59', '2026-02-17T12:00'])('open at %s (holidays included)', (local) => {
      expect(groupAvailability(always, beijing(local))).toEqual({ open: true, opensAt: null, hoursText: '7×24 小时' });
    });
    it('a closure still closes it, until the next local midnight', () => {
      const closed = group({ alwaysOpen: true, closures: [{ date: '2026-05-20', reason: '系统升级' }] });
      expect(groupAvailability(closed, beijing('2026-05-20T15:00'))).toEqual({
        open: false,
        opensAt: beijing('2026-05-21T00:00').toISOString(),
        hoursText: '7×24 小时（今天暂停服务：系统升级）',
      });
    });
    it(`looks ${OPENING_SEARCH_DAYS} days ahead for the next opening, then says it does not know`, () => {
      const closedFor = (days: number) =>
        group({ alwaysOpen: true, closures: Array.from({ length: days }, (_, i) => ({ date: new Date(Date.UTC(2026, 6, 1 + i)).toISOString().slice(0, 10) })) });
      expect(groupAvailability(closedFor(OPENING_SEARCH_DAYS), beijing('2026-07-01T12:00')).opensAt).toBe(beijing('2026-07-31T00:00').toISOString());
      expect(groupAvailability(closedFor(OPENING_SEARCH_DAYS + 1), beijing('2026-07-01T12:00')).opensAt).toBeNull();
    });
  });

  it('a group with no hours is closed and does not promise a time', () => {
    expect(groupAvailability(group({ weekly: {} }), beijing('2026-03-10T10:00'))).toEqual({ open: false, opensAt: null, hoursText: '暂无人工服务时间' });
  });

  it.each([
    ['zh', '2026-10-02T10:00', '周一至周五 9:00–18:00，周六 10:00–16:00，法定节假日休息（今天国庆节休息）'],
    ['en', '2026-10-02T10:00', 'Mon–Fri 9:00–18:00; Sat 10:00–16:00; closed on public holidays (closed today for National Day)'],
    ['zh', '2026-02-18T10:00', '周一至周五 9:00–18:00，周六 10:00–16:00，法定节假日休息（今天春节休息）'],
    ['zh', '2026-03-10T20:00', '周一至周五 9:00–18:00，周六 10:00–16:00，法定节假日休息'],
  ] as const)('tells a %s customer why it is closed on %s', (locale, local, text) => {
    expect(groupAvailability(PRESALES, beijing(local), locale).hoursText).toBe(text);
  });
});

describe('hoursText', () => {
  it.each([
    ['weekdays and Saturday', PRESALES, '周一至周五 9:00–18:00，周六 10:00–16:00，法定节假日休息', 'Mon–Fri 9:00–18:00; Sat 10:00–16:00; closed on public holidays'],
    ['every day', group({ weekly: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ from: '09:00', to: '22:00' }]])) }), '每天 9:00–22:00，法定节假日休息', 'Daily 9:00–22:00; closed on public holidays'],
    ['around the clock', group({ alwaysOpen: true }), '7×24 小时', '24/7'],
    ['a lunch break, no calendar', group({ chineseCalendar: false, weekly: { '1': [{ from: '13:30', to: '18:00' }, { from: '09:00', to: '12:00' }] } }), '周一 9:00–12:00、13:30–18:00', 'Mon 9:00–12:00, 13:30–18:00'],
    ['Monday and Wednesday apart', group({ chineseCalendar: false, weekly: { '1': NINE_TO_SIX, '3': NINE_TO_SIX } }), '周一 9:00–18:00，周三 9:00–18:00', 'Mon 9:00–18:00; Wed 9:00–18:00'],
    ['the weekend', group({ chineseCalendar: false, weekly: { '6': NINE_TO_SIX, '7': NINE_TO_SIX } }), '周六至周日 9:00–18:00', 'Sat–Sun 9:00–18:00'],
  ])('%s', (_name, g, zh, en) => {
    expect(hoursText(g)).toBe(zh);
    expect(hoursText(g, 'en')).toBe(en);
  });
});

describe('handoffHoursAnswer', () => {
  it('the demo’s one group answers 7×24', () => {
    expect(handoffHoursAnswer(DEFAULT_HANDOFF_SETTINGS)).toBe('人工客服服务时间：7×24 小时。');
    expect(handoffHoursAnswer(DEFAULT_HANDOFF_SETTINGS, 'en')).toBe('Customer service hours: 24/7.');
  });

  it('names each group, the default first, when their hours differ', () => {
    const settings = HandoffSettingsSchema.parse({
      groups: [PRESALES, { id: 'aftersales', name: '售后', weekly: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ from: '09:00', to: '22:00' }]])) }],
      defaultGroupId: 'aftersales',
    });
    expect(handoffHoursAnswer(settings)).toBe('人工客服服务时间：售后 每天 9:00–22:00，法定节假日休息；售前 周一至周五 9:00–18:00，周六 10:00–16:00，法定节假日休息。');
  });

  it('says the hours once when every group keeps the same', () => {
    const settings = HandoffSettingsSchema.parse({ groups: [PRESALES, { ...PRESALES, id: 'complaints', name: '投诉' }], defaultGroupId: 'presales' });
    expect(handoffHoursAnswer(settings)).toBe('人工客服服务时间：周一至周五 9:00–18:00，周六 10:00–16:00，法定节假日休息。');
  });
});

describe('opensAtText', () => {
  it.each([
    ['2026-03-10T07:10', '2026-03-10T09:00', '今天 9:00', 'today at 9:00'],
    ['2026-03-10T19:45', '2026-03-11T09:00', '明天 9:00', 'tomorrow at 9:00'],
    ['2026-03-14T17:00', '2026-03-16T09:00', '后天 9:00', 'Mon 16 Mar at 9:00'],
    ['2026-10-01T10:00', '2026-10-08T09:00', '10月8日（周四）9:00', 'Thu 8 Oct at 9:00'],
    ['2026-03-10T23:30', '2026-03-11T00:00', '明天 0:00', 'tomorrow at 0:00'],
    ['2026-03-10T12:00', '2026-03-10T13:30', '今天 13:30', 'today at 13:30'],
  ])('closed at %s, opening %s', (now, opensAt, zh, en) => {
    const iso = beijing(opensAt).toISOString();
    expect(opensAtText(iso, beijing(now), 'Asia/Shanghai')).toBe(zh);
    expect(opensAtText(iso, beijing(now), 'Asia/Shanghai', 'en')).toBe(en);
  });

  it('reads the day in the group’s zone, not the server’s, and names a foreign zone', () => {
    // 2026-03-10 23:30 UTC is already 03-11 07:30 in Beijing: 09:00 Beijing is "today" there.
    expect(opensAtText('2026-03-11T01:00:00.000Z', new Date('2026-03-10T23:30:00Z'), 'Asia/Shanghai')).toBe('今天 9:00');
    expect(opensAtText('2026-03-11T09:00:00.000Z', new Date('2026-03-10T23:30:00Z'), 'UTC')).toBe('明天 9:00（UTC 时间）');
  });

  it('fits the offline phrase of a closed group', () => {
    const now = beijing('2026-10-01T10:00');
    const { opensAt } = groupAvailability(PRESALES, now);
    expect(`同事${opensAtText(opensAt!, now, PRESALES.timeZone)}后会第一时间联系您`).toBe('同事10月8日（周四）9:00后会第一时间联系您');
  });
});
