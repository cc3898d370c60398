/**
 * The admin console's frame: the section menu (only what the role may open), the user menu,
 * the language switch, and the page of the current hash route (`#/knowledge`).
 */
import { Button, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { useLang, useT } from '../shared/i18n';
import { LangSwitch } from '../shared/LangSwitch';
import { roleAllows, useSession } from '../shared/session';
import { SECTIONS } from './sections';

const messages = {
  zh: { title: '温度 · 管理后台', logout: '退出', noAccess: '客服账号不能打开管理后台', toWorkspace: '去客服工作台', notFound: '没有这个页面' },
  en: { title: 'Wendu · Admin console', logout: 'Sign out', noAccess: 'Agent accounts cannot open the admin console', toWorkspace: 'Go to the agent workspace', notFound: 'No such page' },
};

function useHashRoute(): [string, (key: string) => void] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('?')[0];
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [route, (key) => (window.location.hash = `#/${key}`)];
}

export function AdminApp() {
  const t = useT(messages);
  const { lang } = useLang();
  const { user, logout } = useSession();
  const [route, go] = useHashRoute();
  const allowed = SECTIONS.filter((s) => roleAllows(user.role, s.role));
  if (allowed.length === 0) {
    return (
      <Result
        status="403"
        title={t('noAccess')}
        extra={
          <Space>
            <Button type="primary" href="/agent">
              {t('toWorkspace')}
            </Button>
            <Button onClick={logout}>{t('logout')}</Button>
          </Space>
        }
      />
    );
  }
  const current = SECTIONS.find((s) => s.key === (route || allowed[0].key));
  const permitted = current && roleAllows(user.role, current.role);
  const Page = permitted ? current.page : null;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
        <Typography.Title level={5} style={{ padding: '16px 16px 0', color: '#e8590c' }}>
          {t('title')}
        </Typography.Title>
        <Menu mode="inline" selectedKeys={current ? [current.key] : []} onClick={(e) => go(e.key)} items={allowed.map((s) => ({ key: s.key, label: lang === 'zh' ? s.zh : s.en }))} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 16, paddingInline: 24 }}>
          <LangSwitch />
          <Typography.Text data-testid="current-user">
            {user.name} · {user.role}
          </Typography.Text>
          <Button size="small" onClick={logout}>
            {t('logout')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {Page ? (
            <Suspense fallback={<Spin />}>
              <Page />
            </Suspense>
          ) : (
            <Result status={current ? '403' : '404'} title={current ? t('noAccess') : t('notFound')} />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
