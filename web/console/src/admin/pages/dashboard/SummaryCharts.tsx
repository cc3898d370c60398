/**
 * The window's breakdowns (GET /api/v1/analytics/summary): conversations and what the bot
 * resolved by channel and by bot, customer messages by hour, answers by knowledge category, the
 * most answered entries, and the biggest open clusters of the unresolved inbox (what to fix next).
 */
import { Card, Col, List, Row, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../../shared/i18n';
import { Chart, type ChartOption } from './Chart';
import type { Summary, UnresolvedClusterBrief } from './overview';

const messages = {
  zh: {
    byChannel: '各渠道会话与机器人解决',
    byBot: '各机器人会话与机器人解决',
    conversations: '会话',
    botResolved: '机器人解决',
    byHour: '顾客消息时段分布（UTC）',
    messages: '消息数',
    byCategory: '各分类的直接回答',
    uncategorised: '未分类',
    answers: '回答数',
    topEntries: '最常用的答案',
    times: '{n} 次',
    topClusters: '最多顾客问、却没答好的问题',
    questions: '{n} 次提问 · {c} 个会话',
    noneYet: '暂无',
    fix: '去处理',
  },
  en: {
    byChannel: 'Conversations and bot-resolved by channel',
    byBot: 'Conversations and bot-resolved by bot',
    conversations: 'Conversations',
    botResolved: 'Bot resolved',
    byHour: 'Customer messages by hour (UTC)',
    messages: 'Messages',
    byCategory: 'Direct answers by category',
    uncategorised: 'Uncategorised',
    answers: 'Answers',
    topEntries: 'Most used answers',
    times: '{n}×',
    topClusters: 'Most asked, not yet answered well',
    questions: '{n} questions · {c} conversations',
    noneYet: 'None yet',
    fix: 'Fix',
  },
};

const HOURS_PER_DAY = 24;
const RESOLVED_COLOR = '#52c41a';
const CONVERSATIONS_COLOR = '#1677ff';

function shareChart(shares: Summary['byChannel'], labels: { conversations: string; botResolved: string }): ChartOption {
  const keys = Object.keys(shares);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 24, containLabel: true },
    xAxis: { type: 'category', data: keys },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: labels.conversations, color: CONVERSATIONS_COLOR, data: keys.map((k) => shares[k]!.conversations) },
      { type: 'bar', name: labels.botResolved, color: RESOLVED_COLOR, data: keys.map((k) => shares[k]!.botResolved) },
    ],
  };
}

export function SummaryCharts({ summary, clusters }: { summary: Summary; clusters: UnresolvedClusterBrief[] }) {
  const t = useT(messages);
  const labels = useMemo(() => ({ conversations: t('conversations'), botResolved: t('botResolved') }), [t]);
  const byChannel = useMemo(() => shareChart(summary.byChannel, labels), [summary, labels]);
  const byBot = useMemo(() => shareChart(summary.byBot, labels), [summary, labels]);
  const byHour = useMemo<ChartOption>(() => {
    const counts = Array.from({ length: HOURS_PER_DAY }, (_, hour) => summary.byHour.find((h) => h.hour === hour)?.count ?? 0);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 24 },
      xAxis: { type: 'category', data: counts.map((_, hour) => String(hour).padStart(2, '0')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('messages'), color: CONVERSATIONS_COLOR, data: counts }],
    };
  }, [summary, t]);
  const byCategory = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], name: t('answers'), data: summary.byCategory.map((c) => ({ name: c.category ?? t('uncategorised'), value: c.count })) }],
    }),
    [summary, t],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('byChannel')}>
          <Chart option={byChannel} label={t('byChannel')} testId="chart-by-channel" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('byBot')}>
          <Chart option={byBot} label={t('byBot')} testId="chart-by-bot" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('byHour')}>
          <Chart option={byHour} label={t('byHour')} testId="chart-by-hour" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('byCategory')}>
          <Chart option={byCategory} label={t('byCategory')} testId="chart-by-category" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('topEntries')}>
          <List
            size="small"
            data-testid="top-entries"
            locale={{ emptyText: t('noneYet') }}
            dataSource={summary.topEntries}
            renderItem={(entry) => (
              <List.Item data-testid="top-entry" extra={<Tag>{t('times', { n: entry.count })}</Tag>}>
                <a href={`#/knowledge?${new URLSearchParams({ q: entry.question ?? entry.entryId })}`}>{entry.question ?? entry.entryId}</a>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('topClusters')} extra={<a href="#/learning">{t('fix')}</a>}>
          <List
            size="small"
            data-testid="top-clusters"
            locale={{ emptyText: t('noneYet') }}
            dataSource={clusters}
            renderItem={(cluster) => (
              <List.Item data-testid="top-cluster">
                <Typography.Text ellipsis style={{ maxWidth: '70%' }}>
                  {cluster.label}
                </Typography.Text>
                <Typography.Text type="secondary">{t('questions', { n: cluster.size, c: cluster.conversations })}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
