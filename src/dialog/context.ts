/**
 * Follow-ups resolved against the conversation. Customers talk in fragments: after 我想退货
 * they ask 运费谁出 (meaning the return's shipping fee) or 那换货呢 (the same question about the
 * sibling topic). We rewrite such a fragment into a full question using the previous one, and
 * the policy keeps whichever reading the matcher is more confident about.
 */
import type { Analysis } from '../nlu/analyze.js';
import { isQuestionWord } from '../nlu/question-type.js';
import { wordIdf } from '../nlu/word-weights.js';

/** A message at most this long (characters, after normalisation) may lean on the previous question. */
export const FOLLOW_UP_MAX_CHARS = 10;
/**
 * …and one that opens with 那 / 还有 / 另外 (CONTINUATION) may be this long: the opener says it
 * continues the conversation, so 那如果已经拆封了还能退吗 leans on the previous question even
 * though it is longer than a bare fragment.
 */
export const CONTINUED_FOLLOW_UP_MAX_CHARS = 16;
/**
 * A fact asked of the answer just given may be a whole clause (删了以后还能申请售后吗, 错的那个要我自己寄回吗,
 * 这个要是退款钱退给谁啊): up to this many characters a message may ask it, though it is too long to borrow the
 * previous question's words. What keeps a question about something else out is not its length but the
 * rule itself (`answer.fact_in_context`): every word of its own must be in that entry, and no other entry
 * offered on the turn may ask it in its own questions.
 */
export const FACT_FOLLOW_UP_MAX_CHARS = 16;

/** 那换货呢 / 换货的话呢 / 那如果是换货怎么办 — the same question about another topic. */
const SIBLING_SWITCH = /^(?:那|那么|那要是|那如果|如果是|要是|那如果是)?(.{1,8}?)(?:的话)?(?:呢|怎么办|怎么样|咋办)$/;
/** 还有 / 那 / 另外 opening a fragment also marks a follow-up. */
const CONTINUATION = /^(?:那|那么|还有|另外|然后|再问下?)/;

export type FollowUpKind = 'sibling' | 'elliptical';

/** What the previous customer question was (the engine keeps it in the conversation state). */
export interface PreviousTurn {
  question: string;
  entryId: string | null;
  /**
   * The entries a clarification (您是想问…) offered for it, best first; absent after an answer.
   * A follow-up leans on the first of them, a 是的 / tap confirms one of them.
   */
  offered?: { entryId: string; question: string }[];
  /**
   * Entries the customer has just said are not what they meant (不是，我问的是… after an answer):
   * on this turn they are neither answered nor offered, and the conversation is no longer on them.
   */
  ruledOut?: string[];
  /**
   * The entry answered before a follow-up read in context moved the conversation to another one:
   * 换货怎么弄 → 运费谁出 (the exchange's fee) → 寄回去多久能收到新的 asks a fact of the exchange itself,
   * which the fee's answer does not state. Kept while the follow-ups stay on the entry they reached.
   */
  earlierEntryId?: string;
  /**
   * After a fallback, the entry the bot ranked first but was too unsure to offer (新人有什么福利 → 新用户有什么优惠？ at
   * 0.19): the best guess of what the conversation is about, which only ever keeps a follow-up from being answered
   * with an entry that lacks the guess's words (clarify.stray_unheld) — it is never answered or offered for it.
   */
  guessedEntryId?: string;
  /**
   * The bot could not help and offered a person (a fallback, or 抱歉没帮上忙 after 没用): a 转吧 /
   * 好的，转吧 that follows accepts that offer, though on its own it names no one to talk to.
   */
  handoffOffered?: boolean;
}

/**
 * 转吧 / 好的，转吧 / 那帮我转一下 — accepting the person just offered; only after such an offer
 * (PreviousTurn.handoffOffered). A bare 好的 is not enough: after 您可以换个说法再问问我，或者点「转人工」
 * it may as well mean the customer will ask again.
 */
