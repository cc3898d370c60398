/**
 * 转人工规则: when a customer goes straight to a person (operator keywords, VIPs asking), where
 * topics are routed, and the limits that decide when a person is promised (docs/handoff.md).
 * Anger and repeated failures are thresholds of the bot (回答阈值 tab).
 */
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useT } from '../../../shared/i18n';
import type { HandoffSettings, HandoffView } from './settings-api';
import { TabForm } from './TabForm';

type Rules = Pick<HandoffSettings, 'keywordRules' | 'topicRoutes' | 'vipDirect' | 'maxWaitSeconds' | 'offerTimeoutSeconds' | 'disconnectGraceSeconds' | 'maxConcurrentPerAgent' | 'defaultHandlingSeconds'>;
type LimitKey = 'maxWaitSeconds' | 'offerTimeoutSeconds' | 'disconnectGraceSeconds' | 'maxConcurrentPerAgent' | 'defaultHandlingSeconds';

/** Bounds as the server's schema has them (src/handoff/types.ts). */
const LIMITS: { key: LimitKey; min: number; max: number }[] = [
  { key: 'maxWaitSeconds', min: 30, max: 86_400 },
  { key: 'offerTimeoutSeconds', min: 5, max: 600 },
  { key: 'disconnectGraceSeconds', min: 5, max: 3600 },
  { key: 'maxConcurrentPerAgent', min: 1, max: 50 },
  { key: 'defaultHandlingSeconds', min: 10, max: 7200 },
];

const messages = {
  zh: {
    keywordRules: '关键词直接转人工',
    keywordRulesHelp: '顾客消息里出现这些词（如 投诉、12315、律师），机器人不作答，直接转人工；繁体、全角写法也算。可以指定转到哪个分组。',
    keywords: '关键词（回车添加）',
    group: '转到分组',
    anyGroup: '按主题或默认分组',
    addRule: '加一条关键词规则',
    removeRule: '删除这条规则',
    topicRoutes: '按主题分配分组',
    topicRoutesHelp: '命中的知识条目属于这个分类或带这个标签时，转人工就进对应的分组（如 售后 → 售后组）。',
    category: '知识分类',
    tag: '标签',
    addRoute: '加一条主题分配',
    removeRoute: '删除这条分配',
    vipDirect: 'VIP 要人工时立即转接',
    vipDirectHelp: 'VIP 顾客（会员等级 ≥ 1）说要找人工时，不再经过表单、反问或重试，直接排到最前面。关闭时只按 VIP 优先级排队。',
    maxWaitSeconds: '最长承诺等待（秒）',
    maxWaitSecondsHelp: '预计等待不超过这个时间才承诺有人接待；更久则请顾客留言。',
    offerTimeoutSeconds: '客服接单时限（秒）',
    offerTimeoutSecondsHelp: '客服在这个时间内没接，就派给下一位。',
    disconnectGraceSeconds: '断线保留时间（秒）',
    disconnectGraceSecondsHelp: '客服掉线后，会话保留这么久，再回到队列。',
    maxConcurrentPerAgent: '每位客服同时接待上限',
    maxConcurrentPerAgentHelp: '客服自己没设上限时，最多同时接待这么多个会话。',
    defaultHandlingSeconds: '默认处理时长（秒）',
    defaultHandlingSecondsHelp: '还没有历史数据时，用来估算排队等待时间。',
    limits: '排队与接待',
  },
  en: {
    keywordRules: 'Keywords that go straight to a person',
    keywordRulesHelp: 'A customer message with any of these words (投诉, 12315, 律师 …) is not answered by the bot but handed to a person; traditional and full-width forms count too. Optionally to a given group.',
    keywords: 'Keywords (Enter to add)',
    group: 'To group',
    anyGroup: 'By topic or the default group',
    addRule: 'Add a keyword rule',
    removeRule: 'Remove this rule',
    topicRoutes: 'Groups by topic',
    topicRoutesHelp: "When the matched entry has this category or tag, a hand-off goes to that group (e.g. 售后 → after-sales).",
    category: 'Category',
    tag: 'Tag',
    addRoute: 'Add a topic route',
    removeRoute: 'Remove this route',
    vipDirect: 'VIPs who ask get a person at once',
    vipDirectHelp: 'A VIP customer (level ≥ 1) who asks for a person skips forms, clarifications and retries and is queued first. Off: only queued at VIP priority.',
    maxWaitSeconds: 'Longest wait promised (s)',
    maxWaitSecondsHelp: 'A person is promised only when the estimated wait is at most this; longer, the customer is asked to leave a message.',
    offerTimeoutSeconds: 'Time to accept an offer (s)',
    offerTimeoutSecondsHelp: 'An agent who does not accept in this time is skipped for the next.',
    disconnectGraceSeconds: 'Disconnect grace (s)',
    disconnectGraceSecondsHelp: 'An agent who drops keeps their conversations this long before they return to the queue.',
    maxConcurrentPerAgent: 'Conversations per agent',
    maxConcurrentPerAgentHelp: 'Held at once by an agent without a limit of their own.',
    defaultHandlingSeconds: 'Default handling time (s)',
    defaultHandlingSecondsHelp: 'Used to estimate waits until there is handling history.',
    limits: 'Queue and capacity',
  },
};

