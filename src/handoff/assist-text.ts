/**
 * How assist reads one piece of customer text — small pure components shared by the
 * suggestions (assist.ts) and the summary (assist-summary.ts):
 *   - isChitChat: nothing but greetings, fillers, punctuation, emoji (在吗, ？？, 好的👌);
 *   - topicalText: the questions of a message without chit-chat and bare requests for a person;
 *   - requestWeight: how strongly a sentence carries a request — an intent word (退货, 发票…),
 *     a problem word (不合适, 没收到…), a question word (怎么, 多久, 吗…); 0 for chit-chat,
 *     venting (我等了好久了) and a bare order number;
 *   - intentsOf: what the customer wants, named for the summary's lead.
 */
import { extractEntities } from '../nlu/entities.js';
import { detectHandoffRequest } from '../nlu/handoff-request.js';
import { FILLERS, QUESTION_MARKERS } from '../nlu/lexicons/questions.js';
import { QUESTION_TYPES } from '../nlu/question-type.js';
import { splitQuestions } from '../nlu/split-questions.js';
import { extractEmoji, toSimplifiedHalfWidth } from '../nlu/text-basics.js';
import type { Entity } from '../nlu/types.js';

/**
 * What a customer wants, by the words that say it (simplified, half-width, lower-case), each
 * with the phrase the lead uses. Checked in order; a sentence may carry several. Common typos
 * customers really type (发漂) are listed beside the right word.
 */
export const INTENT_WORDS: readonly { intent: { zh: string; en: string }; words: readonly string[] }[] = [
  { intent: { zh: '退款', en: 'a refund' }, words: ['退款', '退钱', '钱退', '仅退款'] },
  { intent: { zh: '退货', en: 'to return an item' }, words: ['退货', '退掉', '退回', '咋退', '怎么退', '能退', '要退', '想退', '退换'] },
  { intent: { zh: '换货', en: 'an exchange' }, words: ['换货', '换一个', '换个', '换大', '换小', '换尺码', '换码', '换颜色'] },
  { intent: { zh: '开发票', en: 'an invoice' }, words: ['发票', '开票', '发漂', '专票'] },
  { intent: { zh: '投诉', en: 'to complain' }, words: ['投诉', '12315', '举报'] },
  { intent: { zh: '取消订单', en: 'to cancel an order' }, words: ['取消订单', '不想要了', '不要了'] },
  { intent: { zh: '改地址', en: 'to change the address' }, words: ['改地址', '修改地址', '地址写错', '换地址', '改收货'] },
  { intent: { zh: '查物流', en: 'delivery status' }, words: ['物流', '快递', '到哪', '还没到', '没收到', '派送', '签收'] },
  { intent: { zh: '催发货', en: 'faster shipping' }, words: ['发货', '催一下', '催单'] },
  { intent: { zh: '解决付款问题', en: 'help with payment' }, words: ['付款', '支付', '扣款', '扣了钱', '付不了', '花呗'] },
  { intent: { zh: '用优惠', en: 'a discount' }, words: ['优惠券', '满减', '价保', '降价'] },
  { intent: { zh: '处理账号问题', en: 'help with the account' }, words: ['密码', '登录', '登不上', '验证码', '账号', '注销'] },
  { intent: { zh: '保修维修', en: 'a repair' }, words: ['保修', '维修', '修一下'] },
  { intent: { zh: '咨询会员积分', en: 'membership points' }, words: ['积分', '会员'] },
];

/** Words that state a problem (买的鞋不合适, 还没收到): the reason behind a request. */
export const PROBLEM_WORDS: readonly string[] = [
  '不合适', '不合身', '偏大', '偏小', '不对', '发错', '错了', '少了', '漏发', '坏了', '破了', '破损', '烂了', '质量',
  '色差', '过期', '没收到', '还没到', '没到', '还没', '丢了', '不见了', '用不了', '不能用', '打不开', '失败',
  '扣了', '重复扣', '不一样', '假货', '不满意', '问题',
];

