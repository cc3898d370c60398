/**
 * The editor's small inputs: a labelled field that shows its issues, a target picker (any text
 * may be typed — the server says when it names no step), rich content as text with the other
 * block types in JSON, and a JSON field for the parts a form would not make simpler.
 */
import { AutoComplete, Button, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '../../../shared/i18n';
import type { FlowIssue, RichBlock } from './model';

const messages = {
  zh: { addText: '添加一段文字', remove: '删除', badJson: 'JSON 格式不对：{error}', block: '{type} 内容（JSON）', text: '文字' },
  en: { addText: 'Add text', remove: 'Remove', badJson: 'Not valid JSON: {error}', block: '{type} block (JSON)', text: 'Text' },
};

/** A form row with its label bound to the input (`id`) and the server's issues under it. */
export function Field({ id, label, issues, children, extra }: { id: string; label: ReactNode; issues?: FlowIssue[]; children: ReactNode; extra?: ReactNode }) {
  const help = issues && issues.length > 0 ? issues.map((i) => i.message).join('；') : undefined;
  return (
    <Form.Item label={label} htmlFor={id} validateStatus={help ? 'error' : undefined} help={help} extra={extra} style={{ marginBottom: 12 }}>
      {children}
    </Form.Item>
  );
}

export function TargetInput({ id, value, steps, onChange, allowClear }: { id: string; value: string | undefined; steps: string[]; onChange(value: string | undefined): void; allowClear?: boolean }) {
  return (
    <AutoComplete
      id={id}
      value={value ?? ''}
      options={steps.map((s) => ({ value: s }))}
      onChange={(v: string) => onChange(v === '' ? undefined : v)}
      allowClear={allowClear}
      filterOption={(input, option) => String(option?.value ?? '').includes(input)}
      style={{ width: '100%' }}
    />
  );
}

/** Rich blocks: text blocks as text areas (what operators mostly write), any other block as JSON. */
export function BlocksInput({ id, value, onChange }: { id: string; value: RichBlock[] | undefined; onChange(value: RichBlock[] | undefined): void }) {
  const t = useT(messages);
  const blocks = value ?? [];
  const replace = (index: number, block: RichBlock | null) => {
    const next = blocks.flatMap((b, i) => (i !== index ? [b] : block ? [block] : []));
    onChange(next.length > 0 ? next : undefined);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {blocks.map((block, index) => (
        <div key={index} style={{ display: 'flex', gap: 8 }}>
          <div style={{ flex: 1 }}>
            {block.type === 'text' ? (
              <Input.TextArea
                id={index === 0 ? id : `${id}-${index}`}
                aria-label={t('text')}
                autoSize={{ minRows: 2, maxRows: 8 }}
                value={block.text ?? ''}
                onChange={(e) => replace(index, { ...block, text: e.target.value })}
              />
            ) : (
              <JsonInput id={index === 0 ? id : `${id}-${index}`} label={t('block', { type: block.type })} value={block} onChange={(v) => replace(index, v as RichBlock)} />
            )}
          </div>
          <Button aria-label={t('remove')} onClick={() => replace(index, null)}>
            ×
          </Button>
        </div>
      ))}
      <Button size="small" onClick={() => onChange([...blocks, { type: 'text', text: '' }])}>
        {t('addText')}
      </Button>
    </Space>
  );
}

/** JSON text kept as typed; the value changes only when it parses (the error says why not). */
export function JsonInput({
  id,
  label,
  value,
  onChange,
  rows = 3,
  check,
}: {
  id: string;
  label: string;
  value: unknown;
  onChange(value: unknown): void;
  rows?: number;
  /** Refuses parsed JSON the caller cannot take (its reason is shown); the value then stays. */
  check?: (value: unknown) => string | null;
}) {
  const t = useT(messages);
  const format = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  // A change from outside (another step selected, a version restored) replaces what is typed.
  useEffect(() => {
    setText((typed) => {
      try {
        if (JSON.stringify(JSON.parse(typed)) === JSON.stringify(value)) return typed;
      } catch {
        // what was typed is not JSON: the outside value wins
      }
      return format(value);
    });
    setError(null);
  }, [value]);
  return (
    <>
      <Input.TextArea
        id={id}
        aria-label={label}
        autoSize={{ minRows: rows, maxRows: 16 }}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        value={text}
        status={error ? 'error' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setError(null);
            onChange(undefined);
            return;
          }
          let parsed: unknown;
          try {
            parsed = JSON.parse(e.target.value);
          } catch (err) {
            setError(t('badJson', { error: (err as Error).message }));
            return;
          }
          const refused = check?.(parsed) ?? null;
          setError(refused);
          if (refused === null) onChange(parsed);
        }}
      />
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
    </>
  );
}
