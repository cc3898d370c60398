/**
 * One knowledge entry in a drawer: the standard question and its similar questions, category,
 * tags, status and validity, and the answer — plain text by default, rich blocks added through
 * forms — with the customer's view beside it, live. Saving sends a plain string when the answer
 * is just text. The server's validation errors are shown at the field they concern.
 */
import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Card, Col, DatePicker, Drawer, Dropdown, Form, Input, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { AnswerPreview } from './AnswerPreview';
import { BlockForm, FORM_BLOCK_TYPES, type FormBlockType } from './BlockForm';
import { blockLine, useReadableLabels } from './readable';
import { KB_API, isProposedEdit, type EntrySnapshot, type EntryStatus, type KnowledgeEntry, type ProposedEdit, type RichBlock, type ValidationIssue } from './types';
import { VersionsPanel } from './VersionsPanel';

/** Wide enough for the form and the preview side by side on a desktop. */
const DRAWER_WIDTH = 1080;

const messages = {
  zh: {
    newTitle: '新建知识条目',
    editTitle: '编辑知识条目',
    tabEdit: '内容',
    tabVersions: '版本历史',
    question: '标准问',
    questionRequired: '请填写标准问',
    similar: '相似问',
    similarItem: '相似问 {n}',
    addSimilar: '加一个相似问',
    removeSimilar: '删除相似问 {n}',
    learned: '学到的问法（顾客说法，权重低于相似问）',
    removeLearned: '删除学到的问法 {n}',
    category: '分类',
    tags: '标签',
    tagsHint: '输入后回车',
    status: '状态',
    validFrom: '生效时间',
    validTo: '失效时间',
    answer: '答案',
    answerText: '答案文字',
    answerHint: '直接写顾客会看到的话；需要链接、图片、按钮或卡片时再添加。',
    addBlock: '添加富内容',
    addText: '再加一段文字',
    link: '链接',
    image: '图片',
    buttons: '快捷回复按钮',
    card: '卡片',
    editBlock: '修改',
    removeBlock: '删除',
    keptBlock: '（导入的内容，可删除）',
    preview: '顾客看到的样子',
    save: '保存',
    cancel: '取消',
    saveFailed: '保存失败：{message}',
    submitted: '已提交审核：另一位主管或管理员通过后才会发布',
  },
  en: {
    newTitle: 'New knowledge entry',
    editTitle: 'Edit knowledge entry',
    tabEdit: 'Content',
    tabVersions: 'Versions',
    question: 'Standard question',
    questionRequired: 'Please fill in the standard question',
    similar: 'Similar questions',
    similarItem: 'Similar question {n}',
    addSimilar: 'Add a similar question',
    removeSimilar: 'Remove similar question {n}',
    learned: 'Learned phrasings (customers’ wording, weighed below similar questions)',
    removeLearned: 'Remove learned phrasing {n}',
    category: 'Category',
    tags: 'Tags',
    tagsHint: 'Type and press Enter',
    status: 'Status',
    validFrom: 'Valid from',
    validTo: 'Valid until',
    answer: 'Answer',
    answerText: 'Answer text',
    answerHint: 'Write what the customer will read; add links, images, buttons or cards when needed.',
    addBlock: 'Add rich content',
    addText: 'Add another paragraph',
    link: 'Link',
    image: 'Image',
    buttons: 'Quick-reply buttons',
    card: 'Card',
    editBlock: 'Edit',
    removeBlock: 'Remove',
    keptBlock: '(imported content, can be removed)',
    preview: 'What the customer sees',
    save: 'Save',
    cancel: 'Cancel',
    saveFailed: 'Could not save: {message}',
    submitted: 'Submitted for review: published once another supervisor or admin approves',
  },
};

interface FormValues {
  question: string;
  similarQuestions: string[];
  learnedQuestions: string[];
  category?: string;
  tags: string[];
  status: EntryStatus;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
}

const FORM_FIELDS = new Set(['question', 'similarQuestions', 'learnedQuestions', 'category', 'tags', 'status', 'validFrom', 'validTo']);

/** A validity time as the server should store it: unchanged when the operator did not touch it. */
function validityValue(picked: Dayjs | null | undefined, original: string | null | undefined): string | null {
  if (!picked) return null;
  if (original && dayjs(original).isSame(picked)) return original;
  return picked.toISOString();
}

/** A plain string when the answer is one paragraph of text (the common case), else the blocks. */
function answerForSaving(blocks: RichBlock[]): string | RichBlock[] {
  const kept = blocks.filter((b) => b.type !== 'text' || b.text.trim() !== '');
  if (kept.length === 0) return '';
  return kept.length === 1 && kept[0].type === 'text' ? kept[0].text : kept;
}

export interface EntryEditorProps {
  /** The entry to edit, or null for a new one. */
  entry: KnowledgeEntry | null;
  categories: string[];
  statusName(status: EntrySnapshot['status']): string;
  onSaved(entry: KnowledgeEntry): void;
  /** The save (or a restore) became a proposal in the review queue: nothing is published yet. */
  onSubmitted(): void;
  onClose(): void;
}

