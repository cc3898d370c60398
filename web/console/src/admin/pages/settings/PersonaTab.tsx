/**
 * 人设与欢迎语: the bot's name and the operator's own greeting, with a preview of what a new
 * customer sees; how the bot says it is a bot, the company's address and contact channels, which
 * answer 你是机器人吗 / 公司在哪 / 客服电话多少 (docs/thresholds.md). The preview fills placeholders the way the server does for a customer with
 * no name ({{customer.name|您好}} → 您好) and shows everything as text.
 */
import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useT } from '../../../shared/i18n';
import type { BotSettings } from './settings-api';
import { TabForm } from './TabForm';

/** Same limits as the server's schema (src/config/settings.ts). */
const MAX_BOT_NAME_CHARS = 20;
const MAX_GREETING_CHARS = 500;
const MAX_DISCLOSURE_CHARS = 200;
const MAX_ADDRESS_CHARS = 100;
const MAX_CONTACTS = 5;
const MAX_CONTACT_LABEL_CHARS = 20;
const MAX_CONTACT_VALUE_CHARS = 100;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

interface Persona {
  botName: string;
  greeting: string;
  disclosure: string;
  companyAddress: string;
  contacts: { label: string; value: string }[];
}

type PersonaSettings = Pick<BotSettings, 'botName' | 'greeting' | 'disclosure' | 'companyAddress' | 'contacts'>;

/** An empty text box means "not set" (the built-in answer, or the knowledge base). */
const orNull = (text: string) => (text.trim() === '' ? null : text);

const messages = {
  zh: {
    botName: '机器人名字',
    botNameHelp: '机器人在话术里怎么称呼自己，例如「您好，我是小温～」。',
    greeting: '欢迎语',
    greetingHelp: '每个新会话的第一句话。留空则使用内置欢迎语（会按夜间、VIP、是否在服务时间自动变化）。可以用 {{customer.name|您好}}（顾客称呼，没有时用「您好」）和 {{bot.name}}（机器人名字）。',
    greetingPlaceholder: '例如：{{customer.name|亲}}，欢迎光临～ 我是{{bot.name}}，有问题直接问我哦',
    preview: '预览（新顾客看到的）',
    builtIn: '（内置欢迎语，例如）您好，我是{name}～ 订单、物流、退换货的问题都可以直接问我；想找人工客服，随时说「转人工」就行。',
    disclosure: '被问「你是机器人吗」时',
    disclosureHelp: '留空则如实回答「我是智能客服{{bot.name}}，不是真人哦～」并提供转人工。可以用 {{bot.name}}。机器人不能自称真人。',
    disclosurePlaceholder: '例如：我是{{bot.name}}，温度优选的智能客服，24 小时在线～',
    companyAddress: '公司地址',
    companyAddressHelp: '回答「你们公司在哪」。留空则由知识库回答，不会编造地址。',
    contacts: '联系方式',
    contactsHelp: '回答「客服电话多少」「怎么联系你们」，每行一种。留空则由知识库回答。',
    contactLabel: '名称，如 客服热线',
    contactValue: '号码或账号，如 400-820-1234',
    addContact: '添加联系方式',
    removeContact: '删除',
  },
  en: {
    botName: "Bot's name",
    botNameHelp: 'What the bot calls itself in its phrases, e.g. "Hi, I\'m 小温".',
    greeting: 'Greeting',
    greetingHelp: 'The first message of every new conversation. Empty: the built-in welcomes (they vary by night, VIP and business hours). You can use {{customer.name|Hello}} (the customer\'s name, or "Hello") and {{bot.name}}.',
    greetingPlaceholder: 'e.g. {{customer.name|Hi}}, welcome! I\'m {{bot.name}} — just ask',
    preview: 'Preview (what a new customer sees)',
    builtIn: "(a built-in welcome, e.g.) Hi, I'm {name}, the shop assistant. Ask me about orders, delivery or returns — or say \"human\" any time to reach a person.",
    disclosure: 'When asked "are you a bot?"',
    disclosureHelp: 'Empty: the honest built-in answer ("I\'m {{bot.name}}, an automated assistant — not a person") with the way to a person. {{bot.name}} works. The bot may never claim to be a person.',
    disclosurePlaceholder: "e.g. I'm {{bot.name}}, the shop's assistant, here around the clock.",
    companyAddress: 'Company address',
    companyAddressHelp: 'Answers "where is your company". Empty: the knowledge base answers; no address is made up.',
    contacts: 'Contact channels',
    contactsHelp: 'Answer "what is your phone number" / "how do I reach you", one per line. Empty: the knowledge base answers.',
    contactLabel: 'Name, e.g. Hotline',
    contactValue: 'Number or account, e.g. 400-820-1234',
    addContact: 'Add a contact channel',
    removeContact: 'Remove',
  },
};

