/**
 * Small talk answered from the bot's persona (issue 9): who the bot is, whether it is a bot,
 * where the company is, how to reach it and when people are there — from the bot settings
 * (botName, disclosure, companyAddress, contacts) and the hand-off hours, never from the
 * knowledge base. Off-topic requests are declined with what the bot can help with.
 *
 * A fact the operator has not given is not made up: without an address, contacts or known
 * hours the question goes on to the knowledge base like any other (the demo's 客服电话是多少？
 * entry answers then).
 */
import type { BotSettings } from '../config/settings.js';
import type { AnswerBlock } from '../kb/schemas.js';
import { detectSmallTalk, type SmallTalkIntent } from '../nlu/small-talk.js';
import type { PhraseKey, RenderedPhrase } from '../reply/phrases.js';
import type { TemplateVars } from '../reply/templates.js';
import type { DecisionAction } from './decision.js';

export interface PersonaFacts {
  settings: BotSettings;
  /** The people's hours in words, from the hand-off settings (undefined when unknown). */
  service?: { hours?: string };
}

export interface PersonaAnswer {
  /** `answer` (a reply that is the whole truth), or `fallback` for a request the bot declines. */
  action: Extract<DecisionAction, 'answer' | 'fallback'>;
  content: AnswerBlock[];
  rule: string;
  explanation: string;
}

type Render = (key: PhraseKey, vars?: TemplateVars) => RenderedPhrase;

/** The phrase each intent is answered with (greetings and thanks keep the phrases they always had). */
const PHRASE_OF: Record<SmallTalkIntent, PhraseKey> = {
  greeting: 'welcome',
  presence: 'presence',
  thanks: 'thanks',
  acknowledgement: 'acknowledgement',
  askIsBot: 'askIsBot',
  askName: 'askName',
  askAddress: 'askAddress',
  askContact: 'askContact',
  askHours: 'askHours',
  offTopic: 'offTopic',
};

/** Why, for the decision trace (operators read it in Chinese). */
const WHY: Record<SmallTalkIntent, string> = {
  greeting: '消息只有问候语，回以问候并说明可以随时转人工。',
  presence: '顾客在确认有没有人在，告诉对方机器人在线。',
  thanks: '顾客在道谢，礼貌回应。',
  acknowledgement: '顾客表示知道了（好的/嗯嗯/👌），简短回应，不去匹配知识库。',
  askIsBot: '顾客问是不是机器人：如实说明是智能客服，并给出转人工的入口。',
  askName: '顾客问机器人叫什么，按人设设置（botName）回答。',
  askAddress: '顾客问公司地址，按人设设置（companyAddress）回答，不查知识库。',
  askContact: '顾客问联系方式，按人设设置（contacts）回答，不查知识库。',
  askHours: '顾客问人工客服的时间，按转人工设置里的服务时间回答。',
  offTopic: '与店铺业务无关的请求（写作业、讲笑话、问天气等），礼貌说明帮不上，并说明能帮什么。',
};

/** The persona's answer when `text` is small talk the bot can answer truthfully; null otherwise. */
export function personaAnswer(text: string, facts: PersonaFacts, render: Render): PersonaAnswer | null {
  const talk = detectSmallTalk(text);
  if (!talk) return null;
  const { settings } = facts;
  const hours = facts.service?.hours;
  if (talk.intent === 'askAddress' && !settings.companyAddress) return null;
  if (talk.intent === 'askContact' && settings.contacts.length === 0) return null;
  if (talk.intent === 'askHours' && !hours) return null;

  const phrase = render(PHRASE_OF[talk.intent], {
    ...(settings.companyAddress ? { persona: { address: settings.companyAddress } } : {}),
    ...(hours ? { service: { hours } } : {}),
  });
  const content: AnswerBlock[] = [...phrase.content];
  if (talk.intent === 'askContact') {
    content.push({ type: 'text', text: settings.contacts.map((c) => `${c.label}${CONTACT_SEPARATOR[settings.locale]}${c.value}`).join('\n') });
  }
  return {
    action: talk.intent === 'offTopic' ? 'fallback' : 'answer',
    content,
    rule: `smalltalk.${talk.intent}`,
    explanation: `${WHY[talk.intent]}（识别为「${talk.cue}」）`,
  };
}

/** 「客服电话：400-…」 / "Hotline: 400-…". */
const CONTACT_SEPARATOR = { zh: '：', en: ': ' } as const;
