/**
 * The developer view of one decision: what the bot did and why — action, confidence and the
 * margin over the runner-up against their thresholds, the rule that fired, emotion, entities,
 * the question as understood, and every candidate with its score components. Operators only.
 */
import { Alert, Descriptions, Space, Table, Tag, Typography, type DescriptionsProps } from 'antd';
import { useT } from '../../../shared/i18n';
import type { Decision, DecisionAction, TraceCandidate } from './decision';

const messages = {
  zh: {
    action: '动作',
    answer: '直接回答',
    clarify: '反问澄清',
    fallback: '兜底（没答上）',
    handoff: '转人工',
    flow: '进入流程',
    confidence: '置信度',
    atLeast: '需 ≥ {value}',
    margin: '领先第二名',
    noRunnerUp: '没有第二名',
    rule: '触发规则',
    explanation: '说明',
    resolved: '理解为',
    emotion: '情绪',
    entities: '识别到',
    none: '无',
    parts: '拆分的问题',
    candidates: '候选条目',
    entry: '条目',
    matched: '匹配到的问法',
    score: '分数',
    components: '分数构成',
    skipped: '有候选条目已过期、未生效或未发布，没有使用（见说明）。',
    elapsed: '用时 {ms} 毫秒',
    neutral: '平静',
    positive: '积极',
    negative: '不满',
    angry: '愤怒',
  },
  en: {
    action: 'Action',
    answer: 'Answered directly',
    clarify: 'Asked back (clarify)',
    fallback: 'Fallback (not answered)',
    handoff: 'Handed to a person',
    flow: 'Started a flow',
    confidence: 'Confidence',
    atLeast: 'needs ≥ {value}',
    margin: 'Lead over runner-up',
    noRunnerUp: 'no runner-up',
    rule: 'Rule fired',
    explanation: 'Explanation',
    resolved: 'Understood as',
    emotion: 'Emotion',
    entities: 'Entities',
    none: 'none',
    parts: 'Sub-questions',
    candidates: 'Candidate entries',
    entry: 'Entry',
    matched: 'Matched phrasing',
    score: 'Score',
    components: 'Score components',
    skipped: 'Some candidate entries were expired, not yet valid or unpublished and were not used (see the explanation).',
    elapsed: '{ms} ms',
    neutral: 'calm',
    positive: 'positive',
    negative: 'unhappy',
    angry: 'angry',
  },
};

const ACTION_COLORS: Record<DecisionAction, string> = { answer: 'green', clarify: 'gold', fallback: 'red', handoff: 'purple', flow: 'blue' };
const EMOTIONS = ['neutral', 'positive', 'negative', 'angry'] as const;
/** Scores and confidences are shown to three decimals: enough to compare with the thresholds. */
const DIGITS = 3;
const PERCENT = 100;
/** The policy notes candidates it could not use in its explanation (src/dialog/policy.ts). */
const SKIPPED_NOTE = /已过期、未生效或未发布/;

/** Column widths that keep questions readable next to the long list of score components. */
const ENTRY_COLUMN_PX = 220;
const MATCHED_COLUMN_PX = 180;
const NUMBER_COLUMN_PX = 80;

const fixed = (x: number) => x.toFixed(DIGITS);
const percent = (x: number) => `${Math.round(x * PERCENT)}%`;

function featureText(features: Record<string, number | boolean>): string {
  return Object.entries(features)
    .map(([name, value]) => `${name} ${typeof value === 'number' ? fixed(value) : String(value)}`)
    .join(' · ');
}

export function DecisionTrace({ decision }: { decision: Decision }) {
  const t = useT(messages);
  const { trace } = decision;
  const [first, second] = trace.candidates;
  const margin = first && second ? first.confidence - second.confidence : null;
  const emotion = (EMOTIONS as readonly string[]).includes(decision.emotion.label) ? t(decision.emotion.label as (typeof EMOTIONS)[number]) : decision.emotion.label;
  const items: DescriptionsProps['items'] = [
    {
      key: 'action',
      label: t('action'),
      children: (
        <Tag color={ACTION_COLORS[decision.action]} data-testid="trace-action">
          {t(decision.action)}
        </Tag>
      ),
    },
    {
      key: 'confidence',
      label: t('confidence'),
      children: (
        <>
          <span data-testid="trace-confidence">{percent(decision.confidence)}</span>{' '}
          <Typography.Text type="secondary">({t('atLeast', { value: percent(trace.thresholds.answer) })})</Typography.Text>
        </>
      ),
    },
    {
      key: 'margin',
      label: t('margin'),
      children: (
        <>
          {margin === null ? t('noRunnerUp') : fixed(margin)} <Typography.Text type="secondary">({t('atLeast', { value: fixed(trace.thresholds.margin) })})</Typography.Text>
        </>
      ),
    },
    {
      key: 'rule',
      label: t('rule'),
      children: (
        <Typography.Text code data-testid="trace-rule">
          {trace.rule}
        </Typography.Text>
      ),
    },
    {
      key: 'emotion',
      label: t('emotion'),
      children: (
        <>
          {emotion} {percent(decision.emotion.score)}
          {decision.emotion.cues.length > 0 && <Typography.Text type="secondary"> ({decision.emotion.cues.join('、')})</Typography.Text>}
        </>
      ),
    },
    {
      key: 'entities',
      label: t('entities'),
      children:
        decision.entities.length === 0
          ? t('none')
          : decision.entities.map((e, i) => (
              <Tag key={i}>
                {e.type}: {e.text}
              </Tag>
            )),
    },
    { key: 'resolved', label: t('resolved'), span: 2, children: trace.resolvedQuestion },
    ...(decision.parts.length > 1
      ? [
          {
            key: 'parts',
            label: t('parts'),
            span: 2,
            children: decision.parts.map((p, i) => (
              <div key={i}>
                {p.text} → <Tag color={ACTION_COLORS[p.action]}>{t(p.action)}</Tag>
                {p.entryId ?? ''} {percent(p.confidence)}
              </div>
            )),
          },
        ]
      : []),
    {
      key: 'explanation',
      label: t('explanation'),
      span: 2,
      children: (
        <>
          {trace.explanation} <Typography.Text type="secondary">· {t('elapsed', { ms: Math.round(trace.elapsedMs) })}</Typography.Text>
        </>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="decision-trace">
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={items} />
      {SKIPPED_NOTE.test(trace.explanation) && <Alert type="warning" showIcon title={t('skipped')} data-testid="trace-skipped" />}
      <Table<TraceCandidate>
        size="small"
        title={() => t('candidates')}
        rowKey={(c) => c.entryId}
        dataSource={trace.candidates}
        pagination={false}
        scroll={{ x: true }}
        data-testid="trace-candidates"
        columns={[
          {
            title: t('entry'),
            key: 'entry',
            width: ENTRY_COLUMN_PX,
            render: (_, c) => (
              <>
                <div>{c.question}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.entryId}
                </Typography.Text>
              </>
            ),
          },
          { title: t('matched'), dataIndex: 'matchedQuestion', width: MATCHED_COLUMN_PX },
          { title: t('confidence'), key: 'confidence', width: NUMBER_COLUMN_PX, render: (_, c) => percent(c.confidence) },
          { title: t('score'), key: 'score', width: NUMBER_COLUMN_PX, render: (_, c) => fixed(c.score) },
          { title: t('components'), key: 'features', render: (_, c) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{featureText(c.features)}</Typography.Text> },
        ]}
      />
    </Space>
  );
}
