/**
 * One flow's editor: its drawn graph (click a step to edit it), a form for its name, trigger
 * and steps, the whole definition as JSON for power users, its versions with restore, and the
 * test panel beside it. The server validates as the operator types (debounced) and its issues
 * are shown at the step they belong to; a flow with issues cannot be saved.
 */
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Spin, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { Field, JsonInput } from './fields';
import { FlowGraph } from './FlowGraph';
import { definitionOf, FLOW_STATUSES, issuesByStep, newStep, STEP_KINDS, type FlowDefinition, type FlowIssue, type FlowStep, type FlowVersion, type StepKind, type StoredFlow } from './model';
import { StepForm } from './StepForm';
import { TestPanel } from './TestPanel';

const messages = {
  zh: {
    back: '返回列表',
    save: '保存',
    saved: '已保存为第 {version} 版',
    unchanged: '没有改动',
    checking: '正在校验…',
    valid: '校验通过',
    issues: '有 {count} 个问题，改好后才能保存',
    general: '基本信息',
    form: '表单编辑',
    json: '高级 JSON',
    versions: '版本',
    name: '名称',
    description: '说明',
    status: '状态',
    published: '已发布',
    draft: '草稿',
    archived: '已归档',
    trigger: '触发方式',
    keywords: '关键词（顾客消息包含时触发）',
    events: '网站事件',
    entryIds: '知识条目（匹配到时改走流程）',
    onConversationStart: '对话开始时触发',
    steps: '步骤',
    settings: '运行设置',
    maxVisitsPerNode: '同一步骤最多进入次数（防止原地打转）',
    onLoopExceeded: '超过后',
    loopHandoff: '转人工',
    loopEnd: '结束流程',
    onTopicSwitch: '顾客问了别的问题，回答后',
    resume: '继续流程',
    drop: '放弃流程',
    cancelWords: '取消词',
    skipWords: '跳过词',
    pickStep: '选择步骤',
    newStepId: '新步骤 id',
    newStepKind: '新步骤类型',
    addStep: '添加步骤',
    stepExists: '已有步骤“{id}”',
    sample: '请在这里填写要说的话',
    noStep: '在流程图里点一个步骤，或从上面选择',
    wholeFlow: '整个流程（JSON）',
    notEditable: '需要是一个对象，其中 nodes 是“步骤 id → 步骤对象”，trigger（如有）是对象',
    version: '版本',
    change: '变更',
    changedBy: '操作人',
    changedAt: '时间',
    restore: '恢复此版本',
    restoreConfirm: '把第 {version} 版恢复为当前版本？（会生成新版本，当前未保存的修改会丢失）',
    restored: '已恢复第 {version} 版（新版本 {current}）',
    current: '当前',
    loadFailed: '加载失败：{message}',
    saveFailed: '保存失败：{message}',
    created: '创建',
    updated: '修改',
    restoredChange: '恢复',
    unsaved: '有未保存的修改',
    leave: '放弃未保存的修改，返回列表？',
    leaveOk: '放弃修改',
    stay: '继续编辑',
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
    back: 'Back to list',
    save: 'Save',
    saved: 'Saved as version {version}',
    unchanged: 'Nothing changed',
    checking: 'Checking…',
    valid: 'Valid',
    issues: '{count} issue(s) to fix before saving',
    general: 'General',
    form: 'Form',
    json: 'Advanced JSON',
    versions: 'Versions',
    name: 'Name',
    description: 'Description',
    status: 'Status',
    published: 'Published',
    draft: 'Draft',
    archived: 'Archived',
    trigger: 'Trigger',
    keywords: 'Keywords (in the customer’s message)',
    events: 'Site events',
    entryIds: 'Knowledge entries (run the flow instead)',
    onConversationStart: 'On conversation start',
    steps: 'Steps',
    settings: 'Run settings',
    maxVisitsPerNode: 'Most entries into one step (stops loops)',
    onLoopExceeded: 'Beyond that',
    loopHandoff: 'hand off',
    loopEnd: 'end the flow',
    onTopicSwitch: 'After answering an unrelated question',
    resume: 'resume the flow',
    drop: 'drop the flow',
    cancelWords: 'Cancel words',
    skipWords: 'Skip words',
    pickStep: 'Pick a step',
    newStepId: 'New step id',
    newStepKind: 'New step kind',
    addStep: 'Add step',
    stepExists: 'Step “{id}” exists',
    sample: 'Write what to say here',
    noStep: 'Click a step in the graph, or pick one above',
    wholeFlow: 'The whole flow (JSON)',
    notEditable: 'Needs an object whose nodes map step ids to step objects, and whose trigger (if any) is an object',
    version: 'Version',
    change: 'Change',
    changedBy: 'By',
    changedAt: 'When',
    restore: 'Restore',
    restoreConfirm: 'Make version {version} current again? (a new version; unsaved edits are lost)',
    restored: 'Version {version} restored (now version {current})',
    current: 'current',
    loadFailed: 'Could not load: {message}',
    saveFailed: 'Could not save: {message}',
    created: 'created',
    updated: 'updated',
    restoredChange: 'restored',
    unsaved: 'Unsaved changes',
    leave: 'Discard unsaved changes and go back to the list?',
    leaveOk: 'Discard',
    stay: 'Keep editing',
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

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** JSON the form and the graph can show (the server judges the rest). */
function editableShape(value: unknown): boolean {
  return isObject(value) && isObject(value.nodes) && Object.values(value.nodes).every(isObject) && (value.trigger === undefined || isObject(value.trigger));
}

/** Validation waits this long after the last keystroke (one request per pause, not per key). */
const VALIDATE_DEBOUNCE_MS = 400;

export function FlowEditor({ id, onBack }: { id: string; onBack(): void }) {
  const t = useT(messages);
  const { message, modal } = App.useApp();
  const [stored, setStored] = useState<StoredFlow | null>(null);
  const [draft, setDraft] = useState<FlowDefinition | null>(null);
  const [issues, setIssues] = useState<FlowIssue[]>([]);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState('form');
  const [testStep, setTestStep] = useState<string | null>(null);
  const [versions, setVersions] = useState<FlowVersion[]>([]);

  const loadVersions = useCallback(async () => {
    setVersions((await api<{ items: FlowVersion[] }>('GET', `/api/v1/flows/${encodeURIComponent(id)}/versions`)).items);
  }, [id]);

  const adopt = useCallback((flow: StoredFlow) => {
    setStored(flow);
    setDraft(definitionOf(flow));
  }, []);

  useEffect(() => {
    api<StoredFlow>('GET', `/api/v1/flows/${encodeURIComponent(id)}`)
      .then((flow) => {
        adopt(flow);
        setSelected(flow.start);
      })
      .catch((err: Error) => setLoadError(err.message));
    loadVersions().catch((err: Error) => message.error(t('loadFailed', { message: err.message })));
    // Loaded once per flow: a language switch must not reload (and drop the draft).
  }, [id, adopt, loadVersions]);

  // Validate as the operator edits: one request per pause; a late answer to an old draft is dropped.
  useEffect(() => {
    if (!draft) return;
    let current = true;
    setChecking(true);
    const timer = setTimeout(() => {
      api<{ valid: boolean; issues: FlowIssue[] }>('POST', '/api/v1/flows/validate', draft)
        .then((result) => current && setIssues(result.issues))
        .catch((err: Error) => current && setIssues([{ path: '', message: err.message, code: 'request_failed' }]))
        .finally(() => current && setChecking(false));
    }, VALIDATE_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [draft]);

  const byStep = useMemo(() => issuesByStep(issues), [issues]);
  const dirty = useMemo(() => stored !== null && draft !== null && JSON.stringify(definitionOf(stored)) !== JSON.stringify(draft), [stored, draft]);

  if (loadError) return <Alert type="error" showIcon message={t('loadFailed', { message: loadError })} action={<Button onClick={onBack}>{t('back')}</Button>} />;
  if (!draft || !stored) return <Spin />;

  const stepIds = Object.keys(draft.nodes);
  const update = (patch: Partial<FlowDefinition>) => setDraft({ ...draft, ...patch });
  const updateTrigger = (patch: Partial<FlowDefinition['trigger']>) => {
    const trigger = { ...draft.trigger, ...patch };
    for (const [key, value] of Object.entries(trigger)) if (value === undefined || (Array.isArray(value) && value.length === 0)) delete trigger[key as keyof typeof trigger];
    update({ trigger });
  };
  // Settings the form does not show (time zone, business hours) stay as they are; the JSON tab has them.
  const setting = <T,>(key: string) => draft.settings?.[key] as T | undefined;
  const updateSettings = (patch: Record<string, unknown>) => {
    const settings = { ...draft.settings, ...patch };
    for (const [key, value] of Object.entries(settings)) if (value === undefined) delete settings[key];
    update({ settings });
  };
  const updateStep = (stepId: string, step: FlowStep) => update({ nodes: { ...draft.nodes, [stepId]: step } });
  const removeStep = (stepId: string) => {
    const { [stepId]: _removed, ...nodes } = draft.nodes;
    update({ nodes });
    setSelected(draft.start === stepId ? null : draft.start);
  };
  const general = byStep.get('') ?? [];
  const fieldIssues = (path: string) => general.filter((i) => i.path === path || i.path.startsWith(`${path}.`));

  const save = async () => {
    setSaving(true);
    try {
      const saved = await api<StoredFlow>('PUT', `/api/v1/flows/${encodeURIComponent(id)}`, draft);
      if (saved.version === stored.version) message.info(t('unchanged'));
      else message.success(t('saved', { version: saved.version }));
      adopt(saved);
      await loadVersions();
    } catch (err) {
      const details = err instanceof ApiError ? (err.details as { issues?: FlowIssue[] } | undefined) : undefined;
      if (details?.issues) setIssues(details.issues);
      message.error(t('saveFailed', { message: (err as Error).message }));
    } finally {
      setSaving(false);
    }
  };

  const restore = async (version: number) => {
    try {
      const flow = await api<StoredFlow>('POST', `/api/v1/flows/${encodeURIComponent(id)}/versions/${version}/restore`);
      adopt(flow);
      message.success(t('restored', { version, current: flow.version }));
      await loadVersions();
    } catch (err) {
      message.error(t('saveFailed', { message: (err as Error).message }));
    }
  };

  const back = () => {
    if (!dirty) return onBack();
    modal.confirm({ title: t('leave'), okText: t('leaveOk'), cancelText: t('stay'), okButtonProps: { danger: true }, onOk: onBack });
  };

  const changeName = (change: string) => (change === 'created' ? t('created') : change === 'updated' ? t('updated') : change === 'restored' ? t('restoredChange') : change === 'archived' ? t('archived') : change);

  return (
    <div data-section="flows" data-flow={id}>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Button onClick={back}>{t('back')}</Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {draft.name}
          </Typography.Title>
          <Tag>{id}</Tag>
          <Tag color="blue">v{stored.version}</Tag>
          {dirty ? <Tag color="orange">{t('unsaved')}</Tag> : null}
        </Space>
        <Space>
          <Typography.Text type={issues.length > 0 ? 'danger' : 'secondary'} data-testid="flow-validation">
            {checking ? t('checking') : issues.length > 0 ? t('issues', { count: issues.length }) : t('valid')}
          </Typography.Text>
          <Button type="primary" onClick={() => void save()} loading={saving} disabled={checking || issues.length > 0 || !dirty}>
            {t('save')}
          </Button>
        </Space>
      </Space>
      {issues.length > 0 ? (
        <Alert
          type="error"
          showIcon
          data-testid="flow-issues"
          style={{ marginBottom: 12 }}
          message={t('issues', { count: issues.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {issues.map((issue) => {
                const step = /^nodes\.([^.]+)/.exec(issue.path)?.[1];
                return (
                  <li key={issue.path + issue.message}>
                    {step && draft.nodes[step] ? (
                      <Typography.Link
                        onClick={() => {
                          setSelected(step);
                          setTab('form');
                        }}
                      >
                        {issue.path}
                      </Typography.Link>
                    ) : (
                      <Typography.Text code>{issue.path || '—'}</Typography.Text>
                    )}{' '}
                    {issue.message}
                  </li>
                );
              })}
            </ul>
          }
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <FlowGraph flow={draft} issues={byStep} selected={selected} active={testStep} onSelect={(step) => {
            setSelected(step);
            setTab('form');
          }} />
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'form',
                label: t('form'),
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Card size="small" title={t('general')}>
                      <Form layout="vertical" component="div">
                        <Row gutter={12}>
                          <Col span={12}>
                            <Field id="flow-name" label={t('name')} issues={fieldIssues('name')}>
                              <Input id="flow-name" value={draft.name} onChange={(e) => update({ name: e.target.value })} />
                            </Field>
                          </Col>
                          <Col span={12}>
                            <Field id="flow-status" label={t('status')} issues={fieldIssues('status')}>
                              <Select id="flow-status" value={draft.status ?? 'published'} onChange={(status) => update({ status })} options={FLOW_STATUSES.map((s) => ({ value: s, label: t(s) }))} />
                            </Field>
                          </Col>
                        </Row>
                        <Field id="flow-description" label={t('description')} issues={fieldIssues('description')}>
                          <Input.TextArea id="flow-description" autoSize={{ minRows: 1, maxRows: 4 }} value={draft.description ?? ''} onChange={(e) => update({ description: e.target.value || undefined })} />
                        </Field>
                        <Typography.Text strong>{t('trigger')}</Typography.Text>
                        <Field id="flow-keywords" label={t('keywords')} issues={fieldIssues('trigger.keywords')}>
                          <Select id="flow-keywords" mode="tags" value={draft.trigger?.keywords ?? []} onChange={(keywords: string[]) => updateTrigger({ keywords })} tokenSeparators={[',', '，']} open={false} />
                        </Field>
                        <Row gutter={12}>
                          <Col span={12}>
                            <Field id="flow-events" label={t('events')} issues={fieldIssues('trigger.events')}>
                              <Select id="flow-events" mode="tags" value={draft.trigger?.events ?? []} onChange={(events: string[]) => updateTrigger({ events })} open={false} />
                            </Field>
                          </Col>
                          <Col span={12}>
                            <Field id="flow-entries" label={t('entryIds')} issues={fieldIssues('trigger.entryIds')}>
                              <Select id="flow-entries" mode="tags" value={draft.trigger?.entryIds ?? []} onChange={(entryIds: string[]) => updateTrigger({ entryIds })} open={false} />
                            </Field>
                          </Col>
                        </Row>
                        <Field id="flow-on-start" label={t('onConversationStart')} issues={fieldIssues('trigger.onConversationStart')}>
                          <Switch id="flow-on-start" checked={draft.trigger?.onConversationStart === true} onChange={(on) => updateTrigger({ onConversationStart: on || undefined })} />
                        </Field>
                      </Form>
                    </Card>
                    <Card size="small" title={t('settings')}>
                      <Form layout="vertical" component="div">
                        <Row gutter={12}>
                          <Col span={8}>
                            <Field id="flow-max-visits" label={t('maxVisitsPerNode')} issues={fieldIssues('settings.maxVisitsPerNode')}>
                              <InputNumber id="flow-max-visits" min={1} max={100} value={setting<number>('maxVisitsPerNode')} onChange={(v) => updateSettings({ maxVisitsPerNode: v ?? undefined })} />
                            </Field>
                          </Col>
                          <Col span={8}>
                            <Field id="flow-on-loop" label={t('onLoopExceeded')} issues={fieldIssues('settings.onLoopExceeded')}>
                              <Select id="flow-on-loop" value={setting<string>('onLoopExceeded')} onChange={(v: string) => updateSettings({ onLoopExceeded: v })} options={[{ value: 'handoff', label: t('loopHandoff') }, { value: 'end', label: t('loopEnd') }]} />
                            </Field>
                          </Col>
                          <Col span={8}>
                            <Field id="flow-on-topic" label={t('onTopicSwitch')} issues={fieldIssues('settings.onTopicSwitch')}>
                              <Select id="flow-on-topic" value={setting<string>('onTopicSwitch')} onChange={(v: string) => updateSettings({ onTopicSwitch: v })} options={[{ value: 'resume', label: t('resume') }, { value: 'drop', label: t('drop') }]} />
                            </Field>
                          </Col>
                        </Row>
                        <Row gutter={12}>
                          <Col span={12}>
                            <Field id="flow-cancel-words" label={t('cancelWords')} issues={fieldIssues('settings.cancelWords')}>
                              <Select id="flow-cancel-words" mode="tags" open={false} value={setting<string[]>('cancelWords') ?? []} onChange={(v: string[]) => updateSettings({ cancelWords: v })} />
                            </Field>
                          </Col>
                          <Col span={12}>
                            <Field id="flow-skip-words" label={t('skipWords')} issues={fieldIssues('settings.skipWords')}>
                              <Select id="flow-skip-words" mode="tags" open={false} value={setting<string[]>('skipWords') ?? []} onChange={(v: string[]) => updateSettings({ skipWords: v })} />
                            </Field>
                          </Col>
                        </Row>
                      </Form>
                    </Card>
                    <StepPicker
                      steps={stepIds}
                      broken={byStep}
                      selected={selected}
                      onSelect={setSelected}
                      onAdd={(stepId, kind) => {
                        updateStep(stepId, newStep(kind, selected ?? draft.start, t('sample')));
                        setSelected(stepId);
                      }}
                      kindLabel={(kind) => t(kind)}
                      labels={{ steps: t('steps'), pick: t('pickStep'), newId: t('newStepId'), newKind: t('newStepKind'), add: t('addStep'), exists: t('stepExists') }}
                    />
                    {selected && draft.nodes[selected] ? (
                      <StepForm
                        key={selected}
                        id={selected}
                        step={draft.nodes[selected]}
                        isStart={draft.start === selected}
                        steps={stepIds}
                        issues={byStep.get(selected) ?? []}
                        sample={t('sample')}
                        onChange={(step) => updateStep(selected, step)}
                        onMakeStart={() => update({ start: selected })}
                        onRemove={() => removeStep(selected)}
                      />
                    ) : (
                      <Empty description={t('noStep')} />
                    )}
                  </Space>
                ),
              },
              {
                key: 'json',
                label: t('json'),
                children: (
                  <JsonInput
                    id="flow-json"
                    label={t('wholeFlow')}
                    rows={24}
                    value={draft}
                    check={(value) => (editableShape(value) ? null : t('notEditable'))}
                    onChange={(value) => setDraft(value as FlowDefinition)}
                  />
                ),
              },
              {
                key: 'versions',
                label: t('versions'),
                children: (
                  <Table<FlowVersion>
                    size="small"
                    rowKey="version"
                    dataSource={versions}
                    pagination={false}
                    columns={[
                      { title: t('version'), dataIndex: 'version', render: (v: number) => (v === stored.version ? <Space>v{v}<Tag color="blue">{t('current')}</Tag></Space> : `v${v}`) },
                      { title: t('change'), dataIndex: 'change', render: changeName },
                      { title: t('changedBy'), dataIndex: 'changedBy' },
                      { title: t('changedAt'), dataIndex: 'changedAt', render: (at: string) => new Date(at).toLocaleString() },
                      {
                        title: '',
                        key: 'restore',
                        render: (_, v) =>
                          v.version === stored.version ? null : (
                            <Popconfirm title={t('restoreConfirm', { version: v.version })} onConfirm={() => void restore(v.version)}>
                              <Button size="small">{t('restore')}</Button>
                            </Popconfirm>
                          ),
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Col>
        <Col xs={24} xl={9}>
          <TestPanel flow={draft} onStep={setTestStep} />
        </Col>
      </Row>
    </div>
  );
}

function StepPicker({
  steps,
  broken,
  selected,
  onSelect,
  onAdd,
  kindLabel,
  labels,
}: {
  steps: string[];
  broken: Map<string, FlowIssue[]>;
  selected: string | null;
  onSelect(id: string): void;
  onAdd(id: string, kind: StepKind): void;
  kindLabel(kind: StepKind): string;
  labels: { steps: string; pick: string; newId: string; newKind: string; add: string; exists: string };
}) {
  const [newId, setNewId] = useState('');
  const [kind, setKind] = useState<StepKind>('message');
  const taken = steps.includes(newId.trim());
  return (
    <Space wrap align="start">
      <Typography.Text strong>{labels.steps}</Typography.Text>
      <Select
        aria-label={labels.pick}
        data-testid="step-picker"
        style={{ minWidth: 200 }}
        value={selected ?? undefined}
        placeholder={labels.pick}
        onChange={onSelect}
        options={steps.map((s) => ({ value: s, label: broken.has(s) ? <Typography.Text type="danger">{s} ⚠</Typography.Text> : s }))}
      />
      <Space.Compact>
        <Input aria-label={labels.newId} placeholder={labels.newId} value={newId} onChange={(e) => setNewId(e.target.value)} status={taken ? 'error' : undefined} title={taken ? labels.exists : undefined} />
        <Select aria-label={labels.newKind} value={kind} onChange={setKind} style={{ width: 120 }} options={STEP_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
        <Button
          disabled={newId.trim() === '' || taken}
          onClick={() => {
            onAdd(newId.trim(), kind);
            setNewId('');
          }}
        >
          {labels.add}
        </Button>
      </Space.Compact>
    </Space>
  );
}
