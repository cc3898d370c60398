/**
 * 未解决问题 / the unresolved inbox (docs/learning.md): what the bot could not settle, grouped by
 * meaning, biggest first — an operator's daily ten minutes. Each group opens with the bot's
 * suggestions: attach its phrasings to the entry the matcher already finds, create an entry
 * (its answer drafted from what agents replied), add a synonym, or dismiss. After an action the
 * group's own questions are asked again and the page says how many are now answered directly.
 */
import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Input, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { HealthPanel } from './HealthPanel';
import { useT } from '../../../shared/i18n';
import { LearningCheckNotice, type LearningCheck } from '../../../shared/LearningCheckNotice';

const LEARNING_API = '/api/v1/learning';

type ClusterStatus = 'open' | 'dismissed' | 'resolved';
/** The page's views: the inbox by status, or the knowledge's health. */
type View = ClusterStatus | 'health';
type Reason = 'fallback' | 'rejected_clarification' | 'thumbs_down' | 'handoff_after_answer' | 'repeated_misses' | 'agent_answered';

/** A cluster as `GET /api/v1/learning/clusters` returns it. */
interface Cluster {
  id: string;
  status: ClusterStatus;
  label: string;
  size: number;
  conversations: number;
  lastSeenAt: string;
  reasons: Partial<Record<Reason, number>>;
  channels: Record<string, number>;
  examples: string[];
  /** `reviewId`: the change waits in 待审核 (the workspace's review rules), so there is no `after` yet. */
  resolution: { action: string; entryId?: string; before?: Tally; after?: Tally; reviewId?: string } | null;
}
interface Tally {
  answered: number;
  total: number;
}
interface Suggestion {
  action: 'add_similar' | 'new_entry' | 'add_synonym' | 'dismiss';
  entryId?: string;
  question?: string;
  matched?: Tally & { count: number };
  confidence?: number;
  draftAnswer?: string | null;
  proposedQuestion?: string;
  why: string;
}
interface ClusterDetail {
  cluster: Cluster;
  suggestions: Suggestion[];
  questions: Array<{ text: string; reason: Reason; channel: string; createdAt: string }>;
}

const messages = {
  zh: {
    title: '未解决问题',
    intro: '机器人答不上、被顾客否认、被点 👎、答完就转人工、或由客服回答的问题，按意思自动分组。每天处理几组，知识库就越来越懂顾客。',
    open: '待处理',
    resolved: '已解决',
    dismissed: '已忽略',
    health: '知识健康',
    group: '问题分组',
    size: '次数',
    conversations: '会话数',
    reasons: '原因',
    lastSeen: '最近出现',
    handle: '处理',
    empty: '暂无未解决的问题 🎉',
    fallback: '没有答案',
    rejected_clarification: '否认了推荐',
    thumbs_down: '点了 👎',
    handoff_after_answer: '答后转人工',
    repeated_misses: '多次未答上转人工',
    agent_answered: '客服回答了',
    examples: '顾客的说法',
    suggestions: '建议',
    attach: '加为「{question}」的相似问',
    attachButton: '加为相似问',
    matched: '{count}/{total} 条问法的最佳匹配，平均置信度 {confidence}',
    createEntry: '新建条目',
    question: '标准问',
    answer: '答案',
    category: '分类',
    noDraft: '客服还没有回复过这类问题，请填写答案。',
    draftNote: '答案按客服的实际回复起草，请审核。',
    synonym: '添加同义词',
    synonymTerms: '同义词（用逗号分隔，至少两个）',
    synonymButton: '添加',
    dismiss: '忽略这一组',
    result: '处理前 {before}/{total} 条直接回答，处理后 {after}/{total} 条直接回答。',
    submitted: '已提交审核：在「待审核」里通过后才生效。',
    done: '已处理：{label}',
    failed: '操作失败：{message}',
  },
  en: {
    title: 'Unresolved questions',
    intro: "Questions the bot could not answer, that customers rejected or 👎'd, that led to a person right after an answer, or that agents answered — grouped by meaning. A few groups a day make the knowledge base understand customers.",
    open: 'To do',
    resolved: 'Resolved',
    dismissed: 'Dismissed',
    health: 'Knowledge health',
    group: 'Group',
    size: 'Times',
    conversations: 'Conversations',
    reasons: 'Why',
    lastSeen: 'Last seen',
    handle: 'Handle',
    empty: 'Nothing unresolved 🎉',
    fallback: 'No answer',
    rejected_clarification: 'Rejected suggestion',
    thumbs_down: '👎',
    handoff_after_answer: 'Person after answer',
    repeated_misses: 'Person after misses',
    agent_answered: 'Agent answered',
    examples: "Customers' wordings",
    suggestions: 'Suggestions',
    attach: 'Add as similar questions of "{question}"',
    attachButton: 'Add as similar questions',
    matched: 'Best match for {count}/{total} wordings, mean confidence {confidence}',
    createEntry: 'Create an entry',
    question: 'Standard question',
    answer: 'Answer',
    category: 'Category',
    noDraft: 'No agent has answered this yet: write the answer.',
    draftNote: "Drafted from agents' actual replies: please review.",
    synonym: 'Add a synonym',
    synonymTerms: 'Synonyms (comma separated, at least two)',
    synonymButton: 'Add',
    dismiss: 'Dismiss this group',
    result: 'Before: {before}/{total} answered directly. After: {after}/{total}.',
    submitted: 'Submitted for review: it takes effect once approved in "Reviews".',
    done: 'Done: {label}',
    failed: 'Failed: {message}',
  },
};

