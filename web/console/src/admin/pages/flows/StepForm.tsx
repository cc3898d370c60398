/**
 * The form of one step: the fields of its kind (the message; the slot to ask and how its answer
 * is checked; the branches; the call…), each with the server's issues for it.
 */
import { Alert, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../../shared/i18n';
import { BlocksInput, Field, JsonInput, TargetInput } from './fields';
import { ENTITY_TYPES, HTTP_METHODS, newStep, STEP_KINDS, stepLinks, type AnswerRule, type ChoiceOption, type FlowIssue, type FlowStep, type StepKind } from './model';

const messages = {
  zh: {
    step: '步骤 {id}',
    kind: '类型',
    start: '起始步骤',
    makeStart: '设为起始步骤',
    remove: '删除步骤',
    removeConfirm: '确定删除步骤“{id}”？指向它的连线会失效。',
    content: '消息内容',
    next: '下一步',
    slot: '保存到变量',
    prompt: '提问',
    validate: '答案校验',
    entity: '实体类型',
    pattern: '正则表达式',
    all: '保留所有匹配（列表）',
    options: '选项',
    optionValue: '值',
    optionLabel: '按钮文字',
    optionSynonyms: '同义说法（用逗号分隔）',
    addOption: '添加选项',
    removeOption: '删除选项',
    maxRetries: '最多重问次数',
    reprompt: '答错时先说',
    onFail: '答不上时去',
    optional: '可以跳过',
    branches: '分支（按顺序，第一个成立的生效）',
    when: '条件 {n}（JSON）',
    branchNext: '条件 {n} 成立时去',
    addBranch: '添加分支',
    removeBranch: '删除分支 {n}',
    else: '都不成立时去',
    method: '请求方法',
    url: '地址',
    timeoutMs: '超时（毫秒）',
    headers: '请求头（JSON）',
    body: '请求体（JSON，可用 {{变量}}）',
    saveAs: '保存结果到变量（JSON：变量 → 响应路径）',
    onStatus: '按状态码跳转（JSON：状态码 → 步骤）',
    onError: '出错时去',
    slots: '变量（JSON：变量 → 模板）',
    reason: '转人工原因',
    handoffContent: '转人工时说（可选）',
    endContent: '结束时说（可选）',
    target: '跳转到',
    any: '任意回答',
    regex: '正则',
    choice: '选项',
    entityRule: '实体',
    message: '消息',
    ask: '提问',
    condition: '条件',
    call: '调用接口',
    set: '设置变量',
    handoff: '转人工',
    end: '结束',
    goto: '跳转',
  },
  en: {
    step: 'Step {id}',
    kind: 'Kind',
    start: 'Start step',
    makeStart: 'Make it the start',
    remove: 'Delete step',
    removeConfirm: 'Delete step “{id}”? Links to it will break.',
    content: 'Message',
    next: 'Next step',
    slot: 'Save into slot',
    prompt: 'Question',
    validate: 'Answer check',
    entity: 'Entity',
    pattern: 'Regular expression',
    all: 'Keep every match (a list)',
    options: 'Options',
    optionValue: 'Value',
    optionLabel: 'Button label',
    optionSynonyms: 'Synonyms (comma separated)',
    addOption: 'Add option',
    removeOption: 'Remove option',
    maxRetries: 'Retries',
    reprompt: 'On a wrong answer, first say',
    onFail: 'When never answered, go to',
    optional: 'May be skipped',
    branches: 'Branches (in order; the first that holds wins)',
    when: 'Condition {n} (JSON)',
    branchNext: 'When condition {n} holds, go to',
    addBranch: 'Add branch',
    removeBranch: 'Remove branch {n}',
    else: 'Otherwise go to',
    method: 'Method',
    url: 'URL',
    timeoutMs: 'Timeout (ms)',
    headers: 'Headers (JSON)',
    body: 'Body (JSON, {{slots}} allowed)',
    saveAs: 'Save into slots (JSON: slot → response path)',
    onStatus: 'By status (JSON: status → step)',
    onError: 'On error go to',
    slots: 'Slots (JSON: slot → template)',
    reason: 'Hand-off reason',
    handoffContent: 'Say on hand-off (optional)',
    endContent: 'Say at the end (optional)',
    target: 'Go to',
    any: 'Any answer',
    regex: 'Regex',
    choice: 'Choice',
    entityRule: 'Entity',
    message: 'Message',
    ask: 'Ask',
    condition: 'Condition',
    call: 'Call',
    set: 'Set',
    handoff: 'Hand-off',
    end: 'End',
    goto: 'Go to',
  },
};

/** Synonyms are typed as one line; both comma kinds separate (Chinese input gives "，"). */
const SYNONYM_SEPARATOR = /[,，、]/;

export interface StepFormProps {
  id: string;
  step: FlowStep;
  isStart: boolean;
  steps: string[];
  issues: FlowIssue[];
  /** Placeholder text for what a step of a new kind says. */
  sample: string;
  onChange(step: FlowStep): void;
  onMakeStart(): void;
  onRemove(): void;
}

export function StepForm({ id, step, isStart, steps, issues, sample, onChange, onMakeStart, onRemove }: StepFormProps) {
  const t = useT(messages);
  const at = (field: string) => issues.filter((i) => i.path === `nodes.${id}.${field}` || i.path.startsWith(`nodes.${id}.${field}.`));
  const set = (patch: Partial<FlowStep>) => {
    const next: FlowStep = { ...step, ...patch };
    for (const key of Object.keys(patch)) if (next[key] === undefined) delete next[key];
    onChange(next);
  };
  const fid = (field: string) => `step-${field}`;
  const target = (field: 'next' | 'onFail' | 'else' | 'onError' | 'target', optional = false) => (
    <Field id={fid(field)} label={t(field)} issues={at(field)}>
      <TargetInput id={fid(field)} value={step[field] as string | undefined} steps={steps.filter((s) => s !== id || field === 'target')} onChange={(v) => set({ [field]: v })} allowClear={optional} />
    </Field>
  );
  const stepWide = issues.filter((i) => i.path === `nodes.${id}` || i.path === `nodes.${id}.kind`);
  return (
    <Card
      size="small"
      data-testid="step-form"
      data-step={id}
      title={
        <Space>
          {t('step', { id })}
          <Select<StepKind>
            aria-label={t('kind')}
            size="small"
            value={step.kind}
            style={{ width: 110 }}
            options={STEP_KINDS.map((k) => ({ value: k, label: t(k) }))}
            // A step of another kind starts fresh, keeping where it led.
            onChange={(kind) => onChange(newStep(kind, stepLinks(step)[0]?.target ?? '', sample))}
          />
          {isStart ? <Tag color="orange">{t('start')}</Tag> : null}
        </Space>
      }
      extra={
        <Space>
          {isStart ? null : (
            <Button size="small" onClick={onMakeStart}>
              {t('makeStart')}
            </Button>
          )}
          <Popconfirm title={t('removeConfirm', { id })} onConfirm={onRemove}>
            <Button size="small" danger>
              {t('remove')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      {stepWide.map((issue) => (
        <Alert key={issue.path + issue.message} type="error" showIcon message={issue.message} style={{ marginBottom: 8 }} />
      ))}
      <Form layout="vertical" component="div">
        {step.kind === 'message' ? (
          <>
            <Field id={fid('content')} label={t('content')} issues={at('content')}>
              <BlocksInput id={fid('content')} value={step.content} onChange={(content) => set({ content })} />
            </Field>
            {target('next')}
          </>
        ) : null}
        {step.kind === 'ask' ? (
          <>
            <Field id={fid('prompt')} label={t('prompt')} issues={at('prompt')}>
              <BlocksInput id={fid('prompt')} value={step.prompt} onChange={(prompt) => set({ prompt })} />
            </Field>
            <Field id={fid('slot')} label={t('slot')} issues={at('slot')}>
              <Input id={fid('slot')} value={step.slot ?? ''} onChange={(e) => set({ slot: e.target.value })} />
            </Field>
            <AnswerRuleFields id={id} rule={step.validate} issues={at('validate')} onChange={(validate) => set({ validate })} />
            <Space wrap>
              <Field id={fid('maxRetries')} label={t('maxRetries')} issues={at('maxRetries')}>
                <InputNumber id={fid('maxRetries')} min={0} max={10} value={step.maxRetries} onChange={(v) => set({ maxRetries: v ?? undefined })} />
              </Field>
              <Field id={fid('optional')} label={t('optional')} issues={at('optional')}>
                <Switch id={fid('optional')} checked={step.optional === true} onChange={(optional) => set({ optional })} />
              </Field>
            </Space>
            <Field id={fid('reprompt')} label={t('reprompt')} issues={at('reprompt')}>
              <BlocksInput id={fid('reprompt')} value={step.reprompt} onChange={(reprompt) => set({ reprompt })} />
            </Field>
            {target('next')}
            {target('onFail', true)}
          </>
        ) : null}
        {step.kind === 'condition' ? (
          <>
            <Form.Item label={t('branches')} style={{ marginBottom: 4 }} />
            {(step.branches ?? []).map((branch, i) => {
              const n = i + 1;
              const replaceBranch = (patch: Partial<{ when: unknown; next: string }>) =>
                set({ branches: (step.branches ?? []).map((b, j) => (j === i ? { ...b, ...patch } : b)) });
              return (
                <Card key={i} size="small" style={{ marginBottom: 8 }} extra={<Button size="small" aria-label={t('removeBranch', { n })} onClick={() => set({ branches: (step.branches ?? []).filter((_, j) => j !== i) })}>×</Button>}>
                  <Field id={fid(`when-${i}`)} label={t('when', { n })} issues={at(`branches.${i}.when`)}>
                    <JsonInput id={fid(`when-${i}`)} label={t('when', { n })} value={branch.when} onChange={(when) => replaceBranch({ when })} />
                  </Field>
                  <Field id={fid(`branch-next-${i}`)} label={t('branchNext', { n })} issues={at(`branches.${i}.next`)}>
                    <TargetInput id={fid(`branch-next-${i}`)} value={branch.next} steps={steps} onChange={(next) => replaceBranch({ next: next ?? '' })} />
                  </Field>
                </Card>
              );
            })}
            <Button size="small" style={{ marginBottom: 12 }} onClick={() => set({ branches: [...(step.branches ?? []), { when: { kind: 'businessHours' }, next: step.else ?? '' }] })}>
              {t('addBranch')}
            </Button>
            {target('else')}
          </>
        ) : null}
        {step.kind === 'call' ? (
          <>
            <Field id={fid('url')} label={t('url')} issues={[...at('method'), ...at('url')]}>
              <Space.Compact style={{ width: '100%' }}>
                <Select aria-label={t('method')} value={step.method ?? 'GET'} style={{ width: 110 }} options={HTTP_METHODS.map((m) => ({ value: m, label: m }))} onChange={(method) => set({ method })} />
                <Input id={fid('url')} value={step.url ?? ''} onChange={(e) => set({ url: e.target.value })} />
              </Space.Compact>
            </Field>
            <Field id={fid('timeoutMs')} label={t('timeoutMs')} issues={at('timeoutMs')}>
              <InputNumber id={fid('timeoutMs')} min={1} max={30000} value={step.timeoutMs} onChange={(v) => set({ timeoutMs: v ?? undefined })} />
            </Field>
            <Field id={fid('headers')} label={t('headers')} issues={at('headers')}>
              <JsonInput id={fid('headers')} label={t('headers')} value={step.headers} onChange={(headers) => set({ headers: headers as Record<string, string> | undefined })} />
            </Field>
            <Field id={fid('body')} label={t('body')} issues={at('body')}>
              <JsonInput id={fid('body')} label={t('body')} value={step.body} onChange={(body) => set({ body })} />
            </Field>
            <Field id={fid('saveAs')} label={t('saveAs')} issues={at('saveAs')}>
              <JsonInput id={fid('saveAs')} label={t('saveAs')} value={step.saveAs} onChange={(saveAs) => set({ saveAs: saveAs as Record<string, string> | undefined })} />
            </Field>
            <Field id={fid('onStatus')} label={t('onStatus')} issues={at('onStatus')}>
              <JsonInput id={fid('onStatus')} label={t('onStatus')} value={step.onStatus} onChange={(onStatus) => set({ onStatus: onStatus as Record<string, string> | undefined })} />
            </Field>
            {target('next')}
            {target('onError', true)}
          </>
        ) : null}
        {step.kind === 'set' ? (
          <>
            <Field id={fid('slots')} label={t('slots')} issues={at('slots')}>
              <JsonInput id={fid('slots')} label={t('slots')} value={step.slots} onChange={(slots) => set({ slots: (slots ?? {}) as Record<string, string> })} />
            </Field>
            {target('next')}
          </>
        ) : null}
        {step.kind === 'handoff' ? (
          <>
            <Field id={fid('reason')} label={t('reason')} issues={at('reason')}>
              <Input id={fid('reason')} value={step.reason ?? ''} onChange={(e) => set({ reason: e.target.value })} />
            </Field>
            <Field id={fid('content')} label={t('handoffContent')} issues={at('content')}>
              <BlocksInput id={fid('content')} value={step.content} onChange={(content) => set({ content })} />
            </Field>
          </>
        ) : null}
        {step.kind === 'end' ? (
          <Field id={fid('content')} label={t('endContent')} issues={at('content')}>
            <BlocksInput id={fid('content')} value={step.content} onChange={(content) => set({ content })} />
          </Field>
        ) : null}
        {step.kind === 'goto' ? target('target') : null}
      </Form>
    </Card>
  );
}

function AnswerRuleFields({ id, rule, issues, onChange }: { id: string; rule: AnswerRule | undefined; issues: FlowIssue[]; onChange(rule: AnswerRule): void }) {
  const t = useT(messages);
  const kind = rule?.kind ?? 'any';
  const at = (field: string) => issues.filter((i) => i.path.startsWith(`nodes.${id}.validate.${field}`));
  const ruleOf = (next: AnswerRule['kind']): AnswerRule => {
    switch (next) {
      case 'entity':
        return { kind: 'entity', entity: 'order_number' };
      case 'regex':
        return { kind: 'regex', pattern: '' };
      case 'choice':
        return { kind: 'choice', options: [{ value: '', label: '' }] };
      case 'any':
        return { kind: 'any' };
    }
  };
  const own = issues.filter((i) => i.path === `nodes.${id}.validate` || i.path === `nodes.${id}.validate.kind`);
  return (
    <>
      <Field id="step-validate" label={t('validate')} issues={own}>
        <Select
          id="step-validate"
          value={kind}
          onChange={(next: AnswerRule['kind']) => onChange(ruleOf(next))}
          options={[
            { value: 'entity', label: t('entityRule') },
            { value: 'choice', label: t('choice') },
            { value: 'regex', label: t('regex') },
            { value: 'any', label: t('any') },
          ]}
        />
      </Field>
      {rule?.kind === 'entity' ? (
        <Field id="step-entity" label={t('entity')} issues={at('entity')}>
          <Select id="step-entity" value={rule.entity} options={ENTITY_TYPES.map((e) => ({ value: e, label: e }))} onChange={(entity: string) => onChange({ ...rule, entity })} />
        </Field>
      ) : null}
      {rule?.kind === 'regex' ? (
        <>
          <Field id="step-pattern" label={t('pattern')} issues={at('pattern')}>
            <Input id="step-pattern" style={{ fontFamily: 'monospace' }} value={rule.pattern} onChange={(e) => onChange({ ...rule, pattern: e.target.value })} />
          </Field>
          <Field id="step-all" label={t('all')} issues={at('all')}>
            <Switch id="step-all" checked={rule.all === true} onChange={(all) => onChange({ ...rule, all })} />
          </Field>
        </>
      ) : null}
      {rule?.kind === 'choice' ? (
        <Field id="step-option-0-label" label={t('options')} issues={at('options')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {rule.options.map((option, i) => {
              const replace = (patch: Partial<ChoiceOption>) => onChange({ ...rule, options: rule.options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
              return (
                <Space.Compact key={i} style={{ width: '100%' }}>
                  <Input id={`step-option-${i}-label`} aria-label={`${t('optionLabel')} ${i + 1}`} placeholder={t('optionLabel')} value={option.label} onChange={(e) => replace({ label: e.target.value })} style={{ width: '30%' }} />
                  <Input aria-label={`${t('optionValue')} ${i + 1}`} placeholder={t('optionValue')} value={option.value} onChange={(e) => replace({ value: e.target.value })} style={{ width: '25%' }} />
                  <SynonymsInput label={`${t('optionSynonyms')} ${i + 1}`} value={option.synonyms} onChange={(synonyms) => replace({ synonyms })} />
                  <Button aria-label={`${t('removeOption')} ${i + 1}`} onClick={() => onChange({ ...rule, options: rule.options.filter((_, j) => j !== i) })}>
                    ×
                  </Button>
                </Space.Compact>
              );
            })}
            <Button size="small" onClick={() => onChange({ ...rule, options: [...rule.options, { value: '', label: '' }] })}>
              {t('addOption')}
            </Button>
          </Space>
        </Field>
      ) : null}
    </>
  );
}

/** Synonyms typed as one line; what is typed stays as typed (a trailing comma included). */
function SynonymsInput({ label, value, onChange }: { label: string; value: string[] | undefined; onChange(value: string[] | undefined): void }) {
  const parse = (text: string) => text.split(SYNONYM_SEPARATOR).map((s) => s.trim()).filter(Boolean);
  const [text, setText] = useState(() => (value ?? []).join('，'));
  useEffect(() => {
    setText((typed) => (parse(typed).join('\u0000') === (value ?? []).join('\u0000') ? typed : (value ?? []).join('，')));
  }, [value]);
  return (
    <Input
      aria-label={label}
      placeholder={label}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const synonyms = parse(e.target.value);
        onChange(synonyms.length > 0 ? synonyms : undefined);
      }}
    />
  );
}
