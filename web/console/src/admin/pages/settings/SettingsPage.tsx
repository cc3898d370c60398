/**
 * 机器人设置: a bot's thresholds, persona and greeting, hours, hand-off rules, skill groups,
 * the sites that may embed it and the hosts its flows may call — one tab each, saved per tab.
 * Supervisors may tune thresholds and the persona (the API lets them); the rest is read-only
 * for them, as its routes are for admins. Leaving a tab, the bot or the page with unsaved
 * changes asks first.
 */
import { Alert, App, Select, Space, Spin, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useT } from '../../../shared/i18n';
import { roleAllows, useSession } from '../../../shared/session';
import { EmbedSnippet } from './EmbedSnippet';
import { HandoffRulesTab } from './HandoffRulesTab';
import { HostListTab } from './HostListTab';
import { HoursTab } from './HoursTab';
import { PersonaTab } from './PersonaTab';
import { settingsApi, type Bot, type BotSettings, type HandoffSettings, type HandoffView } from './settings-api';
import { SkillGroupsTab } from './SkillGroupsTab';
import { ThresholdsTab } from './ThresholdsTab';

const messages = {
  zh: {
    title: '机器人设置',
    bot: '机器人',
    thresholds: '回答阈值',
    persona: '人设与欢迎语',
    hours: '服务时间与节假日',
    rules: '转人工规则',
    skills: '技能组',
    embed: '网站接入',
    callHosts: '外部调用白名单',
    unsavedTitle: '有未保存的修改',
    unsavedBody: '离开后这些修改会丢失，确定离开吗？',
    leave: '离开',
    stay: '留下',
    loadFailed: '加载失败：{message}',
    originsTitle: '允许嵌入的网站',
    originsHelp: '只有这些网站上的聊天挂件能连上这个机器人。每行一个来源，例如 https://shop.example.cn（协议 + 域名 + 端口，不含路径）。',
    hostsTitle: '流程可以调用的外部主机',
    hostsHelp: '对话流程里的「调用接口」只能访问这些主机，例如 api.shop.cn、api.shop.cn:8443 或 *.shop.cn。流程作者不能自己加。',
  },
  en: {
    title: 'Bot settings',
    bot: 'Bot',
    thresholds: 'Thresholds',
    persona: 'Persona & greeting',
    hours: 'Business hours & holidays',
    rules: 'Hand-off rules',
    skills: 'Skill groups',
    embed: 'Website',
    callHosts: 'Call allow-list',
    unsavedTitle: 'Unsaved changes',
    unsavedBody: 'Your changes will be lost if you leave. Leave anyway?',
    leave: 'Leave',
    stay: 'Stay',
    loadFailed: 'Could not load: {message}',
    originsTitle: 'Sites that may embed the widget',
    originsHelp: 'Only the chat widget on these sites can reach this bot. One origin per line, e.g. https://shop.example.cn (scheme, host and port, no path).',
    hostsTitle: 'Hosts flows may call',
    hostsHelp: 'Call steps in flows may only reach these hosts, e.g. api.shop.cn, api.shop.cn:8443 or *.shop.cn. Flow authors cannot add to it.',
  },
};

interface Loaded {
  bot: Bot;
  settings: BotSettings;
  defaults: BotSettings;
  handoff: HandoffView;
}

/** Loads everything the tabs show for one bot. */
function useBotData(botId: string | null) {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!botId) return;
    let current = true;
    setData(null);
    Promise.all([settingsApi.bot(botId), settingsApi.botSettings(botId), settingsApi.handoff(botId)]).then(
      ([bot, { settings, defaults }, handoff]) => current && setData({ bot, settings, defaults, handoff }),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [botId]);
  return { data, setData, error };
}

