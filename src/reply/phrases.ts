/**
 * The bot's own stock phrases — not knowledge answers — as variant sets, Chinese and English.
 * Warm and concrete, never robotic, no marketing; every phrase that leaves the customer stuck
 * names the way to a person. Placeholders are filled by renderTemplate (templates.ts).
 *
 * Variables used: bot.name (the bot's name, a setting: BotSettings.botName), customer.name,
 * persona.address (BotSettings.companyAddress), service.hours (the default hand-off group's hours),
 * business.opensAt (e.g. "明早 9:00"; "上班" when unknown), agent.name (the agent who took the
 * conversation).
 */
import type { RichBlock } from '../content/rich-content.js';
import { contentText } from '../content/fallback-text.js';
import { renderBlocks, type TemplateVars } from './templates.js';
import { chooseVariant, type ReplyVariant, type VariantConditions, type VariantContext } from './variants.js';

/** Languages of the bot's own phrases (knowledge answers are served as written). */
export type Locale = 'zh' | 'en';

/** What the demo shop calls its bot; operators rename it in the bot settings (botName). */
export const DEFAULT_BOT_NAME = '小温';

/**
 * The bot's persona as its phrases see it: its name (`{{bot.name}}`) and the operator's own
 * greeting, which — when set — is the welcome instead of the built-in ones (same templates).
 */
export interface Persona {
  botName: string;
  greeting: string | null;
  /** The operator's wording of 「我是智能客服」 (BotSettings.disclosure), instead of the built-in askIsBot phrases. */
  disclosure?: string | null;
}
const DEFAULT_PERSONA: Persona = { botName: DEFAULT_BOT_NAME, greeting: null, disclosure: null };

export const PHRASE_KEYS = [
  'welcome',
  'clarify',
  'clarifyOne',
  'fallback',
  'notHelped',
  'handoff',
  'handoffAngry',
  'thanks',
  'empathyNegative',
  'empathyAngry',
  'flowCancelled',
  'loopGuardHandoff',
  'loopGuardEnd',
  'leaveMessage',
  'agentJoined',
  'ratingPrompt',
  'agentLeft',
  // Small talk (src/nlu/small-talk.ts), answered from the persona (src/dialog/persona-answers.ts).
  'presence',
  'acknowledgement',
  'askIsBot',
  'askName',
  'askAddress',
  'askContact',
  'askHours',
  'offTopic',
] as const;
export type PhraseKey = (typeof PHRASE_KEYS)[number];
export type PhraseBook = Record<PhraseKey, Record<Locale, readonly ReplyVariant[]>>;

/** Night for greetings: late enough that "夜深了" is true, ending when a shop's morning starts. */
export const NIGHT_WINDOW = { from: '22:00', to: '06:00' } as const;
/** A customer is a VIP from this level on (the site passes vipLevel), or when tagged with one of VIP_TAGS. */
export const VIP_MIN_LEVEL = 1;
export const VIP_TAGS = ['VIP', 'vip', '会员'] as const;

/** The quick reply that takes the customer to a person: one tap, the same words as typing it. */
const HANDOFF_BUTTON = {
  zh: { action: 'reply', label: '转人工', text: '转人工' },
  en: { action: 'reply', label: 'Talk to a person', text: 'human' },
} as const;

function say(text: string, when?: VariantConditions): ReplyVariant {
  return when ? { content: [{ type: 'text', text }], when } : { content: [{ type: 'text', text }] };
}

/** A phrase with the handoff quick reply under it. */
function sayWithHandoff(locale: Locale, text: string): ReplyVariant {
  return { content: [{ type: 'text', text }, { type: 'buttons', buttons: [{ ...HANDOFF_BUTTON[locale] }] }] };
}

/** The same VIP text for a VIP level and for a VIP tag (sites mark VIPs either way). */
function forVip(text: string, extra: VariantConditions = {}): ReplyVariant[] {
  return [say(text, { ...extra, vipLevelAtLeast: VIP_MIN_LEVEL }), say(text, { ...extra, customerTags: [...VIP_TAGS] })];
}

