/**
 * The synonym groups: a table of groups (the first word is the standard one the others mean),
 * and a dialog to add or edit one with tag-style word input. The server's refusal is shown in
 * the dialog and the words typed are kept.
 */
import { Alert, App, Button, Card, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import { errorMessage } from '../../../shared/error-message';
import { useT } from '../../../shared/i18n';

const messages = {
  zh: {
    title: '同义词组',
    hint: '一组里的词在匹配时当作同一个词；第一个是标准词。',
    add: '新建同义词组',
    edit: '编辑',
    delete: '删除',
    confirmDelete: '删除这组同义词？',
    words: '词',
    actions: '操作',
    standard: '标准词',
    dialogNew: '新建同义词组',
    dialogEdit: '编辑同义词组',
    wordsLabel: '同义词（输入后回车，至少两个）',
    save: '保存',
    cancel: '取消',
    saved: '已保存',
    deleted: '已删除',
    empty: '还没有同义词组',
    find: '查找词',
  },
  en: {
    title: 'Synonym groups',
    hint: 'Words in a group match as one word; the first is the standard one.',
    add: 'New synonym group',
    edit: 'Edit',
    delete: 'Delete',
    confirmDelete: 'Delete this synonym group?',
    words: 'Words',
    actions: 'Actions',
    standard: 'standard',
    dialogNew: 'New synonym group',
    dialogEdit: 'Edit synonym group',
    wordsLabel: 'Synonyms (press Enter after each, at least two)',
    save: 'Save',
    cancel: 'Cancel',
    saved: 'Saved',
    deleted: 'Deleted',
    empty: 'No synonym groups yet',
    find: 'Find a word',
  },
};

interface SynonymGroup {
  id: number;
  terms: string[];
}

/** Groups per table page: a shop has dozens; one screen shows this many. */
const GROUPS_PER_PAGE = 10;

/** Typing one of these ends a word in the tag input (comma, Chinese comma, 顿号, semicolon). */
const WORD_SEPARATORS = [',', '，', '、', ';', '；'];

/** The server's refusal of a group, with its reason (词过长, 一组最多 100 个词) when it gives one. */
function refusal(err: unknown): string {
  const reason = err instanceof ApiError ? (err.details as { reason?: unknown } | null)?.reason : undefined;
  return typeof reason === 'string' ? `${errorMessage(err)}：${reason}` : errorMessage(err);
}

export function SynonymGroups({ onChanged }: { onChanged: () => void }) {
  const t = useT(messages);
  const { message } = App.useApp();
  const [groups, setGroups] = useState<SynonymGroup[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The dialog: null closed; id null for a new group.
  const [editing, setEditing] = useState<{ id: number | null; terms: string[] } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [find, setFind] = useState('');
  // Newest first: the group just added is on the first page.
  const shown = useMemo(() => {
    const needle = find.trim().toLowerCase();
    return [...groups].reverse().filter((g) => !needle || g.terms.some((term) => term.toLowerCase().includes(needle)));
  }, [groups, find]);

  const load = useCallback(async () => {
    try {
      setGroups((await api<{ items: SynonymGroup[] }>('GET', '/api/v1/kb/synonyms')).items);
      setLoadError(null);
    } catch (err) {
      setLoadError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const open = (group: SynonymGroup | null) => {
    setSaveError(null);
    setEditing(group ? { id: group.id, terms: [...group.terms] } : { id: null, terms: [] });
  };

  const save = async () => {
    if (!editing) return;
    setSaving(true);
    try {
      if (editing.id === null) await api('POST', '/api/v1/kb/synonyms', { terms: editing.terms });
      else await api('PUT', `/api/v1/kb/synonyms/${editing.id}`, { terms: editing.terms });
      setEditing(null);
      message.success(t('saved'));
      await load();
      onChanged();
    } catch (err) {
      setSaveError(refusal(err));
    } finally {
      setSaving(false);
    }
  };

  const remove = async (id: number) => {
    try {
      await api('DELETE', `/api/v1/kb/synonyms/${id}`);
      message.success(t('deleted'));
      await load();
      onChanged();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <Card
      title={t('title')}
      extra={
        <Button type="primary" onClick={() => open(null)}>
          {t('add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('hint')}</Typography.Paragraph>
      <Input.Search allowClear aria-label={t('find')} placeholder={t('find')} value={find} onChange={(e) => setFind(e.target.value)} style={{ maxWidth: 280, marginBottom: 12 }} />
      {loadError && <Alert type="error" showIcon title={loadError} />}
      <Table<SynonymGroup>
        rowKey="id"
        loading={loading}
        dataSource={shown}
        pagination={{ pageSize: GROUPS_PER_PAGE, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('empty') }}
        data-testid="synonym-groups"
        columns={[
          {
            title: t('words'),
            key: 'terms',
            render: (_, group) => (
              <Space size={[4, 4]} wrap>
                {group.terms.map((term, i) => (
                  <Tag key={term} color={i === 0 ? 'orange' : undefined}>
                    {term}
                    {i === 0 ? ` · ${t('standard')}` : ''}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            width: 160,
            render: (_, group) => (
              <Space>
                <Button size="small" onClick={() => open(group)} aria-label={`${t('edit')} ${group.terms[0]}`}>
                  {t('edit')}
                </Button>
                <Popconfirm title={t('confirmDelete')} okText={t('delete')} cancelText={t('cancel')} onConfirm={() => remove(group.id)}>
                  <Button size="small" danger aria-label={`${t('delete')} ${group.terms[0]}`}>
                    {t('delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing?.id === null ? t('dialogNew') : t('dialogEdit')}
        okText={t('save')}
        cancelText={t('cancel')}
        confirmLoading={saving}
        onOk={save}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <label htmlFor="synonym-terms">{t('wordsLabel')}</label>
        <Select
          id="synonym-terms"
          mode="tags"
          open={false}
          suffixIcon={null}
          style={{ width: '100%', marginTop: 8 }}
          aria-label={t('wordsLabel')}
          tokenSeparators={WORD_SEPARATORS}
          value={editing?.terms ?? []}
          onChange={(terms: string[]) => setEditing((e) => e && { ...e, terms })}
        />
        {saveError && <Alert style={{ marginTop: 12 }} type="error" showIcon title={saveError} data-testid="synonym-error" />}
      </Modal>
    </Card>
  );
}
