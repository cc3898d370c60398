/**
 * 我的提议 / my proposals (docs/review.md): what this agent proposed as knowledge — their replies
 * and suggested answer edits — with the reviewer's decision and the thread; the agent reads the
 * reasons and answers in the thread. Deciding is a supervisor's, in the console's 待审核.
 */
import { Button, Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../shared/api';
import { useLang, useT } from '../shared/i18n';
import { useReviewLabels } from '../shared/reviews/labels';
import { ReviewDrawer } from '../shared/reviews/ReviewDrawer';
import { REVIEWS_API, type ReviewItem, type ReviewStatus } from '../shared/reviews/types';
import { clock } from './format';

const messages = {
  zh: { title: '我的提议', empty: '还没有提议：在会话里点自己回复旁的「加入知识库」，或推荐答案旁的「建议修改」', open: '查看', failed: '加载失败' },
  en: { title: 'My proposals', empty: 'Nothing proposed yet: use "Propose as knowledge" on your reply, or "Suggest an edit" on a suggested answer', open: 'Open', failed: 'Could not load' },
};

export function ProposalsView() {
  const t = useT(messages);
  const { lang } = useLang();
  const labels = useReviewLabels();
  const [status, setStatus] = useState<ReviewStatus>('pending');
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: ReviewItem[] }>('GET', `${REVIEWS_API}?status=${status}`)).items);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('failed'));
    }
  }, [status, t]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Card title={t('title')} data-testid="proposals-view" style={{ margin: 16 }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented<ReviewStatus> value={status} onChange={setStatus} options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: labels.status(s) }))} />
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        {items.length === 0 ? (
          <Empty description={t('empty')} />
        ) : (
          <List
            dataSource={items}
            renderItem={(item) => (
              <List.Item
                data-testid="proposal"
                actions={[
                  <Button key="open" size="small" onClick={() => setOpenId(item.id)} data-testid="proposal-open">
                    {t('open')}
                  </Button>,
                ]}
              >
                <Space wrap>
                  <Tag>{labels.kind(item.kind)}</Tag>
                  <Typography.Text>{item.question}</Typography.Text>
                  <Tag color={labels.statusColor(item.status)}>{labels.status(item.status)}</Tag>
                  <Typography.Text type="secondary">{clock(item.createdAt, lang)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Space>
      <ReviewDrawer id={openId} canDecide={false} onClose={() => setOpenId(null)} onDecided={() => void load()} />
    </Card>
  );
}