function toForm(s: HandoffSettings): Rules {
  const { keywordRules, topicRoutes, vipDirect, maxWaitSeconds, offerTimeoutSeconds, disconnectGraceSeconds, maxConcurrentPerAgent, defaultHandlingSeconds } = s;
  return { keywordRules, topicRoutes, vipDirect, maxWaitSeconds, offerTimeoutSeconds, disconnectGraceSeconds, maxConcurrentPerAgent, defaultHandlingSeconds };
}

/** An empty optional field is left out rather than sent as "" (the server would refuse it). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}

export function HandoffRulesTab({ view, readOnly, onDirty, save }: { view: HandoffView; readOnly: boolean; onDirty(dirty: boolean): void; save(next: HandoffSettings): Promise<HandoffView> }) {
  const t = useT(messages);
  const groupOptions = view.settings.groups.map((g) => ({ value: g.id, label: g.name }));
  const submit = async (values: Rules) => {
    const next = { ...view.settings, ...values, keywordRules: (values.keywordRules ?? []).map(compact), topicRoutes: (values.topicRoutes ?? []).map(compact) };
    return toForm((await save(next)).settings);
  };
  return (
    <TabForm<Rules> tab="rules" initial={toForm(view.settings)} readOnly={readOnly} onDirty={onDirty} save={submit}>
      {() => (
        <>
          <Card size="small" title={t('keywordRules')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph type="secondary">{t('keywordRulesHelp')}</Typography.Paragraph>
            <Form.List name="keywordRules">
              {(rules, { add, remove }) => (
                <>
                  {rules.map((rule) => (
                    <Space key={rule.key} align="start" wrap style={{ display: 'flex' }}>
                      <Form.Item name={[rule.name, 'keywords']} label={t('keywords')}>
                        <Select mode="tags" open={false} style={{ minWidth: 320 }} aria-label={t('keywords')} tokenSeparators={[',', '，', ' ']} />
                      </Form.Item>
                      <Form.Item name={[rule.name, 'groupId']} label={t('group')}>
                        <Select allowClear placeholder={t('anyGroup')} style={{ width: 200 }} aria-label={t('group')} options={groupOptions} />
                      </Form.Item>
                      <Button aria-label={t('removeRule')} onClick={() => remove(rule.name)} style={{ marginTop: 30 }}>
                        ×
                      </Button>
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add({ keywords: [] })}>
                    {t('addRule')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
          <Card size="small" title={t('topicRoutes')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph type="secondary">{t('topicRoutesHelp')}</Typography.Paragraph>
            <Form.List name="topicRoutes">
              {(routes, { add, remove }) => (
                <>
                  {routes.map((route) => (
                    <Space key={route.key} align="start" wrap style={{ display: 'flex' }}>
                      <Form.Item name={[route.name, 'category']} label={t('category')}>
                        <Input style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[route.name, 'tag']} label={t('tag')}>
                        <Input style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[route.name, 'groupId']} label={t('group')} rules={[{ required: true }]}>
                        <Select style={{ width: 200 }} aria-label={t('group')} options={groupOptions} />
                      </Form.Item>
                      <Button aria-label={t('removeRoute')} onClick={() => remove(route.name)} style={{ marginTop: 30 }}>
                        ×
                      </Button>
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add({ groupId: view.settings.defaultGroupId })}>
                    {t('addRoute')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
          <Card size="small" title={t('vipDirect')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph type="secondary">{t('vipDirectHelp')}</Typography.Paragraph>
            <Form.Item name="vipDirect" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Switch aria-label={t('vipDirect')} />
            </Form.Item>
          </Card>
          <Card size="small" title={t('limits')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              {LIMITS.map(({ key, min, max }) => (
                <Col xs={24} md={12} xl={8} key={key}>
                  <Form.Item name={key} label={t(key)} extra={t(`${key}Help` as keyof typeof messages.zh)}>
                    <InputNumber min={min} max={max} style={{ width: 160 }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Card>
        </>
      )}
    </TabForm>
  );
}
