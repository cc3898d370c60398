/**
 * 待审核 / Reviews (docs/review.md): the ONE queue of knowledge waiting for an approver — new
 * entries (an agent's reply proposed as knowledge, the inbox's drafts when review is required),
 * edits of entries, and phrasings customers confirmed. The list shows kind, proposer and age;
 * the drawer the change, the thread and approve / reject. Admins set whether review is required
 * and the four-eyes rule here too.
 */
import { Alert, Button, Card, Segmented, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { roleAllows, useSession } from '../../../shared/session';
import { useReviewLabels } from '../../../shared/reviews/labels';
import { ReviewDrawer } from '../../../shared/reviews/ReviewDrawer';
import { REVIEWS_API, type ReviewItem, type ReviewStatus } from '../../../shared/reviews/types';

interface ReviewSettings {
  required: boolean;
  fourEyes: boolean;
}

const MS_PER_MINUTE = 60_000;
const MINUTES_PER_HOUR = 60;
const HOURS_PER_DAY = 24;

const messages = {
  zh: {
    title: '待审核',
    intro: '客服提议的答案、未解决问题里起草的新条目、对条目的修改建议、顾客点选确认的问法，都在这里由主管审核：通过后立即生效，驳回需写明理由；每一步都记在操作日志里。',
    kind: '类型',
    question: '内容',
    proposer: '提交人',
    age: '已等待',
    decided: '处理人',
    open: '查看',
    empty: '没有待审核的内容',
    required: '新条目需要审核',
    requiredHelp: '开启后，未解决问题里「新建条目」先成为草稿，审核通过才会回答顾客',
    fourEyes: '双人审核',
    fourEyesHelp: '开启后，提交人不能通过自己的提议',
    minutes: '{n} 分钟',
    hours: '{n} 小时',
    days: '{n} 天',
    conversations: '{n} 个会话',
    mine: '从客服回复生成草稿',
    mineHelp: '未解决问题里客服回答过的，按客服最常用的回复起草新条目，放进这里等审核',
    mined: '生成了 {n} 条草稿',
    failed: '操作失败：{message}',
  },
  en: {
    title: 'Reviews',
    intro: "Answers agents proposed, drafts from the unresolved inbox, suggested edits and phrasings customers confirmed wait here for a supervisor: approving publishes at once, rejecting needs a reason; every step is in the audit log.",
    kind: 'Kind',
    question: 'Content',
    proposer: 'Proposed by',
    age: 'Waiting',
    decided: 'Decided by',
    open: 'Open',
    empty: 'Nothing to review',
    required: 'New entries need review',
    requiredHelp: "When on, the inbox's new entries are drafts that answer customers only once approved",
    fourEyes: 'Four eyes',
    fourEyesHelp: 'When on, nobody can approve their own proposal',
    minutes: '{n} min',
    hours: '{n} h',
    days: '{n} d',
    conversations: '{n} conversations',
    mine: 'Draft from agent replies',
    mineHelp: 'Unresolved questions agents answered become draft entries from their most common reply, waiting here for review',
    mined: '{n} drafts created',
    failed: 'Failed: {message}',
  },
};

export default function ReviewsPage() {
  const t = useT(messages);
  const labels = useReviewLabels();
  const { user } = useSession();
  const isAdmin = roleAllows(user.role, 'admin');
  const [status, setStatus] = useState<ReviewStatus>('pending');
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [settings, setSettings] = useState<ReviewSettings | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [mining, setMining] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [list, rules] = await Promise.all([api<{ items: ReviewItem[] }>('GET', `${REVIEWS_API}?status=${status}`), api<{ settings: ReviewSettings }>('GET', `${REVIEWS_API}/settings`)]);
      setItems(list.items);
      setSettings(rules.settings);
      setError(null);
    } catch (err) {
      setError(t('failed', { message: (err as Error).message }));
    } finally {
      setLoading(false);
    }
  }, [status, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const saveSettings = async (next: ReviewSettings) => {
    try {
      setSettings((await api<{ settings: ReviewSettings }>('PUT', `${REVIEWS_API}/settings`, next)).settings);
    } catch (err) {
      setError(t('failed', { message: (err as Error).message }));
    }
  };

  const mine = async () => {
    setMining(true);
    try {
      const { drafted } = await api<{ drafted: unknown[] }>('POST', '/api/v1/learning/drafts-from-agents');
      setNotice(t('mined', { n: drafted.length }));
      await load();
    } catch (err) {
      setError(t('failed', { message: (err as Error).message }));
    } finally {
      setMining(false);
    }
  };

  const age = (iso: string) => {
    const minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / MS_PER_MINUTE));
    if (minutes < MINUTES_PER_HOUR) return t('minutes', { n: minutes });
    const hours = Math.round(minutes / MINUTES_PER_HOUR);
    return hours < HOURS_PER_DAY ? t('hours', { n: hours }) : t('days', { n: Math.round(hours / HOURS_PER_DAY) });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="reviews-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('intro')}</Typography.Text>
      {error && <Alert type="error" showIcon closable={{ onClose: () => setError(null) }} title={error} />}
      {notice && <Alert type="success" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} data-testid="review-notice" />}
      {settings && (
        <Card size="small">
          <Space wrap size="large">
            <Space>
              <Switch checked={settings.required} disabled={!isAdmin} onChange={(required) => saveSettings({ ...settings, required })} data-testid="review-required" />
              <span title={t('requiredHelp')}>{t('required')}</span>
            </Space>
            <Space>
              <Switch checked={settings.fourEyes} disabled={!isAdmin} onChange={(fourEyes) => saveSettings({ ...settings, fourEyes })} data-testid="review-four-eyes" />
              <span title={t('fourEyesHelp')}>{t('fourEyes')}</span>
            </Space>
            <Button loading={mining} onClick={() => void mine()} title={t('mineHelp')} data-testid="review-mine">
              {t('mine')}
            </Button>
          </Space>
        </Card>
      )}
      <Segmented<ReviewStatus> value={status} onChange={setStatus} options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: labels.status(s) }))} data-testid="review-status-filter" />
      <Table<ReviewItem>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={items}
        locale={{ emptyText: t('empty') }}
        data-testid="review-table"
        onRow={(item) => ({ 'data-testid': 'review-row', 'data-review-id': item.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('kind'), key: 'kind', width: 140, render: (_, item) => <Tag>{labels.kind(item.kind)}</Tag> },
          {
            title: t('question'),
            key: 'question',
            render: (_, item) =>
              item.kind === 'similar_question' ? (
                <Space orientation="vertical" size={0}>
                  <Typography.Text>{item.phrasing}</Typography.Text>
                  <Typography.Text type="secondary">
                    → {item.question} · {t('conversations', { n: item.conversations ?? 0 })}
                  </Typography.Text>
                </Space>
              ) : (
                item.question
              ),
          },
          { title: t('proposer'), key: 'proposer', width: 200, render: (_, item) => labels.proposer(item.proposedBy) },
          status === 'pending'
            ? { title: t('age'), key: 'age', width: 100, render: (_, item) => age(item.createdAt) }
            : { title: t('decided'), key: 'decided', width: 200, render: (_, item) => (item.decidedBy ? labels.proposer(item.decidedBy) : '') },
          {
            title: '',
            key: 'open',
            width: 80,
            render: (_, item) => (
              <Button size="small" onClick={() => setOpenId(item.id)} data-testid="review-open">
                {t('open')}
              </Button>
            ),
          },
        ]}
      />
      <ReviewDrawer id={openId} canDecide onClose={() => setOpenId(null)} onDecided={() => void load()} />
    </Space>
  );
}
