/**
 * 用户词典: words the bot must keep whole when it cuts a question (运费险, 花呗, 七天无理由),
 * edited as tags and saved as a whole list; beside them, read-only, the words the bot found
 * in the knowledge base by itself. A refused word is named; the typed list is kept.
 */
import { Alert, App, Button, Card, Collapse, Empty, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { errorMessage } from '../../../shared/error-message';
import { useT } from '../../../shared/i18n';

const messages = {
  zh: {
    title: '用户词典',
    hint: '机器人分词时保持完整的词，例如 运费险、花呗、七天无理由（每个 2–20 个字，不含空格）。',
    wordsLabel: '词典里的词（输入后回车）',
    save: '保存词典',
    saved: '词典已保存',
    mined: '从知识库自动发现的词（{count} 个，只读）',
    noMined: '暂无',
  },
  en: {
    title: 'User dictionary',
    hint: 'Words the bot keeps whole when it cuts a question, e.g. 运费险, 花呗, 七天无理由 (2–20 characters each, no spaces).',
    wordsLabel: 'Dictionary words (press Enter after each)',
    save: 'Save dictionary',
    saved: 'Dictionary saved',
    mined: 'Words found in the knowledge base ({count}, read-only)',
    noMined: 'None',
  },
};

/** Typing one of these ends a word (comma, Chinese comma, 顿号, semicolon). */
const WORD_SEPARATORS = [',', '，', '、', ';', '；'];
const WORD_PATH = /^words\.(\d+)$/;

export function UserDictionary({ onChanged }: { onChanged: () => void }) {
  const t = useT(messages);
  const { message } = App.useApp();
  const [words, setWords] = useState<string[]>([]);
  const [mined, setMined] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    try {
      const dictionary = await api<{ words: string[]; mined: string[] }>('GET', '/api/v1/kb/dictionary');
      setWords(dictionary.words);
      setMined(dictionary.mined);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    setSaving(true);
    try {
      setWords((await api<{ words: string[] }>('PUT', '/api/v1/kb/dictionary', { words })).words);
      setError(null);
      message.success(t('saved'));
      onChanged();
    } catch (err) {
      // Name the refused word itself, not its position in the list.
      setError(errorMessage(err, (path) => words[Number(WORD_PATH.exec(path)?.[1] ?? NaN)] ?? path));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('title')}>
      <Typography.Paragraph type="secondary">{t('hint')}</Typography.Paragraph>
      <label htmlFor="dictionary-words">{t('wordsLabel')}</label>
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Select
          id="dictionary-words"
          mode="tags"
          open={false}
          suffixIcon={null}
          style={{ width: '100%' }}
          aria-label={t('wordsLabel')}
          tokenSeparators={WORD_SEPARATORS}
          value={words}
          onChange={(next: string[]) => setWords(next)}
        />
        <Button type="primary" onClick={save} loading={saving}>
          {t('save')}
        </Button>
      </Space.Compact>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="dictionary-error" />}
      <Collapse
        style={{ marginTop: 16 }}
        size="small"
        items={[
          {
            key: 'mined',
            label: t('mined', { count: mined.length }),
            children: mined.length ? (
              <Space size={[4, 4]} wrap data-testid="mined-words">
                {mined.map((w) => (
                  <Tag key={w}>{w}</Tag>
                ))}
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noMined')} />
            ),
          },
        ]}
      />
    </Card>
  );
}
