/** Mounts a console app: antd in the chosen language, the language switch, the login gate. */
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { LangProvider, useLang } from './i18n';
import { SignedIn } from './session';

const THEME = { token: { colorPrimary: '#e8590c', borderRadius: 8 } };

function Themed({ children, subtitle }: { children: ReactNode; subtitle: string }) {
  const { lang } = useLang();
  // The date pickers name months and weekdays through dayjs, which has its own locale.
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <SignedIn subtitle={subtitle}>{children}</SignedIn>
      </AntApp>
    </ConfigProvider>
  );
}

export function mount(app: ReactNode, subtitle: string) {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <LangProvider>
        <Themed subtitle={subtitle}>{app}</Themed>
      </LangProvider>
    </StrictMode>,
  );
}
