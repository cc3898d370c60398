/**
 * A bot's list of sites or hosts, one per line, saved whole: 网站接入 (the sites that may embed
 * the widget — with the snippet to paste) and 外部调用白名单 (the hosts its flows may call).
 * The server checks and normalises each entry; a refused one is marked at its line.
 */
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../../shared/i18n';
import { TabForm } from './TabForm';

const messages = {
  zh: { add: '添加一行', remove: '删除 {entry}', empty: '还没有添加。' },
  en: { add: 'Add a line', remove: 'Remove {entry}', empty: 'None yet.' },
};

export interface HostListTabProps {
  tab: string;
  /** The field name the server's issues use (`allowedOrigins.0`). */
  field: 'allowedOrigins' | 'callHosts';
  title: string;
  help: string;
  placeholder: string;
  entries: string[];
  readOnly: boolean;
  onDirty(dirty: boolean): void;
  save(entries: string[]): Promise<string[]>;
  /** Shown under the list (the embed snippet). */
  footer?: ReactNode;
}

export function HostListTab({ tab, field, title, help, placeholder, entries, readOnly, onDirty, save, footer }: HostListTabProps) {
  const t = useT(messages);
  const toForm = (list: string[]) => ({ [field]: list }) as Record<string, string[]>;
  return (
    <Card size="small" title={title}>
      <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>
      <TabForm<Record<string, string[]>> tab={tab} initial={toForm(entries)} readOnly={readOnly} onDirty={onDirty} save={async (values) => toForm(await save((values[field] ?? []).map((e) => e.trim()).filter(Boolean)))}>
        {() => (
          <Form.List name={field}>
            {(lines, { add, remove }) => (
              <>
                {lines.length === 0 && <Alert type="warning" showIcon message={t('empty')} style={{ marginBottom: 12 }} />}
                {lines.map((line, i) => (
                  <Space key={line.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={line.name}>
                      <Input aria-label={`${title} ${i + 1}`} placeholder={placeholder} style={{ width: 360 }} data-testid={`${field}-${i}`} />
                    </Form.Item>
                    <Button aria-label={t('remove', { entry: String(i + 1) })} onClick={() => remove(line.name)}>
                      ×
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add('')} style={{ marginBottom: 16 }} data-testid={`add-${field}`}>
                  {t('add')}
                </Button>
              </>
            )}
          </Form.List>
        )}
      </TabForm>
      {footer}
    </Card>
  );
}
