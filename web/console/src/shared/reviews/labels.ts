/** How the review queue names kinds, statuses and proposers, in both languages. */
import { useT } from '../i18n';
import type { ReviewKind, ReviewStatus } from './types';

const messages = {
  zh: {
    new_entry: '新条目',
    entry_edit: '修改条目',
    similar_question: '顾客确认的问法',
    pending: '待审核',
    approved: '已通过',
    rejected: '已驳回',
    customers: '顾客（点选确认）',
  },
  en: {
    new_entry: 'New entry',
    entry_edit: 'Entry edit',
    similar_question: 'Confirmed phrasing',
    pending: 'Pending',
    approved: 'Approved',
    rejected: 'Rejected',
    customers: 'Customers (confirmed)',
  },
};

const STATUS_COLORS: Record<ReviewStatus, string> = { pending: 'orange', approved: 'green', rejected: 'red' };

export function useReviewLabels() {
  const t = useT(messages);
  return {
    kind: (kind: ReviewKind) => t(kind),
    status: (status: ReviewStatus) => t(status),
    statusColor: (status: ReviewStatus) => STATUS_COLORS[status],
    /** `user:laowang@shop.cn` → laowang@shop.cn; the customers who confirmed a phrasing by name. */
    proposer: (actor: string) => (actor === 'customers' ? t('customers') : actor.replace(/^(user|api_key):/, '')),
  };
}
