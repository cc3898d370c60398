/**
 * Emotion detection: a small, explainable lexicon-and-rules scorer. It labels a customer
 * message neutral / positive / negative / angry with a strength in [0,1] and lists every
 * word and rule that fired, so the decision trace can say *why* a customer was handed over.
 * Defaults are documented constants; an operator may override any of them (docs/emotion.md).
 */
import {
  ACCUSATION_WORDS, ANGER_WORDS, ANGRY_EMOJI, FAILURE_WORDS, CHURN_WORDS, INSULT_WORDS, INTENSIFIERS, IRONIC_PRAISE_WORDS,
  NEGATIVE_EMOJI, NEGATIVE_WORDS, NEGATORS, NEUTRAL_COMPOUNDS, POSITIVE_EMOJI, POSITIVE_WORDS,
  SARCASM_EMOJI, SARCASM_WORDS, THREAT_WORDS,
} from './lexicons/emotion.js';
import { detectCues, type CueWeight } from './emotion-cues.js';
import { readUpset, SHIPPED_EMOTION_MODEL, type EmotionModel } from './emotion-model.js';
import { extractEmoji, toSimplifiedHalfWidth } from './text-basics.js';
import type { Emotion, EmotionLabel } from './types.js';

type Category = 'positive' | 'negative' | 'insult' | 'threat' | 'accusation' | 'sarcasm' | 'churn' | 'anger' | 'failure';

export interface EmotionOptions {
  /** Weight of one lexicon hit, per category. */
  weights: Record<Category | CueWeight | 'waitingTime' | 'impatience', number>;
  /** Multiplier when an intensifier (太/非常/简直…) stands right before a lexicon word. */
  intensifierBoost: number;
  /** Multiplier on every polarity when ?? / !! / ?! appear (two or more in a row). */
  repeatedPunctuationBoost: number;
  /** How many characters may sit between a negator and the word it negates (不[怎么]满意). */
  negationWindow: number;
  /** A negated threat (不想投诉) still counts as negative, at this fraction of its weight. */
  negatedThreatFactor: number;
  /** Angry raw weight at or above this makes the label angry. */
  angryMinimum: number;
  /** Negative raw weight at or above this is escalated to angry (waiting + 太慢 + ？！). */
  escalateToAngry: number;
  /** Positive/negative need to lead the other side by at least this much, else neutral. */
  minimumMargin: number;
  /** Raw weight that maps to score 1 − 1/e ≈ 0.63; see scoreFromRaw. */
  scoreScale: number;
  /** Extra words per category, added to the built-in lexicon (simplified, lower-case). */
  extraWords: Partial<Record<Category, string[]>>;
  /**
   * The learned upset reading (emotion-model.ts) at or above which a message the cues leave calm
   * reads negative; 1 switches the model off (cues only). Default: picked by cross-validation.
   */
  modelUpsetThreshold: number;
  /** The learned upset reading at or above which a message reads angry; 1 switches that off. */
  modelAngryThreshold: number;
  /**
   * The highest score a reading that only the model made can have: below the default
   * angerHandoffScore (0.8), so the model alone never hands a customer over — a learned reading
   * can be wrong in ways no cue explains, and an apology costs less than a needless hand-off.
   */
  modelScoreCeiling: number;
}

export const DEFAULT_EMOTION_OPTIONS = {
  // A threat alone scores 1 − e^−1.65 ≈ 0.81: just above the default angerHandoffScore (0.8), because
  // a customer who says 投诉 / 12315 should reach a person.
  // Graded hostility: a threat to go outside (1.65) > an insult or an accusation of cheating (1.2)
  // > announcing to leave (1.0) > sarcasm (0.9, sometimes playful). Each alone reads as angry
  // (≥ angryMinimum); only a threat alone reaches the hand-off score. A customer who says they
  // are angry (火大, 受够了) counts like an insult.
  weights: {
    positive: 0.8, negative: 0.8, insult: 1.2, threat: 1.65, accusation: 1.2, anger: 1.2, sarcasm: 0.9, churn: 1,
    failure: 0.8,
    // A rhetorical question aimed at the shop (有你们这么做生意的吗) and shouting in writing (退款退款退款,
    // 快！点！) read as angry, like sarcasm: hostile, but alone not enough to hand over.
    rhetorical: 0.9, shouting: 0.9,
    waitingTime: 0.8, impatience: 0.3,
  },
  intensifierBoost: 1.5,
  repeatedPunctuationBoost: 1.4,
  negationWindow: 2,
  negatedThreatFactor: 0.5,
  angryMinimum: 0.5,
  // Two or three negative signals together (waiting time + 太慢 + ？？) read as anger.
  escalateToAngry: 2.4,
  minimumMargin: 0.3,
  scoreScale: 1,
  extraWords: {},
  modelUpsetThreshold: SHIPPED_EMOTION_MODEL.upsetThreshold,
  modelAngryThreshold: SHIPPED_EMOTION_MODEL.angryThreshold,
  modelScoreCeiling: 0.79,
} as const satisfies EmotionOptions;