/**
 * Night greetings say what is true of the people: with the default group's hours known (the
 * engine passes `peopleAvailable`), closed → 「同事不在线，我帮您留言，明天 9:00 后回复」 with the
 * real opening time; open (a 7×24 team) → that colleagues are there. Unknown → neither claim.
 */
const NIGHT = { timeWindow: NIGHT_WINDOW };
const NIGHT_CLOSED = { timeWindow: NIGHT_WINDOW, peopleAvailable: false };
const NIGHT_OPEN = { timeWindow: NIGHT_WINDOW, peopleAvailable: true };
/** Outside the hours in the daytime too (a holiday, a closure, a weekend). */
const CLOSED = { peopleAvailable: false };

export const PHRASES: PhraseBook = {
  welcome: {
    zh: [
      say('您好，我是{{bot.name}}～ 订单、物流、退换货的问题都可以直接问我；想找人工客服，随时说「转人工」就行。'),
      say('{{customer.name|您好}}，欢迎光临～ 我是{{bot.name}}，能帮您查订单、看物流、办退换货。问题比较复杂的话，说「转人工」我马上帮您找同事。'),
      say('欢迎～ 有什么想问的直接打字就好，不用选菜单。我答不上来的，随时说「转人工」找人工客服。'),
      say('您好，我是{{bot.name}}～ 现在不在人工客服的服务时间，订单、物流、售后的问题可以先问我；需要人工的话说「转人工」，我帮您留言，同事{{business.opensAt|上班}}后第一时间回复。', CLOSED),
      say('夜深了，还在忙呀～ 我是{{bot.name}}，一直都在。有问题直接问我；需要人工客服随时说「转人工」。', NIGHT),
      say('夜深了，还在忙呀～ 我是{{bot.name}}，一直都在。有问题直接问我；人工客服现在已经下班，说「转人工」我帮您留言，同事{{business.opensAt|上班}}后第一时间回复。', NIGHT_CLOSED),
      say('这么晚还在，辛苦啦🌙 订单、物流、售后的问题随时问我；同事们已经下班了，要找人工就说「转人工」，我帮您留好言，{{business.opensAt|上班}}后有人联系您。', NIGHT_CLOSED),
      say('这么晚还在，辛苦啦🌙 订单、物流、售后的问题随时问我；人工客服也在线，说「转人工」就能找到同事。', NIGHT_OPEN),
      ...forVip('尊敬的{{customer.name|会员}}，您好～ 我是{{bot.name}}，订单、售后、积分的问题都可以直接问我；想找人工客服，随时说「转人工」。'),
      ...forVip('尊敬的{{customer.name|会员}}，欢迎回来～ 有什么需要尽管说，说「转人工」可以直接找人工客服。'),
      ...forVip('尊敬的{{customer.name|会员}}，夜深了还在忙，辛苦啦🌙 有什么我能帮您的？需要人工客服随时说「转人工」。', NIGHT),
      ...forVip('尊敬的{{customer.name|会员}}，夜深了还在忙，辛苦啦🌙 有什么我能帮您的？人工客服现在下班了，说「转人工」我帮您留言，同事{{business.opensAt|上班}}后第一时间回复您。', NIGHT_CLOSED),
      ...forVip('尊敬的{{customer.name|会员}}，这么晚还来找我们，辛苦了～ 问题直接告诉我；人工客服也在线，说「转人工」马上为您安排。', NIGHT_OPEN),
    ],
    en: [
      say("Hi, I'm {{bot.name}}, the shop assistant. Ask me about orders, delivery or returns — or say \"human\" any time to reach a person."),
      say('{{customer.name|Hello}}, welcome! I can check orders, track parcels and help with returns. For anything tricky, say "human" and I\'ll get a colleague.'),
      say('Welcome! Just type your question, no menus needed. If I can\'t help, say "human" to reach a person.'),
      say('Hi, I\'m the shop assistant. Our team is outside working hours right now — ask me about orders or returns; say "human" and I\'ll take a message, they\'ll reply {{business.opensAt|when they\'re back}}.', CLOSED),
      say('Working late? I\'m here around the clock. Ask me anything, or say "human" to reach a person.', NIGHT),
      say('Working late? I\'m here around the clock. The team has left for the day — say "human" and I\'ll take a message; they\'ll reply {{business.opensAt|when they\'re back}}.', NIGHT_CLOSED),
      say('Late night? Ask me anything about your order. Our team is online too — say "human" to reach a person.', NIGHT_OPEN),
      ...forVip('Dear {{customer.name|member}}, welcome back! Ask me about orders, returns or points — or say "human" to reach a person.'),
      ...forVip('Dear {{customer.name|member}}, good to see you. How can I help? Say "human" any time to talk to a person.'),
      ...forVip('Dear {{customer.name|member}}, working late? How can I help? Say "human" any time for a person.', NIGHT),
      ...forVip('Dear {{customer.name|member}}, working late? How can I help? The team has left for the day; say "human" and I\'ll take a message — they\'ll reply {{business.opensAt|when they\'re back}}.', NIGHT_CLOSED),
      ...forVip('Dear {{customer.name|member}}, thanks for stopping by this late. Our team is online too — say "human" and a colleague will take over.', NIGHT_OPEN),
    ],
  },
  clarify: {
    zh: [say('我想确认一下，您问的是下面哪一个呢？'), say('怕理解错了您的意思，您是想问：'), say('为了答得准一点，想跟您确认下，您指的是：')],
    en: [say('Just to be sure, which of these do you mean?'), say("I don't want to get this wrong — did you mean:"), say('To give you the right answer, is it one of these?')],
  },
  // One plausible candidate: a yes/no question about it (candidate.question), answered by 是的 / 不是.
  clarifyOne: {
    zh: [say('您是想问「{{candidate.question}}」吗？'), say('我理解您问的是「{{candidate.question}}」，对吗？'), say('想跟您确认下，您指的是「{{candidate.question}}」吗？')],
    en: [say('Did you mean "{{candidate.question}}"?'), say('Just to check — is your question "{{candidate.question}}"?'), say('Do you mean "{{candidate.question}}"?')],
  },
  fallback: {
    zh: [
      sayWithHandoff('zh', '这个问题我还没学会，抱歉～ 您可以换个说法再问问我，或者点「转人工」，让同事来帮您。'),
      sayWithHandoff('zh', '抱歉，这个我答不准，不想乱说误导您。换个说法试试，或者直接「转人工」，同事会接着帮您。'),
      sayWithHandoff('zh', '这个有点超出我知道的范围了😅 您可以描述得具体一点，也可以直接找人工客服。'),
    ],
    en: [
      sayWithHandoff('en', "Sorry, I haven't learned that one yet. Try asking another way, or tap below to talk to a person."),
      sayWithHandoff('en', "I'm not sure about this and don't want to guess. Rephrase it, or talk to a person — they'll pick it up from here."),
      sayWithHandoff('en', "That's beyond what I know. You can describe it a bit more, or reach a person right away."),
    ],
  },
  notHelped: {
    zh: [
      sayWithHandoff('zh', '抱歉没帮上忙😔 能再具体说说您遇到的情况吗？也可以直接点「转人工」，同事来帮您。'),
      sayWithHandoff('zh', '不好意思，刚才没答到点子上。您换个说法再描述一下，或者让人工客服来处理？'),
    ],
    en: [
      sayWithHandoff('en', "Sorry that didn't help. Could you tell me a bit more about what happened? Or talk to a person right away."),
      sayWithHandoff('en', "Apologies, I missed the point there. Describe it another way, or let a colleague take over."),
    ],
  },
  handoff: {
    zh: [
      say('好的，马上为您转接人工客服，请稍等～ 可以先把问题说一下，同事接入后会第一时间看到。'),
      say('没问题，正在帮您找人工客服，请稍候。您先描述一下情况，同事一来就能直接处理，不用再重复。'),
      say('收到，这就为您转人工～ 订单号或截图可以先发过来，能省不少时间。'),
    ],
    en: [
      say("Sure — connecting you to a person now. Describe the issue meanwhile; they'll see it as soon as they join."),
      say("No problem, finding a colleague for you. Tell me what happened and they won't need to ask again."),
      say('On it — transferring you to a person. If you have an order number or screenshot, send it now to save time.'),
    ],
  },
  handoffAngry: {
    zh: [
      say('非常抱歉给您带来这么不好的体验，我马上为您转接人工客服，请稍等，我们一定认真处理。'),
      say('真的很抱歉让您着急了，这件事我这就交给人工同事处理，请您稍等一下。'),
      say('实在抱歉，让您受委屈了。正在为您转接人工客服，您刚才说的情况同事都能看到，不用再说一遍。'),
    ],
    en: [
      say("I'm really sorry for this experience. I'm connecting you to a person right now; we will sort this out."),
      say("I'm sorry this has been so frustrating. A colleague is taking over — please give us a moment."),
      say("Sincere apologies. I'm transferring you to a person; they'll see everything you've told me, so no need to repeat it."),
    ],
  },
  thanks: {
    zh: [say('不客气～ 还有其他问题随时找我哦。'), say('能帮上忙就好😊 之后有需要随时来问。'), say('不用谢～ 祝您购物愉快，有事随时找{{bot.name}}。')],
    en: [say("You're welcome! Ask me anything else any time."), say('Glad I could help 😊 Come back whenever you need.'), say('Any time! Enjoy your day.')],
  },
  empathyNegative: {
    zh: [say('给您添麻烦了，非常抱歉。'), say('遇到这种情况确实让人着急，我来帮您看看。'), say('理解您的心情，我们一起把它解决。')],
    en: [say('Sorry for the trouble.'), say('I can see why that is frustrating — let me help.'), say("I understand; let's get this sorted.")],
  },
  empathyAngry: {
    zh: [say('非常抱歉给您带来这么糟糕的体验，我们一定认真处理。'), say('您的心情我完全理解，真的很抱歉。'), say('实在对不起，让您生气了，这件事我们不会敷衍。')],
    en: [say("I'm really sorry for this experience; we will take it seriously."), say('I completely understand, and I am truly sorry.'), say("I'm sorry we upset you. We won't brush this off.")],
  },
  flowCancelled: {
    zh: [say('好的，已经帮您取消了～ 还有其他需要随时告诉我。'), say('没问题，这件事先不办了。想起来随时找我，或者直接问别的也行。'), say('已取消～ 有别的问题可以直接问我哦。')],
    en: [say("OK, cancelled. Anything else, just let me know."), say("No problem, we'll leave that for now. Ask me anything else any time."), say('Cancelled. Feel free to ask something else.')],
  },
  loopGuardHandoff: {
    zh: [
      say('我们来回好几次还没帮您办好，真抱歉。我这就为您转接人工客服，请稍等。'),
      say('看来是我没理解清楚，绕了几圈还没解决，抱歉～ 已经为您转人工，同事会接着处理。'),
    ],
    en: [
      say("We've gone back and forth and I still haven't sorted this out — sorry. Connecting you to a person now."),
      say("I don't think I'm understanding this right. Rather than keep you going in circles, I'm handing you to a colleague."),
    ],
  },
  loopGuardEnd: {
    zh: [
      say('抱歉，这一步一直没办成，先帮您停在这里。您可以稍后再试，或者说「转人工」让同事帮您处理。'),
      say('不好意思，这件事我这边没能办好，就先不继续了。需要的话随时说「转人工」，同事会帮您跟进。'),
    ],
    en: [
      say("Sorry, this step isn't working, so I'll stop here. Try again later, or say \"human\" and a colleague will help."),
      say('Apologies — I couldn\'t get this done. Say "human" any time and a person will follow up.'),
    ],
  },
  leaveMessage: {
    zh: [
      say('人工客服现在不在线，您可以直接留言：把问题和联系方式发给我，同事{{business.opensAt|上班}}后会第一时间联系您。'),
      say('这会儿同事们都下班了，抱歉～ 您把情况和手机号留给我，{{business.opensAt|上班}}后会有专人回复您。'),
      say('现在是非工作时间，人工客服暂时不在。留言给我就好，问题和联系方式写清楚，同事{{business.opensAt|上班}}后马上处理。'),
    ],
    en: [
      say('Our team is offline right now. Leave a message with your question and contact details, and they\'ll get back to you when they\'re back ({{business.opensAt|next working hours}}).'),
      say("Everyone has left for the day, sorry. Tell me what happened and how to reach you; a person will reply ({{business.opensAt|next working hours}})."),
      say("It's outside working hours. Leave your question and contact details here and a colleague will follow up ({{business.opensAt|next working hours}})."),
    ],
  },
  agentJoined: {
    zh: [
      say('人工客服{{agent.name|同事}}已接入，接下来由TA为您服务～ 刚才的聊天记录TA都能看到，不用再重复。'),
      say('您好，{{agent.name|人工客服}}来啦，您刚才说的情况已经看到了，马上帮您处理。'),
    ],
    en: [
      say("{{agent.name|A colleague}} has joined and will take it from here — they can see everything so far, no need to repeat."),
      say("Hi, {{agent.name|a colleague}} is here now and has read the conversation so far."),
    ],
  },
  ratingPrompt: {
    zh: [
      say('本次服务已结束，感谢您的耐心～ 麻烦给这次服务打个分吧：1 到 5 分，5 分最满意，也欢迎说说哪里可以做得更好。'),
      say('这次就先聊到这里，谢谢您～ 能给我们的服务打个分吗？1–5 分（5 分非常满意），有建议也可以直接写给我们。'),
    ],
    en: [
      say('This chat has ended — thank you for your patience. How did we do? Rate us from 1 to 5 (5 = very satisfied); comments are welcome too.'),
      say('Thanks for chatting with us! Please rate this conversation from 1 to 5 (5 is best) and tell us anything we could do better.'),
    ],
  },
  // The agent's connection dropped and did not come back in time (handoff disconnect grace):
  // the truth, and that the customer keeps their place — not a promise of when.
  agentLeft: {
    zh: [
      say('刚才接待您的客服连接中断了，已经为您重新排队，您还在原来的位置，下一位有空的客服会接着帮您。聊天记录都在，不用重复说～'),
      say('抱歉，刚才的客服暂时离线了。您的会话已回到队列，排队位置不变；新的客服能看到之前的全部聊天记录。'),
    ],
    en: [
      say('The agent who was helping you lost their connection. You are back in the queue at your original place, and the next available agent can see everything so far.'),
      say('Sorry — your agent went offline. Your conversation is back in the queue at the same place; whoever picks it up will see the whole chat.'),
    ],
  },
  // Small talk: brief and true. The bot says it is a bot whenever asked, and where a person is.
  presence: {
    zh: [say('在的～ 我是{{bot.name}}，有什么可以帮您？'), say('在呢，{{bot.name}}一直都在😊 您说～'), say('您好，我在的。订单、物流、售后的问题直接问我就好。')],
    en: [say("I'm here — {{bot.name}} at your service. What can I do for you?"), say("Yes, I'm here 😊 Go ahead."), say("Hi, I'm here. Ask me anything about orders, delivery or returns.")],
  },
  acknowledgement: {
    zh: [say('好的～ 还有其他问题随时问我。'), say('嗯嗯，有需要再找{{bot.name}}哦。'), say('收到😊 还有别的想了解的吗？')],
    en: [say('Great — ask me anything else any time.'), say("OK! I'm here if you need anything else."), say('Got it 😊 Anything else I can help with?')],
  },
  askIsBot: {
    zh: [
      sayWithHandoff('zh', '我是智能客服{{bot.name}}，不是真人哦～ 订单、物流、售后的问题可以直接问我；想和真人聊，点「转人工」就行。'),
      sayWithHandoff('zh', '是的，我是机器人客服{{bot.name}}🤖 常见问题我能马上回答；需要人工客服的话，随时说「转人工」。'),
    ],
    en: [
      sayWithHandoff('en', "I'm {{bot.name}}, the shop's automated assistant — not a person. Ask me about orders or returns, or tap below to talk to a person."),
      sayWithHandoff('en', "Yes, I'm a bot ({{bot.name}}) 🤖 I can answer common questions right away; say \"human\" any time for a person."),
    ],
  },
  askName: {
    zh: [say('我叫{{bot.name}}，是这里的智能客服～ 有什么可以帮您？'), say('叫我{{bot.name}}就好😊 订单、物流、退换货的问题都可以问我。')],
    en: [say("I'm {{bot.name}}, the shop's assistant. How can I help?"), say('Call me {{bot.name}} 😊 Ask me about orders, delivery or returns.')],
  },
  askAddress: {
    zh: [say('我们的地址是：{{persona.address|以店铺公告为准}}。'), say('公司地址：{{persona.address|以店铺公告为准}}，欢迎来访～')],
    en: [say('Our address: {{persona.address|see the shop notice}}.'), say('You can find us at {{persona.address|the address in the shop notice}}.')],
  },
  askContact: {
    zh: [say('您可以通过这些方式联系我们：'), say('联系我们的方式有：')],
    en: [say('You can reach us here:'), say('Ways to reach us:')],
  },
  askHours: {
    zh: [
      sayWithHandoff('zh', '我一直在线～ 人工客服的服务时间是{{service.hours|以店铺公告为准}}，不在服务时间说「转人工」可以留言。'),
      sayWithHandoff('zh', '人工客服{{service.hours|的时间以店铺公告为准}}在线；其他时间有问题先问我{{bot.name}}，也可以留言给同事。'),
    ],
    en: [
      sayWithHandoff('en', "I'm here around the clock. Our team's hours: {{service.hours|see the shop notice}}. Outside them, say \"human\" to leave a message."),
      sayWithHandoff('en', 'People are available {{service.hours|as shown in the shop notice}}; any other time, ask me or leave them a message.'),
    ],
  },
  offTopic: {
    zh: [
      sayWithHandoff('zh', '这个我帮不上忙啦，抱歉～ 我是{{bot.name}}，专门解答订单、物流、退换货、会员这些问题。有这方面的问题随时问我；需要人工客服说「转人工」。'),
      sayWithHandoff('zh', '哈哈，这个超出我的本事了😅 我只懂咱们店里的事：下单、发货、售后、优惠都可以问我，或者「转人工」找同事。'),
    ],
    en: [
      sayWithHandoff('en', "Sorry, I can't help with that. I'm {{bot.name}}, here for orders, delivery, returns and membership — ask me about those, or talk to a person."),
      sayWithHandoff('en', "That's beyond me 😅 I only know this shop: orders, shipping, after-sales and offers. Ask away, or reach a person."),
    ],
  },
};

