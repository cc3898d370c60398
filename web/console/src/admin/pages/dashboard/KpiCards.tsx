/** The dashboard's headline numbers for the chosen range, one card each. */
import { Card, Col, Row, Statistic } from 'antd';
import { useT } from '../../../shared/i18n';
import { decisionsOf, type Overview } from './overview';

const messages = {
  zh: {
    conversations: '会话数',
    answerRate: '直接回答率',
    clarifyRate: '反问澄清率',
    fallbackRate: '兜底率',
    handoffs: '转人工',
    medianWait: '排队等待（中位数）',
    p90: 'P90 {value}',
    satisfaction: '满意度',
    ratings: '{count} 个评价',
    none: '—',
    seconds: '{s} 秒',
    minutes: '{m} 分 {s} 秒',
  },
  en: {
    conversations: 'Conversations',
    answerRate: 'Answered directly',
    clarifyRate: 'Asked back',
    fallbackRate: 'Fallback',
    handoffs: 'Hand-offs',
    medianWait: 'Queue wait (median)',
    p90: 'P90 {value}',
    satisfaction: 'Satisfaction',
    ratings: '{count} ratings',
    none: '—',
    seconds: '{s}s',
    minutes: '{m}m {s}s',
  },
};

const PERCENT = 100;
/** Cards share a row and wrap below this width: all seven in one row on a laptop. */
const CARD_FLEX = '1 1 150px';
const SECONDS_PER_MINUTE = 60;
/** Averages of 1–5 scores shown to one decimal. */
const SCORE_DIGITS = 1;

export function KpiCards({ overview }: { overview: Overview }) {
  const t = useT(messages);
  const { totals } = overview;
  const decisions = decisionsOf(totals.outcomes);
  const rate = (n: number) => (decisions === 0 ? t('none') : `${Math.round((n / decisions) * PERCENT)}%`);
  const duration = (seconds: number | null) => {
    if (seconds === null) return t('none');
    const whole = Math.round(seconds);
    if (whole < SECONDS_PER_MINUTE) return t('seconds', { s: whole });
    return t('minutes', { m: Math.floor(whole / SECONDS_PER_MINUTE), s: whole % SECONDS_PER_MINUTE });
  };
  const { satisfaction, wait } = totals;
  const cards = [
    { key: 'conversations', title: t('conversations'), value: String(totals.conversations) },
    { key: 'answer-rate', title: t('answerRate'), value: rate(totals.outcomes.answer) },
    { key: 'clarify-rate', title: t('clarifyRate'), value: rate(totals.outcomes.clarify) },
    { key: 'fallback-rate', title: t('fallbackRate'), value: rate(totals.outcomes.fallback) },
    { key: 'handoffs', title: t('handoffs'), value: String(totals.handoffs) },
    { key: 'median-wait', title: t('medianWait'), value: duration(wait.medianSeconds), note: wait.p90Seconds === null ? undefined : t('p90', { value: duration(wait.p90Seconds) }) },
    {
      key: 'satisfaction',
      title: t('satisfaction'),
      value: satisfaction.average === null ? t('none') : `${satisfaction.average.toFixed(SCORE_DIGITS)} / 5`,
      note: t('ratings', { count: satisfaction.count }),
    },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((card) => (
        <Col key={card.key} flex={CARD_FLEX}>
          <Card size="small" data-testid={`kpi-${card.key}`}>
            <Statistic title={card.title} value={card.value} />
            {card.note && <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{card.note}</div>}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
