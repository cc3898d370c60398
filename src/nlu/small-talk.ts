/**
 * Small talk: the few things customers say to a shop's chat that are not questions about the
 * shop's business — 你好 / 在吗, 谢谢, 好的👌, 你是机器人吗, 你叫什么, 你们公司在哪, 客服电话多少,
 * 人工客服几点上班, and requests outside any shop (讲个笑话, 帮我写作业, 今天天气怎么样). They are
 * answered from the bot's persona (src/dialog/persona-answers.ts), never matched against the
 * knowledge base: 你是机器人吗 must not be offered 可以用花呗分期付款吗？.
 *
 * Conservative by construction: a message is small talk only when ALL of it is — greetings,
 * particles and politeness around exactly one small-talk phrase. 你是机器人吗 我要退货,
 * 在吗我要退货, 机器人吸尘器怎么退 and 你们的会员叫什么等级 are not small talk; the business
 * question in them goes to the matcher. Pure: text in, intent out.
 */
import { FILLERS } from './lexicons/questions.js';
import { normalize } from './normalize.js';

export const SMALL_TALK_INTENTS = [
  'greeting',
  'presence',
  'thanks',
  'acknowledgement',
  'askIsBot',
  'askName',
  'askAddress',
  'askContact',
  'askHours',
  'offTopic',
] as const;
export type SmallTalkIntent = (typeof SMALL_TALK_INTENTS)[number];

export interface SmallTalk {
  intent: SmallTalkIntent;
  /** What the message came down to once greetings and particles were set aside (for the trace). */
  cue: string;
}

/** Words of a message made only of fillers (FILLERS) that say which courtesy it is. */
const THANKS = /谢|感谢|辛苦|麻烦了|麻烦你了|thank|thx|xiexie|3q/;
const PRESENCE = /在吗|在不在|在么|在嘛|有人在吗|zaima|zaibuzai/;
const GREETING = /你好|您好|你们好|大家好|早上好|上午好|下午好|晚上好|早安|晚安|哈喽|哈罗|hello|hi|hey|nihao/;
const ACKNOWLEDGEMENT = /好的|好吧|^好$|嗯|哦|噢|ok|行|收到|明白了|知道了|懂了|懂啦|了解|试试|看看|haode|enen/;
/** Emoji that mean "OK, got it" on their own (👌 👍 🙏 ✅ 🆗). Other emoji carry emotion, not intent. */
const ACKNOWLEDGEMENT_EMOJI = /\u{1F44C}|\u{1F44D}|\u{1F64F}|\u2705|\u{1F197}/u;

/** Pinyin typed for the courtesies, which FILLERS (the splitter's list) does not carry. */
const PINYIN_FILLERS = ['nihao', 'zaima', 'zaibuzai', 'xiexie', 'haode', 'enen'];
/**
 * How a customer closes after an answer — 好的我试试 谢啦, 那我去看看, ok 懂了 3q — which FILLERS (the splitter's list,
 * where 我看看 may open a question: 我看看订单到哪了) does not carry. Courtesies only when nothing else is said.
 */
const CLOSING_FILLERS = ['我试试', '我去试试', '我先试试', '我再试试', '试试看', '我看看', '我去看看', '我先看看', '我再看看', '谢啦', '谢了', '懂了', '我懂了', '懂啦', '了解了', '了解啦', '3q'];
const ALL_FILLERS = [...FILLERS, ...PINYIN_FILLERS, ...CLOSING_FILLERS].sort((a, b) => b.length - a.length);

