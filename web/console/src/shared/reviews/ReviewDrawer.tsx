/**
 * One review item (the console's 待审核, the workspace's 我的提议): what approving it changes (the entry's changed fields before → after, as the
 * audit log shows changes), the comment thread, and approve / reject with a comment (a
 * rejection needs its reason). A phrasing customers confirmed is checked against the knowledge
 * base's self-test first (as the knowledge page's 采纳 is): the reviewer sees which other entries'
 * questions would get worse and may approve anyway. Every text is rendered as text: it may be what
 * a customer typed.
 */
import { Alert, Button, Descriptions, Drawer, Input, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { useT } from '../i18n';
import { ChangeDetail } from '../ChangeDetail';
import { LearningCheckNotice, type LearningCheck } from '../LearningCheckNotice';
import { PENDING_QUESTIONS_API, REVIEWS_API, type ReviewDetail } from './types';
import { useReviewLabels } from './labels';

const messages = {
  zh: {
    title: '审核详情',
    kind: '类型',
    question: '标准问',
    proposer: '提交人',
    created: '提交时间',
    status: '状态',
    entry: '条目',
    stale: '提交后条目又改过（提交时第 {base} 版，现在第 {now} 版）：通过时只改动下面这些字段。',
    change: '改动（红色为现在，绿色为通过后）',
    thread: '讨论',
    noComments: '暂无评论',
    placeholder: '写评论；驳回时必须写明理由',
    comment: '发表评论',
    approve: '通过并发布',
    approveAnyway: '仍然通过并发布',
    reject: '驳回',
    reasonNeeded: '驳回时请写明理由',
    commented: '评论',
    approvedBy: '通过',
    rejectedBy: '驳回',
    failed: '操作失败：{message}',
  },
  en: {
    title: 'Review',
    kind: 'Kind',
    question: 'Question',
    proposer: 'Proposed by',
    created: 'Proposed at',
    status: 'Status',
    entry: 'Entry',
    stale: 'The entry changed since the proposal (version {base} then, {now} now): approving changes only the fields below.',
    change: 'Change (red: now; green: once approved)',
    thread: 'Discussion',
    noComments: 'No comments yet',
    placeholder: 'Write a comment; a rejection needs its reason',
    comment: 'Comment',
    approve: 'Approve and publish',
    approveAnyway: 'Approve and publish anyway',
    reject: 'Reject',
    reasonNeeded: 'Say why you reject it',
    commented: 'commented',
    approvedBy: 'approved',
    rejectedBy: 'rejected',
    failed: 'Failed: {message}',
  },
};

function pick(value: Record<string, unknown> | null, keys: string[]): Record<string, unknown> | null {
  return value && Object.fromEntries(keys.map((k) => [k, value[k]]));
}

export interface ReviewDrawerProps {
  id: string | null;
  /** Supervisors and admins approve and reject; an agent reads and comments on their own proposal. */
  canDecide: boolean;
  onClose(): void;
  onDecided(): void;
}

export function ReviewDrawer({ id, canDecide, onClose, onDecided }: ReviewDrawerProps) {
  const t = useT(messages);
  const labels = useReviewLabels();
  const [detail, setDetail] = useState<ReviewDetail | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!id) return;
    try {
      setDetail(await api<ReviewDetail>('GET', `${REVIEWS_API}/${encodeURIComponent(id)}`));
    } catch (err) {
      setError(t('failed', { message: (err as Error).message }));
    }
  }, [id, t]);
  useEffect(() => {
    setDetail(null);
    setText('');
    setError(null);
    void load();
  }, [load]);

  // A pending confirmed phrasing: its learning check, made without changing anything (`?dryRun=1`).
  const [check, setCheck] = useState<LearningCheck | null>(null);
  const checkable = canDecide && detail?.kind === 'similar_question' && detail.status === 'pending' ? detail.id : null;
  useEffect(() => {
    setCheck(null);
    if (!checkable) return;
    let live = true;
    api<{ check?: LearningCheck }>('POST', `${PENDING_QUESTIONS_API}/${encodeURIComponent(checkable)}/approve?dryRun=1`)
      .then((r) => live && setCheck(r.check ?? null))
      .catch(() => live && setCheck(null));
    return () => {
      live = false;
    };
  }, [checkable]);

  const act = async (path: 'comments' | 'approve' | 'reject', body: unknown) => {
    if (!id) return;
    setBusy(true);
    try {
      await api('POST', `${REVIEWS_API}/${encodeURIComponent(id)}/${path}`, body);
      setText('');
      setError(null);
      await load();
      if (path !== 'comments') onDecided();
    } catch (err) {
      setError(t('failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const pending = detail?.status === 'pending';
  const comment = text.trim();
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={t('title')} data-testid="review-drawer">
      {error && <Alert type="error" showIcon closable={{ onClose: () => setError(null) }} title={error} style={{ marginBottom: 12 }} data-testid="review-error" />}
      {detail && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('kind')}>
              <Tag>{labels.kind(detail.kind)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('question')}>{detail.question}</Descriptions.Item>
            <Descriptions.Item label={t('proposer')}>{labels.proposer(detail.proposedBy)}</Descriptions.Item>
            <Descriptions.Item label={t('created')}>{new Date(detail.createdAt).toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('status')}>
              <Tag color={labels.statusColor(detail.status)} data-testid="review-status">
                {labels.status(detail.status)}
              </Tag>
              {detail.decidedBy ? ` ${labels.proposer(detail.decidedBy)}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('entry')}>
              {/* Agents cannot open the console's knowledge page; reviewers find the entry there by its question. */}
              {canDecide ? <a href={`/admin#/knowledge?${new URLSearchParams({ q: detail.question })}`}>{detail.entryId}</a> : detail.entryId}
            </Descriptions.Item>
          </Descriptions>
          {pending && detail.baseVersion !== null && detail.entryVersion !== detail.baseVersion && <Alert type="warning" showIcon title={t('stale', { base: detail.baseVersion, now: detail.entryVersion ?? '' })} />}
          <div>
            <Typography.Text strong>{t('change')}</Typography.Text>
            <div data-testid="review-diff">
              <ChangeDetail before={pick(detail.before, detail.changed)} after={pick(detail.after, detail.changed)} />
            </div>
          </div>
          {pending && check && <LearningCheckNotice check={check} testId="review-check" />}
          <div>
            <Typography.Text strong>{t('thread')}</Typography.Text>
            <List
              size="small"
              data-testid="review-thread"
              locale={{ emptyText: t('noComments') }}
              dataSource={detail.comments}
              renderItem={(c) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text type="secondary">
                      {labels.proposer(c.author)} · {t(c.action === 'comment' ? 'commented' : c.action === 'approved' ? 'approvedBy' : 'rejectedBy')} · {new Date(c.createdAt).toLocaleString()}
                    </Typography.Text>
                    {c.text && <Typography.Text>{c.text}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
          </div>
          <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('placeholder')} maxLength={2000} data-testid="review-comment" />
          <Space wrap>
            <Button disabled={busy || !comment} onClick={() => act('comments', { text: comment })} data-testid="review-post-comment">
              {t('comment')}
            </Button>
            {pending && canDecide && (
              <>
                <Button type="primary" loading={busy} onClick={() => act('approve', comment ? { comment } : {})} data-testid="review-approve">
                  {t(check?.flagged ? 'approveAnyway' : 'approve')}
                </Button>
                <Button danger disabled={busy} title={comment ? undefined : t('reasonNeeded')} onClick={() => (comment ? act('reject', { comment }) : setError(t('reasonNeeded')))} data-testid="review-reject">
                  {t('reject')}
                </Button>
              </>
            )}
          </Space>
        </Space>
      )}
    </Drawer>
  );
}