/** 都三天了 / 已经一个星期了 / 等了好几天 / 几天了还没 — complaints about waiting. */
const AMOUNT = '[\\d一二两三四五六七八九十几半好]+多?个?';
const UNIT = '(?:天|日|周|星期|礼拜|月|小时|钟头|分钟|下午|上午|晚上|早上)';
const WAITING_TIME_PATTERNS: readonly RegExp[] = [
  new RegExp(`(?:都|已经|快|整整)第?${AMOUNT}${UNIT}`),
  // 三天回一句: an answer once in so long
  new RegExp(`${AMOUNT}${UNIT}才?(?:回|动|更新)了?一?(?:句|次|下|个字)`),
  // 这都几号了, 都几天了
  /(?:这|都)都?几(?:号|点|天|个月)了/,
  // 等了三天, 走了半个月, 拖了一周, 卡了好几天: the parcel or the case has been stuck that long
  new RegExp(`(?:等|走|拖|卡|躺|停|催|磨|耗|折腾)了(?:你们|我)?(?:整整)?${AMOUNT}?整?${UNIT}`),
  new RegExp(`${AMOUNT}${UNIT}多?了?(?:还没|还不|都没|也没|还是没)`),
  /这么久|好久了|等半天|等死|花儿?都谢了|黄花菜都凉了|猴年马月|到现在.{0,6}(?:没|不)|一分钱(?:都|也)?没/,
  // any act drawn out that long, said with the second 了: 核实了五天了, 处理了一个星期了
  new RegExp(`\\p{Script=Han}了${AMOUNT}${UNIT}了`, 'u'),
  // a wait of weeks or months, announced: 要等半个月, 还得等两周 (not 等几天, a calm question)
  /等(?:上|了)?(?:半个|一个|两个|三个|[\d一二两三四五六七八九十]+个?)(?:月|星期|礼拜|周)/,
];
const REPEATED_PUNCTUATION = /[?!]{2,}/;

/**
 * A failure reported in the same message turns praise into sarcasm: 太棒了，又没到 /
 * 真不错，第三次发错了. Deliberately not 还没 alone: 太好了，还没发货可以改地址 is relief.
 */
const IRONY_FAILURE = /一问三不知|又(?:没|是|坏|错|发错|不|延迟|丢|漏|少|慢)|(?<!回购|购买|买了?|来|光顾)第[\d一二两三四五六七八九十几]+(?:次|遍|回)|都没人|没人(?:管|理|回)|不回(?:复|消息)?|坏了|发错/;

/**
 * Praise followed by 但是 / 不过 / 就是 / 只是 and then the failure is sincere mixed feedback
 * (东西很棒，只是包装坏了), not sarcasm: the customer concedes before complaining.
 */
const CONCESSION = /但是|但|不过|就是|只是|可惜|可是/;

/**
 * A rhetorical question asserts what it negates: 这不是欺骗消费者吗 accuses; 你们不是骗子吧
 * (no 吗) does not. Negation of an insult or accusation is ignored inside one.
 */
const RHETORICAL_QUESTION = /难道|不就?是[^,.;:?!，。；：]{0,12}[吗嘛么]/;

/**
 * A threat word asked about calmly is a request for the procedure, not a threat: 投诉入口在哪,
 * 怎么投诉, 差评可以修改吗, 退钱多久到账, 我想投诉一下快递员态度. It counts as one negative word
 * (the customer is unhappy with something) and never hands over by itself.
 */
const PROCEDURE_BEFORE = /(?:怎么|怎样|如何|去哪儿?|去哪里|在哪儿?|在哪里|哪里|哪儿|可以|能否|能不能|我的|之前的?|上次的?)$/;
const PROCEDURE_AFTER = /^(?:入口|渠道|电话|热线|方式|流程|进度|结果|单号?|记录|一下|多久|要多久|怎么|怎样|如何|可以|能不能|能否|能|在哪|处理|有用吗|会怎样|有什么用|到账)/;
/** How far before a threat word the procedure question may start (怎么[去]投诉, 在哪里[可以]投诉). */
const PROCEDURE_REACH = 4;

