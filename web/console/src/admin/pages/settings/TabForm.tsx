/**
 * One settings tab's form: saved on its own, the server's validation issues shown at their
 * field (or above the form when no field matches), unsaved changes reported to the page, and
 * read-only for a role the save route would refuse.
 */
import { Alert, App, Button, Form, Space, type FormInstance } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { issuesOf, type FieldIssue } from './settings-api';

const messages = {
  zh: { save: '保存', reset: '撤销修改', saved: '已保存', readOnly: '只有管理员可以修改这一项，您可以查看。', failed: '保存失败：{message}' },
  en: { save: 'Save', reset: 'Discard changes', saved: 'Saved', readOnly: 'Only admins can change this; you can view it.', failed: 'Could not save: {message}' },
};

type NamePath = (string | number)[];

export interface TabFormProps<T extends object> {
  /** The tab's key: `data-testid="save-<tab>"` on its save button. */
  tab: string;
  initial: T;
  readOnly: boolean;
  onDirty(dirty: boolean): void;
  /** Saves the values; resolves to what the server now holds (the form restarts from it). */
  save(values: T): Promise<T>;
  /** Fields to render; gets the form for previews and resets. */
  children: (form: FormInstance<T>) => ReactNode;
}

/** The registered field whose dotted name is the server's issue path (`allowedOrigins.0`). */
function fieldFor(form: FormInstance, path: string): NamePath | null {
  const match = form.getFieldsError().find((f) => f.name.join('.') === path);
  return match ? (match.name as NamePath) : null;
}

export function TabForm<T extends object>({ tab, initial, readOnly, onDirty, save, children }: TabFormProps<T>) {
  const t = useT(messages);
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const [busy, setBusy] = useState(false);
  const [unplaced, setUnplaced] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  /** What the server holds: where 撤销修改 goes back to. */
  const baseline = useRef<T>(initial);

  const submit = async (values: T) => {
    setBusy(true);
    setUnplaced([]);
    setFailure(null);
    try {
      baseline.current = await save(values);
      form.resetFields();
      form.setFieldsValue(baseline.current as never);
      onDirty(false);
      message.success(t('saved'));
    } catch (error) {
      const issues = issuesOf(error);
      const rest: FieldIssue[] = [];
      const placed = issues.flatMap((issue) => {
        const name = fieldFor(form, issue.path);
        if (!name) rest.push(issue);
        return name ? [{ name, errors: [issue.message] }] : [];
      });
      form.setFields(placed as never);
      setUnplaced(rest);
      if (issues.length === 0) setFailure(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<T> form={form} layout="vertical" initialValues={initial} disabled={readOnly} onFinish={submit} onValuesChange={() => onDirty(true)} data-testid={`form-${tab}`}>
      {readOnly && <Alert type="info" showIcon message={t('readOnly')} style={{ marginBottom: 16 }} />}
      {children(form)}
      {unplaced.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {unplaced.map((issue, i) => (
                <li key={i}>
                  {issue.path ? `${issue.path}: ` : ''}
                  {issue.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {failure && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={t('failed', { message: failure })} />}
      {!readOnly && (
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid={`save-${tab}`}>
            {t('save')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              form.setFieldsValue(baseline.current as never);
              setUnplaced([]);
              setFailure(null);
              onDirty(false);
            }}
          >
            {t('reset')}
          </Button>
        </Space>
      )}
    </Form>
  );
}
