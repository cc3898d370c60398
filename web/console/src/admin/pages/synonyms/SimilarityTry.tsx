/**
 * 试一试: how alike the bot finds two phrases (POST /api/v1/nlu/similarity). After a synonym or
 * dictionary change the same phrases are measured again and shown as before → after, so the
 * operator sees what the change did.
 */
import { Alert, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../../shared/api';
import { errorMessage } from '../../../shared/error-message';
import { useT } from '../../../shared/i18n';

const messages = {
  zh: {
    title: '试一试',
    hint: '输入两句话，看机器人认为它们有多像；改了同义词或词典后会自动再算一次，显示改动前后。',
    first: '第一句',
    second: '第二句',
    compare: '比一比',
    score: '相似度',
    before: '改动前',
    after: '改动后',
    similar: '算同一个问题',
    different: '不算同一个问题',
  },
  en: {
    title: 'Try it',
    hint: 'Enter two phrases to see how alike the bot finds them; after a synonym or dictionary change they are measured again, before and after.',
    first: 'First phrase',
    second: 'Second phrase',
    compare: 'Compare',
    score: 'Similarity',
    before: 'Before',
    after: 'After',
    similar: 'same question',
    different: 'not the same question',
  },
};

interface Similarity {
  score: number;
  similar: boolean;
}

interface Measured {
  a: string;
  b: string;
  now: Similarity;
  /** The same pair's score before the latest change (absent until a change was made). */
  before?: Similarity;
}

const percent = (score: number) => `${Math.round(score * 100)}%`;

export function SimilarityTry({ revision }: { revision: number }) {
  const t = useT(messages);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [measured, setMeasured] = useState<Measured | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const measure = useCallback(async (x: string, y: string) => {
    setBusy(true);
    try {
      const result = await api<Similarity>('POST', '/api/v1/nlu/similarity', { a: x, b: y });
      setError(null);
      return { score: result.score, similar: result.similar };
    } catch (err) {
      setError(errorMessage(err));
      return null;
    } finally {
      setBusy(false);
    }
  }, []);

  const compare = async () => {
    const now = await measure(a, b);
    setMeasured(now ? { a, b, now } : null);
  };

  // A change was saved: measure the last pair again and keep its previous score as "before".
  const lastRevision = useRef(revision);
  const last = useRef(measured);
  last.current = measured;
  useEffect(() => {
    if (revision === lastRevision.current) return;
    lastRevision.current = revision;
    const previous = last.current;
    if (!previous) return;
    void measure(previous.a, previous.b).then((now) => now && setMeasured({ a: previous.a, b: previous.b, now, before: previous.now }));
  }, [revision, measure]);

  const verdict = (s: Similarity) => <Tag color={s.similar ? 'green' : 'default'}>{s.similar ? t('similar') : t('different')}</Tag>;

  return (
    <Card title={t('title')}>
      <Typography.Paragraph type="secondary">{t('hint')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input aria-label={t('first')} placeholder={t('first')} value={a} onChange={(e) => setA(e.target.value)} />
        <Input aria-label={t('second')} placeholder={t('second')} value={b} onChange={(e) => setB(e.target.value)} onPressEnter={compare} />
        <Button type="primary" onClick={compare} loading={busy} disabled={!a.trim() || !b.trim()}>
          {t('compare')}
        </Button>
      </Space>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} />}
      {measured && (
        <div style={{ marginTop: 16 }} data-testid="similarity-result">
          {measured.before ? (
            <Space wrap>
              <span>
                {t('before')}：<strong data-testid="similarity-before">{percent(measured.before.score)}</strong> {verdict(measured.before)}
              </span>
              <span aria-hidden>→</span>
              <span>
                {t('after')}：<strong data-testid="similarity-after">{percent(measured.now.score)}</strong> {verdict(measured.now)}
              </span>
            </Space>
          ) : (
            <Space>
              {t('score')}：<strong data-testid="similarity-score">{percent(measured.now.score)}</strong> {verdict(measured.now)}
            </Space>
          )}
        </div>
      )}
    </Card>
  );
}
