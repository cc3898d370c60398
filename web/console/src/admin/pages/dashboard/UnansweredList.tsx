/**
 * The latest questions the bot fell back on or asked back, each with two one-click fixes:
 * add it as a similar question of an entry (the entries the bot offered first, or search),
 * or make a new entry for it. A fixed row is marked done; the bot answers it from then on.
 */
import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { api, ApiError } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { isProposedEdit } from '../knowledge/types';
import type { UnansweredQuestion } from './overview';

const messages = {
  zh: {
    title: '最近没答上和反问的问题',
    time: '时间',
    question: '顾客的问题',
    outcome: '结果',
    fallback: '兜底',
    clarify: '反问',
    offered: '机器人给出的选项',
    fix: '处理',
    attach: '加为相似问',
    create: '新建条目',
    done: '已处理',
    attachTitle: '把“{q}”加为相似问',
    entry: '条目',
    entryPlaceholder: '选择条目，或输入关键词搜索',
    suggested: '机器人给出的选项',
    found: '搜索结果',
    attached: '已加为“{q}”的相似问',
    createTitle: '新建条目',
    answer: '答案',
    answerRequired: '请填写答案',
    questionRequired: '请填写标准问',
    created: '已新建条目',
    submitted: '已提交审核：另一位主管或管理员通过后发布',
    failed: '没有保存：{message}',
    empty: '最近没有没答上的问题 🎉',
  },
  en: {
    title: 'Latest unanswered and clarified questions',
    time: 'Time',
    question: "Customer's question",
    outcome: 'Outcome',
    fallback: 'Fallback',
    clarify: 'Asked back',
    offered: 'Offered entries',
    fix: 'Fix',
    attach: 'Add as similar question',
    create: 'New entry',
    done: 'Done',
    attachTitle: 'Add “{q}” as a similar question',
    entry: 'Entry',
    entryPlaceholder: 'Choose an entry, or type to search',
    suggested: 'Offered by the bot',
    found: 'Search results',
    attached: 'Added as a similar question of “{q}”',
    createTitle: 'New entry',
    answer: 'Answer',
    answerRequired: 'Please write the answer',
    questionRequired: 'Please write the question',
    created: 'Entry created',
    submitted: 'Submitted for review: published once another supervisor or admin approves',
    failed: 'Not saved: {message}',
    empty: 'Nothing unanswered lately 🎉',
  },
};

interface EntrySummary {
  id: string;
  question: string;
  similarQuestions: string[];
}

/** Search results offered in the entry picker. */
const SEARCH_RESULTS = 20;
const keyOf = (q: UnansweredQuestion) => `${q.conversationId}:${q.seq}`;

