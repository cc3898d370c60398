/**
 * An entry's history: every version, what it changed against the current one (a line and word
 * diff of the readable entry, drawn as React text), and restoring one — as a new version, so
 * nothing is ever lost.
 */
import { Alert, Button, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { diffWordsWithSpace } from 'diff';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { entryLines, useReadableLabels } from './readable';
import { KB_API, isProposedEdit, type EntrySnapshot, type EntryVersion, type KnowledgeEntry, type ProposedEdit } from './types';

const messages = {
  zh: {
    version: '第 {n} 版',
    current: '当前',
    compare: '与当前版本对比',
    restore: '恢复这个版本',
    restoreConfirm: '恢复第 {n} 版？会生成一个新版本，历史不会丢。',
    yes: '恢复',
    no: '取消',
    restored: '已恢复第 {n} 版',
    restoreSubmitted: '已提交审核：恢复第 {n} 版，另一位主管或管理员通过后生效',
    same: '这个版本与当前内容相同',
    diffTitle: '第 {n} 版 → 当前（红色删去，绿色新增）',
    created: '新建',
    updated: '修改',
    archived: '归档',
    restoredChange: '恢复',
    imported: '导入',
    loadFailed: '版本加载失败：{message}',
  },
  en: {
    version: 'Version {n}',
    current: 'current',
    compare: 'Compare with current',
    restore: 'Restore this version',
    restoreConfirm: 'Restore version {n}? It becomes a new version; history is kept.',
    yes: 'Restore',
    no: 'Cancel',
    restored: 'Version {n} restored',
    restoreSubmitted: 'Submitted for review: restoring version {n} takes effect once another supervisor or admin approves',
    same: 'This version is the same as the current one',
    diffTitle: 'Version {n} → current (red removed, green added)',
    created: 'created',
    updated: 'edited',
    archived: 'archived',
    restoredChange: 'restored',
    imported: 'imported',
    loadFailed: 'Could not load versions: {message}',
  },
};

const CHANGE_KEYS = { created: 'created', updated: 'updated', archived: 'archived', restored: 'restoredChange', imported: 'imported' } as const;

export function VersionsPanel({
  entry,
  statusName,
  onRestored,
  onSubmitted,
}: {
  entry: KnowledgeEntry;
  statusName(s: EntrySnapshot['status']): string;
  onRestored(entry: KnowledgeEntry): void;
  /** The restore became a proposal in the review queue (four eyes). */
  onSubmitted(): void;
}) {
  const t = useT(messages);
  const labels = useReadableLabels();
  const [versions, setVersions] = useState<EntryVersion[]>([]);
  const [compared, setCompared] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setVersions((await api<{ items: EntryVersion[] }>('GET', `${KB_API}/entries/${encodeURIComponent(entry.id)}/versions`)).items);
      setError(null);
    } catch (err) {
      setError(t('loadFailed', { message: (err as Error).message }));
    }
  }, [entry.id, t]);
  useEffect(() => {
    void load();
  }, [load, entry.version]);

  const restore = async (version: number) => {
    try {
      const restored = await api<KnowledgeEntry | ProposedEdit>('POST', `${KB_API}/entries/${encodeURIComponent(entry.id)}/versions/${version}/restore`);
      setCompared(null);
      if (isProposedEdit(restored)) {
        setNotice(t('restoreSubmitted', { n: version }));
        onSubmitted();
        return;
      }
      setNotice(t('restored', { n: version }));
      onRestored(restored);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };

  const old = versions.find((v) => v.version === compared);
  const parts = useMemo(() => (old ? diffWordsWithSpace(entryLines(old.snapshot, labels, statusName), entryLines(entry, labels, statusName)) : []), [old, entry, labels, statusName]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      {notice && <Alert type="success" showIcon title={notice} data-testid="restore-notice" />}
      <List
        size="small"
        bordered
        dataSource={versions}
        renderItem={(v) => (
          <List.Item
            data-testid={`version-${v.version}`}
            actions={
              v.version === entry.version
                ? [<Tag key="current" color="orange">{t('current')}</Tag>]
                : [
                    <Button key="compare" size="small" onClick={() => setCompared(v.version)}>
                      {t('compare')}
                    </Button>,
                    <Popconfirm key="restore" title={t('restoreConfirm', { n: v.version })} okText={t('yes')} cancelText={t('no')} onConfirm={() => restore(v.version)}>
                      <Button size="small">{t('restore')}</Button>
                    </Popconfirm>,
                  ]
            }
          >
            <Space wrap>
              <Typography.Text strong>{t('version', { n: v.version })}</Typography.Text>
              <Tag>{t(CHANGE_KEYS[v.change as keyof typeof CHANGE_KEYS] ?? 'updated')}</Tag>
              <Typography.Text type="secondary">{new Date(v.changedAt).toLocaleString()}</Typography.Text>
              <Typography.Text type="secondary">{v.changedBy}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {old && (
        <div data-testid="version-diff">
          <Typography.Text strong>{t('diffTitle', { n: old.version })}</Typography.Text>
          {parts.every((p) => !p.added && !p.removed) && <Alert type="info" title={t('same')} />}
          <pre style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 6, fontFamily: 'inherit' }}>
            {parts.map((p, i) =>
              p.added ? (
                <ins key={i} style={{ background: '#d3f9d8', textDecoration: 'none' }} data-diff="added">
                  {p.value}
                </ins>
              ) : p.removed ? (
                <del key={i} style={{ background: '#ffe3e3' }} data-diff="removed">
                  {p.value}
                </del>
              ) : (
                <span key={i}>{p.value}</span>
              ),
            )}
          </pre>
        </div>
      )}
    </Space>
  );
}
