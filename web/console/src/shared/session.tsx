/**
 * Who is signed in. The console and the workspace share it: a logged-out browser sees only the
 * login form; a token the server rejects (expired, revoked) brings the form back.
 */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, session } from './api';
import { useT } from './i18n';

export type Role = 'agent' | 'supervisor' | 'admin';
const RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  workspaceId: string;
}

export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

interface SessionState {
  user: CurrentUser;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SignedIn>');
  return value;
}

const messages = {
  zh: {
    title: '登录温度',
    email: '邮箱',
    password: '密码',
    submit: '登录',
    required: '请填写',
    failed: '登录失败',
  },
  en: {
    title: 'Sign in to Wendu',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    required: 'Required',
    failed: 'Sign-in failed',
  },
};

function LoginForm({ onSignedIn, subtitle }: { onSignedIn(user: CurrentUser): void; subtitle: string }) {
  const t = useT(messages);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ token: string; user: CurrentUser }>('POST', '/api/v1/auth/login', values);
      session.save(result.token);
      onSignedIn(result.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#fff7f0', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label={t('email')} name="email" rules={[{ required: true, message: t('required') }]}>
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('password')} name="password" rules={[{ required: true, message: t('required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}

/** Renders children only for a signed-in user; otherwise the login form. */
export function SignedIn({ children, subtitle }: { children: ReactNode; subtitle: string }) {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [checked, setChecked] = useState(false);
  useEffect(() => {
    session.onUnauthorized(() => setUser(null));
    if (!session.token()) {
      setChecked(true);
      return;
    }
    api<{ user?: CurrentUser }>('GET', '/api/v1/auth/me')
      .then((me) => setUser(me.user ?? null))
      .catch(() => setUser(null))
      .finally(() => setChecked(true));
  }, []);
  const logout = useCallback(async () => {
    try {
      await api('POST', '/api/v1/auth/logout');
    } finally {
      session.clear();
      setUser(null);
    }
  }, []);
  const value = useMemo(() => (user ? { user, logout } : null), [user, logout]);
  if (!checked) return null;
  if (!value) return <LoginForm onSignedIn={setUser} subtitle={subtitle} />;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