/** "you", including the polite, the plural and the pinyin. */
const YOU = '(?:你|您|ni|nin)';
const YOU_ALL = '(?:你们|您们|贵公司|贵店|贵司)';
/** Sentence-final particles and question tails that change nothing (吗 / 吧 / 呀 / 啊 / ?). */
const TAIL = '(?:吗|么|嘛|吧|呀|啊|呢|哈|啦|ma|ba)*';
const WHAT = '(?:什么|啥|甚么|神马|sha|shenme)';
const WHERE = '(?:哪|哪里|哪儿|哪边|什么地方|啥地方|na|nali)';
const A_BOT = '(?:机器人|机械人|鸡器人|机器|ai|人工智能|智能客服|自动回复|bot|robot|jiqiren)';
/** The company itself — not a warehouse or one of several stores, whose addresses differ (退货寄到哪个地址 is knowledge). */
const COMPANY = '(?:公司|店铺|店|总部|办公室)';
const PEOPLE = '(?:人工客服|人工|客服|售后|真人)';
/** A person, as a customer asks whether the bot is one (你是真人吗, 是人工吗, ni shi zhenren ma). */
const A_HUMAN = '(?:真人客服|人工客服|真人|人工|活人|人类|真的人|人|zhenren|rengong|huoren)';

/**
 * Each intent's phrasings, tested against the whole message once courtesies are set aside.
 * Marked WHOLE_MESSAGE_ONLY: bare words that are small talk alone but a product or a topic next
 * to a question (机器人？ alone asks about the bot; 机器人 怎么退 is about a robot product;
 * 下雨 会延迟发货吗 is about delivery).
 */
