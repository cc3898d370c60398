/**
 * 内置词库: the customer-service lexicon shipped with Wendu — everyday words customers use for
 * the shop's words (咋 → 怎么, 拿回来 → 退款) and the place gazetteer (杭州 → 浙江 → 华东) — one
 * switch per group; the bot re-indexes as soon as a group is switched. Below, read-only, the
 * operator's own synonym groups, which come before the shipped ones.
 */
import { Alert, App, Card, Segmented, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../../shared/api';
import { errorMessage } from '../../../shared/error-message';
import { useLang, useT } from '../../../shared/i18n';

const messages = {
  zh: {
    title: '内置客服词库',
    hint: '温度自带的常用说法和地名库：顾客说「咋撤回」能匹配「取消订单」，问「杭州几天到」能匹配写着「江浙沪」或「华东」的问题。不适合您店铺的分组可以关掉，改动立即生效。',
    all: '全部',
    words: '常用说法',
    places: '地名',
    group: '分组',
    terms: '包含的词',
    enabled: '启用',
    more: '等 {count} 个',
    on: '已启用「{name}」',
    off: '已关闭「{name}」',
    mine: '您自己添加的同义词组（{count} 组，优先于内置词库，在「我的同义词」中编辑）',
    noMine: '还没有自己添加的同义词组',
  },
  en: {
    title: 'Shipped customer-service lexicon',
    hint: 'Everyday words and places that ship with Wendu: 咋撤回 matches 取消订单, and 杭州几天到 matches a question about 江浙沪 or 华东. Switch off the groups that do not fit your shop; changes apply at once.',
    all: 'All',
    words: 'Everyday words',
    places: 'Places',
    group: 'Group',
    terms: 'Words',
    enabled: 'On',
    more: 'and {count} more',
    on: 'Switched on: {name}',
    off: 'Switched off: {name}',
    mine: 'Your own synonym groups ({count}, they come before the shipped lexicon; edit them under My synonyms)',
    noMine: 'No synonym groups of your own yet',
  },
};

interface LexiconGroup {
  id: string;
  kind: 'words' | 'places';
  label: { zh: string; en: string };
  terms: string[];
  enabled: boolean;
}

/** Words shown per group before "and N more": a region lists hundreds of cities. */
const TERMS_SHOWN = 12;

type KindFilter = 'all' | LexiconGroup['kind'];

export function LexiconGroups({ onChanged, revision }: { onChanged: () => void; revision: number }) {
  const t = useT(messages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const [groups, setGroups] = useState<LexiconGroup[]>([]);
  const [mine, setMine] = useState<string[][]>([]);
  const [kind, setKind] = useState<KindFilter>('all');
  const [switching, setSwitching] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [lexicon, synonyms] = await Promise.all([
        api<{ groups: LexiconGroup[] }>('GET', '/api/v1/kb/lexicon'),
        api<{ items: { terms: string[] }[] }>('GET', '/api/v1/kb/synonyms'),
      ]);
      setGroups(lexicon.groups);
      setMine(synonyms.items.map((g) => g.terms));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load, revision]);

  const toggle = async (group: LexiconGroup, enabled: boolean) => {
    setSwitching(group.id);
    try {
      const saved = await api<LexiconGroup>('PUT', `/api/v1/kb/lexicon/${encodeURIComponent(group.id)}`, { enabled });
      setGroups((all) => all.map((g) => (g.id === saved.id ? saved : g)));
      setError(null);
      message.success(t(enabled ? 'on' : 'off', { name: group.label[lang] }));
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSwitching(null);
    }
  };

  const shown = useMemo(() => (kind === 'all' ? groups : groups.filter((g) => g.kind === kind)), [groups, kind]);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('title')} data-testid="lexicon-groups">
        <Typography.Paragraph type="secondary">{t('hint')}</Typography.Paragraph>
        <Segmented<KindFilter>
          style={{ marginBottom: 12 }}
          value={kind}
          onChange={setKind}
          options={[
            { value: 'all', label: t('all') },
            { value: 'words', label: t('words') },
            { value: 'places', label: t('places') },
          ]}
        />
        {error && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={error} data-testid="lexicon-error" />}
        <Table<LexiconGroup>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={shown}
          columns={[
            { title: t('group'), key: 'label', width: 200, render: (_, g) => g.label[lang] },
            {
              title: t('terms'),
              key: 'terms',
              render: (_, g) => (
                <Space size={[4, 4]} wrap>
                  {g.terms.slice(0, TERMS_SHOWN).map((w) => (
                    <Tag key={w}>{w}</Tag>
                  ))}
                  {g.terms.length > TERMS_SHOWN && <Typography.Text type="secondary">{t('more', { count: g.terms.length - TERMS_SHOWN })}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: t('enabled'),
              key: 'enabled',
              width: 80,
              render: (_, g) => (
                <Switch aria-label={g.label[lang]} checked={g.enabled} loading={switching === g.id} onChange={(on) => void toggle(g, on)} />
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('mine', { count: mine.length })} data-testid="lexicon-mine">
        {mine.length ? (
          <Space orientation="vertical" size={4}>
            {mine.map((terms) => (
              <Space key={terms.join('|')} size={[4, 4]} wrap>
                {terms.map((w, i) => (
                  <Tag key={w} color={i === 0 ? 'blue' : undefined}>
                    {w}
                  </Tag>
                ))}
              </Space>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('noMine')}</Typography.Text>
        )}
      </Card>
    </Space>
  );
}
