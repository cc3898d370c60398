/**
 * 操作日志 (admins): who changed what and when in this workspace, newest first, filtered by
 * target type / target id / actor, a page at a time (the server pages by id), and for each
 * record the before → after detail.
 */
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { errorMessage } from '../../../shared/error-message';
import { useLang, useT } from '../../../shared/i18n';
import { ChangeDetail } from '../../../shared/ChangeDetail';

const messages = {
  zh: {
    title: '操作日志',
    time: '时间',
    actor: '操作人',
    action: '操作',
    target: '对象',
    targetType: '对象类型',
    targetId: '对象 ID',
    actorPlaceholder: '如 user:laoban@shop.cn',
    any: '全部',
    search: '筛选',
    reset: '清除',
    newer: '上一页',
    older: '下一页',
    empty: '没有符合条件的记录',
    created: '新建',
    updated: '修改',
    deleted: '删除',
    archived: '归档',
    revoked: '吊销',
    restored: '恢复',
    enabled: '启用',
    disabled: '关闭',
  },
  en: {
    title: 'Audit log',
    time: 'Time',
    actor: 'Actor',
    action: 'Action',
    target: 'Target',
    targetType: 'Target type',
    targetId: 'Target id',
    actorPlaceholder: 'e.g. user:laoban@shop.cn',
    any: 'Any',
    search: 'Filter',
    reset: 'Clear',
    newer: 'Newer',
    older: 'Older',
    empty: 'No matching records',
    created: 'created',
    updated: 'updated',
    deleted: 'deleted',
    archived: 'archived',
    revoked: 'revoked',
    restored: 'restored',
    enabled: 'switched on',
    disabled: 'switched off',
  },
};

/** What the log records changes of (the targetType values the server writes), with their names. */
const TARGET_TYPES: Record<string, { zh: string; en: string }> = {
  knowledge_entry: { zh: '知识条目', en: 'Knowledge entry' },
  synonym_group: { zh: '同义词组', en: 'Synonym group' },
  user_dictionary: { zh: '用户词典', en: 'User dictionary' },
  lexicon_group: { zh: '内置词库分组', en: 'Shipped lexicon group' },
  flow: { zh: '对话流程', en: 'Flow' },
  bot_settings: { zh: '机器人设置', en: 'Bot settings' },
  bot: { zh: '机器人', en: 'Bot' },
  user: { zh: '账号', en: 'Account' },
  api_key: { zh: 'API 密钥', en: 'API key' },
  canned_reply: { zh: '快捷回复', en: 'Canned reply' },
  workspace: { zh: '工作区', en: 'Workspace' },
};
/** Records per page: a screenful to read, not the server's maximum. */
const PAGE_SIZE = 20;
/** Words of a synonym group or dictionary named in the target column; the detail has them all. */
const TARGET_WORDS_SHOWN = 5;
const KNOWN_ACTIONS = ['created', 'updated', 'deleted', 'archived', 'revoked', 'restored', 'enabled', 'disabled'] as const;

/** A few words saying which thing a record is about (its e-mail, name, question or words), when the record holds one. */
function describeTarget(entry: AuditEntry): string | null {
  const doc = (entry.after ?? entry.before) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') return null;
  for (const key of ['email', 'name', 'question', 'shortcut']) if (typeof doc[key] === 'string') return doc[key] as string;
  for (const key of ['terms', 'words']) if (Array.isArray(doc[key])) return (doc[key] as unknown[]).slice(0, TARGET_WORDS_SHOWN).join('、');
  return null;
}

export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}

interface Filters {
  targetType?: string;
  targetId?: string;
  actor?: string;
}

export default function AuditPage() {
  const t = useT(messages);
  const { lang } = useLang();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  // Cursors of the pages seen so far: [undefined (newest), beforeId of page 2, …]; the last is shown.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ items: AuditEntry[]; nextBeforeId: number | null }>({ items: [], nextBeforeId: null });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];

  const load = useCallback(async () => {
    setLoading(true);
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    for (const [key, value] of Object.entries(filters)) if (value?.trim()) query.set(key, value.trim());
    if (cursor !== undefined) query.set('beforeId', String(cursor));
    try {
      setPage(await api('GET', `/api/v1/audit?${query}`));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [filters, cursor]);
  useEffect(() => {
    void load();
  }, [load]);

  const apply = (values: Filters) => {
    setFilters(values);
    setCursors([undefined]);
  };
  const actionName = (action: string) => ((KNOWN_ACTIONS as readonly string[]).includes(action) ? t(action as (typeof KNOWN_ACTIONS)[number]) : action);
  const typeName = (type: string) => TARGET_TYPES[type]?.[lang] ?? type;

  return (
    <Card title={t('title')} data-section="audit">
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }} name="audit-filters">
        <Form.Item name="targetType" label={t('targetType')}>
          <Select allowClear placeholder={t('any')} style={{ width: 160 }} options={Object.keys(TARGET_TYPES).map((value) => ({ value, label: typeName(value) }))} />
        </Form.Item>
        <Form.Item name="targetId" label={t('targetId')}>
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="actor" label={t('actor')}>
          <Input allowClear placeholder={t('actorPlaceholder')} style={{ width: 240 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
          >
            {t('reset')}
          </Button>
        </Space>
      </Form>
      {error && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={error} />}
      <Table<AuditEntry>
        rowKey="id"
        loading={loading}
        dataSource={page.items}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('empty') }}
        data-testid="audit-table"
        expandable={{ expandedRowRender: (entry) => <ChangeDetail before={entry.before} after={entry.after} /> }}
        columns={[
          { title: t('time'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US') },
          { title: t('actor'), dataIndex: 'actor' },
          { title: t('action'), dataIndex: 'action', render: (action: string) => <Tag>{actionName(action)}</Tag> },
          {
            title: t('target'),
            key: 'target',
            render: (_, entry) => (
              <span>
                {typeName(entry.targetType)} · <code>{entry.targetId}</code>
                {describeTarget(entry) && <Typography.Text type="secondary"> {describeTarget(entry)}</Typography.Text>}
              </span>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('newer')}
        </Button>
        <Button disabled={page.nextBeforeId === null} onClick={() => setCursors((c) => [...c, page.nextBeforeId ?? undefined])}>
          {t('older')}
        </Button>
      </Space>
    </Card>
  );
}