/**
 * A whole message that asks a question (请问投诉要提供哪些材料, 退钱的话运费谁出) is about the
 * procedure too — unless it is a conditional threat (再不发货我就投诉，你们管不管？) or aims the word
 * at someone (投诉你们).
 */
const QUESTION_FORM = /请问|问一?下|想问|咨询|[吗嘛]\s*\??\s*$|怎么|怎样|如何|多少|哪|什么|谁|几|是否|能否|有没有|干嘛|干什么/;
const THREATENING = /再不|不然|否则|就(?:去|要|会|给|打|找|投|告)|等着|信不信/;
const AIMED = /^(?:你们|你|他们|这家|这个店|商家|客服)/;
/** 我要投诉 / 我就去投诉 declares the threat; a question added after it does not take it back. */
const DECLARED = /(?:我要|我就|要去|我去|必须|一定|马上|立刻|直接)$/;

function isProcedureQuestion(text: string, at: number, word: string): boolean {
  if (QUESTION_FORM.test(text) && !THREATENING.test(text) && !AIMED.test(text.slice(at + word.length))
    && !DECLARED.test(text.slice(0, at))) return true;
  const clauseBefore = text.slice(Math.max(0, at - PROCEDURE_REACH), at).split(NEGATION_BARRIER).pop() ?? '';
  for (let start = 0; start < clauseBefore.length; start++) {
    if (PROCEDURE_BEFORE.test(clauseBefore.slice(0, clauseBefore.length - start))) return true;
  }
  return PROCEDURE_AFTER.test(text.slice(at + word.length));
}
const ASCII_WORD = /^[a-z0-9 ]+$/;

interface LexiconEntry { word: string; category: Category }
/**
 * The lexicon's entries by their first code unit, each list longest first: a position of the text
 * is compared with the words that can start there, not with the whole lexicon (a scan of every
 * word at every position was most of detectEmotion's own time, ~3% of a chat request).
 */
type Lexicon = ReadonlyMap<string, readonly LexiconEntry[]>;

function buildLexicon(extra: EmotionOptions['extraWords']): Lexicon {
  const lists: Record<Category, readonly string[]> = {
    positive: [...POSITIVE_WORDS, ...(extra.positive ?? [])],
    negative: [...NEGATIVE_WORDS, ...(extra.negative ?? [])],
    insult: [...INSULT_WORDS, ...(extra.insult ?? [])],
    threat: [...THREAT_WORDS, ...(extra.threat ?? [])],
    accusation: [...ACCUSATION_WORDS, ...(extra.accusation ?? [])],
    sarcasm: [...SARCASM_WORDS, ...(extra.sarcasm ?? [])],
    churn: [...CHURN_WORDS, ...(extra.churn ?? [])],
    anger: [...ANGER_WORDS, ...(extra.anger ?? [])],
    failure: [...FAILURE_WORDS, ...(extra.failure ?? [])],
  };
  const entries = (Object.keys(lists) as Category[]).flatMap((category) =>
    lists[category].map((word) => ({ word: word.toLowerCase(), category })));
  // Longest first, so 不满意 / 不靠谱 win over 满意 / 靠谱 at the same position.
  entries.sort((a, b) => b.word.length - a.word.length);
  const byFirst = new Map<string, LexiconEntry[]>();
  for (const entry of entries) {
    const list = byFirst.get(entry.word[0]);
    if (list) list.push(entry);
    else byFirst.set(entry.word[0], [entry]);
  }
  return byFirst;
}

const DEFAULT_LEXICON = buildLexicon({});

/** Latin and digit words need boundaries: sb must not fire inside usb, 12315 inside 1231500. */
function hasBoundaries(text: string, at: number, word: string): boolean {
  if (!ASCII_WORD.test(word)) return true;
  const isWordChar = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);
  return !isWordChar(text[at - 1]) && !isWordChar(text[at + word.length]);
}

function maskNeutralCompounds(text: string): string {
  let masked = text;
  // Most messages hold none of them: a split and join only for those present.
  for (const compound of NEUTRAL_COMPOUNDS) if (masked.includes(compound)) masked = masked.split(compound).join(' '.repeat(compound.length));
  return masked;
}

/** Characters a negation cannot reach across: 还没到，太慢了 does not negate 太慢. */
const NEGATION_BARRIER = /[\s,.;:?!，。；：、~…]/;

