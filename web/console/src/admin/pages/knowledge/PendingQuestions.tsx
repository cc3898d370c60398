/**
 * 待确认的相似问 / pending similar questions (docs/learning.md): what customers confirmed after a
 * 您是想问 clarification waits here until a supervisor approves it (it becomes a similar question
 * of the entry, so the next customer gets a direct answer) or dismisses it. 采纳 first checks the
 * phrasing against the knowledge base's self-test (`?dryRun=1`, changes nothing): when other
 * entries' questions would get worse it shows which and waits for 仍然采纳, as the unresolved
 * inbox does before an attach. What did not help (a rejected suggestion, a hand-off right after
 * an answer) is in 未解决问题 (#/learning).
 */
import { Alert, Button, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { LearningCheckNotice, type LearningCheck } from '../../../shared/LearningCheckNotice';
import { KB_API, type KnowledgeEntry } from './types';

/** One record as `GET /api/v1/kb/pending-questions` returns it. */
interface PendingQuestion {
  id: string;
  entryId: string;
  phrasing: string;
  conversations: number;
  lastSeenAt: string;
}

const messages = {
  zh: {
    confirmed: '待确认的相似问',
    unresolvedLink: '顾客否认推荐、答完就转人工的问题，在「未解决问题」里处理。',
    reviewsLink: '这些问法也在「待审核」里，可查看改动、评论后再决定。',
    phrasing: '顾客的说法',
    entry: '对应标准问',
    conversations: '会话数',
    lastSeen: '最近出现',
    actions: '操作',
    approve: '采纳',
    approveAnyway: '仍然采纳',
    checkFor: '采纳「{phrasing}」之前的自测',
    cancel: '取消',
    dismiss: '忽略',
    approved: '已采纳为相似问：{phrasing}',
    dismissed: '已忽略：{phrasing}',
    emptyConfirmed: '暂无待确认的相似问',
    missingEntry: '（条目已不存在）',
    failed: '操作失败：{message}',
  },
  en: {
    confirmed: 'Pending similar questions',
    unresolvedLink: 'Rejected suggestions and hand-offs right after an answer are handled in "Unresolved".',
    reviewsLink: 'These wordings are in "Reviews" too, with the change and a comment thread.',
    phrasing: "Customer's wording",
    entry: 'Standard question',
    conversations: 'Conversations',
    lastSeen: 'Last seen',
    actions: 'Actions',
    approve: 'Approve',
    approveAnyway: 'Approve anyway',
    checkFor: 'Self-test before approving “{phrasing}”',
    cancel: 'Cancel',
    dismiss: 'Dismiss',
    approved: 'Approved as a similar question: {phrasing}',
    dismissed: 'Dismissed: {phrasing}',
    emptyConfirmed: 'No similar questions waiting',
    missingEntry: '(entry no longer exists)',
    failed: 'Failed: {message}',
  },
};

function shortTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** The standard question of each entry, fetched once per entry; null when it no longer exists. */
async function standardQuestions(entryIds: string[]): Promise<Record<string, string | null>> {
  const pairs = await Promise.all(
    [...new Set(entryIds)].map(async (id) => {
      try {
        return [id, (await api<KnowledgeEntry>('GET', `${KB_API}/entries/${encodeURIComponent(id)}`)).question] as const;
      } catch {
        return [id, null] as const;
      }
    }),
  );
  return Object.fromEntries(pairs);
}

export function PendingQuestions({ onApproved }: { onApproved?: () => void }) {
  const t = useT(messages);
  const [items, setItems] = useState<PendingQuestion[]>([]);
  const [questions, setQuestions] = useState<Record<string, string | null>>({});
  const [loading, setLoading] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const list = (await api<{ items: PendingQuestion[] }>('GET', `${KB_API}/pending-questions?status=pending`)).items;
      setQuestions(await standardQuestions(list.map((q) => q.entryId)));
      setItems(list);
      setError(null);
    } catch (err) {
      setError(t('failed', { message: (err as Error).message }));
    } finally {
      setLoading(false);
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  /** A flagged approval waiting for the supervisor: the phrasing and what its check found. */
  const [flagged, setFlagged] = useState<{ record: PendingQuestion; check: LearningCheck } | null>(null);

  /** `checked`: the supervisor has seen the check's warning and approves anyway. */
  const decide = async (record: PendingQuestion, decision: 'approve' | 'dismiss', checked = false) => {
    setBusyId(record.id);
    try {
      const path = `${KB_API}/pending-questions/${encodeURIComponent(record.id)}/${decision}`;
      if (decision === 'approve' && !checked) {
        const { check } = await api<{ check?: LearningCheck }>('POST', `${path}?dryRun=1`);
        if (check?.flagged) {
          setFlagged({ record, check });
          return;
        }
      }
      setFlagged((shown) => (shown?.record.id === record.id ? null : shown));
      await api('POST', path);
      setNotice(t(decision === 'approve' ? 'approved' : 'dismissed', { phrasing: record.phrasing }));
      if (decision === 'approve') onApproved?.();
      await load();
    } catch (err) {
      setError(t('failed', { message: (err as Error).message }));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="pending-questions">
      <Typography.Text type="secondary">
        <a href="#/learning">{t('unresolvedLink')}</a> <a href="#/reviews">{t('reviewsLink')}</a>
      </Typography.Text>
      {error && <Alert type="error" showIcon closable={{ onClose: () => setError(null) }} title={error} />}
      {notice && <Alert type="success" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} />}
      {flagged && (
        <div>
          <Typography.Text strong>{t('checkFor', { phrasing: flagged.record.phrasing })}</Typography.Text>
          <LearningCheckNotice
            check={flagged.check}
            testId="pending-check"
            action={
              <Space orientation="vertical">
                <Button size="small" danger loading={busyId === flagged.record.id} onClick={() => void decide(flagged.record, 'approve', true)}>
                  {t('approveAnyway')}
                </Button>
                <Button size="small" disabled={busyId === flagged.record.id} onClick={() => setFlagged(null)}>
                  {t('cancel')}
                </Button>
              </Space>
            }
          />
        </div>
      )}
      <Table<PendingQuestion>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('emptyConfirmed') }}
        columns={[
          { title: t('phrasing'), dataIndex: 'phrasing', render: (p: string) => <Typography.Text strong>{p}</Typography.Text> },
          {
            title: t('entry'),
            dataIndex: 'entryId',
            render: (id: string) => questions[id] ?? <Typography.Text type="secondary">{t('missingEntry')}</Typography.Text>,
          },
          { title: t('conversations'), dataIndex: 'conversations', width: 100 },
          { title: t('lastSeen'), dataIndex: 'lastSeenAt', width: 150, render: (iso: string) => shortTime(iso) },
          {
            title: t('actions'),
            key: 'actions',
            width: 160,
            render: (_: unknown, q: PendingQuestion) => (
              <Space>
                <Button size="small" type="primary" loading={busyId === q.id} aria-label={`${t('approve')} ${q.phrasing}`} onClick={() => void decide(q, 'approve')}>
                  {t('approve')}
                </Button>
                <Button size="small" disabled={busyId === q.id} aria-label={`${t('dismiss')} ${q.phrasing}`} onClick={() => void decide(q, 'dismiss')}>
                  {t('dismiss')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
