/**
 * Bulk import and export. An import file is checked as a whole by the server first: when any
 * row is bad nothing is written, and the report (row, column, reason) is shown so the operator
 * can fix the file and import it again. Exports download through fetch (the API needs the
 * bearer token, so a plain link cannot do it).
 */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, request } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { KB_API, type ImportReport, type ImportRowError } from './types';

/** The formats the API reads and writes (src/kb/file-columns.ts IMPORT_FORMATS). */
const FILE_FORMATS = ['csv', 'xlsx', 'json'] as const;

const messages = {
  zh: {
    import: '批量导入',
    title: '批量导入知识条目',
    hint: '支持 CSV、XLSX、JSON。必需的列：question（标准问）、answer（答案）；可选：similar_questions（相似问，用 | 分隔）、category、tags、status、valid_from、valid_to、id。先整体检查：只要有一行有问题，就一条也不写入。',
    choose: '选择文件并导入',
    refused: '“{file}”有 {count} 处问题，没有写入任何条目。请修改文件后重新导入。',
    row: '行',
    column: '列',
    reason: '原因',
    wholeFile: '整个文件',
    done: '“{file}”导入完成：新增 {created} 条，更新 {updated} 条，未变 {skipped} 条。',
    failed: '导入失败：{message}',
    close: '关闭',
    export: '导出 {format}',
    exportFailed: '导出失败：{message}',
  },
  en: {
    import: 'Bulk import',
    title: 'Import knowledge entries',
    hint: 'CSV, XLSX or JSON. Required columns: question, answer; optional: similar_questions (separated by |), category, tags, status, valid_from, valid_to, id. The whole file is checked first: if any row is bad, nothing is written.',
    choose: 'Choose a file and import',
    refused: '“{file}” has {count} problem(s); nothing was written. Fix the file and import it again.',
    row: 'Row',
    column: 'Column',
    reason: 'Reason',
    wholeFile: 'whole file',
    done: '“{file}” imported: {created} new, {updated} updated, {skipped} unchanged.',
    failed: 'Import failed: {message}',
    close: 'Close',
    export: 'Export {format}',
    exportFailed: 'Export failed: {message}',
  },
};

type Outcome = { file: string; report: ImportReport } | { file: string; errors: ImportRowError[] } | { file: string; failure: string };

export function ImportButton({ onImported }: { onImported(): void }) {
  const t = useT(messages);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setOutcome(null);
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const report = (await (await request('POST', `${KB_API}/import`, { raw: body })).json()) as ImportReport;
      setOutcome({ file: file.name, report });
      onImported();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'WENDU_IMPORT_INVALID') setOutcome({ file: file.name, errors: (err.details as { errors: ImportRowError[] }).errors });
      else setOutcome({ file: file.name, failure: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        {t('import')}
      </Button>
      <Modal open={open} title={t('title')} onCancel={() => setOpen(false)} footer={<Button onClick={() => setOpen(false)}>{t('close')}</Button>} width={760} destroyOnHidden>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('hint')}</Typography.Paragraph>
          <Upload
            accept={FILE_FORMATS.map((f) => `.${f}`).join(',')}
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false; // we send it ourselves, with the bearer token
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={busy}>
              {t('choose')}
            </Button>
          </Upload>
          {outcome && 'report' in outcome && <Alert type="success" showIcon data-testid="import-done" title={t('done', { file: outcome.file, created: outcome.report.created, updated: outcome.report.updated, skipped: outcome.report.skipped })} />}
          {outcome && 'failure' in outcome && <Alert type="error" showIcon title={t('failed', { message: outcome.failure })} />}
          {outcome && 'errors' in outcome && (
            <>
              <Alert type="error" showIcon data-testid="import-refused" title={t('refused', { file: outcome.file, count: outcome.errors.length })} />
              <div data-testid="import-errors">
                <Table<ImportRowError>
                  size="small"
                  rowKey={(e, i) => `${e.row}-${e.column}-${i}`}
                  pagination={false}
                  dataSource={outcome.errors}
                  columns={[
                    { title: t('row'), dataIndex: 'row', width: 70, render: (row: number) => (row === 0 ? t('wholeFile') : row) },
                    { title: t('column'), dataIndex: 'column', width: 160 },
                    { title: t('reason'), dataIndex: 'reason' },
                  ]}
                />
              </div>
            </>
          )}
        </Space>
      </Modal>
    </>
  );
}

/** The server names the file (wendu-knowledge-<day>.<format>); fall back to a plain name. */
function fileNameOf(response: Response, format: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? `wendu-knowledge.${format}`;
}

export function ExportButtons({ onError }: { onError(message: string): void }) {
  const t = useT(messages);
  const download = async (format: (typeof FILE_FORMATS)[number]) => {
    try {
      const response = await request('GET', `${KB_API}/export?format=${format}`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = fileNameOf(response, format);
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    } catch (err) {
      onError(t('exportFailed', { message: (err as Error).message }));
    }
  };
  return (
    <Space.Compact>
      {FILE_FORMATS.map((format) => (
        <Button key={format} icon={<DownloadOutlined />} onClick={() => download(format)}>
          {t('export', { format: format.toUpperCase() })}
        </Button>
      ))}
    </Space.Compact>
  );
}