export default function SettingsPage() {
  const t = useT(messages);
  const { modal } = App.useApp();
  const { user } = useSession();
  const isAdmin = roleAllows(user.role, 'admin');
  const [bots, setBots] = useState<Bot[]>([]);
  const [botId, setBotId] = useState<string | null>(null);
  const [tab, setTab] = useState('thresholds');
  const [dirty, setDirty] = useState<Record<string, boolean>>({});
  const { data, setData, error } = useBotData(botId);
  const [listError, setListError] = useState<string | null>(null);

  useEffect(() => {
    settingsApi.bots().then(
      (items) => {
        setBots(items);
        setBotId(items[0]?.id ?? null);
      },
      (e: Error) => setListError(e.message),
    );
  }, []);

  const anyDirty = Object.values(dirty).some(Boolean);
  useEffect(() => {
    if (!anyDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [anyDirty]);

  /** Runs `go` at once, or after the operator agrees to drop the current tab's changes. */
  const leaveTab = useCallback(
    (go: () => void) => {
      if (!dirty[tab]) return go();
      modal.confirm({ title: t('unsavedTitle'), content: t('unsavedBody'), okText: t('leave'), cancelText: t('stay'), onOk: () => { setDirty({}); go(); } });
    },
    [dirty, tab, modal, t],
  );
  const dirtyFor = useCallback((key: string) => (value: boolean) => setDirty((d) => (d[key] === value ? d : { ...d, [key]: value })), []);

  if (listError || error) return <Alert type="error" showIcon message={t('loadFailed', { message: listError ?? error ?? '' })} />;
  if (!botId || !data) return <Spin />;

  const saveSettings = async (patch: Partial<BotSettings>) => {
    const { settings } = await settingsApi.saveBotSettings(botId, patch);
    setData((d) => d && { ...d, settings });
    return settings;
  };
  const saveHandoff = async (next: HandoffSettings) => {
    const handoff = await settingsApi.saveHandoff(botId, next);
    setData((d) => d && { ...d, handoff });
    return handoff;
  };
  const items = [
    { key: 'thresholds', label: t('thresholds'), children: <ThresholdsTab settings={data.settings} defaults={data.defaults} readOnly={false} save={saveSettings} onDirty={dirtyFor('thresholds')} /> },
    { key: 'persona', label: t('persona'), children: <PersonaTab settings={data.settings} readOnly={false} save={saveSettings} onDirty={dirtyFor('persona')} /> },
    { key: 'hours', label: t('hours'), children: <HoursTab view={data.handoff} readOnly={!isAdmin} save={saveHandoff} onDirty={dirtyFor('hours')} /> },
    { key: 'rules', label: t('rules'), children: <HandoffRulesTab view={data.handoff} readOnly={!isAdmin} save={saveHandoff} onDirty={dirtyFor('rules')} /> },
    { key: 'skills', label: t('skills'), children: <SkillGroupsTab view={data.handoff} readOnly={!isAdmin} save={saveHandoff} onDirty={dirtyFor('skills')} /> },
    {
      key: 'embed',
      label: t('embed'),
      children: (
        <HostListTab
          tab="embed"
          field="allowedOrigins"
          title={t('originsTitle')}
          help={t('originsHelp')}
          placeholder="https://shop.example.cn"
          entries={data.bot.allowedOrigins}
          readOnly={!isAdmin}
          save={async (list) => {
            const bot = await settingsApi.saveOrigins(botId, list);
            setData((d) => d && { ...d, bot });
            return bot.allowedOrigins;
          }}
          footer={<EmbedSnippet botId={botId} />}
          onDirty={dirtyFor('embed')}
        />
      ),
    },
    {
      key: 'callHosts',
      label: t('callHosts'),
      children: (
        <HostListTab
          tab="callHosts"
          field="callHosts"
          title={t('hostsTitle')}
          help={t('hostsHelp')}
          placeholder="api.shop.cn"
          entries={data.bot.callHosts}
          readOnly={!isAdmin}
          save={async (list) => {
            const bot = await settingsApi.saveCallHosts(botId, list);
            setData((d) => d && { ...d, bot });
            return bot.callHosts;
          }}
          onDirty={dirtyFor('callHosts')}
        />
      ),
    },
  ];

  return (
    <div data-section="settings">
      <Space style={{ marginBottom: 16 }} align="center" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {bots.length > 1 && (
          <Select
            aria-label={t('bot')}
            value={botId}
            style={{ minWidth: 220 }}
            options={bots.map((b) => ({ value: b.id, label: b.name }))}
            onChange={(next) => leaveTab(() => setBotId(next))}
            data-testid="bot-select"
          />
        )}
      </Space>
      <Tabs key={botId} activeKey={tab} onChange={(next) => leaveTab(() => setTab(next))} items={items} destroyOnHidden />
    </div>
  );
}
