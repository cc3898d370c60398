/** The dashboard's charts: the bot's outcomes per day, hand-offs by reason, queue waits, satisfaction. */
import { Card, Col, Row } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../../shared/i18n';
import { Chart, type ChartOption } from './Chart';
import { OUTCOME_ACTIONS, type Overview } from './overview';

const messages = {
  zh: {
    outcomes: '机器人每日处理结果',
    answer: '直接回答',
    clarify: '反问澄清',
    fallback: '兜底',
    handoff: '转人工',
    flow: '流程',
    reasons: '转人工原因',
    customer_request: '顾客要求',
    knowledge_missing: '知识缺失',
    repeated_failure: '多次没答上',
    emotion: '情绪激动',
    policy: '规则转接',
    flow_reason: '流程转接',
    waits: '排队等待（每日，秒）',
    wait: '中位数',
    p90: 'P90',
    satisfaction: '满意度分布',
    ratings: '评价数',
    stars: '{n} 星',
  },
  en: {
    outcomes: 'Bot outcomes per day',
    answer: 'Answered',
    clarify: 'Asked back',
    fallback: 'Fallback',
    handoff: 'Hand-off',
    flow: 'Flow',
    reasons: 'Hand-offs by reason',
    customer_request: 'Customer asked',
    knowledge_missing: 'Knowledge missing',
    repeated_failure: 'Repeated failure',
    emotion: 'Upset customer',
    policy: 'Policy',
    flow_reason: 'Flow',
    waits: 'Queue wait (daily, seconds)',
    wait: 'Median',
    p90: 'P90',
    satisfaction: 'Satisfaction',
    ratings: 'Ratings',
    stars: '{n} stars',
  },
};

const OUTCOME_COLORS = { answer: '#52c41a', clarify: '#faad14', fallback: '#f5222d', handoff: '#722ed1', flow: '#1677ff' } as const;
const REASON_KEYS = ['customer_request', 'knowledge_missing', 'repeated_failure', 'emotion', 'policy'] as const;
const SCORES = ['1', '2', '3', '4', '5'];
/** Dates on the axis as MM-DD: the year is in the range picker above. */
const MONTH_DAY_START = 5;
const seconds = (value: number | null) => (value === null ? null : Math.round(value));

export function OverviewCharts({ overview }: { overview: Overview }) {
  const t = useT(messages);
  const days = overview.days.map((d) => d.day.slice(MONTH_DAY_START));
  const reasonLabel = (reason: string) => (reason === 'flow' ? t('flow_reason') : (REASON_KEYS as readonly string[]).includes(reason) ? t(reason as (typeof REASON_KEYS)[number]) : reason);

  const outcomes = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 24 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: OUTCOME_ACTIONS.map((action) => ({ type: 'bar', stack: 'outcomes', name: t(action), color: OUTCOME_COLORS[action], data: overview.days.map((d) => d.outcomes[action]) })),
    }),
    [overview, t],
  );
  const reasons = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data: Object.entries(overview.totals.handoffsByReason).map(([reason, count]) => ({ name: reasonLabel(reason), value: count })),
        },
      ],
    }),
    [overview, t],
  );
  const waits = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 40, bottom: 24 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value' },
      legend: { top: 0 },
      series: [
        { type: 'line', name: t('wait'), connectNulls: true, data: overview.days.map((d) => seconds(d.medianWaitSeconds)) },
        { type: 'line', name: t('p90'), connectNulls: true, data: overview.days.map((d) => seconds(d.p90WaitSeconds)) },
      ],
    }),
    [overview, t],
  );
  const satisfaction = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 24 },
      xAxis: { type: 'category', data: SCORES.map((n) => t('stars', { n })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('ratings'), color: '#e8590c', data: SCORES.map((s) => overview.totals.satisfaction.distribution[s] ?? 0) }],
    }),
    [overview, t],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card size="small" title={t('outcomes')}>
          <Chart option={outcomes} label={t('outcomes')} testId="chart-outcomes" />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('reasons')}>
          <Chart option={reasons} label={t('reasons')} testId="chart-reasons" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('waits')}>
          <Chart option={waits} label={t('waits')} testId="chart-waits" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('satisfaction')}>
          <Chart option={satisfaction} label={t('satisfaction')} testId="chart-satisfaction" />
        </Card>
      </Col>
    </Row>
  );
}
