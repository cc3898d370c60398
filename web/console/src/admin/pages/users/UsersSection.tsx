/**
 * The workspace's operator accounts: create one (e-mail, name, role, initial password), change
 * a role, disable / enable, set a new password. What the server refuses — a taken e-mail, a
 * short password, taking away the last active admin — is shown where the operator acted.
 */
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import { errorMessage } from '../../../shared/error-message';
import { useLang, useT } from '../../../shared/i18n';
import { useSession, type Role } from '../../../shared/session';
import { ROLE_NAMES } from './roles';

const messages = {
  zh: {
    title: '账号',
    add: '新建账号',
    email: '邮箱',
    name: '姓名',
    role: '角色',
    status: '状态',
    created: '创建时间',
    actions: '操作',
    active: '启用',
    disabled: '已停用',
    disable: '停用',
    enable: '启用',
    confirmDisable: '停用后此人立即退出登录，确定？',
    resetPassword: '重设密码',
    newPassword: '新密码（至少 {min} 个字符）',
    password: '初始密码（至少 {min} 个字符）',
    create: '创建',
    save: '保存',
    cancel: '取消',
    created_ok: '账号已创建',
    saved: '已保存',
    passwordSet: '密码已重设，此人的其他登录已退出',
    lastAdmin: '工作区至少需要一位启用的管理员，不能停用或降级最后一位管理员',
    you: '（我）',
    required: '请填写',
    badEmail: '邮箱格式不正确',
    tooShort: '至少 {min} 个字符',
  },
  en: {
    title: 'Accounts',
    add: 'New account',
    email: 'E-mail',
    name: 'Name',
    role: 'Role',
    status: 'Status',
    created: 'Created',
    actions: 'Actions',
    active: 'Active',
    disabled: 'Disabled',
    disable: 'Disable',
    enable: 'Enable',
    confirmDisable: 'They are signed out at once. Disable?',
    resetPassword: 'Set password',
    newPassword: 'New password (at least {min} characters)',
    password: 'Initial password (at least {min} characters)',
    create: 'Create',
    save: 'Save',
    cancel: 'Cancel',
    created_ok: 'Account created',
    saved: 'Saved',
    passwordSet: 'Password set; their other sign-ins are ended',
    lastAdmin: 'A workspace needs at least one active admin: the last one cannot be disabled or demoted',
    you: ' (me)',
    required: 'Required',
    badEmail: 'Not an e-mail address',
    tooShort: 'At least {min} characters',
  },
};

/** The server's password policy (src/auth/passwords.ts MIN_PASSWORD_LENGTH); checked here only to say it early. */
const MIN_PASSWORD_LENGTH = 10;
const ROLES: Role[] = ['agent', 'supervisor', 'admin'];

interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

interface NewUser {
  email: string;
  name?: string;
  role: Role;
  password: string;
}

