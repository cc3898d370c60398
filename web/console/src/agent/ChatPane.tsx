/**
 * One conversation: the hand-off reason and summary on top, then the whole transcript — the
 * customer, the bot and agents told apart — and the composer for the agent's part.
 */
import { Alert, Button, Space, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useLang, useT } from '../shared/i18n';
import { Composer, type ComposerProps } from './Composer';
import { clock } from './format';
import { MessageContent } from './MessageContent';
import { useReasonLabel } from './reasons';
import type { ChatMessage, ConversationRow, Transcript } from './types';

const messages = {
  zh: {
    customer: '顾客',
    bot: '机器人',
    agent: '客服',
    system: '系统',
    reason: '转人工原因',
    summary: '顾客诉求',
    accept: '接入会话',
    transcript: '对话记录',
    notMine: '这个会话不在你名下，接入后才能回复',
    anonymous: '访客',
    typing: '顾客正在输入…',
    propose: '加入知识库',
  },
  en: {
    customer: 'Customer',
    bot: 'Bot',
    agent: 'Agent',
    system: 'System',
    reason: 'Hand-off reason',
    summary: 'What the customer wants',
    accept: 'Take this conversation',
    transcript: 'Transcript',
    notMine: 'Not yours: take it to reply',
    anonymous: 'Visitor',
    typing: 'The customer is typing…',
    propose: 'Propose as knowledge',
  },
};

export interface ChatPaneProps {
  row: ConversationRow | undefined;
  transcript: Transcript;
  summary: string | null;
  customerTyping: boolean;
  /** The signed-in agent holds this conversation (or supervises): the composer is open. */
  mayReply: boolean;
  /** The signed-in agent's id: their own replies can be proposed as knowledge. */
  userId: string;
  /** Opens the proposal of an own reply, with the customer's question before it. */
  onPropose(message: ChatMessage, question: string): void;
  onAccept(): void;
  composer: Omit<ComposerProps, 'disabled'>;
}

function Bubble({ message, onPropose }: { message: ChatMessage; onPropose?: () => void }) {
  const t = useT(messages);
  const { lang } = useLang();
  return (
    <li className={`agent-msg agent-msg-${message.sender}`} data-testid="transcript-message" data-sender={message.sender} data-seq={message.seq}>
      <div className="agent-msg-meta">
        {t(message.sender)} · {clock(message.createdAt, lang)}
        {onPropose && (
          <Button type="link" size="small" onClick={onPropose} data-testid="propose-reply">
            {t('propose')}
          </Button>
        )}
      </div>
      <div className="agent-msg-body">
        <MessageContent message={message} />
      </div>
    </li>
  );
}

/** The customer's last message before `seq`: the question an agent's reply answered. */
function questionBefore(messages: readonly ChatMessage[], seq: number): string {
  return messages.filter((m) => m.sender === 'customer' && m.seq < seq).at(-1)?.text ?? '';
}

export function ChatPane({ row, transcript, summary, customerTyping, mayReply, userId, onPropose, onAccept, composer }: ChatPaneProps) {
  const t = useT(messages);
  const reasonLabel = useReasonLabel();
  const list = useRef<HTMLOListElement>(null);
  const lastSeq = transcript.messages.at(-1)?.seq ?? 0;
  // The newest message in view — also when the pane around it grows (the summary arrives, the
  // composer gets taller). Only the transcript scrolls, never the page around it.
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [lastSeq, customerTyping]);
  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <section className="agent-chat" aria-label={t('transcript')} data-testid="chat-pane" data-conversation-id={transcript.conversation.id}>
      <header className="agent-chat-head" data-testid="handoff-info">
        <Space wrap>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {transcript.customer?.name ?? row?.customerName ?? t('anonymous')}
          </Typography.Title>
          {row && (
            <Tag color="orange" data-testid="handoff-reason">
              {t('reason')}：{reasonLabel(row.reason)}
              {row.detail ? ` · ${row.detail}` : ''}
            </Tag>
          )}
        </Space>
        {summary && (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="handoff-summary">
            {t('summary')}：{summary}
          </Typography.Paragraph>
        )}
      </header>
      <ol className="agent-transcript" data-testid="transcript" ref={list}>
        {transcript.messages.map((message) => (
          <Bubble
            key={message.seq}
            message={message}
            onPropose={message.sender === 'agent' && message.senderId === userId ? () => onPropose(message, questionBefore(transcript.messages, message.seq)) : undefined}
          />
        ))}
      </ol>
      {customerTyping && (
        <Typography.Text type="secondary" className="agent-typing" data-testid="customer-typing" aria-live="polite">
          {t('typing')}
        </Typography.Text>
      )}
      {mayReply ? (
        <Composer {...composer} disabled={false} />
      ) : (
        <Alert
          type="info"
          title={t('notMine')}
          action={
            row?.status === 'queued' ? (
              <Button type="primary" size="small" onClick={onAccept} data-testid="pane-accept">
                {t('accept')}
              </Button>
            ) : undefined
          }
        />
      )}
    </section>
  );
}
