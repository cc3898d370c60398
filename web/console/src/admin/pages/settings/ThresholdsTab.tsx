/**
 * 回答阈值: each number the decision policy uses (docs/thresholds.md), with what raising or
 * lowering it does in plain words, and a way back to the default.
 */
import { Button, Card, Col, Form, InputNumber, Row, Select, Slider, Switch, Typography } from 'antd';
import { useT } from '../../../shared/i18n';
import type { BotSettings } from './settings-api';
import { TabForm } from './TabForm';

type ThresholdKey = 'targetWrongRate' | 'wrongFirstShare' | 'answerThreshold' | 'answerMargin' | 'clarifyThreshold' | 'clarifyRelativeFloor' | 'angerHandoffScore' | 'maxSuggestions' | 'maxConsecutiveFallbacks' | 'maxQuestionsPerMessage' | 'maxMessageLength';
type Thresholds = Pick<BotSettings, ThresholdKey | 'requireKeyWordMatch' | 'calibration' | 'locale'>;

/** Bounds and steps as the server's schema has them (src/config/settings.ts). */
const NUMBERS: { key: ThresholdKey; min: number; max: number; step: number }[] = [
  { key: 'targetWrongRate', min: 0, max: 0.2, step: 0.005 },
  { key: 'wrongFirstShare', min: 0.01, max: 0.9, step: 0.01 },
  { key: 'answerThreshold', min: 0, max: 1, step: 0.01 },
  { key: 'answerMargin', min: 0, max: 1, step: 0.01 },
  { key: 'clarifyThreshold', min: 0, max: 1, step: 0.01 },
  { key: 'clarifyRelativeFloor', min: 0, max: 1, step: 0.05 },
  { key: 'maxSuggestions', min: 1, max: 5, step: 1 },
  { key: 'angerHandoffScore', min: 0, max: 1, step: 0.01 },
  { key: 'maxConsecutiveFallbacks', min: 1, max: 10, step: 1 },
  { key: 'maxQuestionsPerMessage', min: 1, max: 5, step: 1 },
  { key: 'maxMessageLength', min: 10, max: 10000, step: 10 },
];