export function UsersSection() {
  const t = useT(messages);
  const { lang } = useLang();
  const { user: me } = useSession();
  const { message } = App.useApp();
  const [users, setUsers] = useState<User[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [passwordFor, setPasswordFor] = useState<User | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [createForm] = Form.useForm<NewUser>();
  const [passwordForm] = Form.useForm<{ password: string }>();

  const load = useCallback(async () => {
    try {
      setUsers((await api<{ users: User[] }>('GET', '/api/v1/users')).users);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  /** The last-admin refusal in the operator's words; anything else as the server said it. */
  const explain = (err: unknown) =>
    err instanceof ApiError && (err.details as { reason?: string } | null)?.reason === 'last_admin' ? t('lastAdmin') : errorMessage(err);

  const patch = async (user: User, change: Partial<Pick<User, 'role' | 'disabled'>>) => {
    try {
      await api('PATCH', `/api/v1/users/${encodeURIComponent(user.id)}`, change);
      setError(null);
      message.success(t('saved'));
    } catch (err) {
      setError(explain(err));
    }
    await load();
  };

  const create = async () => {
    const values = await createForm.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    setBusy(true);
    try {
      await api('POST', '/api/v1/users', { ...values, name: values.name?.trim() || undefined });
      setCreating(false);
      createForm.resetFields();
      message.success(t('created_ok'));
      await load();
    } catch (err) {
      setCreateError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const setPassword = async () => {
    if (!passwordFor) return;
    const values = await passwordForm.validateFields().catch(() => null);
    if (!values) return;
    const { password } = values;
    setBusy(true);
    try {
      await api('PATCH', `/api/v1/users/${encodeURIComponent(passwordFor.id)}`, { password });
      setPasswordFor(null);
      passwordForm.resetFields();
      message.success(t('passwordSet'));
    } catch (err) {
      setPasswordError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const passwordRules = [
    { required: true, message: t('required') },
    { min: MIN_PASSWORD_LENGTH, message: t('tooShort', { min: MIN_PASSWORD_LENGTH }) },
  ];

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
      {error && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={error} data-testid="users-error" closable={{ onClose: () => setError(null) }} />}
      <Table<User>
        rowKey="id"
        loading={loading}
        dataSource={users}
        pagination={false}
        scroll={{ x: true }}
        data-testid="users-table"
        columns={[
          { title: t('email'), dataIndex: 'email', render: (email: string, u) => `${email}${u.id === me.id ? t('you') : ''}` },
          { title: t('name'), dataIndex: 'name' },
          {
            title: t('role'),
            dataIndex: 'role',
            render: (role: Role, u) => (
              <Select<Role>
                size="small"
                value={role}
                style={{ width: 110 }}
                aria-label={`${t('role')} ${u.email}`}
                options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES[lang][r] }))}
                onChange={(next) => patch(u, { role: next })}
              />
            ),
          },
          { title: t('status'), dataIndex: 'disabled', render: (disabled: boolean) => (disabled ? <Tag color="red">{t('disabled')}</Tag> : <Tag color="green">{t('active')}</Tag>) },
          { title: t('created'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US') },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, u) => (
              <Space>
                {u.disabled ? (
                  <Button size="small" onClick={() => patch(u, { disabled: false })} aria-label={`${t('enable')} ${u.email}`}>
                    {t('enable')}
                  </Button>
                ) : (
                  <Popconfirm title={t('confirmDisable')} okText={t('disable')} cancelText={t('cancel')} onConfirm={() => patch(u, { disabled: true })}>
                    <Button size="small" danger aria-label={`${t('disable')} ${u.email}`}>
                      {t('disable')}
                    </Button>
                  </Popconfirm>
                )}
                <Button
                  size="small"
                  aria-label={`${t('resetPassword')} ${u.email}`}
                  onClick={() => {
                    setPasswordError(null);
                    setPasswordFor(u);
                  }}
                >
                  {t('resetPassword')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('add')} okText={t('create')} cancelText={t('cancel')} confirmLoading={busy} onOk={create} onCancel={() => setCreating(false)} forceRender>
        <Form form={createForm} layout="vertical" initialValues={{ role: 'agent' }} name="new-user">
          <Form.Item name="email" label={t('email')} rules={[{ required: true, message: t('required') }, { type: 'email', message: t('badEmail') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label={t('name')}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="role" label={t('role')}>
            <Select<Role> options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES[lang][r] }))} />
          </Form.Item>
          <Form.Item name="password" label={t('password', { min: MIN_PASSWORD_LENGTH })} rules={passwordRules}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
        {createError && <Alert type="error" showIcon title={createError} data-testid="create-user-error" />}
      </Modal>
      <Modal
        open={passwordFor !== null}
        title={`${t('resetPassword')} · ${passwordFor?.email ?? ''}`}
        okText={t('save')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onOk={setPassword}
        onCancel={() => setPasswordFor(null)}
        forceRender
      >
        <Form form={passwordForm} layout="vertical" name="set-password">
          <Form.Item name="password" label={t('newPassword', { min: MIN_PASSWORD_LENGTH })} rules={passwordRules}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
        {passwordError && <Alert type="error" showIcon title={passwordError} />}
      </Modal>
    </Card>
  );
}
