/**
 * A rich block (link, image, quick-reply buttons, card) written through a form — never JSON.
 * The same modal adds a new block and edits one; what it returns is a RichBlock.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button as AntButton, Form, Input, Modal, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useT } from '../../../shared/i18n';
import { isWebUrl, type Button, type RichBlock } from './types';

/** The kinds an operator adds through a form (others, e.g. from an import, are kept as they are). */
export type FormBlockType = 'link' | 'image' | 'buttons' | 'card';
export const FORM_BLOCK_TYPES: FormBlockType[] = ['link', 'image', 'buttons', 'card'];
/** The server accepts at most this many buttons in one block (src/content/rich-content.ts MAX_BUTTONS). */
const MAX_BUTTONS = 10;

const messages = {
  zh: {
    link: '链接',
    image: '图片',
    buttons: '快捷回复按钮',
    card: '卡片',
    add: '添加{kind}',
    edit: '修改{kind}',
    ok: '确定',
    cancel: '取消',
    title: '标题',
    url: '链接地址',
    imageUrl: '图片地址',
    alt: '图片说明（读屏软件会读出）',
    intro: '按钮上方的说明（可不填）',
    text: '正文',
    cardUrl: '点击卡片打开的链接（可不填）',
    cardImage: '卡片图片地址（可不填）',
    label: '按钮文字',
    kind: '按钮类型',
    reply: '快捷回复（顾客点了就像自己发出这句话）',
    linkButton: '打开链接',
    sends: '点了发出的话',
    addButton: '加一个按钮',
    removeButton: '删除这个按钮',
    required: '请填写{field}',
    webOnly: '只允许 http:// 或 https:// 开头的链接',
  },
  en: {
    link: 'link',
    image: 'image',
    buttons: 'quick-reply buttons',
    card: 'card',
    add: 'Add {kind}',
    edit: 'Edit {kind}',
    ok: 'OK',
    cancel: 'Cancel',
    title: 'Title',
    url: 'URL',
    imageUrl: 'Image URL',
    alt: 'Image description (read by screen readers)',
    intro: 'Text above the buttons (optional)',
    text: 'Text',
    cardUrl: 'Link the card opens (optional)',
    cardImage: 'Card image URL (optional)',
    label: 'Button text',
    kind: 'Button type',
    reply: 'Quick reply (sent as if the customer typed it)',
    linkButton: 'Open a link',
    sends: 'Text it sends',
    addButton: 'Add a button',
    removeButton: 'Remove this button',
    required: 'Please fill in {field}',
    webOnly: 'Only links starting with http:// or https://',
  },
};

interface ButtonRow {
  action: 'reply' | 'link';
  label?: string;
  text?: string;
  url?: string;
}

interface FormValues {
  title?: string;
  url?: string;
  alt?: string;
  text?: string;
  imageUrl?: string;
  buttons?: ButtonRow[];
}

function toValues(block: RichBlock | undefined): FormValues {
  if (!block) return { buttons: [{ action: 'reply' }] };
  switch (block.type) {
    case 'link':
      return { title: block.title, url: block.url };
    case 'image':
      return { url: block.url, alt: block.alt };
    case 'buttons':
      return { text: block.text, buttons: block.buttons };
    case 'card':
      return { title: block.card.title, text: block.card.text, url: block.card.url, imageUrl: block.card.imageUrl };
    default:
      return {};
  }
}

const filled = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);

function toBlock(kind: FormBlockType, v: FormValues, previous: RichBlock | undefined): RichBlock {
  switch (kind) {
    case 'link':
      return { type: 'link', title: v.title!.trim(), url: v.url!.trim() };
    case 'image':
      return { type: 'image', url: v.url!.trim(), ...(filled(v.alt) ? { alt: filled(v.alt) } : {}) };
    case 'buttons': {
      const buttons: Button[] = (v.buttons ?? []).map((b) =>
        b.action === 'link' ? { action: 'link', label: b.label!.trim(), url: b.url!.trim() } : { action: 'reply', label: b.label!.trim(), text: b.text!.trim() },
      );
      return { type: 'buttons', ...(filled(v.text) ? { text: filled(v.text) } : {}), buttons };
    }
    case 'card': {
      // Buttons a card already had (from an import) are kept: this form edits its words and links.
      const kept = previous?.type === 'card' ? previous.card.buttons : undefined;
      const card = { title: v.title!.trim(), text: filled(v.text), url: filled(v.url), imageUrl: filled(v.imageUrl), buttons: kept };
      return { type: 'card', card: Object.fromEntries(Object.entries(card).filter(([, x]) => x !== undefined)) as typeof card };
    }
  }
}