/**
 * The negator ending at most `window` characters before `at`, not reaching back into the
 * previous lexicon hit (which ends at `floor`) nor across punctuation.
 */
function negatorBefore(text: string, at: number, floor: number, window: number): string | null {
  for (let gap = 0; gap <= window && at - gap > floor; gap++) {
    if (gap > 0 && NEGATION_BARRIER.test(text[at - gap])) return null;
    const before = text.slice(floor, at - gap);
    const negator = NEGATORS.find((n) => before.endsWith(n));
    // 是不是 / 有没有 / 会不会 ask a question; they negate nothing (你们是不是故意的).
    const start = at - gap - (negator?.length ?? 0);
    if (negator && /^[不没]/.test(negator) && text[start - 1] !== undefined && text[start - 1] === text[start + 1]) return null;
    if (negator) return negator;
  }
  return null;
}

/**
 * The highest score a message can reach. Never 1: an operator who sets angerHandoffScore to 1
 * means "never hand over for anger", and rounding a very angry message to 1.000 would defeat it.
 */
const MAX_SCORE = 0.999;

function scoreFromRaw(raw: number, scale: number): number {
  return raw <= 0 ? 0 : Math.min(MAX_SCORE, Number((1 - Math.exp(-raw / scale)).toFixed(3)));
}

export function detectEmotion(text: string, options: Partial<EmotionOptions> = {}): Emotion {
  const opts: EmotionOptions = { ...DEFAULT_EMOTION_OPTIONS, ...options,
    weights: { ...DEFAULT_EMOTION_OPTIONS.weights, ...options.weights } };
  const lexicon = options.extraWords ? buildLexicon(options.extraWords) : DEFAULT_LEXICON;
  const { text: plain, emoji } = extractEmoji(toSimplifiedHalfWidth(text).toLowerCase());
  const scan = maskNeutralCompounds(plain);
  const raw = { positive: 0, negative: 0, angry: 0 };
  const cues: string[] = [];
  let previousHitEnd = 0;
  // on the unmasked text: 一星期 is masked (it contains the threat 一星) but is a wait
  const waited = WAITING_TIME_PATTERNS.some((p) => p.test(plain));
  // 拖了一星期，效率真是感人: praise next to a failure or a long wait is irony
  const cueHits = detectCues(scan);
  // 一个问题能转五个部门，厉害厉害: a complaint cue makes the praise beside it ironic too — not a bare
  // fact (太好了，还没发货可以改地址 is relief)
  const reportsFailure = IRONY_FAILURE.test(scan) || waited || cueHits.some((hit) => hit.weight === 'negative' && !hit.factOnly);
  const rhetorical = RHETORICAL_QUESTION.test(scan);
  let reportsFailureWord = false;

  for (let i = 0; i < scan.length;) {
    const hit = lexicon.get(scan[i])?.find((e) => scan.startsWith(e.word, i) && hasBoundaries(scan, i, e.word));
    if (!hit) { i++; continue; }
    const weight = opts.weights[hit.category];
    const negator = negatorBefore(scan, i, previousHitEnd, opts.negationWindow);
    const intensifier = INTENSIFIERS.find((w) => scan.slice(previousHitEnd, i).endsWith(w));
    const hostile = hit.category === 'insult' || hit.category === 'accusation';
    if (negator && hostile && rhetorical) {
      raw.angry += weight;
      cues.push(`rule:rhetorical_question+${hit.word}`);
    } else if (!negator && hit.category === 'positive' && reportsFailure && IRONIC_PRAISE_WORDS.includes(hit.word)
      && !CONCESSION.test(scan.slice(i + hit.word.length))) {
      raw.angry += opts.weights.sarcasm;
      cues.push(intensifier ? `sarcasm:${intensifier}+${hit.word}` : `sarcasm:${hit.word}`);
    } else if (!negator && hit.category === 'threat' && isProcedureQuestion(scan, i, hit.word)) {
      raw.negative += opts.weights.negative;
      cues.push(`procedure:${hit.word}`);
    } else if (hit.category === 'failure') {
      if (!negator) reportsFailureWord = true; // 没坏, 没有破损: nothing failed
      cues.push(negator ? `negation:${negator}+${hit.word}` : `failure:${hit.word}`);
    } else if (negator && hit.category === 'positive') {
      raw.negative += weight;
      cues.push(`negation:${negator}+${hit.word}`);
    } else if (negator && hit.category === 'threat') {
      raw.negative += weight * opts.negatedThreatFactor;
      cues.push(`negation:${negator}+${hit.word}`);
    } else if (negator) {
      cues.push(`negation:${negator}+${hit.word}`); // 不着急, 别难过: calm, counts nothing
    } else {
      const boost = intensifier ? opts.intensifierBoost : 1;
      const polarity = hit.category === 'positive' ? 'positive' : hit.category === 'negative' ? 'negative' : 'angry';
      raw[polarity] += weight * boost;
      cues.push(intensifier ? `${hit.category}:${intensifier}+${hit.word}` : `${hit.category}:${hit.word}`);
    }
    i += hit.word.length;
    previousHitEnd = i;
  }

  for (const e of emoji) {
    const base = e.replace(/[\p{Emoji_Modifier}\uFE0F\uFE0E]/gu, '');
    if (POSITIVE_EMOJI.includes(base)) { raw.positive += opts.weights.positive; cues.push(`positive:${base}`); }
    else if (NEGATIVE_EMOJI.includes(base)) { raw.negative += opts.weights.negative; cues.push(`negative:${base}`); }
    else if (ANGRY_EMOJI.includes(base)) { raw.angry += opts.weights.insult; cues.push(`insult:${base}`); }
    else if (SARCASM_EMOJI.includes(base)) { raw.angry += opts.weights.sarcasm; cues.push(`sarcasm:${base}`); }
  }

  for (const { name, weight } of cueHits.filter((hit) => !hit.factOnly)) {
    raw[weight === 'negative' ? 'negative' : 'angry'] += opts.weights[weight];
    cues.push(`rule:${name}`);
  }

  if (waited) {
    raw.negative += opts.weights.waitingTime;
    cues.push('rule:waiting_time');
  }
  // A reported failure only counts when nothing else showed how the customer feels (坏了😡 = 😡).
  const facts = cueHits.filter((hit) => hit.factOnly);
  if ((reportsFailureWord || facts.length > 0) && raw.positive + raw.negative + raw.angry === 0) {
    raw.negative += opts.weights.failure;
    cues.push(...facts.map((hit) => `rule:${hit.name}`));
  }
  if (REPEATED_PUNCTUATION.test(scan)) {
    if (raw.positive + raw.negative + raw.angry === 0) raw.negative += opts.weights.impatience;
    raw.positive *= opts.repeatedPunctuationBoost;
    raw.negative *= opts.repeatedPunctuationBoost;
    raw.angry *= opts.repeatedPunctuationBoost;
    cues.push('rule:repeated_punctuation');
  }

  return withModel({ ...label(raw, opts), cues }, text, opts, SHIPPED_EMOTION_MODEL);
}

