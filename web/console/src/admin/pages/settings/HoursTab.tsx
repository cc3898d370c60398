/**
 * 服务时间与节假日: each hand-off group's weekly hours, time zone, the mainland calendar
 * (public holidays closed, 调休 working days open) and the team's own closures — what the
 * welcome, the hand-off replies and the leave-a-message form promise customers.
 */
import { Alert, Button, Card, Form, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useT } from '../../../shared/i18n';
import { WEEKDAYS, type HandoffGroup, type HandoffSettings, type HandoffView, type TimeRange } from './settings-api';
import { TabForm } from './TabForm';

/** The server takes at most this many opening ranges a day (src/handoff/types.ts). */
const MAX_RANGES_PER_DAY = 4;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
/** Zones a Chinese-speaking shop's team works in; any IANA name the server knows is accepted. */
const TIME_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/Los_Angeles', 'UTC'];
const NEW_RANGE: TimeRange = { from: '09:00', to: '18:00' };

interface GroupHours extends Omit<HandoffGroup, 'weekly'> {
  /** Monday … Sunday, in order (the server keys them '1' … '7'). */
  days: { ranges: TimeRange[] }[];
}
interface Hours {
  groups: GroupHours[];
}

const messages = {
  zh: {
    weekdays: '周一,周二,周三,周四,周五,周六,周日',
    alwaysOpen: '7×24 小时在线',
    closedDay: '休息',
    addRange: '加一个时段',
    removeRange: '删除这个时段',
    from: '开始',
    to: '结束',
    timeFormat: '时间格式为 HH:mm',
    timeZone: '时区',
    chineseCalendar: '按中国大陆法定节假日安排',
    calendarNote: '打开后：法定节假日（春节、国庆等）休息，调休的周末上班日照常上班，节假日数据来自 chinese-days，每年更新。海外或不放法定假的团队请关闭。',
    closures: '临时休息日',
    closureDate: '日期（YYYY-MM-DD）',
    closureReason: '原因（可选）',
    addClosure: '加一个休息日',
    removeClosure: '删除这个休息日',
    now: '现在：',
    open: '在线',
    closed: '不在服务时间',
    groupsElsewhere: '分组的增删在「技能组」里。',
  },
  en: {
    weekdays: 'Mon,Tue,Wed,Thu,Fri,Sat,Sun',
    alwaysOpen: 'Open 24/7',
    closedDay: 'Closed',
    addRange: 'Add hours',
    removeRange: 'Remove these hours',
    from: 'From',
    to: 'To',
    timeFormat: 'Use HH:mm',
    timeZone: 'Time zone',
    chineseCalendar: 'Follow the mainland China holiday calendar',
    calendarNote: 'On: closed on public holidays (Spring Festival, National Day …) and open on 调休 make-up working days (data from chinese-days, updated yearly). Turn it off for teams abroad or without public holidays.',
    closures: 'Closures',
    closureDate: 'Date (YYYY-MM-DD)',
    closureReason: 'Reason (optional)',
    addClosure: 'Add a closure',
    removeClosure: 'Remove this closure',
    now: 'Now: ',
    open: 'open',
    closed: 'outside hours',
    groupsElsewhere: 'Groups are added and removed under Skill groups.',
  },
};

function toForm(settings: HandoffSettings): Hours {
  return { groups: settings.groups.map(({ weekly, ...group }) => ({ ...group, closures: group.closures.map((c) => ({ date: c.date, reason: c.reason ?? '' })), days: WEEKDAYS.map((d) => ({ ranges: weekly[d] ?? [] })) })) };
}

function fromForm(hours: Hours, settings: HandoffSettings): HandoffSettings {
  return {
    ...settings,
    // The form holds only what this tab edits; a group's id and name come from the settings.
    groups: hours.groups.map(({ days, ...group }, i) => ({
      ...settings.groups[i],
      ...group,
      closures: (group.closures ?? []).map((c) => (c.reason?.trim() ? { date: c.date, reason: c.reason.trim() } : { date: c.date })),
      weekly: Object.fromEntries(WEEKDAYS.flatMap((d, i) => ((days[i]?.ranges ?? []).length ? [[d, days[i].ranges]] : []))),
    })),
  };
}

