/**
 * 知识健康 / knowledge health (docs/learning.md): the entries that need an eye — expiring soon,
 * expired, never matched lately, often 👎, and pairs the bot cannot tell apart — each linking to
 * the entry in the knowledge page.
 */
import { Alert, Card, Col, Empty, List, Row, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { useT } from '../../../shared/i18n';

interface EntryRef {
  entryId: string;
  question: string;
}
interface KnowledgeHealth {
  published: number;
  expiringSoon: Array<EntryRef & { validTo: string }>;
  expired: Array<EntryRef & { validTo: string }>;
  neverMatched: EntryRef[];
  oftenThumbsDown: Array<EntryRef & { votes: number; thumbsDown: number }>;
  nearDuplicates: Array<{ a: EntryRef; b: EntryRef; similarity: number }>;
  scanned: number;
}

const messages = {
  zh: {
    published: '已发布条目',
    expiringSoon: '7 天内到期',
    expired: '已过期仍为发布状态',
    neverMatched: '30 天内没有被用来回答',
    oftenThumbsDown: '常被点 👎',
    nearDuplicates: '机器人分不清的条目',
    nearHint: '两个条目的问题意思几乎一样：合并它们，或把问题写得能看出区别。',
    votes: '{down}/{votes} 个 👎',
    until: '到 {date}',
    none: '没有',
    failed: '加载失败：{message}',
  },
  en: {
    published: 'Published entries',
    expiringSoon: 'Expiring within 7 days',
    expired: 'Expired but still published',
    neverMatched: 'Not used to answer in 30 days',
    oftenThumbsDown: 'Often 👎',
    nearDuplicates: 'Entries the bot cannot tell apart',
    nearHint: 'Two entries whose questions mean almost the same: merge them, or word them so the difference shows.',
    votes: '{down}/{votes} 👎',
    until: 'until {date}',
    none: 'None',
    failed: 'Failed to load: {message}',
  },
};

const entryLink = (e: EntryRef) => <a href={`#/knowledge?entry=${encodeURIComponent(e.entryId)}`}>{e.question}</a>;

export function HealthPanel() {
  const t = useT(messages);
  const [health, setHealth] = useState<KnowledgeHealth | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<KnowledgeHealth>('GET', '/api/v1/learning/health')
      .then(setHealth)
      .catch((err: Error) => setError(t('failed', { message: err.message })));
  }, [t]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!health) return <Card loading />;
  const list = <T,>(title: string, items: T[], render: (item: T) => React.ReactNode, testId: string) => (
    <Card size="small" title={`${title}（${items.length}）`} data-testid={testId}>
      {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> : <List size="small" dataSource={items.slice(0, 20)} renderItem={(item) => <List.Item>{render(item)}</List.Item>} />}
    </Card>
  );
  return (
    <Row gutter={[16, 16]} data-testid="knowledge-health">
      <Col span={24}>
        <Card size="small">
          <Row gutter={16}>
            <Col span={4}><Statistic title={t('published')} value={health.published} /></Col>
            <Col span={4}><Statistic title={t('expiringSoon')} value={health.expiringSoon.length} /></Col>
            <Col span={4}><Statistic title={t('expired')} value={health.expired.length} /></Col>
            <Col span={4}><Statistic title={t('neverMatched')} value={health.neverMatched.length} /></Col>
            <Col span={4}><Statistic title={t('oftenThumbsDown')} value={health.oftenThumbsDown.length} /></Col>
            <Col span={4}><Statistic title={t('nearDuplicates')} value={health.nearDuplicates.length} /></Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        {list(t('nearDuplicates'), health.nearDuplicates, (p) => (
          <Typography.Text>
            {entryLink(p.a)} ≈ {entryLink(p.b)} <Typography.Text type="secondary">({p.similarity.toFixed(2)})</Typography.Text>
          </Typography.Text>
        ), 'health-near-duplicates')}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('nearHint')}</Typography.Paragraph>
      </Col>
      <Col xs={24} lg={12}>{list(t('oftenThumbsDown'), health.oftenThumbsDown, (e) => <span>{entryLink(e)} · {t('votes', { down: e.thumbsDown, votes: e.votes })}</span>, 'health-thumbs-down')}</Col>
      <Col xs={24} lg={12}>{list(t('expiringSoon'), health.expiringSoon, (e) => <span>{entryLink(e)} · {t('until', { date: e.validTo.slice(0, 10) })}</span>, 'health-expiring')}</Col>
      <Col xs={24} lg={12}>{list(t('expired'), health.expired, (e) => <span>{entryLink(e)} · {t('until', { date: e.validTo.slice(0, 10) })}</span>, 'health-expired')}</Col>
      <Col span={24}>{list(t('neverMatched'), health.neverMatched, entryLink, 'health-never-matched')}</Col>
    </Row>
  );
}