const REASON_COLORS: Record<Reason, string> = {
  fallback: 'red',
  rejected_clarification: 'orange',
  thumbs_down: 'volcano',
  handoff_after_answer: 'magenta',
  repeated_misses: 'purple',
  agent_answered: 'blue',
};

function shortTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export default function LearningPage() {
  const t = useT(messages);
  const [view, setView] = useState<View>('open');
  const status: ClusterStatus = view === 'health' ? 'open' : view;
  const [items, setItems] = useState<Cluster[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems((await api<{ clusters: Cluster[] }>('GET', `${LEARNING_API}/unresolved?status=${status}`)).clusters);
      setError(null);
    } catch (err) {
      setError(t('failed', { message: (err as Error).message }));
    } finally {
      setLoading(false);
    }
  }, [status, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const resultText = (c: Cluster) => {
    const r = c.resolution;
    if (r?.reviewId) return t('submitted');
    return r?.before && r.after ? t('result', { before: r.before.answered, after: r.after.answered, total: r.after.total }) : '';
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="learning-page">
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Segmented<View>
        value={view}
        onChange={setView}
        options={(['open', 'resolved', 'dismissed', 'health'] as const).map((s) => ({ value: s, label: t(s) }))}
      />
      {view === 'health' && <HealthPanel />}
      {error && <Alert type="error" showIcon closable={{ onClose: () => setError(null) }} title={error} />}
      {notice && <Alert type="success" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} data-testid="learning-notice" />}
      {view !== 'health' && <Table<Cluster>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <Empty description={t('empty')} /> }}
        columns={[
          {
            title: t('group'),
            key: 'label',
            render: (_: unknown, c) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{c.label}</Typography.Text>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                  {c.examples.filter((e) => e !== c.label).join(' / ')}
                </Typography.Text>
                {status === 'resolved' && <Typography.Text type="success">{resultText(c)}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('size'), dataIndex: 'size', width: 80 },
          { title: t('conversations'), dataIndex: 'conversations', width: 90 },
          {
            title: t('reasons'),
            key: 'reasons',
            width: 260,
            render: (_: unknown, c) => (
              <Space wrap size={4}>
                {(Object.entries(c.reasons) as Array<[Reason, number]>).map(([r, n]) => (
                  <Tag key={r} color={REASON_COLORS[r]}>
                    {t(r)} ×{n}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('lastSeen'), dataIndex: 'lastSeenAt', width: 120, render: (iso: string) => shortTime(iso) },
          ...(status === 'open'
            ? [
                {
                  title: '',
                  key: 'handle',
                  width: 90,
                  render: (_: unknown, c: Cluster) => (
                    <Button size="small" type="primary" aria-label={`${t('handle')} ${c.label}`} onClick={() => setOpenId(c.id)}>
                      {t('handle')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />}
      {openId && (
        <ClusterDrawer
          id={openId}
          onClose={() => setOpenId(null)}
          onDone={(c) => {
            setOpenId(null);
            setNotice(`${t('done', { label: c.label })} ${resultText(c)}`);
            void load();
          }}
        />
      )}
    </Space>
  );
}

function ClusterDrawer({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: (c: Cluster) => void }) {
  const t = useT(messages);
  const [detail, setDetail] = useState<ClusterDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [createForm] = Form.useForm<{ question: string; answer: string; category?: string }>();
  const [terms, setTerms] = useState('');
  const [check, setCheck] = useState<LearningCheck | null>(null);

  useEffect(() => {
    api<ClusterDetail>('GET', `${LEARNING_API}/clusters/${encodeURIComponent(id)}`)
      .then((d) => {
        setDetail(d);
        const create = d.suggestions.find((s) => s.action === 'new_entry');
        createForm.setFieldsValue({ question: create?.proposedQuestion ?? d.cluster.label, answer: create?.draftAnswer ?? '' });
      })
      .catch((err: Error) => setError(t('failed', { message: err.message })));
  }, [id, createForm, t]);

  /** `apply` with an action of the contract, or `dismiss`. */
  const act = async (path: 'apply' | 'dismiss', body?: unknown) => {
    setBusy(true);
    try {
      const res = await api<{ cluster: Cluster }>('POST', `${LEARNING_API}/clusters/${encodeURIComponent(id)}/${path}`, body);
      onDone(res.cluster);
    } catch (err) {
      setError(t('failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const attach = detail?.suggestions.find((s) => s.action === 'add_similar');
  const create = detail?.suggestions.find((s) => s.action === 'new_entry');
  // The attach suggestion checked against the knowledge base's self-test before it is applied (changes nothing).
  const attachEntry = detail?.cluster.status === 'open' ? attach?.entryId : undefined;
  useEffect(() => {
    if (!attachEntry) return;
    api<{ check: LearningCheck }>('POST', `${LEARNING_API}/clusters/${encodeURIComponent(id)}/apply?dryRun=1`, { action: 'add_similar', entryId: attachEntry })
      .then((r) => setCheck(r.check))
      .catch(() => setCheck(null));
  }, [id, attachEntry]);
  return (
    <Drawer open width={640} title={detail?.cluster.label ?? ''} onClose={onClose} data-testid="cluster-drawer">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {detail && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('size')}>{detail.cluster.size}</Descriptions.Item>
            <Descriptions.Item label={t('conversations')}>{detail.cluster.conversations}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('examples')}>
            <List size="small" dataSource={[...new Set(detail.questions.map((q) => q.text))]} renderItem={(text) => <List.Item>{text}</List.Item>} />
          </Card>
          <Typography.Title level={5}>{t('suggestions')}</Typography.Title>
          {attach && (
            <Card size="small" title={t('attach', { question: attach.question ?? '' })} data-testid="suggest-attach">
              <Typography.Paragraph type="secondary">{attach.why}</Typography.Paragraph>
              {attach.matched && <Typography.Paragraph>{t('matched', { count: attach.matched.count, total: attach.matched.total, confidence: attach.confidence ?? 0 })}</Typography.Paragraph>}
              {check && (
                <div style={{ marginBottom: 8 }}>
                  <LearningCheckNotice check={check} testId="attach-check" />
                </div>
              )}
              <Button type="primary" loading={busy} onClick={() => void act('apply', { action: 'add_similar', entryId: attach.entryId })}>
                {t('attachButton')}
              </Button>
            </Card>
          )}
          {create && (
            <Card size="small" title={t('createEntry')} data-testid="suggest-create">
              <Typography.Paragraph type="secondary">{create.draftAnswer ? t('draftNote') : t('noDraft')}</Typography.Paragraph>
              <Form form={createForm} layout="vertical" onFinish={(v) => void act('apply', { action: 'new_entry', question: v.question, answer: v.answer, ...(v.category ? { category: v.category } : {}) })}>
                <Form.Item name="question" label={t('question')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="answer" label={t('answer')} rules={[{ required: true }]}>
                  <Input.TextArea rows={3} />
                </Form.Item>
                <Form.Item name="category" label={t('category')}>
                  <Input />
                </Form.Item>
                <Button htmlType="submit" type={attach ? 'default' : 'primary'} loading={busy}>
                  {t('createEntry')}
                </Button>
              </Form>
            </Card>
          )}
          <Card size="small" title={t('synonym')}>
            <Space.Compact style={{ width: '100%' }}>
              <Input aria-label={t('synonymTerms')} placeholder={t('synonymTerms')} value={terms} onChange={(e) => setTerms(e.target.value)} />
              <Button loading={busy} disabled={terms.split(/[,，、\s]+/).filter(Boolean).length < 2} onClick={() => void act('apply', { action: 'add_synonym', terms: terms.split(/[,，、\s]+/).filter(Boolean) })}>
                {t('synonymButton')}
              </Button>
            </Space.Compact>
          </Card>
          <Button danger disabled={busy} onClick={() => void act('dismiss')}>
            {t('dismiss')}
          </Button>
        </Space>
      )}
    </Drawer>
  );
}