const WHOLE_MESSAGE_ONLY = true;
const PATTERNS: ReadonlyArray<readonly [SmallTalkIntent, RegExp, boolean?]> = [
  // 有人吗 / 客服在吗 / 还在吗 (在吗 alone is a courtesy, above)
  ['presence', new RegExp(`^(?:有人|有没有人|有人在|客服在|还在|人呢|在线)${TAIL}$`)],
  // 你是机器人吗 / 你是不是机器人 / 机器人？ / 你是AI吧 / 是自动回复吗 / 你是人还是机器人
  ['askIsBot', new RegExp(`^(?:${YOU})?(?:是|是不是|shi)(?:个|一个)?${A_BOT}${TAIL}$`)],
  ['askIsBot', new RegExp(`^${A_BOT}${TAIL}$`), WHOLE_MESSAGE_ONLY],
  ['askIsBot', new RegExp(`^${YOU}?是(?:人|活人|真人|人工)还是${A_BOT}${TAIL}$`)],
  ['askIsBot', new RegExp(`^${YOU}?是${A_BOT}还是(?:人|活人|真人|人工)${TAIL}$`)],
  // 你是真人吗 / 是人工吗 / 你到底是不是活人 / 对面是真人在回复吗: asking what the bot is, not asking for a person
  ['askIsBot', new RegExp(`^(?:${YOU}|对面|这边|现在|回复我的|跟我聊的)?(?:到底)?(?:是|是不是|shi)(?:个|一个)?${A_HUMAN}(?:在回复|在回|在聊|吧)?${TAIL}$`)],
  ['askIsBot', /^(?:areyou|ru|isthis)(?:a|an)?(?:bot|robot|ai|chatbot)$/],
  ['askIsBot', new RegExp(`^(?:这是|现在是|回复我的是)${A_BOT}(?:在回复|回复的)?${TAIL}$`)],
  // 你叫什么 / 你叫啥名字 / 怎么称呼你 / 你是谁 / 你的名字是什么
  ['askName', new RegExp(`^${YOU}(?:叫|叫做|的名字叫|名字叫|jiao)${WHAT}(?:名字|mingzi)?${TAIL}$`)],
  ['askName', /^(?:whatisyourname|whatsyourname|whoareyou)$/],
  ['askName', new RegExp(`^${YOU}的?名字(?:是|叫)?${WHAT}?${TAIL}$`)],
  ['askName', new RegExp(`^(?:怎么|咋|如何|该怎么)称呼${YOU}?${TAIL}$`)],
  ['askName', new RegExp(`^${YOU}(?:是谁|是哪位|哪位)${TAIL}$`)],
  // 你们地址在哪 / 公司在哪 / 你们公司的地址是什么 / 贵公司在哪里
  ['askAddress', new RegExp(`^(?:${YOU_ALL}${COMPANY}?|${COMPANY})的?(?:地址|具体地址|详细地址|位置)(?:在|是)?(?:${WHERE}|${WHAT}|多少)?${TAIL}$`)],
  ['askAddress', new RegExp(`^(?:${YOU_ALL}${COMPANY}?|${COMPANY})(?:在|位于)${WHERE}${TAIL}$`)],
  // 怎么联系你们 / 客服电话多少 / 你们的联系方式 / 售后微信是多少
  ['askContact', new RegExp(`^(?:怎么|如何|咋|怎样|去哪|在哪)(?:联系|联络|找到?)(?:${YOU_ALL}|客服|售后|商家|卖家|店家)${TAIL}$`)],
  ['askContact', new RegExp(`^(?:${YOU_ALL}|${COMPANY}|官方)?的?(?:客服|售后|人工)?的?(?:联系方式|联系电话|联系电话号码|热线|客服热线)(?:是|有)?(?:多少|${WHAT}|号码)?${TAIL}$`)],
  ['askContact', new RegExp(`^(?:${YOU_ALL}|${COMPANY}|官方|客服|售后)的?(?:电话|电话号码|号码|手机号?|邮箱|微信|微信号|qq)(?:是|有)?(?:多少|${WHAT}|号码|几号|有没有)?${TAIL}$`)],
  // 几点上班 / 人工客服几点上班 / 客服什么时候在 / 你们工作时间 / 周末有客服吗
  ['askHours', new RegExp(`^(?:${PEOPLE}|${YOU_ALL})?(?:几点|什么时候|啥时候|什么时间|几时)(?:上班|下班|开始|有人|在线|营业|开门|关门|有|在)${TAIL}$`)],
  ['askHours', new RegExp(`^(?:${PEOPLE}|${YOU_ALL})?的?(?:工作|上班|营业|服务|在线|值班)时间(?:是)?(?:几点|${WHAT}|多少|什么时候)?${TAIL}$`)],
  ['askHours', new RegExp(`^(?:周末|周六|周日|星期天|节假日|晚上|半夜|过年|春节)(?:有|也有)?${PEOPLE}(?:上班|在)?${TAIL}$`)],
  // Outside any shop: homework, writing, jokes, songs, the weather, idle chat.
  ['offTopic', new RegExp(`^(?:${YOU}能|${YOU}会|能不能|可以|可不可以)?(?:帮我|给我|替我)?(?:写|做|改)(?:个|一个|一篇|篇|首|一首|下|一下)?(?:作业|作文|论文|诗|代码|程序|小说|情书|文章|报告|周报|ppt)${TAIL}$`)],
  ['offTopic', new RegExp(`^(?:${YOU}|给我|跟我|再)?(?:讲|说|来)(?:个|一个|几个|段)?(?:笑话|故事|段子)(?:听听|吧|呗)?${TAIL}$`)],
  ['offTopic', new RegExp(`^(?:${YOU}|给我|来)?(?:会)?唱(?:首|一首|个)?歌${TAIL}$`)],
  ['offTopic', new RegExp(`^(?:今天|明天|后天|这几天|现在|周末|外面)?(?:的)?(?:天气|气温)(?:怎么样|如何|咋样|好不好|好吗|多少度)?${TAIL}$`), WHOLE_MESSAGE_ONLY],
  ['offTopic', new RegExp(`^(?:今天|明天|后天|周末)?(?:会|要)?下(?:雨|雪)${TAIL}$`), WHOLE_MESSAGE_ONLY],
  ['offTopic', new RegExp(`^(?:陪我|和我|跟我)?(?:聊聊天|聊天|唠嗑|聊会儿?天?)${TAIL}$`), WHOLE_MESSAGE_ONLY],
];

/**
 * Longer than this (normalised, without spaces) and a text is not one small-talk phrase with a
 * few courtesies around it (the longest, 你好请问你们公司的详细地址是什么呀, is 18): it is not
 * tried against the patterns, which keeps the splitter's clause checks cheap on long messages.
 */