/** The greeting as a customer without a name would read it. */
function preview(greeting: string, botName: string): string {
  return greeting.replace(PLACEHOLDER, (_, raw: string) => {
    const [path, ...fallback] = raw.split('|');
    return path.trim() === 'bot.name' ? botName : fallback.join('|').trim();
  });
}

export function PersonaTab({ settings, readOnly, onDirty, save }: { settings: BotSettings; readOnly: boolean; onDirty(dirty: boolean): void; save(patch: PersonaSettings): Promise<BotSettings> }) {
  const t = useT(messages);
  const toForm = (s: BotSettings): Persona => ({
    botName: s.botName,
    greeting: s.greeting ?? '',
    disclosure: s.disclosure ?? '',
    companyAddress: s.companyAddress ?? '',
    contacts: s.contacts.map((c) => ({ ...c })),
  });
  return (
    <TabForm<Persona>
      tab="persona"
      initial={toForm(settings)}
      readOnly={readOnly}
      onDirty={onDirty}
      save={async ({ botName, greeting, disclosure, companyAddress, contacts }) =>
        toForm(await save({ botName, greeting: orNull(greeting), disclosure: orNull(disclosure), companyAddress: orNull(companyAddress), contacts: contacts ?? [] }))
      }
    >
      {() => (
        <>
          <Form.Item name="botName" label={t('botName')} extra={t('botNameHelp')}>
            <Input maxLength={MAX_BOT_NAME_CHARS} showCount style={{ maxWidth: 320 }} />
          </Form.Item>
          <Form.Item name="greeting" label={t('greeting')} extra={t('greetingHelp')}>
            <Input.TextArea maxLength={MAX_GREETING_CHARS} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('greetingPlaceholder')} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {({ getFieldValue }) => {
              const botName = String(getFieldValue('botName') ?? '');
              const greeting = String(getFieldValue('greeting') ?? '');
              return (
                <Card size="small" title={t('preview')} style={{ maxWidth: 480, marginBottom: 24, background: '#fff8f3' }}>
                  <Typography.Paragraph data-testid="greeting-preview" style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                    {greeting.trim() ? preview(greeting, botName) : t('builtIn', { name: botName })}
                  </Typography.Paragraph>
                </Card>
              );
            }}
          </Form.Item>
          <Form.Item name="disclosure" label={t('disclosure')} extra={t('disclosureHelp')}>
            <Input.TextArea maxLength={MAX_DISCLOSURE_CHARS} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('disclosurePlaceholder')} />
          </Form.Item>
          <Form.Item name="companyAddress" label={t('companyAddress')} extra={t('companyAddressHelp')}>
            <Input maxLength={MAX_ADDRESS_CHARS} showCount style={{ maxWidth: 480 }} />
          </Form.Item>
          <Form.Item label={t('contacts')} extra={t('contactsHelp')}>
            <Form.List name="contacts">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[field.name, 'label']} rules={[{ required: true, whitespace: true }]}>
                        <Input maxLength={MAX_CONTACT_LABEL_CHARS} placeholder={t('contactLabel')} aria-label={t('contactLabel')} style={{ width: 180 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'value']} rules={[{ required: true, whitespace: true }]}>
                        <Input maxLength={MAX_CONTACT_VALUE_CHARS} placeholder={t('contactValue')} aria-label={t('contactValue')} style={{ width: 280 }} />
                      </Form.Item>
                      <Button type="link" onClick={() => remove(field.name)}>
                        {t('removeContact')}
                      </Button>
                    </Space>
                  ))}
                  {fields.length < MAX_CONTACTS && (
                    <Button onClick={() => add({ label: '', value: '' })} data-testid="add-contact">
                      {t('addContact')}
                    </Button>
                  )}
                </>
              )}
            </Form.List>
          </Form.Item>
        </>
      )}
    </TabForm>
  );
}