const ACCEPTS_HANDOFF = /^(?:(?:好|好的|好吧|好啊|行|行吧|可以|嗯+|那|那就|麻烦)[，,\s]*)?(?:帮我|给我)?转(?:吧|一下|过去|呀|啊|吧谢谢)?$/;

/** Whether the message accepts the person the previous turn offered (see ACCEPTS_HANDOFF). */
export function acceptsHandoffOffer(normalizedText: string): boolean {
  return ACCEPTS_HANDOFF.test(normalizedText.replace(/[\s\p{P}\p{S}]+$/u, ''));
}

/**
 * The questions a follow-up leans on: the one asked (after a clarification its top candidate),
 * then the standard question of the entry that answered it, when it differs. The customer's words
 * are often vaguer than the entry they reached (我想退货 answered by 怎么申请退货？), and a sibling
 * topic swaps better into the entry's question: 那换货呢 is 怎么申请换货？, not only 我想换货. The
 * policy uses the entry's question for that swap and to tell whether a reading stays on topic.
 */
export function contextQuestions(previous: PreviousTurn, answeredQuestion?: string): string[] {
  const asked = previous.offered?.[0]?.question ?? previous.question;
  return answeredQuestion && answeredQuestion !== asked ? [asked, answeredQuestion] : [asked];
}

/** The entry the conversation is on: the one just answered, or after a clarification the one offered first. */
export function conversationEntryOf(previous: PreviousTurn | undefined): string | null {
  return previous?.offered?.[0]?.entryId ?? previous?.entryId ?? null;
}

/**
 * Whether a message may lean on the previous question: a short fragment (运费谁出, 那换货呢), or a
 * somewhat longer one that opens with a continuation word (那如果已经拆封了还能退吗). Whether it
 * actually does is for the matcher to say (the policy keeps the more confident reading).
 */
export function followUpKind(normalizedText: string): FollowUpKind | null {
  const compact = normalizedText.replace(/\s+/g, '');
  const length = Array.from(compact).length;
  if (length === 0) return null;
  const continued = CONTINUATION.test(compact);
  if (length > (continued ? CONTINUED_FOLLOW_UP_MAX_CHARS : FOLLOW_UP_MAX_CHARS)) return null;
  if (length <= FOLLOW_UP_MAX_CHARS && SIBLING_SWITCH.test(compact)) return 'sibling';
  return 'elliptical';
}

function sharesCharacter(a: string, b: string): boolean {
  for (const ch of a) if (b.includes(ch)) return true;
  return false;
}

/**
 * What a follow-up asks that an answer can state outright: how long (要多久, 几天能到), what it costs
 * (要加钱吗, 手续费多少), who pays (运费谁出, 要我出吗), how many (最多能抵多少, 能分几期) or where to do it
 * (在哪里改, 入口在哪). Customers ask it of the answer they just got: 审核要多长时间 after 能开专票吗 means
 * that entry's review time, which its answer gives (审核 1–2 个工作日) though none of its questions asks it.
 */
export type AskedFact = 'duration' | 'cost' | 'payer' | 'actor' | 'quantity' | 'place' | 'condition' | 'case';

/** A fact the answer states where it names the case asked about (`case`): the clause holding the case's words. */
const NAMES_THE_CASE = 'names the case' as const;

/**
 * Per fact: the words that ask it (`cue`, on the normalised text) and what stating it looks like in an
 * answer (`stated`). Checked in this order, so 多少天 is a duration and 多少钱 a cost before 多少 is a
 * quantity (满多少能分: an amount, which 满 100 元 states). A duration is a number with a unit of time
 * (1–2 个工作日, 15 天, 一年) — not a year (2026 年, a date) and not a rule's name (七天无理由, which says
 * nothing of how long anything takes).
 */