export interface RenderedPhrase {
  content: RichBlock[];
  /** Text fallback of the content. */
  text: string;
  /** The variant's key: add it to the conversation's `recent` list. */
  key: string;
}

export interface PhraseOptions {
  locale: Locale;
  context: VariantContext;
  vars?: TemplateVars;
  random?: () => number;
  /** Operator-configured variant sets replacing the built-in ones, per key and locale. */
  overrides?: Partial<Record<PhraseKey, Partial<Record<Locale, readonly ReplyVariant[]>>>>;
  /** The bot's name and greeting (the bot settings); the demo's 小温 without them. */
  persona?: Persona;
}

/** Chooses and renders one stock phrase. Built-in sets always have a variant for everyone. */
export function renderPhrase(key: PhraseKey, opts: PhraseOptions): RenderedPhrase {
  const persona = opts.persona ?? DEFAULT_PERSONA;
  const own = key === 'welcome' ? persona.greeting : key === 'askIsBot' ? persona.disclosure : null;
  const configured = own ? [say(own)] : opts.overrides?.[key]?.[opts.locale];
  const chosen =
    (configured && configured.length > 0 ? chooseVariant(configured, opts.context, opts.random) : null) ??
    chooseVariant(PHRASES[key][opts.locale], opts.context, opts.random)!;
  const content = renderBlocks(chosen.variant.content, { ...opts.vars, bot: { name: persona.botName } });
  return { content, text: contentText(content), key: chosen.key };
}
