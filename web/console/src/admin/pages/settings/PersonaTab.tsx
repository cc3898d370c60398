/**
 * 人设与欢迎语: the bot's name and the operator's own greeting, with a preview of what a new
 * customer sees. The preview fills placeholders the way the server does for a customer with
 * no name ({{customer.name|您好}} → 您好) and shows everything as text.
 */
import { Card, Form, Input, Typography } from 'antd';
import { useT } from '../../../shared/i18n';
import type { BotSettings } from './settings-api';
import { TabForm } from './TabForm';

/** Same limits as the server's schema (src/config/settings.ts). */
const MAX_BOT_NAME_CHARS = 20;
const MAX_GREETING_CHARS = 500;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

interface Persona {
  botName: string;
  greeting: string;
}

const messages = {
  zh: {
    botName: '机器人名字',
    botNameHelp: '机器人在话术里怎么称呼自己，例如「您好，我是小温～」。',
    greeting: '欢迎语',
    greetingHelp: '每个新会话的第一句话。留空则使用内置欢迎语（会按夜间、VIP、是否在服务时间自动变化）。可以用 {{customer.name|您好}}（顾客称呼，没有时用「您好」）和 {{bot.name}}（机器人名字）。',
    greetingPlaceholder: '例如：{{customer.name|亲}}，欢迎光临～ 我是{{bot.name}}，有问题直接问我哦',
    preview: '预览（新顾客看到的）',
    builtIn: '（内置欢迎语，例如）您好，我是{name}～ 订单、物流、退换货的问题都可以直接问我；想找人工客服，随时说「转人工」就行。',
  },
  en: {
    botName: "Bot's name",
    botNameHelp: 'What the bot calls itself in its phrases, e.g. "Hi, I\'m 小温".',
    greeting: 'Greeting',
    greetingHelp: 'The first message of every new conversation. Empty: the built-in welcomes (they vary by night, VIP and business hours). You can use {{customer.name|Hello}} (the customer\'s name, or "Hello") and {{bot.name}}.',
    greetingPlaceholder: 'e.g. {{customer.name|Hi}}, welcome! I\'m {{bot.name}} — just ask',
    preview: 'Preview (what a new customer sees)',
    builtIn: "(a built-in welcome, e.g.) Hi, I'm {name}, the shop assistant. Ask me about orders, delivery or returns — or say \"human\" any time to reach a person.",
  },
};

/** The greeting as a customer without a name would read it. */
function preview(greeting: string, botName: string): string {
  return greeting.replace(PLACEHOLDER, (_, raw: string) => {
    const [path, ...fallback] = raw.split('|');
    return path.trim() === 'bot.name' ? botName : fallback.join('|').trim();
  });
}

export function PersonaTab({ settings, readOnly, onDirty, save }: { settings: BotSettings; readOnly: boolean; onDirty(dirty: boolean): void; save(patch: Pick<BotSettings, 'botName' | 'greeting'>): Promise<BotSettings> }) {
  const t = useT(messages);
  const toForm = (s: BotSettings): Persona => ({ botName: s.botName, greeting: s.greeting ?? '' });
  return (
    <TabForm<Persona>
      tab="persona"
      initial={toForm(settings)}
      readOnly={readOnly}
      onDirty={onDirty}
      save={async ({ botName, greeting }) => toForm(await save({ botName, greeting: greeting.trim() === '' ? null : greeting }))}
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
        </>
      )}
    </TabForm>
  );
}