/** A question mark at the end makes a statement a question (这个也算？). */
const QUESTION_ENDING = /\?$/;
/** Question words (怎么, 多久) and the splitter's signs of a question (啥, 吗, 能不能, 包邮). */
const QUESTION_WORDS = [...new Set([...Object.values(QUESTION_TYPES).flat(), ...QUESTION_MARKERS])];
/** What a request weighs, per kind of evidence: an intent outweighs a question word alone. */
export const SENTENCE_WEIGHTS = { intent: 2, problem: 1, question: 1 } as const;
/** Meaningful characters left beside an entity below which a sentence is just the entity (「订单号 2026…」). */
const ENTITY_ONLY_REMAINDER = 4;
/** Split messages into sentences without the splitter's merging of overflow parts. */
const MEANINGFUL = /[\p{Script=Han}\p{L}\p{N}]/gu;
const NOT_MEANINGFUL = /[^\p{Script=Han}\p{L}\p{N}]/gu;
/** Questions of one message looked at: as many as the bot answers in one message by default. */
const TOPICAL_MAX_PARTS = 3;

/** Simplified, half-width, lower-case, without emoji: what the word lists are matched against. */
export function plainOf(text: string): string {
  return extractEmoji(toSimplifiedHalfWidth(text).toLowerCase()).text;
}

/** The intents a text expresses, in the order of INTENT_WORDS. */
export function intentsOf(text: string): { zh: string; en: string }[] {
  const plain = plainOf(text);
  return INTENT_WORDS.filter((i) => i.words.some((w) => plain.includes(w))).map((i) => i.intent);
}

/** How strongly one sentence carries a request (0: none — small talk, a bare number, a sigh). */
export function requestWeight(sentence: string): number {
  const plain = plainOf(sentence);
  const entities = extractEntities(sentence);
  if (entities.length > 0 && (entitiesMasked(sentence, entities).match(MEANINGFUL)?.length ?? 0) < ENTITY_ONLY_REMAINDER) return 0;
  let weight = 0;
  if (INTENT_WORDS.some((i) => i.words.some((w) => plain.includes(w)))) weight += SENTENCE_WEIGHTS.intent;
  if (PROBLEM_WORDS.some((w) => plain.includes(w))) weight += SENTENCE_WEIGHTS.problem;
  if (QUESTION_WORDS.some((w) => plain.includes(w)) || QUESTION_ENDING.test(plain.replace(/[\s!~.。！…]+$/, ''))) weight += SENTENCE_WEIGHTS.question;
  return weight;
}

/** The sentence with its entities and the words that introduce them (订单号, 手机) taken out. */
function entitiesMasked(sentence: string, entities: readonly Entity[]): string {
  let rest = sentence;
  for (const e of [...entities].reverse()) rest = rest.slice(0, e.start) + rest.slice(e.end);
  return plainOf(rest).replace(/订单编号|订单号码|订单号|订单|单号|手机号码|手机号|手机|电话|邮箱|是|我的|号码|order|no/g, '');
}


const FILLERS_LONGEST_FIRST = [...FILLERS].sort((a, b) => b.length - a.length);

/** Nothing but greetings, fillers, punctuation and emoji: 在吗 / ？？ / 好的👌 / 嗯嗯 / 亲在不在. */
export function isChitChat(text: string): boolean {
  let rest = plainOf(text).replace(NOT_MEANINGFUL, '');
  for (let stripped = true; stripped && rest; ) {
    const filler = FILLERS_LONGEST_FIRST.find((f) => rest.startsWith(f));
    stripped = filler !== undefined;
    if (filler) rest = rest.slice(filler.length);
  }
  return rest === '';
}

/**
 * What of a message asks about something: its questions without greetings, chit-chat and bare
 * requests for a person (转人工, 人呢 say nothing about the topic). null when nothing is left.
 */
export function topicalText(text: string, maxParts = TOPICAL_MAX_PARTS): string | null {
  const parts = splitQuestions(text, { maxParts }).filter((p) => !isChitChat(p) && !detectHandoffRequest(p).requested);
  return parts.length ? parts.join('，') : null;
}