export function HoursTab({ view, readOnly, onDirty, save }: { view: HandoffView; readOnly: boolean; onDirty(dirty: boolean): void; save(next: HandoffSettings): Promise<HandoffView> }) {
  const t = useT(messages);
  const dayNames = t('weekdays').split(',');
  return (
    <TabForm<Hours> tab="hours" initial={toForm(view.settings)} readOnly={readOnly} onDirty={onDirty} save={async (values) => toForm((await save(fromForm(values, view.settings))).settings)}>
      {() => (
        <>
          <Typography.Paragraph type="secondary">{t('groupsElsewhere')}</Typography.Paragraph>
          <Form.List name="groups">
            {(groups) =>
              groups.map((group) => {
                const g = view.settings.groups[group.name];
                const now = g ? view.availability[g.id] : undefined;
                return (
                  <Card
                    key={group.key}
                    size="small"
                    style={{ marginBottom: 16 }}
                    title={g ? `${g.name}（${g.id}）` : ''}
                    extra={now && <Tag color={now.open ? 'green' : 'default'}>{t('now') + (now.open ? t('open') : t('closed'))} · {now.hoursText}</Tag>}
                    data-testid={`hours-${g?.id}`}
                  >
                    <Form.Item name={[group.name, 'alwaysOpen']} valuePropName="checked" label={t('alwaysOpen')}>
                      <Switch aria-label={t('alwaysOpen')} />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate>
                      {({ getFieldValue }) =>
                        !getFieldValue(['groups', group.name, 'alwaysOpen']) &&
                        dayNames.map((dayName, day) => (
                          <Form.List key={day} name={[group.name, 'days', day, 'ranges']}>
                            {(ranges, { add, remove }) => (
                              <Space align="start" wrap style={{ display: 'flex', marginBottom: 8 }} data-testid={`day-${day + 1}`}>
                                <Typography.Text strong style={{ display: 'inline-block', width: 48, lineHeight: '32px' }}>
                                  {dayName}
                                </Typography.Text>
                                {ranges.length === 0 && <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>{t('closedDay')}</Typography.Text>}
                                {ranges.map((range) => (
                                  <Space.Compact key={range.key}>
                                    <Form.Item name={[range.name, 'from']} rules={[{ pattern: TIME_OF_DAY, message: t('timeFormat') }]} style={{ marginBottom: 0 }}>
                                      <Input aria-label={`${dayName} ${t('from')}`} style={{ width: 72 }} />
                                    </Form.Item>
                                    <Form.Item name={[range.name, 'to']} rules={[{ pattern: TIME_OF_DAY, message: t('timeFormat') }]} style={{ marginBottom: 0 }}>
                                      <Input aria-label={`${dayName} ${t('to')}`} style={{ width: 72 }} />
                                    </Form.Item>
                                    <Button aria-label={`${dayName} ${t('removeRange')}`} onClick={() => remove(range.name)}>
                                      ×
                                    </Button>
                                  </Space.Compact>
                                ))}
                                {ranges.length < MAX_RANGES_PER_DAY && (
                                  <Button type="dashed" aria-label={`${dayName} ${t('addRange')}`} onClick={() => add({ ...NEW_RANGE })}>
                                    +
                                  </Button>
                                )}
                              </Space>
                            )}
                          </Form.List>
                        ))
                      }
                    </Form.Item>
                    <Form.Item name={[group.name, 'timeZone']} label={t('timeZone')}>
                      <Select showSearch aria-label={t('timeZone')} style={{ width: 240 }} options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
                    </Form.Item>
                    <Form.Item name={[group.name, 'chineseCalendar']} valuePropName="checked" label={t('chineseCalendar')}>
                      <Switch aria-label={t('chineseCalendar')} />
                    </Form.Item>
                    <Alert type="info" showIcon message={t('calendarNote')} style={{ marginBottom: 16 }} />
                    <Typography.Text strong>{t('closures')}</Typography.Text>
                    <Form.List name={[group.name, 'closures']}>
                      {(closures, { add, remove }) => (
                        <div style={{ marginTop: 8 }}>
                          {closures.map((closure) => (
                            <Space key={closure.key} align="start" style={{ display: 'flex' }}>
                              <Form.Item name={[closure.name, 'date']} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('closureDate') }]}>
                                <Input aria-label={t('closureDate')} placeholder="2026-06-19" style={{ width: 140 }} />
                              </Form.Item>
                              <Form.Item name={[closure.name, 'reason']}>
                                <Input aria-label={t('closureReason')} placeholder={t('closureReason')} maxLength={100} style={{ width: 240 }} />
                              </Form.Item>
                              <Button aria-label={t('removeClosure')} onClick={() => remove(closure.name)}>
                                ×
                              </Button>
                            </Space>
                          ))}
                          <Button type="dashed" onClick={() => add({ date: '', reason: '' })}>
                            {t('addClosure')}
                          </Button>
                        </div>
                      )}
                    </Form.List>
                  </Card>
                );
              })
            }
          </Form.List>
        </>
      )}
    </TabForm>
  );
}
