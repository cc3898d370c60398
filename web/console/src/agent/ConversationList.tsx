/** The lists an agent works from: 排队中 (queue), 我的 (mine), 全部 (all, supervisors) — unread counts and live waiting times. */
import { Badge, Button, Empty, List, Tabs, Tag, Typography } from 'antd';
import { useLang, useT } from '../shared/i18n';
import { duration } from './format';
import { useReasonLabel } from './reasons';
import type { ConversationRow, ListView } from './types';

const messages = {
  zh: {
    queue: '排队中',
    mine: '我的',
    all: '全部',
    waiting: '已等待 {time}',
    waited: '等待了 {time}',
    accept: '接入',
    anonymous: '访客',
    empty: '暂无会话',
    lists: '会话列表',
  },
  en: {
    queue: 'Queue',
    mine: 'Mine',
    all: 'All',
    waiting: 'waiting {time}',
    waited: 'waited {time}',
    accept: 'Take',
    anonymous: 'Visitor',
    empty: 'No conversations',
    lists: 'Conversation lists',
  },
};

export interface ConversationListProps {
  view: ListView;
  onView(view: ListView): void;
  lists: Record<ListView, ConversationRow[]>;
  showAll: boolean;
  /** Seconds since the lists were fetched: queued waits keep counting between fetches. */
  secondsSinceFetch: number;
  selectedId: string | null;
  onSelect(row: ConversationRow): void;
  onAccept(conversationId: string): void;
}

export function ConversationList(props: ConversationListProps) {
  const t = useT(messages);
  const { lang } = useLang();
  const reasonLabel = useReasonLabel();
  const views: ListView[] = props.showAll ? ['queue', 'mine', 'all'] : ['queue', 'mine'];
  const unreadOf = (view: ListView) => props.lists[view].reduce((sum, row) => sum + row.unread, 0);

  const rows = props.lists[props.view];
  return (
    <nav aria-label={t('lists')} className="agent-lists">
      <Tabs
        activeKey={props.view}
        onChange={(key) => props.onView(key as ListView)}
        items={views.map((view) => ({
          key: view,
          label: (
            <span data-testid={`list-tab-${view}`}>
              {t(view)} <Badge count={view === 'queue' ? props.lists.queue.length : unreadOf(view)} size="small" showZero={false} />
            </span>
          ),
        }))}
      />
      <List
        data-testid={`list-${props.view}`}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
        dataSource={rows}
        renderItem={(row) => {
          const waited = row.status === 'queued' ? t('waiting', { time: duration(row.waitingSeconds + props.secondsSinceFetch, lang) }) : t('waited', { time: duration(row.waitingSeconds, lang) });
          return (
            <List.Item
              data-testid="conversation-row"
              data-conversation-id={row.id}
              className={row.id === props.selectedId ? 'agent-row agent-row-selected' : 'agent-row'}
              onClick={() => props.onSelect(row)}
              actions={
                row.status === 'queued'
                  ? [
                      <Button
                        key="accept"
                        size="small"
                        type="primary"
                        data-testid="row-accept"
                        onClick={(event) => {
                          event.stopPropagation();
                          props.onAccept(row.id);
                        }}
                      >
                        {t('accept')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <span>
                    <button type="button" className="agent-row-open">
                      {row.customerName ?? t('anonymous')}
                    </button>{' '}
                    <Badge count={row.unread} size="small" data-testid="row-unread" />
                  </span>
                }
                description={
                  <>
                    <Typography.Text type="secondary" ellipsis className="agent-row-preview">
                      {row.lastMessage?.text ?? ''}
                    </Typography.Text>
                    <div>
                      <Tag>{reasonLabel(row.reason)}</Tag>
                      <Typography.Text type="secondary" data-testid="row-waiting">
                        {waited}
                      </Typography.Text>
                    </div>
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
    </nav>
  );
}
