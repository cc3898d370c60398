/**
 * The console's Flows section: the list (name, trigger, status, version, last change; archive)
 * and, for the flow in the address (`#/flows?id=order-status`), its editor.
 */
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { FlowEditor } from './FlowEditor';
import type { FlowDefinition, FlowTrigger, StoredFlow } from './model';

const messages = {
  zh: {
    title: '对话流程',
    intro: '流程是有引导的多轮对话：问订单号、选原因、查公司系统、按条件分支、最后回答或转人工。',
    filter: '按状态筛选',
    all: '全部',
    published: '已发布',
    draft: '草稿',
    archived: '已归档',
    name: '名称',
    trigger: '触发方式',
    status: '状态',
    version: '版本',
    updated: '最后修改',
    actions: '操作',
    edit: '编辑',
    archive: '归档',
    archiveConfirm: '归档“{name}”？归档后顾客不会再触发它（可以在版本里恢复）。',
    archivedDone: '已归档“{name}”',
    onStart: '对话开始',
    event: '事件',
    entry: '知识条目',
    none: '未设置',
    create: '新建流程',
    newId: '流程 id（字母、数字、_ . : -）',
    newName: '流程名称',
    createOk: '创建',
    firstStep: '您好，有什么可以帮您？',
    loadFailed: '加载失败：{message}',
    failed: '操作失败：{message}',
  },
  en: {
    title: 'Flows',
    intro: 'A flow is a guided conversation: ask for an order number, pick a reason, look it up, branch, then answer or hand off.',
    filter: 'Filter by status',
    all: 'All',
    published: 'Published',
    draft: 'Draft',
    archived: 'Archived',
    name: 'Name',
    trigger: 'Trigger',
    status: 'Status',
    version: 'Version',
    updated: 'Updated',
    actions: 'Actions',
    edit: 'Edit',
    archive: 'Archive',
    archiveConfirm: 'Archive “{name}”? Customers will no longer trigger it (restore it from its versions).',
    archivedDone: '“{name}” archived',
    onStart: 'conversation start',
    event: 'event',
    entry: 'entry',
    none: 'none',
    create: 'New flow',
    newId: 'Flow id (letters, digits, _ . : -)',
    newName: 'Flow name',
    createOk: 'Create',
    firstStep: 'Hello, how can I help?',
    loadFailed: 'Could not load: {message}',
    failed: 'Failed: {message}',
  },
};

/** Keywords shown per flow in the list; the editor shows all of them. */
const LIST_KEYWORDS = 3;
const STATUS_COLORS = { published: 'green', draft: 'default', archived: 'red' } as const;

function flowIdInAddress(): string | null {
  return new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('id');
}

