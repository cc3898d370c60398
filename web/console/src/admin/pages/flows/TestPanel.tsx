/**
 * Test in place: the operator talks to the flow being edited — saved or not — as a customer
 * would (`POST /api/v1/flows/test`, one turn per message, nothing stored), and sees which step
 * the flow waits at. Everything said is rendered as text or safe elements, never as HTML.
 */
import { Alert, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import type { FlowDefinition, RichBlock } from './model';

const messages = {
  zh: {
    title: '测试流程',
    hint: '像顾客一样发消息，第一句会启动流程（可以用触发语，比如“{keyword}”）。测试不保存任何对话，用的是编辑中的版本。',
    input: '测试消息',
    send: '发送',
    restart: '重新开始',
    startNow: '直接开始',
    waiting: '当前步骤：{node}',
    ended: '流程已结束',
    handoff: '已转人工（{reason}）',
    cancelled: '顾客取消了流程',
    loop_exceeded: '循环次数超限，流程已停止',
    invalid: '流程有错误，改好后才能测试：{message}',
    failed: '测试失败：{message}',
    customer: '顾客',
    bot: '机器人',
    byKeyword: '由关键词“{detail}”触发',
    byEvent: '由网站事件“{detail}”触发',
    byEntry: '由知识条目“{detail}”触发',
    byStart: '对话开始时触发',
    notTriggered: '顾客这样说不会触发此流程（测试中直接启动了）',
    sendEvent: '模拟网站事件 {event}',
  },
  en: {
    title: 'Test the flow',
    hint: 'Write as a customer would; the first message starts the flow (a trigger phrase such as “{keyword}” works). Nothing is stored; the version being edited runs.',
    input: 'Test message',
    send: 'Send',
    restart: 'Restart',
    startNow: 'Start now',
    waiting: 'Waiting at step: {node}',
    ended: 'The flow ended',
    handoff: 'Handed off to a person ({reason})',
    cancelled: 'The customer cancelled the flow',
    loop_exceeded: 'Loop guard reached; the flow stopped',
    invalid: 'Fix the flow before testing: {message}',
    failed: 'Test failed: {message}',
    customer: 'Customer',
    bot: 'Bot',
    byKeyword: 'Triggered by the keyword “{detail}”',
    byEvent: 'Triggered by the site event “{detail}”',
    byEntry: 'Triggered by the knowledge entry “{detail}”',
    byStart: 'Triggered at conversation start',
    notTriggered: 'A customer saying this would not start this flow (the test started it anyway)',
    sendEvent: 'Simulate site event {event}',
  },
};

type Outcome = 'waiting' | 'ended' | 'handoff' | 'cancelled' | 'loop_exceeded';
interface TestTurn {
  messages: RichBlock[][];
  state: unknown;
  outcome: Outcome;
  handoff: { reason: string } | null;
  node: string | null;
  trigger?: { by: 'event' | 'entry' | 'keyword' | 'conversation_start'; detail: string } | null;
}
interface Bubble {
  sender: 'customer' | 'bot' | 'note';
  blocks: RichBlock[];
}

const SAFE_URL = /^https?:\/\//i;

/** `onStep` hears where the run waits (null when not running), for the graph to show it. */
export function TestPanel({ flow, onStep }: { flow: FlowDefinition; onStep(node: string | null): void }) {
  const t = useT(messages);
  const [bubbles, setBubbles] = useState<Bubble[]>([]);
  const [state, setState] = useState<unknown>(null);
  const [last, setLast] = useState<TestTurn | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const log = useRef<HTMLDivElement>(null);

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [bubbles]);

  const restart = () => {
    setBubbles([]);
    setState(null);
    setLast(null);
    setError(null);
    onStep(null);
  };

  const triggerNote = (trigger: TestTurn['trigger']): Bubble[] => {
    if (trigger === undefined) return [];
    const BY = { keyword: 'byKeyword', event: 'byEvent', entry: 'byEntry', conversation_start: 'byStart' } as const;
    const text = trigger === null ? t('notTriggered') : t(BY[trigger.by], { detail: trigger.detail });
    return [{ sender: 'note', blocks: [{ type: 'text', text }] }];
  };

  const send = async (message: string, event?: string) => {
    if (busy) return;
    // A finished run starts over with this message, as a new conversation would.
    const running = last?.outcome === 'waiting' ? state : null;
    setBusy(true);
    setError(null);
    setBubbles((b) => [...(running || last === null ? b : []), ...(message ? [{ sender: 'customer' as const, blocks: [{ type: 'text', text: message }] }] : [])]);
    try {
      const turn = await api<TestTurn>('POST', '/api/v1/flows/test', { flow, state: running, text: message, ...(event ? { event } : {}) });
      setBubbles((b) => [...b, ...triggerNote(turn.trigger), ...turn.messages.map((blocks) => ({ sender: 'bot' as const, blocks }))]);
      setState(turn.state);
      setLast(turn);
      onStep(turn.node);
      setText('');
    } catch (err) {
      const apiError = err instanceof ApiError ? err : null;
      setError(apiError?.code === 'WENDU_FLOW_INVALID' ? t('invalid', { message: apiError.message }) : t('failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const status = !last ? null : last.outcome === 'waiting' ? t('waiting', { node: last.node ?? '' }) : last.outcome === 'handoff' ? t('handoff', { reason: last.handoff?.reason ?? '' }) : t(last.outcome);
  return (
    <Card
      size="small"
      title={t('title')}
      data-testid="flow-test-panel"
      extra={
        <Button size="small" onClick={restart}>
          {t('restart')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('hint', { keyword: flow.trigger?.keywords?.[0] ?? '…' })}
      </Typography.Paragraph>
      <div ref={log} data-testid="flow-test-log" style={{ height: 360, overflowY: 'auto', background: '#fafafa', borderRadius: 8, padding: 8, display: 'flex', flexDirection: 'column', gap: 8 }}>
        {bubbles.map((bubble, i) =>
          bubble.sender === 'note' ? (
            <Typography.Text key={i} type="secondary" data-testid="flow-test-trigger" style={{ alignSelf: 'center', fontSize: 12 }}>
              {bubble.blocks[0]?.text}
            </Typography.Text>
          ) : (
            <BubbleView key={i} bubble={bubble} label={t(bubble.sender)} repliesOpen={!busy && last?.outcome === 'waiting' && i === bubbles.length - 1} onReply={(reply) => void send(reply)} />
          ),
        )}
      </div>
      {status ? (
        <Tag color={last?.outcome === 'waiting' ? 'blue' : last?.outcome === 'ended' ? 'green' : 'orange'} data-testid="flow-test-status" data-outcome={last?.outcome} style={{ marginTop: 8 }}>
          {status}
        </Tag>
      ) : null}
      {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} /> : null}
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input
          aria-label={t('input')}
          placeholder={t('input')}
          value={text}
          disabled={busy}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => {
            if (text.trim()) void send(text.trim());
          }}
        />
        <Button type="primary" loading={busy} disabled={!text.trim()} onClick={() => void send(text.trim())}>
          {t('send')}
        </Button>
      </Space.Compact>
      {last === null && bubbles.length === 0 ? (
        <Space wrap size={0}>
          <Button size="small" type="link" onClick={() => void send('')}>
            {t('startNow')}
          </Button>
          {(flow.trigger?.events ?? []).map((event) => (
            <Button key={event} size="small" type="link" onClick={() => void send('', event)}>
              {t('sendEvent', { event })}
            </Button>
          ))}
        </Space>
      ) : null}
    </Card>
  );
}

/** One message of the customer or the bot; only the latest bot message's quick replies work. */
function BubbleView({ bubble, label, repliesOpen, onReply }: { bubble: Bubble; label: string; repliesOpen: boolean; onReply(text: string): void }) {
  const mine = bubble.sender === 'customer';
  return (
    <div
      data-testid="flow-test-message"
      data-sender={bubble.sender}
      aria-label={label}
      style={{
        alignSelf: mine ? 'flex-end' : 'flex-start',
        maxWidth: '85%',
        background: mine ? '#ffe8cc' : '#fff',
        border: '1px solid #f0f0f0',
        borderRadius: 8,
        padding: '6px 10px',
        whiteSpace: 'pre-wrap',
      }}
    >
      {bubble.blocks.map((block, j) => (
        <BlockView key={j} block={block} onReply={onReply} disabled={!repliesOpen} />
      ))}
    </div>
  );
}

/** One rich block as safe elements: text as text, links only http(s), quick replies as buttons. */
function BlockView({ block, onReply, disabled }: { block: RichBlock; onReply(text: string): void; disabled: boolean }) {
  switch (block.type) {
    case 'text':
      return <div>{block.text}</div>;
    case 'link':
      return <SafeLink url={block.url} label={block.title ?? block.url ?? ''} />;
    case 'image':
      return <SafeLink url={block.url} label={block.alt || block.url || ''} />;
    case 'buttons':
      return (
        <div>
          {block.text ? <div>{block.text}</div> : null}
          <Space wrap style={{ marginTop: 4 }}>
            {(block.buttons ?? []).map((button, i) =>
              button.action === 'link' ? (
                <SafeLink key={i} url={button.url} label={button.label} />
              ) : (
                // Quick replies read exactly as the customer sees them (no space antd puts in two-character labels).
                <Button key={i} size="small" autoInsertSpace={false} disabled={disabled} onClick={() => onReply(button.text ?? button.label)}>
                  {button.label}
                </Button>
              ),
            )}
          </Space>
        </div>
      );
    default:
      return <Typography.Text type="secondary">[{block.type}]</Typography.Text>;
  }
}

function SafeLink({ url, label }: { url: string | undefined; label: string }) {
  if (!url || !SAFE_URL.test(url)) return <span>{label}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  );
}
