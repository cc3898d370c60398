/**
 * 数据概览: what customers asked and how it went, for a date range (the last 7 days first) —
 * KPI cards, charts, and the latest questions the bot could not answer outright, each with a
 * one-click fix (UnansweredList), and how the bot's self-calibration does on its own knowledge
 * (CalibrationCard).
 */
import { Alert, DatePicker, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { KpiCards } from './KpiCards';
import { OverviewCharts } from './OverviewCharts';
import type { Overview, UnansweredQuestion } from './overview';
import { UnansweredList } from './UnansweredList';
import { CalibrationCard } from './CalibrationCard';

const messages = {
  zh: { title: '数据概览', range: '日期范围', utc: '按 UTC 日期统计', failed: '数据没有加载出来：{message}' },
  en: { title: 'Dashboard', range: 'Date range', utc: 'Days are UTC days', failed: 'Could not load the numbers: {message}' },
};

/** How many unanswered questions the list shows. */
const UNANSWERED_SHOWN = 20;
const DAY_FORMAT = 'YYYY-MM-DD';

export default function DashboardPage() {
  const t = useT(messages);
  /** null: the server's default range (the last 7 days). */
  const [range, setRange] = useState<[string, string] | null>(null);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [questions, setQuestions] = useState<UnansweredQuestion[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const query = range ? `?${new URLSearchParams({ from: range[0], to: range[1] })}` : '';
      const [next, unanswered] = await Promise.all([
        api<Overview>('GET', `/api/v1/analytics/overview${query}`),
        api<{ questions: UnansweredQuestion[] }>('GET', `/api/v1/analytics/unanswered?limit=${UNANSWERED_SHOWN}`),
      ]);
      setOverview(next);
      setQuestions(unanswered.questions);
    } catch (err) {
      setError(t('failed', { message: err instanceof ApiError || err instanceof Error ? err.message : String(err) }));
    } finally {
      setLoading(false);
    }
  }, [range, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const pickerValue: [Dayjs, Dayjs] | null = overview ? [dayjs(overview.from), dayjs(overview.to)] : null;
  return (
    <div data-section="dashboard">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('title')}
          </Typography.Title>
          <Space wrap>
            <DatePicker.RangePicker
              aria-label={t('range')}
              allowClear={false}
              value={pickerValue}
              onChange={(value) => {
                if (value?.[0] && value[1]) setRange([value[0].format(DAY_FORMAT), value[1].format(DAY_FORMAT)]);
              }}
            />
            <Typography.Text type="secondary">{t('utc')}</Typography.Text>
          </Space>
        </Space>
        {error && <Alert type="error" showIcon title={error} />}
        {!overview && loading && <Spin />}
        {overview && (
          <Spin spinning={loading}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <KpiCards overview={overview} />
              <OverviewCharts overview={overview} />
              <UnansweredList questions={questions} />
            </Space>
          </Spin>
        )}
        <CalibrationCard />
      </Space>
    </div>
  );
}