export default function FlowsPage() {
  const [openId, setOpenId] = useState(flowIdInAddress);
  useEffect(() => {
    const onChange = () => setOpenId(flowIdInAddress());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const open = (id: string | null) => {
    window.location.hash = id ? `#/flows?id=${encodeURIComponent(id)}` : '#/flows';
  };
  return openId ? <FlowEditor key={openId} id={openId} onBack={() => open(null)} /> : <FlowList onOpen={open} />;
}

function FlowList({ onOpen }: { onOpen(id: string): void }) {
  const t = useT(messages);
  const { message } = App.useApp();
  const [status, setStatus] = useState<'all' | 'published' | 'draft' | 'archived'>('all');
  const [flows, setFlows] = useState<StoredFlow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async () => {
    try {
      setFlows((await api<{ items: StoredFlow[] }>('GET', `/api/v1/flows?status=${status}`)).items);
      setError(null);
    } catch (err) {
      setError(t('loadFailed', { message: (err as Error).message }));
    }
  }, [status, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const archive = async (flow: StoredFlow) => {
    try {
      await api('POST', `/api/v1/flows/${encodeURIComponent(flow.id)}/archive`);
      message.success(t('archivedDone', { name: flow.name }));
      await load();
    } catch (err) {
      message.error(t('failed', { message: (err as Error).message }));
    }
  };

  return (
    <div data-section="flows">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Space>
          <Select
            aria-label={t('filter')}
            value={status}
            onChange={setStatus}
            style={{ width: 120 }}
            options={(['all', 'published', 'draft', 'archived'] as const).map((s) => ({ value: s, label: t(s) }))}
          />
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('create')}
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Table<StoredFlow>
        rowKey="id"
        loading={flows === null && !error}
        dataSource={flows ?? []}
        pagination={false}
        data-testid="flow-list"
        columns={[
          {
            title: t('name'),
            dataIndex: 'name',
            render: (name: string, flow) => (
              <Space direction="vertical" size={0}>
                <Typography.Link onClick={() => onOpen(flow.id)}>{name}</Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {flow.id}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('trigger'), key: 'trigger', render: (_, flow) => <TriggerTags trigger={flow.trigger} /> },
          { title: t('status'), dataIndex: 'status', render: (s: StoredFlow['status']) => <Tag color={STATUS_COLORS[s]}>{t(s)}</Tag> },
          { title: t('version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('updated'), dataIndex: 'updatedAt', render: (at: string, flow) => `${new Date(at).toLocaleString()} · ${flow.updatedBy}` },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, flow) => (
              <Space>
                <Button size="small" onClick={() => onOpen(flow.id)} aria-label={`${t('edit')} ${flow.name}`}>
                  {t('edit')}
                </Button>
                {flow.status === 'archived' ? null : (
                  <Popconfirm title={t('archiveConfirm', { name: flow.name })} onConfirm={() => void archive(flow)}>
                    <Button size="small" danger aria-label={`${t('archive')} ${flow.name}`}>
                      {t('archive')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CreateFlow open={creating} onClose={() => setCreating(false)} onCreated={onOpen} />
    </div>
  );
}

function TriggerTags({ trigger }: { trigger: FlowTrigger | undefined }) {
  const t = useT(messages);
  const keywords = trigger?.keywords ?? [];
  const tags = [
    ...keywords.slice(0, LIST_KEYWORDS).map((k) => <Tag key={`k:${k}`}>{k}</Tag>),
    ...(keywords.length > LIST_KEYWORDS ? [<Tag key="more">+{keywords.length - LIST_KEYWORDS}</Tag>] : []),
    ...(trigger?.events ?? []).map((e) => <Tag key={`e:${e}`} color="purple">{`${t('event')}: ${e}`}</Tag>),
    ...(trigger?.entryIds ?? []).map((e) => <Tag key={`n:${e}`} color="cyan">{`${t('entry')}: ${e}`}</Tag>),
    ...(trigger?.onConversationStart ? [<Tag key="start" color="gold">{t('onStart')}</Tag>] : []),
  ];
  return tags.length > 0 ? <Space size={[4, 4]} wrap>{tags}</Space> : <Typography.Text type="secondary">{t('none')}</Typography.Text>;
}

/** A new flow starts as a one-step draft; the editor does the rest. */
function CreateFlow({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(id: string): void }) {
  const t = useT(messages);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    const flow: FlowDefinition = { id: id.trim(), name: name.trim(), status: 'draft', trigger: {}, start: 'hello', nodes: { hello: { kind: 'end', content: [{ type: 'text', text: t('firstStep') }] } } };
    try {
      await api('POST', '/api/v1/flows', flow);
      onClose();
      onCreated(flow.id);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal open={open} title={t('create')} okText={t('createOk')} onOk={() => void create()} onCancel={onClose} okButtonProps={{ disabled: !id.trim() || !name.trim() }}>
      <Form layout="vertical" component="div">
        <Form.Item label={t('newId')} htmlFor="new-flow-id">
          <Input id="new-flow-id" value={id} onChange={(e) => setId(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('newName')} htmlFor="new-flow-name">
          <Input id="new-flow-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon message={error} /> : null}
    </Modal>
  );
}