const ASKED_FACTS: readonly { fact: AskedFact; cue: RegExp; stated: RegExp | typeof NAMES_THE_CASE }[] = [
  {
    fact: 'duration',
    cue: /多久|多长时间|多少天|几个?工作日|几天|几个?小时|几号|几点|什么时候|啥时候|何时|多快/,
    stated: /(?:(?<!\d)\d{1,3}\s*(?:[–\-~至到]\s*\d{1,3}\s*)?|[一二两三四五六七八九十半]+)个?(?:工作日|天|小时|分钟|周|个月|年)(?!无理由)|即时到账|立即|当天/,
  },
  {
    fact: 'cost',
    cue: /多少钱|几块钱?|加钱|要钱|收钱|收费|花钱|贵不贵|贵吗|费用|手续费|价格|价钱/,
    // A price, or how the amount is worked out (按赠品标注的价值从退款中扣除, 按比例扣除).
    stated: /\d+(?:\.\d+)?\s*元|免费|免手续费|无手续费|不收(?:取)?(?:手续)?费|包邮|按[^，。；]{1,16}?(?:计算|扣除|扣|折价|抵扣)/,
  },
  {
    fact: 'payer',
    cue: /谁(?:来)?(?:出|付|承担|负责|赔|掏)|(?:要|让)?我(?:来)?(?:出|付|承担)|自己(?:出|付|承担)/,
    stated: /由(?:我们|您|商家|卖家)(?:来)?(?:承担|负责|出|支付)|(?:我们|您)(?:来)?承担/,
  },
  {
    // Who does it (要我自己寄回吗, 得我去找快递吗): the answer says someone comes, we do it, or the customer need not.
    fact: 'actor',
    cue: /(?:要|让|得|需要)我(?:自己)?(?:去|来)?|我自己|自己去|谁来|谁去/,
    stated: /上门|由我们|我们(?:会|来)|(?:不需要|无需|不用)您?|自行|您(?:需要|要)?自己/,
  },
  {
    fact: 'quantity',
    cue: /几期|几张|几次|几个|几件|几倍|几字|多少|最多|上限/,
    // A count, or an amount taken off (满 600 减 80, 抵 1 元).
    stated: /(?:\d+|[一二两三四五六七八九十]+)\s*(?:期|张|次|个|件|字|倍|%|元)|(?:减|抵|返|送)\s*\d+/,
  },
  {
    fact: 'place',
    cue: /在哪|哪里|哪儿|什么地方|去哪|入口/,
    // A place in the app: a menu path (「我的 > 设置 > 支付设置」), or a button or page named to go to.
    stated: /「[^」]*>[^」]*」|(?:在|点|进入|打开)\s*「[^」]+」|(?:首页|详情页|结算页|商品页|订单详情|登录页)/,
  },
  {
    // Whether it still holds in a case (拆了包装还能退不, 关了它会员还能用吗): the answer sets out what is
    // allowed and what is not. Checked last: 还能抵多少 asks an amount, 还要几天 a duration.
    fact: 'condition',
    cue: /还能|还可以|还行|还支持|还有效|也能|也可以|也行/,
    stated: /不支持|不再支持|不能|无法|不予|不受影响|才能|才可以|即可|就可以|可以/,
  },
  {
    // What then, in a case (那要是已经变质了呢, 这个要是退款钱退给谁啊): stated where the answer names the case
    // (收到过期、变质…的食品，…全额退款). Checked after every other fact: 要是丢了谁赔 asks who pays.
    fact: 'case',
    cue: /要是|如果|假如|万一|假设|若是/,
    stated: NAMES_THE_CASE,
  },
];

/**
 * Words that say how exactly, or over what span, the fact is wanted (大概几天, 一般多久, 最快什么时候,
 * 一个月最多几次), not what it is about: they are no word of the fragment's own that the conversation's
 * entry would have to hold (its answer says 每月, not 一个月).
 */
const QUALIFIERS = new Set(['大概', '大约', '大致', '一般', '通常', '差不多', '左右', '最快', '最晚', '最迟', '至少', '到底', '究竟', '具体', '一个月', '每个月', '每月', '一天', '每天', '一年', '每年']);

/** Whether a word only qualifies the fact asked (大概, 一般, 一个月). */
export function qualifiesFact(word: string): boolean {
  return QUALIFIERS.has(word);
}