const messages = {
  zh: {
    answerThreshold: '直接回答的置信度',
    answerThresholdHelp: '最匹配的知识条目置信度达到这个值，机器人才直接回答。调高：答错更少，但更多问题会反问或转人工；调低：直接回答更多，答非所问的风险也更大。',
    answerMargin: '领先第二名的差距',
    answerMarginHelp: '最匹配的条目还要比第二个不同条目高出这么多，才直接回答。两个很像的问题（退货运费 / 换货运费）差距不够时会先问「您是想问…」。调高：更常确认；调低：更少确认。',
    clarifyThreshold: '反问候选的最低置信度',
    clarifyThresholdHelp: '达到这个值的条目才会出现在「您是想问…」和「猜你想问」里；所有候选都低于它时，机器人坦白说答不了并提供人工。调高：列出的候选更准但更少；调低：更多候选，可能混入不相关的。',
    clarifyRelativeFloor: '其他候选至少是第一名的几成',
    clarifyRelativeFloorHelp: '「您是想问…」里第二、第三个候选的置信度至少要达到第一名的这个比例（且和顾客的问题有共同的关键词）才会列出；只剩一个时，机器人问一句「您是想问「…」吗？」并给出「是的 / 不是」。调高：更常只问一个；调低：列出更多候选。',
    maxSuggestions: '最多列出几个候选',
    maxSuggestionsHelp: '反问和「猜你想问」里最多列几个问题。太多顾客难以选择。',
    angerHandoffScore: '生气转人工的分数',
    angerHandoffScoreHelp: '顾客情绪被判断为「生气」且分数达到这个值，直接转人工（只说「投诉」「12315」约为 0.80）。调低：更早把不满的顾客交给同事；调高：机器人继续接待更久。',
    maxConsecutiveFallbacks: '连续答不上几次转人工',
    maxConsecutiveFallbacksHelp: '机器人连续这么多次答不上来，不等顾客开口就转人工。调低：更快找到人；调高：机器人多试几次。',
    maxQuestionsPerMessage: '一条消息最多回答几个问题',
    maxQuestionsPerMessageHelp: '多问多答：一条消息里有几个问题时，最多分别回答这么多个，剩下的不会丢，附在最后一个问题里。',
    maxMessageLength: '消息最长字数',
    maxMessageLengthHelp: '超过这个长度的消息会被拒收并提示顾客缩短。',
    targetWrongRate: '自校准的目标错答率',
    targetWrongRateHelp: '自校准在知识库自己的问法上，让直接答错的比例不超过这个值（0.02 = 2%）。调低：更少答错、更多反问；调高：更多直接回答。数据概览里的「自校准」卡片显示效果。',
    wrongFirstShare: '自校准假设：顾客问题中首选条目是错的比例',
    wrongFirstShareHelp: '自校准按这个比例估算顾客会遇到的错答（0.10 = 10%）。机器人回复过足够多的问题（200 条）后改为从这些问题自动估计，数据概览的「自校准」卡片写明用的是哪一个。调高：更严、更多反问；调低：更多直接回答。',
    calibration: '按知识库自校准',
    calibrationAuto: '开启',
    calibrationOff: '关闭',
    calibrationHelp: '打开：机器人用知识库自己的问法自测，自动选出直接回答的置信度、领先差距和缺关键词时的门槛，代替下面三个固定值（知识库太小无法校准时改用保守阈值：只直接回答几乎一致的问法，下面的值更严时以它们为准）。关闭：只用固定值。',
    requireKeyWordMatch: '要求关键词命中',
    requireKeyWordMatchHelp: '只有问题里最关键的词（或同音字）出现在匹配到的问题中，才直接回答。打开：在陌生的知识库上更少答错（演示库中 121 个直接回答里有 5 个错答因此改为反问），代价是一些本可直接回答的会先反问。',
    locale: '机器人话术语言',
    localeHelp: '机器人自己的话（欢迎语、反问、兜底、转人工）用哪种语言；知识库答案按原文发送。',
    reset: '恢复默认（{value}）',
    resetLabel: '{name}恢复默认',
    title: '回答阈值',
  },
  en: {
    answerThreshold: 'Confidence to answer directly',
    answerThresholdHelp: 'The best entry must reach this confidence for the bot to answer directly. Higher: fewer wrong answers, more clarifying questions and hand-offs. Lower: more direct answers, more risk of answering the wrong question.',
    answerMargin: 'Lead over the runner-up',
    answerMarginHelp: 'The best entry must also lead the next different entry by this much. Two close siblings get "Did you mean…" instead of a coin toss. Higher: confirms more often; lower: less often.',
    clarifyThreshold: 'Lowest confidence to suggest',
    clarifyThresholdHelp: 'Entries at or above this appear in "Did you mean…" and in suggestions; when none reaches it, the bot says it cannot answer and offers a person. Higher: fewer, more accurate suggestions; lower: more, some unrelated.',
    clarifyRelativeFloor: 'Runners-up: share of the top confidence',
    clarifyRelativeFloorHelp: 'A second or third candidate is offered in "Did you mean…" only at this share of the top one\'s confidence or more (and sharing a key word with the question); with one left the bot asks one yes/no question. Higher: more often one question; lower: more candidates listed.',
    maxSuggestions: 'Suggestions at most',
    maxSuggestionsHelp: 'How many questions a clarification or the suggestions list at most. Too many are hard to choose from.',
    angerHandoffScore: 'Anger score that hands over',
    angerHandoffScoreHelp: 'An "angry" customer at or above this score goes straight to a person (a threat like 投诉 / 12315 alone scores about 0.80). Lower: upset customers reach a person sooner; higher: the bot keeps them longer.',
    maxConsecutiveFallbacks: 'Failed answers before a person',
    maxConsecutiveFallbacksHelp: 'After this many fallbacks in a row the customer is handed to a person without having to ask. Lower: a person sooner; higher: the bot tries longer.',
    maxQuestionsPerMessage: 'Questions answered per message',
    maxQuestionsPerMessageHelp: 'When one message asks several things, at most this many are answered separately; the rest stays with the last one, never dropped.',
    maxMessageLength: 'Longest message',
    maxMessageLengthHelp: 'Longer messages are refused and the customer is asked to shorten them.',
    targetWrongRate: 'Self-calibration: target wrong-answer rate',
    targetWrongRateHelp: "Self-calibration keeps wrong direct answers on the knowledge base's own questions at or below this share (0.02 = 2%). Lower: fewer wrong answers, more asking back; higher: more direct answers. The dashboard's self-calibration card shows the effect.",
    wrongFirstShare: "Self-calibration: share of customers' questions whose first entry is wrong",
    wrongFirstShareHelp: "Self-calibration estimates customers' wrong answers assuming this share (0.10 = 10%). Once the bot has answered enough questions (200) it estimates the share from them instead; the dashboard's self-calibration card says which it used. Higher: stricter, more asking back; lower: more direct answers.",
    calibration: 'Self-calibrate on the knowledge base',
    calibrationAuto: 'On',
    calibrationOff: 'Off',
    calibrationHelp: "On: the bot tests itself on its own knowledge base's questions and picks the confidence to answer, the lead and the bar without the key word, instead of the fixed values below (a knowledge base too small to calibrate uses conservative thresholds instead: only near-exact matches are answered, or the values below where stricter). Off: the fixed values only.",
    requireKeyWordMatch: 'Require the key word',
    requireKeyWordMatchHelp: "Answer directly only when the question's most telling word (or its pinyin) is in the matched question. On: fewer wrong answers on an unfamiliar knowledge base (5 of 121 on the demo became clarifications), at the cost of asking back some right ones.",
    locale: "Language of the bot's phrases",
    localeHelp: "The bot's own words (welcome, clarify, fallback, hand-off); knowledge answers are sent as written.",
    reset: 'Reset to default ({value})',
    resetLabel: 'Reset {name} to default',
    title: 'Thresholds',
  },
};

