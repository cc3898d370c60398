/**
 * 自校准趋势: every self-calibration the bot computed (GET /api/v1/calibration/history), as lines
 * over time — answered right, wrong, asked back on its own questions — so an operator sees
 * whether their knowledge edits made the bot better or worse. Reloaded when the card beside it
 * recalibrates (`version`).
 */
import { Alert, Card, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { Chart, type ChartOption } from './Chart';
import type { CalibrationHistoryPoint } from './overview';

const messages = {
  zh: {
    title: '自校准趋势：改了知识库之后是变好还是变差',
    right: '直接答对',
    wrong: '会答错',
    askedBack: '反问',
    pairs: '分不清的条目对',
    empty: '还没有校准记录：知识库有改动后会自动校准。',
    points: '共 {n} 次校准',
    failed: '没有加载出来：{message}',
  },
  en: {
    title: 'Self-calibration over time: did the edits make the bot better or worse',
    right: 'Answered right',
    wrong: 'Would be wrong',
    askedBack: 'Asked back',
    pairs: 'Confusable pairs',
    empty: 'No calibrations recorded yet: the bot calibrates after the knowledge base changes.',
    points: '{n} calibrations',
    failed: 'Could not load: {message}',
  },
};

const PERCENT = 100;
/** Rates drawn to one decimal of a percent, as the report's sentence says them. */
const ONE_DECIMAL = 10;
/** Times on the axis as MM-DD HH:mm. */
const TIME_START = 5;
const TIME_END = 16;

export function CalibrationHistoryChart({ version }: { version: number }) {
  const t = useT(messages);
  const [points, setPoints] = useState<CalibrationHistoryPoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<{ points: CalibrationHistoryPoint[] }>('GET', '/api/v1/calibration/history')
      .then((history) => {
        setPoints(history.points);
        setError(null);
      })
      .catch((err: unknown) => setError(t('failed', { message: err instanceof ApiError || err instanceof Error ? err.message : String(err) })));
  }, [version, t]);

  const option = useMemo<ChartOption>(() => {
    const list = points ?? [];
    const pct = (x: number) => Math.round(x * PERCENT * ONE_DECIMAL) / ONE_DECIMAL;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 40, top: 40, bottom: 24 },
      xAxis: { type: 'category', data: list.map((p) => p.computedAt.replace('T', ' ').slice(TIME_START, TIME_END)) },
      yAxis: [
        { type: 'value', max: PERCENT, axisLabel: { formatter: '{value}%' } },
        { type: 'value', minInterval: 1, position: 'right' },
      ],
      series: [
        { type: 'line', name: t('right'), color: '#52c41a', data: list.map((p) => pct(p.rates.answeredRight)) },
        { type: 'line', name: t('wrong'), color: '#f5222d', data: list.map((p) => pct(p.rates.answeredWrong)) },
        { type: 'line', name: t('askedBack'), color: '#faad14', data: list.map((p) => pct(p.rates.askedBack)) },
        { type: 'line', name: t('pairs'), color: '#8c8c8c', lineStyle: { type: 'dashed' }, yAxisIndex: 1, data: list.map((p) => p.confusablePairs) },
      ],
    };
  }, [points, t]);

  return (
    <Card title={t('title')} data-testid="calibration-history" extra={points && <Typography.Text type="secondary">{t('points', { n: points.length })}</Typography.Text>}>
      {error && <Alert type="error" showIcon title={error} />}
      {points && points.length === 0 && <Typography.Text type="secondary">{t('empty')}</Typography.Text>}
      {points && points.length > 0 && <Chart option={option} label={t('title')} testId="chart-calibration-history" />}
    </Card>
  );
}