/** The fact a message asks and the words asking it (多长时间), or null when it asks none of them. */
export function askedFact(normalizedText: string): { fact: AskedFact; cue: string } | null {
  for (const { fact, cue } of ASKED_FACTS) {
    const m = cue.exec(normalizedText);
    if (m) return { fact, cue: m[0] };
  }
  return null;
}

/** Whether a word asks one of the facts (几次, 手续费, 入口): an asking word, not one of what the message is about. */
export function asksAFact(word: string): boolean {
  return ASKED_FACTS.some(({ cue }) => cue.test(word));
}

/**
 * Where an answer states the fact (e.g. 「1–2 个工作日」), or null when it does not. A case is stated by the
 * first clause of the answer that names it (`namesTheCase`, read by the caller as the matcher reads words).
 */
export function statedFact(fact: AskedFact, answer: string, namesTheCase: (clause: string) => boolean = () => false): string | null {
  const { stated } = ASKED_FACTS.find((f) => f.fact === fact)!;
  if (stated === NAMES_THE_CASE) return answer.split(/[，,。；;！!？?\n]/).find((clause) => clause.trim() !== '' && namesTheCase(clause))?.trim() ?? null;
  return stated.exec(answer)?.[0] ?? null;
}

/**
 * The follow-up as a full question, or null when the fragment does not lean on the previous one.
 * Sibling switch: the previous question as asked (我想退货) with the term the new topic replaces —
 * the one sharing a character with it — swapped in (我想换货); without such a term it is no switch.
 * Elliptical: the previous question's terms the fragment does not already have, then the fragment
 * (question words stay behind: the fragment asks its own kind of question); with several carried,
 * `topicQueries` are the fragment with each one of them alone, most telling first (highest IDF) —
 * the caller ranks them all and keeps the most confident reading.
 */
export function contextualQuery(current: Analysis, previous: Analysis, kind: FollowUpKind): { query: string; kind: FollowUpKind; topicQueries?: string[] } | null {
  // 退到哪里呢 asks where about the same topic, it names no sibling topic: a fragment with a
  // question word of its own is elliptical (swapping 退到哪里 into 退款多久到账 made it the refund time).
  if (kind === 'sibling' && !current.words.some(isQuestionWord)) {
    const topic = current.terms.join('');
    // The sibling shares a character with what the fragment brings, not with a word the previous
    // question had too: 那改颜色呢 after 怎么修改收货地址 shares 改 with 修改 and is no sibling of it.
    const brought = current.terms.filter((t) => !previous.normalized.text.includes(t)).join('');
    const replaced = previous.words.findIndex((w) => w.length > 1 && topic.length > 1 && w !== topic && sharesCharacter(w, brought));
    if (replaced >= 0) return { query: previous.words.map((w, i) => (i === replaced ? topic : w)).join(''), kind: 'sibling' };
  }
  const currentTerms = new Set(current.terms);
  // The topic carries over, not how it was asked: 怎么申请换货 → 运费呢 asks about the exchange's
  // fee, not "how to" anything (carrying 怎么 made it the exchange process again).
  const carried = previous.terms.filter((t) => !currentTerms.has(t) && !isQuestionWord(t));
  if (carried.length === 0) return null;
  const query = [...carried, ...current.terms].join('');
  if (carried.length === 1) return { query, kind: 'elliptical' };
  // Generic verbs carried along can drown the topic (申请换货运费 is neither the exchange nor its
  // fee to the matcher; 换货运费 is the fee), and a fragment that asks something else about the
  // topic replaces what the previous question asked (积分会过期吗 → 那怎么用 is 积分怎么用, not
  // 积分过期怎么用): also offer each carried word alone with the fragment.
  const byWeight = [...carried].sort((a, b) => wordIdf(b) - wordIdf(a));
  return { query, kind: 'elliptical', topicQueries: byWeight.map((t) => [t, ...current.terms].join('')) };
}