export const MAX_SMALL_TALK_CHARS = 30;

/** Sentence-final particles customers add to a courtesy (在吗呀, 谢谢啦～). */
const PARTICLES = /(?:吗|么|嘛|吧|呀|啊|呢|哈|啦|哦|~)+$/;

/**
 * Whether one clause of a longer message is small talk addressed to the bot (你是机器人吗 in
 * 你是机器人吗 我要退货), so the splitter can set it apart from the business question next to
 * it. Bare words (WHOLE_MESSAGE_ONLY) and courtesies (the splitter drops those itself) do not count.
 */
export function isSmallTalkClause(text: string): boolean {
  if (text.length > MAX_SMALL_TALK_CHARS * 2) return false;
  const compact = normalize(text).text.replace(/\s+/g, '');
  if (!compact || compact.length > MAX_SMALL_TALK_CHARS || stripFillers(compact) === '') return false;
  return cores(compact).some((core) => PATTERNS.some(([, pattern, wholeOnly]) => !wholeOnly && pattern.test(core)));
}

/** Which small talk the message is, or null when it is (or also carries) anything else. */
export function detectSmallTalk(text: string): SmallTalk | null {
  const normalized = normalize(text);
  const compact = normalized.text.replace(/\s+/g, '');
  if (!compact) {
    // 👌 alone is an answer; 😊 alone is a feeling, left to the rest of the bot.
    return normalized.emoji.some((e) => ACKNOWLEDGEMENT_EMOJI.test(e)) ? { intent: 'acknowledgement', cue: normalized.emoji.join('') } : null;
  }
  if (stripFillers(compact) === '') return { intent: courtesyOf(compact), cue: compact.slice(0, MAX_SMALL_TALK_CHARS) };
  if (compact.length > MAX_SMALL_TALK_CHARS) return null;
  for (const core of cores(compact)) {
    const found = PATTERNS.find(([, pattern]) => pattern.test(core));
    if (found) return { intent: found[0], cue: core };
  }
  return null;
}

/** A message made only of courtesies: thanks before presence before a greeting before an OK. */
function courtesyOf(compact: string): SmallTalkIntent {
  if (THANKS.test(compact)) return 'thanks';
  if (PRESENCE.test(compact)) return 'presence';
  if (GREETING.test(compact)) return 'greeting';
  if (ACKNOWLEDGEMENT.test(compact)) return 'acknowledgement';
  // 亲 / 请问 / 客服 alone: someone is there and about to ask.
  return 'presence';
}

function stripFillers(text: string): string {
  let rest = text;
  for (let next = strip(rest, 'head'); next !== rest; next = strip(rest, 'head')) rest = next;
  return rest;
}

/** One filler off the head or the tail, or the text as it was. */
function strip(text: string, end: 'head' | 'tail'): string {
  const filler = ALL_FILLERS.find((f) => (end === 'head' ? text.startsWith(f) : text.endsWith(f)));
  if (!filler) return text;
  return end === 'head' ? text.slice(filler.length) : text.slice(0, text.length - filler.length);
}

/**
 * The message and what is left of it as courtesies come off each end (你好，请问你是机器人吗 →
 * 你是机器人吗; 客服电话多少呀谢谢 → 客服电话多少). Every stage is offered, because a courtesy
 * word can be part of the phrase itself (客服 in 客服电话多少, 好 in 你好).
 */
function cores(compact: string): string[] {
  const heads: string[] = [compact];
  for (let head = strip(compact, 'head'); head && head !== heads[heads.length - 1]; head = strip(head, 'head')) heads.push(head);
  const out: string[] = [];
  for (const head of heads) {
    let core = head;
    out.push(core);
    for (let tail = strip(core, 'tail').replace(PARTICLES, ''); tail && tail !== core; tail = strip(core, 'tail').replace(PARTICLES, '')) {
      core = tail;
      out.push(core);
    }
  }
  return out;
}