export function EntryEditor({ entry, categories, statusName, onSaved, onSubmitted, onClose }: EntryEditorProps) {
  const t = useT(messages);
  const labels = useReadableLabels();
  const [form] = Form.useForm<FormValues>();
  const [current, setCurrent] = useState<KnowledgeEntry | null>(entry);
  const [blocks, setBlocks] = useState<RichBlock[]>(entry?.answer ?? [{ type: 'text', text: '' }]);
  const [answerError, setAnswerError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ kind: FormBlockType; index: number | null } | null>(null);
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const initialValues = useMemo<FormValues>(
    () => ({
      question: entry?.question ?? '',
      similarQuestions: entry?.similarQuestions ?? [],
      learnedQuestions: entry?.learnedQuestions ?? [],
      category: entry?.category ?? undefined,
      tags: entry?.tags ?? [],
      status: entry?.status ?? 'published',
      validFrom: entry?.validFrom ? dayjs(entry.validFrom) : null,
      validTo: entry?.validTo ? dayjs(entry.validTo) : null,
    }),
    [entry],
  );

  /** After a restore the drawer shows the restored content. */
  const showEntry = (next: KnowledgeEntry) => {
    setCurrent(next);
    setBlocks(next.answer);
    form.setFieldsValue({
      question: next.question,
      similarQuestions: next.similarQuestions,
      learnedQuestions: next.learnedQuestions ?? [],
      category: next.category ?? undefined,
      tags: next.tags,
      status: next.status,
      validFrom: next.validFrom ? dayjs(next.validFrom) : null,
      validTo: next.validTo ? dayjs(next.validTo) : null,
    });
  };

  const showIssues = (issues: ValidationIssue[]) => {
    const unplaced: string[] = [];
    for (const issue of issues) {
      const [field, ...rest] = issue.path.split('.');
      if (field === 'answer') setAnswerError(issue.message);
      else if (FORM_FIELDS.has(field)) form.setFields([{ name: [field, ...rest.map((p) => (/^\d+$/.test(p) ? Number(p) : p))] as never, errors: [issue.message] }]);
      else unplaced.push(issue.message);
    }
    if (unplaced.length > 0) setFormError(unplaced.join('；'));
  };

  const save = async () => {
    setAnswerError(null);
    setFormError(null);
    const values = await form.validateFields().catch(() => null); // the form shows what is missing
    if (!values) return;
    const body = {
      question: values.question,
      similarQuestions: (values.similarQuestions ?? []).map((q) => q?.trim()).filter(Boolean),
      // Read from the form's store (the list has no inputs): what is left after removals.
      learnedQuestions: (form.getFieldValue('learnedQuestions') as string[] | undefined) ?? current?.learnedQuestions ?? [],
      category: values.category?.trim() || null,
      tags: values.tags ?? [],
      status: values.status,
      validFrom: validityValue(values.validFrom, current?.validFrom),
      validTo: validityValue(values.validTo, current?.validTo),
      answer: answerForSaving(blocks),
    };
    setSaving(true);
    setSubmitted(false);
    try {
      const saved = current ? await api<KnowledgeEntry | ProposedEdit>('PATCH', `${KB_API}/entries/${encodeURIComponent(current.id)}`, body) : await api<KnowledgeEntry | ProposedEdit>('POST', `${KB_API}/entries`, body);
      if (isProposedEdit(saved)) {
        setSubmitted(true);
        onSubmitted();
        return;
      }
      setCurrent(saved);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'WENDU_VALIDATION') showIssues((err.details as { issues?: ValidationIssue[] })?.issues ?? []);
      else setFormError(t('saveFailed', { message: (err as Error).message }));
    } finally {
      setSaving(false);
    }
  };

  const setText = (index: number, text: string) => setBlocks((bs) => bs.map((b, i) => (i === index ? { type: 'text', text } : b)));
  const removeBlock = (index: number) => setBlocks((bs) => bs.filter((_, i) => i !== index));
  const blockDone = (block: RichBlock) => {
    if (!editing) return;
    setBlocks((bs) => (editing.index === null ? [...bs, block] : bs.map((b, i) => (i === editing.index ? block : b))));
    setEditing(null);
  };
  const textCount = blocks.filter((b) => b.type === 'text').length;

  const answerEditor = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('answerHint')}</Typography.Text>
      {blocks.map((block, index) =>
        block.type === 'text' ? (
          <Space.Compact key={index} style={{ width: '100%' }}>
            <Input.TextArea
              aria-label={textCount > 1 ? `${t('answerText')} ${index + 1}` : t('answerText')}
              value={block.text}
              onChange={(e) => setText(index, e.target.value)}
              autoSize={{ minRows: 3, maxRows: 12 }}
              status={answerError ? 'error' : undefined}
            />
            {textCount > 1 && <Button aria-label={`${t('removeBlock')} ${t('answerText')} ${index + 1}`} icon={<DeleteOutlined />} onClick={() => removeBlock(index)} />}
          </Space.Compact>
        ) : (
          <Card key={index} size="small" data-testid="answer-block">
            <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>
                {blockLine(block, labels)}
                {!(FORM_BLOCK_TYPES as string[]).includes(block.type) && <Typography.Text type="secondary"> {t('keptBlock')}</Typography.Text>}
              </Typography.Text>
              <Space>
                {(FORM_BLOCK_TYPES as string[]).includes(block.type) && (
                  <Button size="small" icon={<EditOutlined />} aria-label={`${t('editBlock')} ${blockLine(block, labels)}`} onClick={() => setEditing({ kind: block.type as FormBlockType, index })}>
                    {t('editBlock')}
                  </Button>
                )}
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t('removeBlock')} ${blockLine(block, labels)}`} onClick={() => removeBlock(index)} />
              </Space>
            </Space>
          </Card>
        ),
      )}
      {answerError && (
        <Typography.Text type="danger" role="alert" data-testid="answer-error">
          {answerError}
        </Typography.Text>
      )}
      <Space wrap>
        <Dropdown menu={{ items: FORM_BLOCK_TYPES.map((kind) => ({ key: kind, label: t(kind) })), onClick: ({ key }) => setEditing({ kind: key as FormBlockType, index: null }) }}>
          <Button icon={<PlusOutlined />}>{t('addBlock')}</Button>
        </Dropdown>
        <Button onClick={() => setBlocks((bs) => [...bs, { type: 'text', text: '' }])}>{t('addText')}</Button>
      </Space>
    </Space>
  );

  const editTab = (
    <Row gutter={24}>
      <Col xs={24} lg={14}>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        {submitted && <Alert type="info" showIcon title={t('submitted')} style={{ marginBottom: 12 }} data-testid="review-notice" />}
        <Form form={form} layout="vertical" initialValues={initialValues} name="knowledge-entry">
          <Form.Item name="question" label={t('question')} rules={[{ required: true, whitespace: true, message: t('questionRequired') }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('similar')}>
            <Form.List name="similarQuestions">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((field, i) => (
                    <Space.Compact key={field.key} style={{ width: '100%' }}>
                      <Form.Item name={field.name} noStyle>
                        <Input aria-label={t('similarItem', { n: i + 1 })} />
                      </Form.Item>
                      <Button aria-label={t('removeSimilar', { n: i + 1 })} icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />
                    </Space.Compact>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                    {t('addSimilar')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
          {/* Learned phrasings are read-only: they come from customers through learning; an operator only removes them. */}
          <Form.List name="learnedQuestions">
            {(fields, { remove }) =>
              fields.length > 0 && (
                <Form.Item label={t('learned')}>
                  <Space wrap data-testid="learned-questions">
                    {fields.map((field, i) => (
                      <Tag key={field.key} closable closeIcon={<span aria-label={t('removeLearned', { n: i + 1 })}>×</span>} onClose={(e) => (e.preventDefault(), remove(field.name))}>
                        {form.getFieldValue(['learnedQuestions', field.name])}
                      </Tag>
                    ))}
                  </Space>
                </Form.Item>
              )
            }
          </Form.List>
          <Form.Item label={t('answer')} required>
            {answerEditor}
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="category" label={t('category')}>
                <AutoComplete options={categories.map((c) => ({ value: c }))} filterOption allowClear />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="status" label={t('status')}>
                <Select options={(['published', 'draft', 'archived'] as const).map((s) => ({ value: s, label: statusName(s) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="tags" label={t('tags')} tooltip={t('tagsHint')}>
            <Select mode="tags" open={false} suffixIcon={null} aria-label={t('tags')} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="validFrom" label={t('validFrom')}>
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="validTo" label={t('validTo')}>
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('preview')} style={{ position: 'sticky', top: 0 }}>
          <AnswerPreview blocks={blocks} />
        </Card>
      </Col>
    </Row>
  );

  return (
    <Drawer
      open
      size={Math.min(DRAWER_WIDTH, window.innerWidth)}
      title={current ? t('editTitle') : t('newTitle')}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" loading={saving} onClick={save}>
            {t('save')}
          </Button>
        </Space>
      }
    >
      {current ? (
        <Tabs
          items={[
            { key: 'edit', label: t('tabEdit'), children: editTab, forceRender: true },
            { key: 'versions', label: t('tabVersions'), children: <VersionsPanel entry={current} statusName={statusName} onRestored={(e) => {
                  showEntry(e);
                  onSaved(e);
                }} onSubmitted={onSubmitted} /> },
          ]}
        />
      ) : (
        editTab
      )}
      {editing && (
        <BlockForm kind={editing.kind} block={editing.index === null ? undefined : blocks[editing.index]} onDone={blockDone} onCancel={() => setEditing(null)} />
      )}
    </Drawer>
  );
}
