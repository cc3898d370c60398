/**
 * Tickets (留言): what customers left when nobody could take them. List by status, open one
 * with its history, answer (the answer goes into the customer's conversation) and close.
 * Tickets have no live events yet (docs/tickets.md), so the list is polled.
 */
import { App, Button, Card, Descriptions, Empty, Input, List, Segmented, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../shared/api';
import { useLang, useT } from '../shared/i18n';
import { clock } from './format';
import type { Ticket, TicketEvent, TicketStatus } from './types';

const messages = {
  zh: {
    tickets: '留言工单',
    open: '待处理',
    pending: '已回复',
    closed: '已关闭',
    empty: '暂无留言',
    contact: '联系方式',
    message: '留言内容',
    created: '留言时间',
    history: '处理记录',
    replyPlaceholder: '回复会发到顾客的会话里',
    reply: '回复',
    close: '关闭工单',
    replied: '已回复',
    closedDone: '工单已关闭',
    pick: '选择左侧的一条留言',
    failed: '操作失败',
    ev_created: '顾客留言',
    ev_assigned: '分配',
    ev_replied: '客服回复',
    ev_customer_replied: '顾客再次来信',
    ev_closed: '关闭',
  },
  en: {
    tickets: 'Tickets',
    open: 'Open',
    pending: 'Answered',
    closed: 'Closed',
    empty: 'No tickets',
    contact: 'Contact',
    message: 'Message',
    created: 'Left at',
    history: 'History',
    replyPlaceholder: 'The answer goes into the customer’s conversation',
    reply: 'Reply',
    close: 'Close ticket',
    replied: 'Answered',
    closedDone: 'Ticket closed',
    pick: 'Pick a ticket on the left',
    failed: 'Failed',
    ev_created: 'Left by the customer',
    ev_assigned: 'Assigned',
    ev_replied: 'Agent answered',
    ev_customer_replied: 'Customer wrote again',
    ev_closed: 'Closed',
  },
};

type EventKey = 'ev_created' | 'ev_assigned' | 'ev_replied' | 'ev_customer_replied' | 'ev_closed';

/** Tickets have no push yet: the open list is fetched again this often. */
const TICKETS_POLL_MS = 15_000;
const STATUS_COLOR: Record<TicketStatus, string> = { open: 'orange', pending: 'blue', closed: 'default' };

export function TicketsView() {
  const t = useT(messages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const [status, setStatus] = useState<TicketStatus>('open');
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [selected, setSelected] = useState<(Ticket & { events: TicketEvent[] }) | null>(null);
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<{ tickets: Ticket[] }>('GET', `/api/v1/tickets?status=${status}`)
      .then((r) => setTickets(r.tickets))
      .catch(() => {});
  }, [status]);
  useEffect(() => {
    load();
    const timer = setInterval(load, TICKETS_POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const open = async (id: string) => {
    const { ticket } = await api<{ ticket: Ticket & { events: TicketEvent[] } }>('GET', `/api/v1/tickets/${encodeURIComponent(id)}`);
    setSelected(ticket);
  };

  const act = async (path: string, body: unknown, done: string) => {
    if (!selected) return;
    setBusy(true);
    try {
      const { ticket } = await api<{ ticket: Ticket }>('POST', `/api/v1/tickets/${encodeURIComponent(selected.id)}/${path}`, body);
      message.success(done);
      setAnswer('');
      await open(ticket.id);
      load();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="agent-tickets" data-testid="tickets">
      <nav className="agent-lists" aria-label={t('tickets')}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as TicketStatus)}
          options={(['open', 'pending', 'closed'] as const).map((s) => ({ value: s, label: <span data-testid={`tickets-${s}`}>{t(s)}</span> }))}
        />
        <List
          data-testid="ticket-list"
          dataSource={tickets}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
          renderItem={(ticket) => (
            <List.Item data-testid="ticket-row" data-ticket-id={ticket.id} className={selected?.id === ticket.id ? 'agent-row agent-row-selected' : 'agent-row'} onClick={() => void open(ticket.id)}>
              <List.Item.Meta
                title={
                  <button type="button" className="agent-row-open">
                    {ticket.contact}
                  </button>
                }
                description={
                  <>
                    <Typography.Text ellipsis className="agent-row-preview">
                      {ticket.text}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary">{clock(ticket.createdAt, lang)}</Typography.Text>
                    </div>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </nav>
      <section className="agent-ticket-detail">
        {!selected ? (
          <Empty description={t('pick')} />
        ) : (
          <Card
            data-testid="ticket-detail"
            title={
              <Space>
                {selected.contact}
                <Tag color={STATUS_COLOR[selected.status]} data-testid="ticket-status">
                  {t(selected.status)}
                </Tag>
              </Space>
            }
          >
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('contact')}>{selected.contact}</Descriptions.Item>
              <Descriptions.Item label={t('created')}>{clock(selected.createdAt, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('message')}>
                <span className="agent-msg-text">{selected.text}</span>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{t('history')}</Typography.Title>
            <Timeline
              data-testid="ticket-history"
              items={selected.events.map((e) => ({
                key: e.seq,
                content: (
                  <div>
                    <Typography.Text strong>{`ev_${e.kind}` in messages.zh ? t(`ev_${e.kind}` as EventKey) : e.kind}</Typography.Text>{' '}
                    <Typography.Text type="secondary">{clock(e.at, lang)}</Typography.Text>
                    {e.text && <div className="agent-msg-text">{e.text}</div>}
                  </div>
                ),
              }))}
            />
            {selected.status !== 'closed' && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Input.TextArea data-testid="ticket-answer" aria-label={t('reply')} placeholder={t('replyPlaceholder')} autoSize={{ minRows: 3 }} value={answer} onChange={(e) => setAnswer(e.target.value)} />
                <Space>
                  <Button type="primary" data-testid="ticket-reply" loading={busy} disabled={answer.trim() === ''} onClick={() => void act('reply', { text: answer }, t('replied'))}>
                    {t('reply')}
                  </Button>
                  <Button data-testid="ticket-close" loading={busy} onClick={() => void act('close', {}, t('closedDone'))}>
                    {t('close')}
                  </Button>
                </Space>
              </Space>
            )}
          </Card>
        )}
      </section>
    </div>
  );
}
