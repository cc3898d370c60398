/**
 * The workspace's API keys (for a back office calling Wendu): create one — its secret is shown
 * once, with a copy button and a warning, and never again — and revoke one.
 */
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { errorMessage } from '../../../shared/error-message';
import { useLang, useT } from '../../../shared/i18n';
import type { Role } from '../../../shared/session';
import { ROLE_NAMES } from './roles';

const messages = {
  zh: {
    title: 'API 密钥',
    add: '新建密钥',
    name: '名称（用在哪里）',
    role: '权限',
    prefix: '密钥开头',
    created: '创建时间',
    lastUsed: '最近使用',
    status: '状态',
    never: '从未',
    active: '有效',
    revoked: '已吊销',
    revoke: '吊销',
    actions: '操作',
    confirmRevoke: '吊销后使用这个密钥的系统会立即被拒绝，确定？',
    create: '创建',
    cancel: '取消',
    close: '我已保存',
    secretTitle: '新密钥',
    secretWarning: '这是唯一一次显示完整密钥：请立即复制并妥善保存，关闭后无法再查看。',
    revokedOk: '密钥已吊销',
    required: '请填写',
  },
  en: {
    title: 'API keys',
    add: 'New key',
    name: 'Name (where it is used)',
    role: 'Permission',
    prefix: 'Key starts with',
    created: 'Created',
    lastUsed: 'Last used',
    status: 'Status',
    never: 'Never',
    active: 'Active',
    revoked: 'Revoked',
    revoke: 'Revoke',
    actions: 'Actions',
    confirmRevoke: 'Systems using this key are refused at once. Revoke?',
    create: 'Create',
    cancel: 'Cancel',
    close: 'I have saved it',
    secretTitle: 'New key',
    secretWarning: 'This is the only time the whole key is shown: copy it now and keep it safe; it cannot be seen again.',
    revokedOk: 'Key revoked',
    required: 'Required',
  },
};

/** A key acts for a back office, never as an admin (the server refuses more). */
const KEY_ROLES: Role[] = ['agent', 'supervisor'];

interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function ApiKeysSection() {
  const t = useT(messages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The new key's secret, held only until the dialog showing it is closed.
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; role: Role }>();
  const time = (at: string | null) => (at ? new Date(at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US') : t('never'));

  const load = useCallback(async () => {
    try {
      setKeys((await api<{ apiKeys: ApiKey[] }>('GET', '/api/v1/api-keys')).apiKeys);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      const created = await api<{ key: string }>('POST', '/api/v1/api-keys', { name: values.name.trim(), role: values.role });
      setCreating(false);
      form.resetFields();
      setSecret(created.key);
      await load();
    } catch (err) {
      setCreateError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: ApiKey) => {
    try {
      await api('DELETE', `/api/v1/api-keys/${encodeURIComponent(key.id)}`);
      message.success(t('revokedOk'));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
    await load();
  };

  return (
    <Card
      title={t('title')}
      extra={
        <Button
          type="primary"
          onClick={() => {
            setCreateError(null);
            setCreating(true);
          }}
        >
          {t('add')}
        </Button>
      }
    >
      {error && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={error} />}
      <Table<ApiKey>
        rowKey="id"
        loading={loading}
        dataSource={keys}
        pagination={false}
        scroll={{ x: true }}
        data-testid="api-keys-table"
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('role'), dataIndex: 'role', render: (role: Role) => ROLE_NAMES[lang][role] },
          { title: t('prefix'), dataIndex: 'prefix', render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text> },
          { title: t('created'), dataIndex: 'createdAt', render: time },
          { title: t('lastUsed'), dataIndex: 'lastUsedAt', render: time },
          { title: t('status'), dataIndex: 'revokedAt', render: (revokedAt: string | null) => (revokedAt ? <Tag color="red">{t('revoked')}</Tag> : <Tag color="green">{t('active')}</Tag>) },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, key) =>
              !key.revokedAt && (
                <Popconfirm title={t('confirmRevoke')} okText={t('revoke')} cancelText={t('cancel')} onConfirm={() => revoke(key)}>
                  <Button size="small" danger aria-label={`${t('revoke')} ${key.name}`}>
                    {t('revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('add')} okText={t('create')} cancelText={t('cancel')} confirmLoading={busy} onOk={create} onCancel={() => setCreating(false)} forceRender>
        <Form form={form} layout="vertical" initialValues={{ role: 'agent' }} name="new-api-key">
          <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="role" label={t('role')}>
            <Select<Role> options={KEY_ROLES.map((r) => ({ value: r, label: ROLE_NAMES[lang][r] }))} />
          </Form.Item>
        </Form>
        {createError && <Alert type="error" showIcon title={createError} />}
      </Modal>
      <Modal
        open={secret !== null}
        title={t('secretTitle')}
        closable={false}
        mask={{ closable: false }}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('close')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('secretWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: secret ?? '' }} code data-testid="api-key-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