export function BlockForm({ kind, block, onDone, onCancel }: { kind: FormBlockType; block?: RichBlock; onDone(block: RichBlock): void; onCancel(): void }) {
  const t = useT(messages);
  const [form] = Form.useForm<FormValues>();
  useEffect(() => form.setFieldsValue(toValues(block)), [block, form]);
  const required = (field: string) => ({ required: true, whitespace: true, message: t('required', { field }) });
  const webUrl = { validator: (_: unknown, value: string | undefined) => (!filled(value) || isWebUrl(value!.trim()) ? Promise.resolve() : Promise.reject(new Error(t('webOnly')))) };
  const submit = async () => {
    const values = await form.validateFields().catch(() => null); // the form shows what is missing
    if (values) onDone(toBlock(kind, values, block));
  };
  const kindName = t(kind);

  return (
    <Modal open title={t(block ? 'edit' : 'add', { kind: kindName })} okText={t('ok')} cancelText={t('cancel')} onOk={submit} onCancel={onCancel} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={toValues(block)} name={`block-${kind}`}>
        {(kind === 'link' || kind === 'card') && (
          <Form.Item name="title" label={t('title')} rules={[required(t('title'))]}>
            <Input />
          </Form.Item>
        )}
        {kind === 'link' && (
          <Form.Item name="url" label={t('url')} rules={[required(t('url')), webUrl]}>
            <Input placeholder="https://" />
          </Form.Item>
        )}
        {kind === 'image' && (
          <>
            <Form.Item name="url" label={t('imageUrl')} rules={[required(t('imageUrl')), webUrl]}>
              <Input placeholder="https://" />
            </Form.Item>
            <Form.Item name="alt" label={t('alt')}>
              <Input />
            </Form.Item>
          </>
        )}
        {kind === 'card' && (
          <>
            <Form.Item name="text" label={t('text')}>
              <Input.TextArea autoSize={{ minRows: 2 }} />
            </Form.Item>
            <Form.Item name="imageUrl" label={t('cardImage')} rules={[webUrl]}>
              <Input placeholder="https://" />
            </Form.Item>
            <Form.Item name="url" label={t('cardUrl')} rules={[webUrl]}>
              <Input placeholder="https://" />
            </Form.Item>
          </>
        )}
        {kind === 'buttons' && (
          <>
            <Form.Item name="text" label={t('intro')}>
              <Input />
            </Form.Item>
            <Form.List name="buttons">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => (
                    <Space key={field.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                      <Form.Item name={[field.name, 'action']} label={i === 0 ? t('kind') : undefined} aria-label={t('kind')}>
                        <Select
                          style={{ width: 150 }}
                          aria-label={t('kind')}
                          options={[
                            { value: 'reply', label: t('reply') },
                            { value: 'link', label: t('linkButton') },
                          ]}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'label']} label={i === 0 ? t('label') : undefined} rules={[required(t('label'))]}>
                        <Input aria-label={`${t('label')} ${i + 1}`} style={{ width: 120 }} />
                      </Form.Item>
                      <Form.Item noStyle shouldUpdate>
                        {() =>
                          form.getFieldValue(['buttons', field.name, 'action']) === 'link' ? (
                            <Form.Item name={[field.name, 'url']} label={i === 0 ? t('url') : undefined} rules={[required(t('url')), webUrl]}>
                              <Input aria-label={`${t('url')} ${i + 1}`} placeholder="https://" style={{ width: 200 }} />
                            </Form.Item>
                          ) : (
                            <Form.Item name={[field.name, 'text']} label={i === 0 ? t('sends') : undefined} rules={[required(t('sends'))]}>
                              <Input aria-label={`${t('sends')} ${i + 1}`} style={{ width: 200 }} />
                            </Form.Item>
                          )
                        }
                      </Form.Item>
                      {fields.length > 1 && <AntButton type="text" aria-label={t('removeButton')} icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} style={{ marginTop: i === 0 ? 30 : 0 }} />}
                    </Space>
                  ))}
                  {fields.length < MAX_BUTTONS && (
                    <AntButton type="dashed" icon={<PlusOutlined />} onClick={() => add({ action: 'reply' })}>
                      {t('addButton')}
                    </AntButton>
                  )}
                </>
              )}
            </Form.List>
          </>
        )}
      </Form>
    </Modal>
  );
}
