/**
 * The dashboard's headline numbers for the chosen range, one card each: conversations, what the
 * bot resolved alone, how often it handed off, fell back or asked back, satisfaction with the bot
 * (👍 share) and with the agents (average rating), and the people's times (queue wait, first
 * response, handling; median with p90 beneath).
 */
import { Card, Col, Row, Statistic } from 'antd';
import { useT } from '../../../shared/i18n';
import { decisionsOf, type Overview, type Spread, type Summary } from './overview';

const messages = {
  zh: {
    conversations: '会话数',
    botResolved: '机器人独立解决',
    ofConversations: '占会话 {rate}',
    answerRate: '直接回答率',
    clarifyRate: '反问澄清率',
    fallbackRate: '兜底率',
    handoffRate: '转人工率',
    handoffs: '{count} 次转人工',
    botHelpful: '机器人答案 👍 占比',
    votes: '{up} 👍 · {down} 👎',
    agentRating: '人工满意度',
    ratings: '{count} 个评价',
    queueWait: '排队等待（中位数）',
    firstResponse: '人工首次响应（中位数）',
    handling: '人工处理时长（中位数）',
    p90: 'P90 {value}',
    none: '—',
    seconds: '{s} 秒',
    minutes: '{m} 分 {s} 秒',
  },
  en: {
    conversations: 'Conversations',
    botResolved: 'Resolved by the bot',
    ofConversations: '{rate} of conversations',
    answerRate: 'Answered directly',
    clarifyRate: 'Asked back',
    fallbackRate: 'Fallback',
    handoffRate: 'Hand-off rate',
    handoffs: '{count} hand-offs',
    botHelpful: 'Bot answers 👍 share',
    votes: '{up} 👍 · {down} 👎',
    agentRating: 'Agent satisfaction',
    ratings: '{count} ratings',
    queueWait: 'Queue wait (median)',
    firstResponse: 'First response (median)',
    handling: 'Handling time (median)',
    p90: 'P90 {value}',
    none: '—',
    seconds: '{s}s',
    minutes: '{m}m {s}s',
  },
};

const PERCENT = 100;
/** Cards share a row and wrap below this width: five to a row on a laptop. */
const CARD_FLEX = '1 1 180px';
const SECONDS_PER_MINUTE = 60;
/** Averages of 1–5 scores shown to one decimal. */
const SCORE_DIGITS = 1;

export function KpiCards({ overview, summary }: { overview: Overview; summary: Summary }) {
  const t = useT(messages);
  const { totals } = overview;
  // The rates of the bot's decisions share one denominator: every decision on a question.
  const decisions = decisionsOf(totals.outcomes);
  const percent = (share: number | null) => (share === null ? t('none') : `${Math.round(share * PERCENT)}%`);
  const ofDecisions = (n: number) => percent(decisions === 0 ? null : n / decisions);
  const duration = (seconds: number | null) => {
    if (seconds === null) return t('none');
    const whole = Math.round(seconds);
    if (whole < SECONDS_PER_MINUTE) return t('seconds', { s: whole });
    return t('minutes', { m: Math.floor(whole / SECONDS_PER_MINUTE), s: whole % SECONDS_PER_MINUTE });
  };
  const p90 = (spread: Spread) => (spread.p90Seconds === null ? undefined : t('p90', { value: duration(spread.p90Seconds) }));
  const { agents, bot } = summary.satisfaction;
  const cards = [
    { key: 'conversations', title: t('conversations'), value: String(summary.conversations) },
    { key: 'bot-resolved', title: t('botResolved'), value: String(summary.botResolved), note: t('ofConversations', { rate: percent(summary.botResolvedRate) }) },
    { key: 'handoff-rate', title: t('handoffRate'), value: percent(summary.conversations === 0 ? null : summary.handoffs.total / summary.conversations), note: t('handoffs', { count: summary.handoffs.total }) },
    { key: 'answer-rate', title: t('answerRate'), value: ofDecisions(totals.outcomes.answer) },
    { key: 'fallback-rate', title: t('fallbackRate'), value: ofDecisions(totals.outcomes.fallback) },
    { key: 'clarify-rate', title: t('clarifyRate'), value: ofDecisions(totals.outcomes.clarify) },
    { key: 'bot-helpful', title: t('botHelpful'), value: percent(bot.helpfulRate), note: t('votes', { up: bot.helpful, down: bot.notHelpful }) },
    { key: 'agent-rating', title: t('agentRating'), value: agents.average === null ? t('none') : `${agents.average.toFixed(SCORE_DIGITS)} / 5`, note: t('ratings', { count: agents.count }) },
    { key: 'queue-wait', title: t('queueWait'), value: duration(summary.queueWait.medianSeconds), note: p90(summary.queueWait) },
    { key: 'first-response', title: t('firstResponse'), value: duration(summary.firstResponse.medianSeconds), note: p90(summary.firstResponse) },
    { key: 'handling', title: t('handling'), value: duration(summary.handling.medianSeconds), note: p90(summary.handling) },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((card) => (
        <Col key={card.key} flex={CARD_FLEX}>
          <Card size="small" data-testid={`kpi-${card.key}`}>
            <Statistic title={card.title} value={card.value} />
            {card.note && (
              <div data-testid={`kpi-${card.key}-note`} style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
                {card.note}
              </div>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
