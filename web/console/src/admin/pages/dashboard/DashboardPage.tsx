/**
 * 数据概览: what customers asked and how it went, for a date range (the last 7 days first) —
 * headline cards and the window's breakdowns (GET /api/v1/analytics/summary, downloadable as
 * CSV), the per-day charts (…/overview), the biggest open unresolved clusters, the latest
 * questions the bot could not answer outright, each with a one-click fix (UnansweredList), and
 * how the bot's self-calibration does on its own knowledge, now (CalibrationCard) and over time
 * (CalibrationHistoryChart).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, DatePicker, Row, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, request } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { KpiCards } from './KpiCards';
import { OverviewCharts } from './OverviewCharts';
import type { Overview, Summary, UnansweredQuestion, UnresolvedClusterBrief } from './overview';
import { UnansweredList } from './UnansweredList';
import { CalibrationCard } from './CalibrationCard';
import { CalibrationHistoryChart } from './CalibrationHistoryChart';
import { SummaryCharts } from './SummaryCharts';

const messages = {
  zh: { title: '数据概览', range: '日期范围', utc: '按 UTC 日期统计', failed: '数据没有加载出来：{message}', csv: '下载 CSV', csvFailed: 'CSV 没有下载成功：{message}' },
  en: { title: 'Dashboard', range: 'Date range', utc: 'Days are UTC days', failed: 'Could not load the numbers: {message}', csv: 'Download CSV', csvFailed: 'Could not download the CSV: {message}' },
};

/** How many unanswered questions the list shows. */
const UNANSWERED_SHOWN = 20;
/** How many of the unresolved inbox's biggest open clusters the dashboard shows. */
const CLUSTERS_SHOWN = 5;
const DAY_FORMAT = 'YYYY-MM-DD';

export default function DashboardPage() {
  const t = useT(messages);
  /** null: the server's default range (the last 7 days). */
  const [range, setRange] = useState<[string, string] | null>(null);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [clusters, setClusters] = useState<UnresolvedClusterBrief[]>([]);
  const [questions, setQuestions] = useState<UnansweredQuestion[]>([]);
  const [calibrations, setCalibrations] = useState(0);
  const [downloading, setDownloading] = useState(false);
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const query = range ? `?${new URLSearchParams({ from: range[0], to: range[1] })}` : '';
      const [next, nextSummary, unresolved, unanswered] = await Promise.all([
        api<Overview>('GET', `/api/v1/analytics/overview${query}`),
        api<Summary>('GET', `/api/v1/analytics/summary${query}`),
        api<{ clusters: UnresolvedClusterBrief[] }>('GET', `/api/v1/learning/unresolved?limit=${CLUSTERS_SHOWN}`),
        api<{ questions: UnansweredQuestion[] }>('GET', `/api/v1/analytics/unanswered?limit=${UNANSWERED_SHOWN}`),
      ]);
      setOverview(next);
      setSummary(nextSummary);
      setClusters(unresolved.clusters);
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

  // The CSV needs the bearer token, so it is fetched (not linked) and handed to the browser as a file.
  const downloadCsv = async () => {
    if (!overview) return;
    setDownloading(true);
    try {
      const response = await request('GET', `/api/v1/analytics/summary?${new URLSearchParams({ from: overview.from, to: overview.to, format: 'csv' })}`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `wendu-summary-${overview.from}-${overview.to}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      void message.error(t('csvFailed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setDownloading(false);
    }
  };

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
            <Button icon={<DownloadOutlined />} onClick={downloadCsv} loading={downloading} disabled={!overview} data-testid="download-csv">
              {t('csv')}
            </Button>
          </Space>
        </Space>
        {error && <Alert type="error" showIcon title={error} />}
        {!(overview && summary) && loading && <Spin />}
        {overview && summary && (
          <Spin spinning={loading}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <KpiCards overview={overview} summary={summary} />
              <OverviewCharts overview={overview} />
              <SummaryCharts summary={summary} clusters={clusters} />
              <UnansweredList questions={questions} />
            </Space>
          </Spin>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <CalibrationCard onRecalibrated={() => setCalibrations((n) => n + 1)} />
          </Col>
          <Col xs={24} xl={10}>
            <CalibrationHistoryChart version={calibrations} />
          </Col>
        </Row>
      </Space>
    </div>
  );
}