export function UnansweredList({ questions }: { questions: UnansweredQuestion[] }) {
  const t = useT(messages);
  const [done, setDone] = useState<Set<string>>(new Set());
  const [attaching, setAttaching] = useState<UnansweredQuestion | null>(null);
  const [creating, setCreating] = useState<UnansweredQuestion | null>(null);
  const markDone = (q: UnansweredQuestion) => setDone((previous) => new Set(previous).add(keyOf(q)));
  const isDone = (q: UnansweredQuestion) => q.answeredNow || done.has(keyOf(q));

  return (
    <>
      <Table<UnansweredQuestion>
        size="small"
        title={() => <Typography.Text strong>{t('title')}</Typography.Text>}
        rowKey={keyOf}
        dataSource={questions}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('empty') }}
        onRow={(q) => ({ 'data-testid': 'unanswered-row', 'data-done': isDone(q) ? 'true' : 'false' }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('time'), key: 'at', render: (_, q) => new Date(q.at).toLocaleString() },
          { title: t('question'), dataIndex: 'text', render: (text: string) => <Typography.Text>{text}</Typography.Text> },
          { title: t('outcome'), key: 'action', render: (_, q) => <Tag color={q.action === 'fallback' ? 'red' : 'gold'}>{t(q.action)}</Tag> },
          { title: t('offered'), key: 'suggestions', render: (_, q) => q.suggestions.map((s) => s.question).join('；') },
          {
            title: t('fix'),
            key: 'fix',
            render: (_, q) =>
              isDone(q) ? (
                <Tag color="green">{t('done')}</Tag>
              ) : (
                <Space wrap>
                  <Button size="small" onClick={() => setAttaching(q)}>
                    {t('attach')}
                  </Button>
                  <Button size="small" onClick={() => setCreating(q)}>
                    {t('create')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {attaching && (
        <AttachModal
          question={attaching}
          onClose={(saved) => {
            if (saved) markDone(attaching);
            setAttaching(null);
          }}
        />
      )}
      {creating && (
        <CreateModal
          question={creating}
          onClose={(saved) => {
            if (saved) markDone(creating);
            setCreating(null);
          }}
        />
      )}
    </>
  );
}

function AttachModal({ question, onClose }: { question: UnansweredQuestion; onClose: (saved: boolean) => void }) {
  const t = useT(messages);
  const { message } = App.useApp();
  const [entryId, setEntryId] = useState<string | undefined>(question.suggestions[0]?.entryId);
  const [found, setFound] = useState<EntrySummary[]>([]);
  const [saving, setSaving] = useState(false);

  async function search(q: string) {
    const { items } = await api<{ items: EntrySummary[] }>('GET', `/api/v1/kb/entries?${new URLSearchParams({ q, limit: String(SEARCH_RESULTS) })}`);
    setFound(items);
  }
  useEffect(() => {
    void search('').catch(() => setFound([]));
  }, []);

  async function save() {
    if (!entryId) return;
    setSaving(true);
    try {
      const entry = await api<EntrySummary>('GET', `/api/v1/kb/entries/${encodeURIComponent(entryId)}`);
      const result = entry.similarQuestions.includes(question.text)
        ? null
        : await api<object>('PATCH', `/api/v1/kb/entries/${encodeURIComponent(entryId)}`, { similarQuestions: [...entry.similarQuestions, question.text] });
      message.success(result && isProposedEdit(result) ? t('submitted') : t('attached', { q: entry.question }));
      onClose(true);
    } catch (err) {
      message.error(t('failed', { message: err instanceof ApiError || err instanceof Error ? err.message : String(err) }));
    } finally {
      setSaving(false);
    }
  }

  const suggestedIds = new Set(question.suggestions.map((s) => s.entryId));
  const options = [
    ...(question.suggestions.length > 0 ? [{ label: t('suggested'), options: question.suggestions.map((s) => ({ value: s.entryId, label: `${s.question}（${s.entryId}）` })) }] : []),
    { label: t('found'), options: found.filter((e) => !suggestedIds.has(e.id)).map((e) => ({ value: e.id, label: `${e.question}（${e.id}）` })) },
  ];
  return (
    <Modal open title={t('attachTitle', { q: question.text })} okText={t('attach')} okButtonProps={{ disabled: !entryId, loading: saving }} onOk={() => void save()} onCancel={() => onClose(false)}>
      <Form layout="vertical">
        <Form.Item label={t('entry')} htmlFor="attach-entry">
          <Select
            id="attach-entry"
            aria-label={t('entry')}
            showSearch={{ filterOption: false, onSearch: (q) => void search(q).catch(() => setFound([])) }}
            placeholder={t('entryPlaceholder')}
            value={entryId}
            onChange={setEntryId}
            options={options}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CreateModal({ question, onClose }: { question: UnansweredQuestion; onClose: (saved: boolean) => void }) {
  const t = useT(messages);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ question: string; answer: string }>();
  const [saving, setSaving] = useState(false);

  async function save() {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const result = await api<object>('POST', '/api/v1/kb/entries', { question: values.question.trim(), answer: [{ type: 'text', text: values.answer.trim() }] });
      message.success(isProposedEdit(result) ? t('submitted') : t('created'));
      onClose(true);
    } catch (err) {
      message.error(t('failed', { message: err instanceof ApiError || err instanceof Error ? err.message : String(err) }));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open title={t('createTitle')} okText={t('create')} okButtonProps={{ loading: saving }} onOk={() => void save().catch(() => undefined)} onCancel={() => onClose(false)}>
      <Form form={form} layout="vertical" initialValues={{ question: question.text, answer: '' }}>
        <Form.Item name="question" label={t('question')} rules={[{ required: true, whitespace: true, message: t('questionRequired') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="answer" label={t('answer')} rules={[{ required: true, whitespace: true, message: t('answerRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
