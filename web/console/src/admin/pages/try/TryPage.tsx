/**
 * "Try it": ask the workspace's bot anything and see, for each question, the reply as the
 * customer would see it and below it the developer view (DecisionTrace). A conversation keeps
 * its session, so follow-ups (运费谁出 after 我想退货) are understood in context; 新对话 starts over.
 */
import { Alert, Button, Card, Empty, Input, Space, Typography } from 'antd';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { CustomerReply } from './CustomerReply';
import type { Decision } from './decision';
import { DecisionTrace } from './DecisionTrace';

const messages = {
  zh: {
    title: '测试对话',
    intro: '像顾客一样提问：上面是顾客看到的回复，下面是为什么这样回答（只有后台能看到）。支持追问。',
    question: '问题',
    placeholder: '输入顾客会问的话，按回车发送…',
    ask: '提问',
    newChat: '新对话',
    samples: '试试：',
    customer: '顾客',
    customerSees: '顾客看到的回复',
    why: '为什么这样回答',
    failed: '提问失败：{message}',
    empty: '还没有提问',
  },
  en: {
    title: 'Try it',
    intro: 'Ask like a customer: above is the reply the customer sees, below is why (only operators see it). Follow-ups work.',
    question: 'Question',
    placeholder: 'Type what a customer would ask and press Enter…',
    ask: 'Ask',
    newChat: 'New chat',
    samples: 'Try:',
    customer: 'Customer',
    customerSees: 'What the customer sees',
    why: 'Why this reply',
    failed: 'Could not ask: {message}',
    empty: 'Nothing asked yet',
  },
};

/** Real customer phrasing: a follow-up pair, a vague one, an angry one, a request for a person. */
const SAMPLE_QUESTIONS = ['我想退货', '运费谁出', '發票怎麼開？', '快递啊', '等了三天还没发货！！😡', '转人工'];
/** Random bytes of a session id (crypto.randomUUID needs https; this works on plain http too). */
const SESSION_ID_BYTES = 16;

function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SESSION_ID_BYTES));
  return 'try-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

interface Turn {
  question: string;
  decision: Decision;
}

export default function TryPage() {
  const t = useT(messages);
  const [sessionId, setSessionId] = useState(newSessionId);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function ask(question: string) {
    const trimmed = question.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    setError(null);
    try {
      const decision = await api<Decision>('POST', '/api/v1/try', { text: trimmed, sessionId, channel: 'web' });
      setTurns((previous) => [...previous, { question: trimmed, decision }]);
      setText('');
      // The window, not scrollIntoView: that also scrolls the layout's overflow-hidden boxes and hides the header.
      requestAnimationFrame(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'smooth' }));
    } catch (err) {
      setError(t('failed', { message: err instanceof ApiError || err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void ask(text);
  }

  function startOver() {
    setSessionId(newSessionId());
    setTurns([]);
    setError(null);
  }

  return (
    <div data-section="try">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <div>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('intro')}</Typography.Text>
        </div>
        {turns.length === 0 && <Empty description={t('empty')} />}
        {turns.map((turn, i) => (
          <Card key={i} size="small" data-testid="try-turn">
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <div>
                <Typography.Text type="secondary">{t('customer')}：</Typography.Text>
                <Typography.Text strong data-testid="try-question">
                  {turn.question}
                </Typography.Text>
              </div>
              <Card size="small" type="inner" title={t('customerSees')}>
                <CustomerReply content={turn.decision.content} reply={turn.decision.reply} suggestions={turn.decision.suggestions} onAsk={(q) => void ask(q)} />
              </Card>
              <Card size="small" type="inner" title={t('why')}>
                <DecisionTrace decision={turn.decision} />
              </Card>
            </Space>
          </Card>
        ))}
        {error && <Alert type="error" showIcon title={error} data-testid="try-error" />}
        <form onSubmit={submit}>
          <Space.Compact style={{ width: '100%' }}>
            <Input aria-label={t('question')} placeholder={t('placeholder')} value={text} onChange={(e) => setText(e.target.value)} disabled={busy} />
            <Button type="primary" htmlType="submit" loading={busy} disabled={!text.trim()}>
              {t('ask')}
            </Button>
          </Space.Compact>
        </form>
        <Space wrap>
          <Typography.Text type="secondary">{t('samples')}</Typography.Text>
          {SAMPLE_QUESTIONS.map((q) => (
            <Button key={q} size="small" onClick={() => void ask(q)} disabled={busy}>
              {q}
            </Button>
          ))}
          <Button onClick={startOver}>{t('newChat')}</Button>
        </Space>
      </Space>
    </div>
  );
}