/**
 * The learned reading joins the cues': a message reads negative (or angry) when either says so,
 * each at its own threshold. The cue `model:0.87(说一套 一套做 套做)` says which n-grams pushed it.
 */
function withModel(cued: Emotion, text: string, opts: EmotionOptions, model: EmotionModel): Emotion {
  if (cued.label === 'angry' || (opts.modelUpsetThreshold >= 1 && opts.modelAngryThreshold >= 1)) return cued;
  const { probability, reasons } = readUpset(model, text, cued.cues);
  const modelLabel: EmotionLabel | null = probability >= opts.modelAngryThreshold ? 'angry'
    : probability >= opts.modelUpsetThreshold && cued.label !== 'negative' ? 'negative' : null;
  if (!modelLabel) return cued;
  const score = Math.min(opts.modelScoreCeiling, Math.max(modelLabel === 'angry' ? cued.score : 0, Number(probability.toFixed(3))));
  return { label: modelLabel, score, cues: [...cued.cues, `model:${probability.toFixed(2)}(${reasons.join(' ')})`] };
}

function label(raw: { positive: number; negative: number; angry: number }, opts: EmotionOptions):
  { label: EmotionLabel; score: number } {
  const unhappy = raw.negative + raw.angry;
  if (raw.angry >= opts.angryMinimum || raw.negative >= opts.escalateToAngry) {
    return { label: 'angry', score: scoreFromRaw(unhappy, opts.scoreScale) };
  }
  if (unhappy - raw.positive >= opts.minimumMargin) {
    return { label: 'negative', score: scoreFromRaw(unhappy - raw.positive, opts.scoreScale) };
  }
  if (raw.positive - unhappy >= opts.minimumMargin) {
    return { label: 'positive', score: scoreFromRaw(raw.positive - unhappy, opts.scoreScale) };
  }
  return { label: 'neutral', score: 0 };
}
