/**
 * Chinese first, English switchable. Each screen keeps its own messages next to it
 * (`const messages = { zh: {...}, en: {...} }` and `const t = useT(messages)`), so screens do
 * not share one growing dictionary. The choice is remembered in the browser.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from './api';

export type Lang = 'zh' | 'en';
const LANG_KEY = 'wendu.lang';

interface LangState {
  lang: Lang;
  setLang(lang: Lang): void;
}

const LangContext = createContext<LangState>({ lang: 'zh', setLang: () => {} });

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return saved === 'en' ? 'en' : 'zh';
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const value = initialLang();
    setApiLanguage(value);
    return value;
  });
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    setApiLanguage(next);
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    setLangState(next);
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

export type Messages<K extends string> = { zh: Record<K, string>; en: Record<K, string> };

/**
 * `t('key')` in the current language; `{name}` placeholders are filled from `vars`.
 */
export function useT<K extends string>(messages: Messages<K>) {
  const { lang } = useLang();
  return useCallback(
    (key: K, vars?: Record<string, string | number>) => {
      let text = messages[lang][key] ?? messages.zh[key] ?? key;
      if (vars) for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
      return text;
    },
    [lang, messages],
  );
}
