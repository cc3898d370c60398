/**
 * 自校准: what the bot does on its own knowledge's questions (GET /api/v1/calibration), in one
 * sentence and a few numbers — the thresholds it chose against the defaults, the probe counts,
 * and the pairs of entries it cannot tell apart (each links to the knowledge page, searched for
 * the entry: two such entries are a knowledge problem, not a threshold problem).
 */
import { App, Alert, Button, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import { useLang, useT } from '../../../shared/i18n';

interface Thresholds {
  answerThreshold: number;
  keyWordMissingThreshold: number | null;
  answerMargin: number;
  /** Present when the calibrated thresholds are bars on the knowledge base's answer model, not on the confidence. */
  model?: { features: string[] };
}

interface ConfusablePair {
  entryIds: [string, string];
  questions: [string, string];
  confusedProbes: number;
  probes: number;
  examples: { question: string; entryId: string; rankedFirst: string }[];
}

/** `GET /api/v1/calibration` as the server sends it (src/dialog/calibration/report.ts). */
interface CalibrationReport {
  state: 'pending' | 'ready';
  inForce: 'calibration' | 'settings';
  mode: 'auto' | 'off';
  summary: { zh: string; en: string } | null;
  calibration: {
    status: 'calibrated' | 'small_knowledge_base' | 'target_unreachable';
    thresholds: Thresholds;
    defaults: Thresholds;
    probes: Record<string, number>;
    confusablePairs: ConfusablePair[];
    computedAt: string;
    elapsedMs: number;
  } | null;
}

const messages = {
  zh: {
    title: '自校准：机器人在您自己的问法上表现如何',
    pending: '正在用知识库自己的问法校准，完成前使用默认阈值。',
    off: '自校准已关闭（机器人设置），使用固定阈值。',
    small: '知识库太小：用保守阈值',
    unreachable: '达不到目标错答率',
    inForce: '生效的阈值',
    calibrated: '自校准',
    defaults: '默认',
    answer: '直接回答的置信度',
    scale: '自校准阈值衡量的是',
    scaleModel: '答对概率：置信度加上条目其他问法的支持度，在本知识库上拟合',
    keyWordMissing: '缺关键词时的置信度',
    never: '不直接回答',
    margin: '领先第二名',
    probes: '自测问法数',
    computedAt: '校准时间',
    pairs: '分不清的条目（请合并或改写问法）',
    noPairs: '没有经常混淆的条目',
    confused: '{n}/{of} 次混淆',
    example: '例：「{q}」',
    rerun: '重新校准',
    rerunDone: '已重新校准',
    failed: '没有加载出来：{message}',
    leave_one_out: '新问法（留一）',
    typo: '错别字',
    traditional: '繁体',
    particles: '去语气词',
    fragment: '只说关键词',
    learned: '顾客的问法（已学到）',
    out_of_scope: '知识库外',
  },
  en: {
    title: 'Self-calibration: how the bot does on your own questions',
    pending: 'Calibrating on the knowledge base’s own questions; the default thresholds apply until it finishes.',
    off: 'Self-calibration is off (bot settings): the fixed thresholds apply.',
    small: 'Knowledge base too small: conservative thresholds',
    unreachable: 'Target out of reach',
    inForce: 'Thresholds in force',
    calibrated: 'calibrated',
    defaults: 'default',
    answer: 'Confidence to answer',
    scale: 'The calibrated thresholds measure',
    scaleModel: 'the probability of being right: confidence plus support from the entry’s other questions, fitted on this knowledge base',
    keyWordMissing: 'Confidence without the key word',
    never: 'never answered directly',
    margin: 'Lead over the runner-up',
    probes: 'Self-test questions',
    computedAt: 'Calibrated at',
    pairs: 'Entries the bot cannot tell apart (merge them or reword their questions)',
    noPairs: 'No entries are often confused',
    confused: 'confused {n} of {of} times',
    example: 'e.g. “{q}”',
    rerun: 'Calibrate again',
    rerunDone: 'Calibrated again',
    failed: 'Could not load: {message}',
    leave_one_out: 'new phrasings (left out)',
    typo: 'typos',
    traditional: 'traditional characters',
    particles: 'without particles',
    fragment: 'key phrase only',
    learned: 'customers’ learned phrasings',
    out_of_scope: 'not covered',
  },
};

const PROBE_KINDS = ['leave_one_out', 'typo', 'traditional', 'particles', 'fragment', 'learned', 'out_of_scope'] as const;
const fixed = (x: number | null, never: string) => (x === null ? never : x.toFixed(2));
const knowledgeLink = (question: string) => `#/knowledge?${new URLSearchParams({ q: question })}`;

/** `onRecalibrated`: told after an operator's rerun, so the history beside it redraws. */
export function CalibrationCard({ onRecalibrated }: { onRecalibrated?: () => void } = {}) {
  const t = useT(messages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const [report, setReport] = useState<CalibrationReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const load = useCallback(async (method: 'GET' | 'POST' = 'GET') => {
    try {
      setReport(await api<CalibrationReport>(method, method === 'GET' ? '/api/v1/calibration' : '/api/v1/calibration/run'));
      setError(null);
      return true;
    } catch (err) {
      setError(t('failed', { message: err instanceof ApiError || err instanceof Error ? err.message : String(err) }));
      return false;
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const rerun = async () => {
    setRunning(true);
    if (await load('POST')) {
      void message.success(t('rerunDone'));
      onRecalibrated?.();
    }
    setRunning(false);
  };

  const c = report?.calibration;
  return (
    <Card
      title={t('title')}
      data-testid="calibration-card"
      extra={
        <Button onClick={rerun} loading={running}>
          {t('rerun')}
        </Button>
      }
    >
      {error && <Alert type="error" showIcon title={error} />}
      {report?.mode === 'off' && <Alert type="info" showIcon title={t('off')} style={{ marginBottom: 12 }} />}
      {report?.state === 'pending' && <Alert type="info" showIcon title={t('pending')} />}
      {report?.summary && c && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap>
            {c.status === 'small_knowledge_base' && <Tag color="orange">{t('small')}</Tag>}
            {c.status === 'target_unreachable' && <Tag color="red">{t('unreachable')}</Tag>}
            <Typography.Text strong data-testid="calibration-summary">
              {report.summary[lang]}
            </Typography.Text>
          </Space>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('answer')}>
              {t('calibrated')} {fixed(c.thresholds.answerThreshold, t('never'))} · {t('defaults')} {fixed(c.defaults.answerThreshold, t('never'))}
            </Descriptions.Item>
            <Descriptions.Item label={t('keyWordMissing')}>
              {t('calibrated')} {fixed(c.thresholds.keyWordMissingThreshold, t('never'))} · {t('defaults')} {fixed(c.defaults.keyWordMissingThreshold, t('never'))}
            </Descriptions.Item>
            <Descriptions.Item label={t('margin')}>
              {t('calibrated')} {fixed(c.thresholds.answerMargin, t('never'))} · {t('defaults')} {fixed(c.defaults.answerMargin, t('never'))}
            </Descriptions.Item>
            {c.thresholds.model && <Descriptions.Item label={t('scale')}>{t('scaleModel')}</Descriptions.Item>}
            <Descriptions.Item label={t('probes')}>
              {PROBE_KINDS.map((kind) => `${t(kind)} ${c.probes[kind] ?? 0}`).join(' · ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('computedAt')}>{new Date(c.computedAt).toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('inForce')}>{report.inForce === 'calibration' ? t('calibrated') : t('defaults')}</Descriptions.Item>
          </Descriptions>
          <List<ConfusablePair>
            size="small"
            header={<Typography.Text strong>{t('pairs')}</Typography.Text>}
            locale={{ emptyText: t('noPairs') }}
            dataSource={c.confusablePairs}
            data-testid="confusable-pairs"
            renderItem={(pair) => (
              <List.Item>
                <Space orientation="vertical" size={0}>
                  <Space wrap>
                    <a href={knowledgeLink(pair.questions[0])}>{pair.questions[0]}</a>
                    <Typography.Text type="secondary">⇄</Typography.Text>
                    <a href={knowledgeLink(pair.questions[1])}>{pair.questions[1]}</a>
                    <Tag>{t('confused', { n: pair.confusedProbes, of: pair.probes })}</Tag>
                  </Space>
                  {pair.examples[0] && <Typography.Text type="secondary">{t('example', { q: pair.examples[0].question })}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        </Space>
      )}
    </Card>
  );
}
