/**
 * The console's knowledge section: the entries (searched on the server, filtered by category,
 * status and "expiring soon"), their validity at a glance, and from here the editor, bulk
 * import and export.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { EntryEditor } from './EntryEditor';
import { ExportButtons, ImportButton } from './ImportExport';
import { PendingQuestions } from './PendingQuestions';
import { answerGist, useReadableLabels } from './readable';
import { KB_API, type EntryStatus, type KnowledgeEntry } from './types';

/** "Expiring soon" means the validity ends within this many days. */
export const EXPIRING_SOON_DAYS = 7;
const PAGE_SIZE = 20;
const MS_PER_DAY = 24 * 60 * 60 * 1000;
/** The status filter's "everything but archived" (the API's default when no status is sent). */
const ACTIVE = 'active';
type StatusFilter = EntryStatus | typeof ACTIVE | 'all';

const messages = {
  zh: {
    title: '知识库',
    search: '搜索标准问或相似问',
    category: '分类',
    allCategories: '全部分类',
    uncategorised: '未分类',
    status: '状态',
    active: '未归档',
    all: '全部（含归档）',
    draft: '草稿',
    published: '已发布',
    archived: '已归档',
    expiring: '{days} 天内过期',
    create: '新建条目',
    question: '标准问',
    similarCount: '{n} 个相似问',
    answer: '答案',
    validity: '有效期',
    always: '长期有效',
    expired: '已过期',
    expiringTag: '即将过期',
    notYet: '未生效',
    updated: '更新于',
    actions: '操作',
    edit: '编辑',
    total: '共 {n} 条',
    saved: '已保存',
    submitted: '已提交审核',
    loadFailed: '加载失败：{message}',
    learned: '从顾客的澄清中学到的说法',
  },
  en: {
    title: 'Knowledge',
    search: 'Search questions and similar questions',
    category: 'Category',
    allCategories: 'All categories',
    uncategorised: 'Uncategorised',
    status: 'Status',
    active: 'Not archived',
    all: 'All (incl. archived)',
    draft: 'Draft',
    published: 'Published',
    archived: 'Archived',
    expiring: 'Expiring within {days} days',
    create: 'New entry',
    question: 'Standard question',
    similarCount: '{n} similar',
    answer: 'Answer',
    validity: 'Validity',
    always: 'Always',
    expired: 'Expired',
    expiringTag: 'Expiring soon',
    notYet: 'Not yet valid',
    updated: 'Updated',
    actions: 'Actions',
    edit: 'Edit',
    total: 'Total: {n}',
    saved: 'Saved',
    submitted: 'Submitted for review',
    loadFailed: 'Could not load: {message}',
    learned: "Learned from customers' clarifications",
  },
};

const STATUS_COLORS: Record<EntryStatus, string> = { published: 'green', draft: 'gold', archived: 'default' };

function shortTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '';
}

/** A link may open the page searched (`#/knowledge?q=…`, from the calibration card's confusable pairs). */
const linkedQuery = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('q') ?? '';