/** Every setting this tab edits. */
const KEYS = [...NUMBERS.map((n) => n.key), 'requireKeyWordMatch', 'calibration', 'locale'] as const;

function thresholdsOf(settings: BotSettings): Thresholds {
  return Object.fromEntries(KEYS.map((key) => [key, settings[key]])) as Thresholds;
}

export function ThresholdsTab({ settings, defaults, readOnly, onDirty, save }: { settings: BotSettings; defaults: BotSettings; readOnly: boolean; onDirty(dirty: boolean): void; save(patch: Thresholds): Promise<BotSettings> }) {
  const t = useT(messages);
  return (
    <TabForm<Thresholds> tab="thresholds" initial={thresholdsOf(settings)} readOnly={readOnly} onDirty={onDirty} save={async (values) => thresholdsOf(await save(values))}>
      {(form) => (
        <Row gutter={[16, 16]}>
          {NUMBERS.map(({ key, min, max, step }) => (
            <Col xs={24} xl={12} key={key}>
              <Card size="small" title={t(key)} extra={<Typography.Text type="secondary">{key}</Typography.Text>}>
                <Typography.Paragraph type="secondary">{t(`${key}Help` as keyof typeof messages.zh)}</Typography.Paragraph>
                <Row gutter={12} align="middle">
                  <Col flex="auto">
                    <Form.Item noStyle shouldUpdate>
                      {() => <Slider min={min} max={max} step={step} value={form.getFieldValue(key)} onChange={(v) => { form.setFieldValue(key, v); onDirty(true); }} aria-label={t(key)} />}
                    </Form.Item>
                  </Col>
                  <Col>
                    <Form.Item name={key} style={{ marginBottom: 0 }} rules={[{ required: true }]}>
                      <InputNumber min={min} max={max} step={step} aria-label={t(key)} data-testid={`threshold-${key}`} />
                    </Form.Item>
                  </Col>
                  <Col>
                    <Button
                      size="small"
                      aria-label={t('resetLabel', { name: t(key) })}
                      onClick={() => {
                        form.setFieldValue(key, defaults[key]);
                        onDirty(true);
                      }}
                    >
                      {t('reset', { value: defaults[key] })}
                    </Button>
                  </Col>
                </Row>
              </Card>
            </Col>
          ))}
          <Col xs={24} xl={12}>
            <Card size="small" title={t('calibration')} extra={<Typography.Text type="secondary">calibration</Typography.Text>}>
              <Typography.Paragraph type="secondary">{t('calibrationHelp')}</Typography.Paragraph>
              <Form.Item name="calibration" style={{ marginBottom: 0 }}>
                <Select aria-label={t('calibration')} style={{ width: 160 }} options={[{ value: 'auto', label: t('calibrationAuto') }, { value: 'off', label: t('calibrationOff') }]} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('requireKeyWordMatch')}>
              <Typography.Paragraph type="secondary">{t('requireKeyWordMatchHelp')}</Typography.Paragraph>
              <Form.Item name="requireKeyWordMatch" valuePropName="checked" style={{ marginBottom: 0 }}>
                <Switch aria-label={t('requireKeyWordMatch')} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('locale')}>
              <Typography.Paragraph type="secondary">{t('localeHelp')}</Typography.Paragraph>
              <Form.Item name="locale" style={{ marginBottom: 0 }}>
                <Select aria-label={t('locale')} style={{ width: 160 }} options={[{ value: 'zh', label: '中文' }, { value: 'en', label: 'English' }]} />
              </Form.Item>
            </Card>
          </Col>
        </Row>
      )}
    </TabForm>
  );
}
