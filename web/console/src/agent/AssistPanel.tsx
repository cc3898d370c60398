/**
 * Agent assist beside the conversation: the bot's suggested answers for the customer's latest
 * question (click to put one in the composer), the customer's mood — with the warning when they
 * turn upset — profile and entities; internal notes; transfer; close with tags.
 */
import { Alert, App, Button, Card, Descriptions, Empty, Input, List, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../shared/api';
import { useLang, useT } from '../shared/i18n';
import { clock } from './format';
import type { Assist, CustomerProfile, Note, Presence, Suggestion } from './types';

interface TransferTargets {
  groups: Array<{ id: string; name: string }>;
  agents: Array<{ id: string; name: string; status: Presence }>;
}

const messages = {
  zh: {
    assist: '辅助',
    suggestions: '推荐答案',
    suggestionsFor: '针对：{text}',
    noSuggestions: '暂无推荐答案',
    suggestEdit: '建议修改',
    use: '使用',
    emotion: '情绪',
    neutral: '平静',
    positive: '积极',
    negative: '不满',
    angry: '愤怒',
    profile: '顾客资料',
    identity: '身份',
    verified: '网站已验证',
    unverified: '未验证',
    vip: 'VIP 等级',
    tags: '标签',
    learned: '对话中得知',
    entities: '识别到的信息',
    order_number: '订单号',
    phone: '手机号',
    email: '邮箱',
    date: '日期',
    amount: '金额',
    notes: '内部备注',
    noNotes: '暂无备注',
    notePlaceholder: '给同事的备注（顾客看不到）',
    addNote: '添加备注',
    transfer: '转接',
    toGroup: '技能组',
    toAgent: '同事',
    presence_online: '在线',
    presence_busy: '忙碌',
    presence_away: '离开',
    presence_offline: '离线',
    target: '转接目标',
    transferNote: '转接说明',
    transferDone: '已转接',
    close: '结束会话',
    closeTags: '会话标签',
    closeTagsPlaceholder: '输入标签后回车，如 退款、物流',
    closeConfirm: '结束',
    closed: '会话已结束',
    cancel: '取消',
    failed: '操作失败',
  },
  en: {
    assist: 'Assist',
    suggestions: 'Suggested answers',
    suggestionsFor: 'For: {text}',
    noSuggestions: 'No suggestion',
    suggestEdit: 'Suggest an edit',
    use: 'Use',
    emotion: 'Mood',
    neutral: 'Calm',
    positive: 'Positive',
    negative: 'Unhappy',
    angry: 'Angry',
    profile: 'Customer',
    identity: 'Identity',
    verified: 'Verified by the site',
    unverified: 'Not verified',
    vip: 'VIP level',
    tags: 'Tags',
    learned: 'Told in the chat',
    entities: 'Detected details',
    order_number: 'Order number',
    phone: 'Phone',
    email: 'E-mail',
    date: 'Date',
    amount: 'Amount',
    notes: 'Internal notes',
    noNotes: 'No notes yet',
    notePlaceholder: 'A note for colleagues (the customer never sees it)',
    addNote: 'Add note',
    transfer: 'Transfer',
    toGroup: 'Skill group',
    toAgent: 'Colleague',
    presence_online: 'online',
    presence_busy: 'busy',
    presence_away: 'away',
    presence_offline: 'offline',
    target: 'Transfer to',
    transferNote: 'Note for the next agent',
    transferDone: 'Transferred',
    close: 'Close conversation',
    closeTags: 'Tags',
    closeTagsPlaceholder: 'Type a tag and press Enter, e.g. refund, delivery',
    closeConfirm: 'Close',
    closed: 'Conversation closed',
    cancel: 'Cancel',
    failed: 'Failed',
  },
};

type Key = keyof (typeof messages)['zh'];

export interface AssistPanelProps {
  conversationId: string;
  assist: Assist | null;
  customer: CustomerProfile | undefined;
  mayAct: boolean;
  onUseSuggestion(suggestion: Suggestion): void;
  /** Proposes a better answer for the suggestion's entry (reviewed before it serves). */
  onSuggestEdit(suggestion: Suggestion): void;
  /** After a transfer or close: the conversation is no longer the agent's. */
  onLeft(): void;
}

function valuesText(values: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
}

function Notes({ conversationId, mayAct }: { conversationId: string; mayAct: boolean }) {
  const t = useT(messages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const [notes, setNotes] = useState<Note[]>([]);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const load = useCallback(() => {
    if (!mayAct) return;
    api<{ notes: Note[] }>('GET', `/api/v1/agent/conversations/${encodeURIComponent(conversationId)}/notes`)
      .then((r) => setNotes(r.notes))
      .catch(() => setNotes([]));
  }, [conversationId, mayAct]);
  useEffect(load, [load]);
  const add = async () => {
    setSaving(true);
    try {
      await api('POST', `/api/v1/agent/conversations/${encodeURIComponent(conversationId)}/notes`, { text: draft });
      setDraft('');
      load();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('failed'));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={t('notes')} data-testid="notes">
      <List
        size="small"
        dataSource={notes}
        locale={{ emptyText: t('noNotes') }}
        renderItem={(note) => (
          <List.Item data-testid="note">
            <div>
              <div className="agent-note-text">{note.text}</div>
              <Typography.Text type="secondary">{clock(note.at, lang)}</Typography.Text>
            </div>
          </List.Item>
        )}
      />
      {mayAct && (
        <Space.Compact style={{ width: '100%' }}>
          <Input data-testid="note-input" aria-label={t('notePlaceholder')} placeholder={t('notePlaceholder')} value={draft} onChange={(e) => setDraft(e.target.value)} onPressEnter={() => draft.trim() && void add()} />
          <Button data-testid="note-add" loading={saving} disabled={draft.trim() === ''} onClick={() => void add()}>
            {t('addNote')}
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}

function TransferAndClose({ conversationId, onLeft }: { conversationId: string; onLeft(): void }) {
  const t = useT(messages);
  const { message } = App.useApp();
  const [transferOpen, setTransferOpen] = useState(false);
  const [closeOpen, setCloseOpen] = useState(false);
  const [kind, setKind] = useState<'groupId' | 'agentId'>('groupId');
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [tagDraft, setTagDraft] = useState('');
  const addTag = () => {
    const tag = tagDraft.trim();
    if (tag && !tags.includes(tag)) setTags([...tags, tag]);
    setTagDraft('');
  };
  const [busy, setBusy] = useState(false);
  const path = `/api/v1/agent/conversations/${encodeURIComponent(conversationId)}`;
  const [targets, setTargets] = useState<TransferTargets>({ groups: [], agents: [] });
  useEffect(() => {
    if (!transferOpen) return;
    api<TransferTargets>('GET', `${path}/transfer-targets`)
      .then(setTargets)
      .catch(() => setTargets({ groups: [], agents: [] }));
  }, [transferOpen, path]);
  const presenceLabel = (status: Presence) => t(`presence_${status}`);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      message.success(done);
      setTransferOpen(false);
      setCloseOpen(false);
      onLeft();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space wrap>
      <Button data-testid="transfer" onClick={() => setTransferOpen(true)}>
        {t('transfer')}
      </Button>
      <Button danger data-testid="close-conversation" onClick={() => setCloseOpen(true)}>
        {t('close')}
      </Button>
      <Modal
        open={transferOpen}
        title={t('transfer')}
        okText={t('transfer')}
        cancelText={t('cancel')}
        okButtonProps={{ disabled: target.trim() === '', loading: busy, 'data-testid': 'transfer-confirm' }}
        onOk={() => void run(() => api('POST', `${path}/transfer`, { [kind]: target.trim(), note }), t('transferDone'))}
        onCancel={() => setTransferOpen(false)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setTarget('');
            }}
            aria-label={t('target')}
          >
            <Radio value="groupId">{t('toGroup')}</Radio>
            <Radio value="agentId">{t('toAgent')}</Radio>
          </Radio.Group>
          <Select
            data-testid="transfer-target"
            aria-label={t('target')}
            style={{ width: '100%' }}
            value={target || undefined}
            onChange={setTarget}
            options={
              kind === 'groupId'
                ? targets.groups.map((g) => ({ value: g.id, label: g.name }))
                : targets.agents.map((a) => ({ value: a.id, label: `${a.name}（${presenceLabel(a.status)}）` }))
            }
          />
          <Input.TextArea data-testid="transfer-note" aria-label={t('transferNote')} placeholder={t('transferNote')} value={note} onChange={(e) => setNote(e.target.value)} />
        </Space>
      </Modal>
      <Modal
        open={closeOpen}
        title={t('close')}
        okText={t('closeConfirm')}
        cancelText={t('cancel')}
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'close-confirm' }}
        onOk={() => void run(() => api('POST', `${path}/close`, { tags: tagDraft.trim() && !tags.includes(tagDraft.trim()) ? [...tags, tagDraft.trim()] : tags }), t('closed'))}
        onCancel={() => setCloseOpen(false)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input
            data-testid="close-tag-input"
            aria-label={t('closeTags')}
            placeholder={t('closeTagsPlaceholder')}
            value={tagDraft}
            onChange={(e) => setTagDraft(e.target.value)}
            onPressEnter={addTag}
          />
          <div data-testid="close-tags">
            {tags.map((tag) => (
              <Tag key={tag} closable onClose={() => setTags(tags.filter((x) => x !== tag))}>
                {tag}
              </Tag>
            ))}
          </div>
        </Space>
      </Modal>
    </Space>
  );
}

export function AssistPanel({ conversationId, assist, customer, mayAct, onUseSuggestion, onSuggestEdit, onLeft }: AssistPanelProps) {
  const t = useT(messages);
  const { lang } = useLang();
  const emotionColor = { neutral: 'default', positive: 'green', negative: 'orange', angry: 'red' } as const;
  return (
    <aside className="agent-assist" aria-label={t('assist')} data-testid="assist-panel">
      {assist?.warning && <Alert type="warning" showIcon title={assist.warning[lang]} data-testid="emotion-warning" />}
      <Card size="small" title={t('suggestions')}>
        {assist?.suggestionsFor && (
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
            {t('suggestionsFor', { text: assist.suggestionsFor.text })}
          </Typography.Paragraph>
        )}
        {assist && assist.suggestions.length > 0 ? (
          <List
            size="small"
            dataSource={assist.suggestions}
            renderItem={(s) => (
              <List.Item data-testid="assist-suggestion" data-entry-id={s.entryId}>
                <div className="agent-suggestion">
                  <Typography.Text strong>{s.question}</Typography.Text>
                  <div className="agent-suggestion-answer">{s.answer}</div>
                  {mayAct && (
                    <Button size="small" type="link" data-testid="use-suggestion" aria-label={`${t('use')}：${s.question}`} onClick={() => onUseSuggestion(s)}>
                      {t('use')}
                    </Button>
                  )}
                  <Button size="small" type="link" data-testid="suggest-edit" aria-label={`${t('suggestEdit')}：${s.question}`} onClick={() => onSuggestEdit(s)}>
                    {t('suggestEdit')}
                  </Button>
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noSuggestions')} />
        )}
      </Card>
      <Card size="small" title={t('emotion')}>
        <Tag color={emotionColor[assist?.emotion.label ?? 'neutral']} data-testid="emotion">
          {t(assist?.emotion.label ?? 'neutral')}
        </Tag>
        {assist && assist.entities.length > 0 && (
          <div data-testid="entities">
            <Typography.Text type="secondary">{t('entities')}</Typography.Text>
            <div>
              {assist.entities.map((e, i) => (
                <Tag key={`${e.seq}-${i}`}>
                  {e.type in messages.zh ? t(e.type as Key) : e.type}：{e.text}
                </Tag>
              ))}
            </div>
          </div>
        )}
      </Card>
      {customer && (
        <Card size="small" title={t('profile')} data-testid="customer-profile">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('identity')}>{customer.verified ? t('verified') : t('unverified')}</Descriptions.Item>
            {customer.vipLevel > 0 && <Descriptions.Item label={t('vip')}>{customer.vipLevel}</Descriptions.Item>}
            {customer.tags.length > 0 && <Descriptions.Item label={t('tags')}>{customer.tags.join('、')}</Descriptions.Item>}
            {valuesText(customer.attributes).map(([key, value]) => (
              <Descriptions.Item key={key} label={key}>
                {value}
              </Descriptions.Item>
            ))}
            {valuesText(customer.learned).map(([key, value]) => (
              <Descriptions.Item key={`learned-${key}`} label={`${t('learned')} · ${key}`}>
                {value}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      <Notes conversationId={conversationId} mayAct={mayAct} />
      {mayAct && <TransferAndClose conversationId={conversationId} onLeft={onLeft} />}
    </aside>
  );
}