export default function KnowledgePage() {
  const t = useT(messages);
  const labels = useReadableLabels();
  const [query, setQuery] = useState(linkedQuery);
  const [category, setCategory] = useState<string | undefined>();
  const [status, setStatus] = useState<StatusFilter>(ACTIVE);
  const [expiringOnly, setExpiringOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: KnowledgeEntry[]; total: number }>({ items: [], total: 0 });
  const [categories, setCategories] = useState<Array<{ category: string | null; count: number }>>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ entry: KnowledgeEntry | null } | null>(null);

  const statusName = useCallback((s: EntryStatus) => t(s), [t]);

  const load = useCallback(async () => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
    if (query.trim()) params.set('q', query.trim());
    if (category !== undefined) params.set('category', category);
    if (status !== ACTIVE) params.set('status', status);
    if (expiringOnly) params.set('expiringWithinDays', String(EXPIRING_SOON_DAYS));
    setLoading(true);
    try {
      const [list, cats] = await Promise.all([
        api<{ items: KnowledgeEntry[]; total: number }>('GET', `${KB_API}/entries?${params}`),
        api<{ items: Array<{ category: string | null; count: number }> }>('GET', `${KB_API}/categories`),
      ]);
      setData(list);
      setCategories(cats.items);
      setError(null);
    } catch (err) {
      setError(t('loadFailed', { message: (err as Error).message }));
    } finally {
      setLoading(false);
    }
  }, [page, query, category, status, expiringOnly, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const validity = (e: KnowledgeEntry) => {
    const now = Date.now();
    const end = e.validTo ? Date.parse(e.validTo) : null;
    const start = e.validFrom ? Date.parse(e.validFrom) : null;
    const tag =
      end !== null && end <= now ? (
        <Tag color="red">{t('expired')}</Tag>
      ) : end !== null && end - now <= EXPIRING_SOON_DAYS * MS_PER_DAY ? (
        <Tag color="orange">{t('expiringTag')}</Tag>
      ) : start !== null && start > now ? (
        <Tag color="blue">{t('notYet')}</Tag>
      ) : null;
    if (!e.validFrom && !e.validTo) return <Typography.Text type="secondary">{t('always')}</Typography.Text>;
    return (
      <Space orientation="vertical" size={0}>
        <span>
          {shortTime(e.validFrom) || '…'} ~ {shortTime(e.validTo) || '…'}
        </span>
        {tag}
      </Space>
    );
  };

  const categoryOptions = useMemo(
    () => categories.filter((c) => c.category !== null).map((c) => ({ value: c.category as string, label: `${c.category}（${c.count}）` })),
    [categories],
  );
  const resetPage = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-section="knowledge">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ entry: null })}>
            {t('create')}
          </Button>
          <ImportButton onImported={load} />
          <ExportButtons onError={setError} />
        </Space>
      </Space>
      <Space wrap>
        <Input.Search aria-label={t('search')} placeholder={t('search')} defaultValue={query} allowClear onSearch={resetPage(setQuery)} style={{ width: 280 }} />
        <Select aria-label={t('category')} placeholder={t('allCategories')} allowClear showSearch={{ optionFilterProp: 'label' }} virtual={false} value={category} onChange={resetPage(setCategory)} options={categoryOptions} style={{ width: 200 }} />
        <Select
          aria-label={t('status')}
          value={status}
          onChange={resetPage(setStatus)}
          style={{ width: 160 }}
          options={[ACTIVE, 'published', 'draft', 'archived', 'all'].map((s) => ({ value: s, label: t(s as StatusFilter) }))}
        />
        <Checkbox checked={expiringOnly} onChange={(e) => resetPage(setExpiringOnly)(e.target.checked)}>
          {t('expiring', { days: EXPIRING_SOON_DAYS })}
        </Checkbox>
      </Space>
      {error && <Alert type="error" showIcon closable={{ onClose: () => setError(null) }} title={error} />}
      {notice && <Alert type="success" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} />}
      <div data-testid="knowledge-table">
        <Table<KnowledgeEntry>
          rowKey="id"
          loading={loading}
          dataSource={data.items}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('total', { n }) }}
          columns={[
            {
              title: t('question'),
              key: 'question',
              render: (_, e) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{e.question}</Typography.Text>
                  {e.similarQuestions.length > 0 && (
                    <Tooltip title={e.similarQuestions.join(' / ')}>
                      <Typography.Text type="secondary">{t('similarCount', { n: e.similarQuestions.length })}</Typography.Text>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            { title: t('answer'), key: 'answer', ellipsis: true, render: (_, e) => <span data-testid="answer-gist">{answerGist(e.answer, labels)}</span> },
            { title: t('category'), dataIndex: 'category', width: 110, render: (c: string | null) => c ?? <Typography.Text type="secondary">{t('uncategorised')}</Typography.Text> },
            { title: t('status'), dataIndex: 'status', width: 90, render: (s: EntryStatus) => <Tag color={STATUS_COLORS[s]}>{t(s)}</Tag> },
            { title: t('validity'), key: 'validity', width: 210, render: (_, e) => validity(e) },
            { title: t('updated'), dataIndex: 'updatedAt', width: 150, render: (iso: string) => shortTime(iso) },
            {
              title: t('actions'),
              key: 'actions',
              width: 80,
              render: (_, e) => (
                <Button size="small" aria-label={`${t('edit')} ${e.question}`} onClick={() => setEditing({ entry: e })}>
                  {t('edit')}
                </Button>
              ),
            },
          ]}
        />
      </div>
      <Card size="small" title={t('learned')}>
        {/* Approving adds a similar question to an entry: the table above shows the new count. */}
        <PendingQuestions onApproved={load} />
      </Card>
      {editing && (
        <EntryEditor
          key={editing.entry?.id ?? 'new'}
          entry={editing.entry}
          categories={categoryOptions.map((o) => o.value)}
          statusName={statusName}
          onSaved={(saved) => {
            setNotice(t('saved'));
            setEditing({ entry: saved });
            void load();
          }}
          onSubmitted={() => {
            setNotice(t('submitted'));
            // A new entry's draft is listed (as 草稿) once proposed.
            void load();
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}
