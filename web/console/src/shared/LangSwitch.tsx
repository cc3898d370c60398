import { Segmented } from 'antd';
import { useLang, type Lang } from './i18n';

/** 中文 / English, top right of every screen. */
export function LangSwitch() {
  const { lang, setLang } = useLang();
  return <Segmented size="small" value={lang} onChange={(v) => setLang(v as Lang)} options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]} data-testid="lang-switch" />;
}
