/**
 * The decision policy: what to do with one customer message, and why.
 *
 *   1. a request for a person, in any phrasing, always wins           → handoff
 *      (转吧 after a fallback that offered one accepts it)
 *   2. a customer angry beyond `angerHandoffScore`                      → handoff
 *   2¼. 不对 right after an answer (the engine says which entry)        → clarify with the other candidates
 *   2½. small talk (你好, 你是机器人吗, 客服电话多少, 讲个笑话)           → the persona answers
 *   3. each question in the message (多问多答), ranked by the matcher:
 *        confident and clearly ahead of the runner-up                   → answer
 *        a follow-up asking a fact the answer just given states          → answer with that entry again
 *          (审核要多长时间 after 能开专票吗; also in place of a stray reading)
 *        a few plausible candidates                                      → clarify (您是想问…)
 *        nothing fits                                                    → fallback, with the way to a person
 *
 * Entries outside their validity window or not published are never served, whatever they score.
 * Every threshold comes from the bot's settings (docs/thresholds.md).
 */
import type { BotSettings } from '../config/settings.js';
import { contentText } from '../content/fallback-text.js';
import { answerText, isServable, type AnswerBlock, type Channel, type KnowledgeEntry } from '../kb/schemas.js';
import { detectEmotion } from '../nlu/emotion.js';
import { toSimplifiedHalfWidth } from '../nlu/text-basics.js';
import { extractEntities } from '../nlu/entities.js';
import { detectHandoffRequest } from '../nlu/handoff-request.js';
import type { Analysis } from '../nlu/analyze.js';
import type { Matcher } from '../nlu/matcher.js';
import { TurnRankings } from '../nlu/turn-rankings.js';
import { renderPhrase, type PhraseKey } from '../reply/phrases.js';
import { renderBlocks, type TemplateVars } from '../reply/templates.js';
import type { VariantContext } from '../reply/variants.js';
import { splitQuestions } from '../nlu/split-questions.js';
import type { Emotion, Entity, MatchCandidate } from '../nlu/types.js';
import type { Decision, DecisionAction, DecisionPart, Suggestion, TraceCandidate } from './decision.js';
import { acceptsHandoffOffer, askedFact, asksAFact, qualifiesFact, contextQuestions, contextualQuery, conversationEntryOf, FACT_FOLLOW_UP_MAX_CHARS, followUpKind, statedFact, type AskedFact, type PreviousTurn } from './context.js';
import { CONFIRM_REPLIES, contentWordsNotIn, isBareTopic, namesTopic, plausibleCandidates, runnerUpFloor, sharedTopic, sharesContentWord, TOPIC_WORD_MIN_CHARS } from './clarification.js';
import { isQuestionWord, questionTypeMask } from '../nlu/question-type.js';
import { personaAnswer } from './persona-answers.js';
import { answers, areConfusable, confidenceBar, keyWordHeld, ruleEvidence, settingsThresholds, thresholdsFor, type AnswerThresholds, type Calibration } from './calibration/index.js';

/** Candidates looked at per question: enough for suggestions plus the runner-up. */
const CANDIDATES_PER_QUESTION = 8;
/** Candidates shown in the trace per question. */
const TRACE_CANDIDATES = 5;
/** Quick-reply buttons show at most this many characters of a question. */
const QUICK_REPLY_LABEL_MAX = 40;

export interface PolicyContext {
  /** The previous customer question in this conversation, for follow-ups (运费谁出 after 我想退货). */
  previous?: PreviousTurn;
  /** The entry the customer just confirmed in a clarification (是的, or a tap on 您是想问…): answered as is. */
  confirmedEntryId?: string;
  /**
   * The entry the customer just said was not what they asked (不是 / 不对 after an answer): the
   * previous question is asked back with the other candidates (rule `clarify.after_rejection`).
   */
  rejectedEntryId?: string;
  settings: BotSettings;
  /** The customer as the embedding site described them, for {{customer.*}} in answers. */
  customer?: { name?: string; tags?: string[]; vipLevel?: number | null };
  /** Facts answers may quote, e.g. {{service.hours}} — the hours live in the hand-off settings only. */
  service?: { hours?: string };
  /** Who is asked, where and when: picks the variant of each stock phrase (night, VIP, channel, not the one just used). */
  variants: VariantContext;
  matcher: Matcher;
  /** The turn's rankings of `matcher` (shared with 猜你想问); a decision on its own gets its own. */
  rankings?: TurnRankings;
  entries: ReadonlyMap<string, KnowledgeEntry>;
  now: Date;
  channel: Channel;
  /** The bot's latest self-calibration (src/dialog/calibration/); used when settings.calibration is 'auto'. */
  calibration?: Calibration | null;
}

/**
 * The answer thresholds in force: the calibration's when calibration is on and has run (fitted, or a
 * small knowledge base's conservative fallback), else the settings'. `calibration`: only a fit.
 */
function thresholdsOf(ctx: PolicyContext): { t: AnswerThresholds; calibration: Calibration | null; conservative: boolean } {
  const c = ctx.settings.calibration === 'auto' ? ctx.calibration : null;
  const conservative = c?.status === 'small_knowledge_base';
  return { t: c?.thresholds ?? settingsThresholds(ctx.settings), calibration: c && !conservative ? c : null, conservative };
}

interface PartOutcome {
  part: DecisionPart;
  /** The question as understood (rewritten with the previous one for a follow-up). */
  resolvedQuestion: string;
  candidates: TraceCandidate[];
  explanation: string;
}

/** 多问多答 headings; a layout string rather than a phrase, so it has no variants. */
const PART_HEADING = { zh: (part: string) => `关于「${part}」：`, en: (part: string) => `About "${part}": ` } as const;

/** Stock phrases of one decision, rendered from the phrase book; the keys used are reported for rotation. */
class Phrases {
  readonly used: string[] = [];
  constructor(private readonly ctx: PolicyContext) {}
  render(key: PhraseKey, vars?: TemplateVars) {
    const phrase = renderPhrase(key, { locale: this.ctx.settings.locale, persona: this.ctx.settings, vars, context: { ...this.ctx.variants, recent: [...(this.ctx.variants.recent ?? []), ...this.used] } });
    this.used.push(phrase.key);
    return phrase;
  }
  text(key: PhraseKey): string {
    return this.render(key).text;
  }
}

export function decide(text: string, turn: PolicyContext): Decision {
  const started = performance.now();
  const ctx = turn.rankings ? turn : { ...turn, rankings: new TurnRankings(turn.matcher) };
  const { settings } = ctx;
  const phrases = new Phrases(ctx);
  const emotion = detectEmotion(text);
  const normalized = ctx.matcher.analyze(text).normalized.text;
  const inForce = thresholdsOf(ctx);
  const thresholds = { answer: inForce.t.answerThreshold, margin: inForce.t.answerMargin, clarify: settings.clarifyThreshold, keyWordMissing: inForce.t.keyWordMissingThreshold, calibrated: inForce.calibration !== null };
  const base = { emotion, entities: [] as Entity[], parts: [] as DecisionPart[], phrases: phrases.used };
  const finish = (d: Omit<Decision, 'trace' | 'emotion' | 'entities' | 'parts' | 'phrases'> & { parts?: DecisionPart[] }, rule: string, explanation: string, candidates: TraceCandidate[] = [], parts: string[] = [text], resolvedQuestion = text): Decision =>
    withEntitiesWhenRead(
      {
        ...base,
        ...d,
        trace: { normalized, parts, candidates, thresholds, rule, explanation, resolvedQuestion, elapsedMs: round(performance.now() - started) },
      },
      text,
      ctx.now,
    );

  const handoff = detectHandoffRequest(text);
  if (handoff.requested) {
    return finish(
      handoffDecision(phrases.render('handoff').content),
      'handoff.explicit_request',
      `顾客要求人工服务（命中「${handoff.cue}」），转人工优先于一切。`,
    );
  }
  if (ctx.previous?.handoffOffered && acceptsHandoffOffer(normalized)) {
    return finish(handoffDecision(phrases.render('handoff').content), 'handoff.accepted_offer', `上一轮没能回答并提出转人工，顾客接受（「${text}」），转人工。`);
  }
  if (emotion.label === 'angry' && emotion.score >= settings.angerHandoffScore) {
    return finish(
      handoffDecision(phrases.render('handoffAngry').content),
      'handoff.angry',
      `顾客情绪激动（愤怒 ${emotion.score.toFixed(2)} ≥ ${settings.angerHandoffScore}，线索：${emotion.cues.join('、')}），直接转人工。`,
    );
  }

  const confirmed = ctx.confirmedEntryId ? ctx.entries.get(ctx.confirmedEntryId) : undefined;
  if (confirmed && isServable(confirmed, ctx.now)) {
    const content = entryContent(confirmed, ctx);
    return finish(
      { action: 'answer', reply: answerText(content), content, entryId: confirmed.id, confidence: 1, suggestions: [] },
      'answer.confirmed',
      `顾客确认了澄清中提供的「${confirmed.question}」，直接回答该条目。`,
      [],
      [text],
      confirmed.question,
    );
  }

  if (ctx.rejectedEntryId && ctx.previous) {
    const again = reaskWithout(ctx.rejectedEntryId, ctx.previous, ctx, phrases);
    return finish(
      { action: again.part.action, reply: again.part.reply, content: again.part.content, entryId: null, confidence: again.part.confidence, suggestions: again.part.suggestions },
      again.part.rule,
      again.explanation,
      again.candidates,
      [text],
      again.resolvedQuestion,
    );
  }

  // The whole message is small talk (你好 / 你是机器人吗 / 讲个笑话): answered from the persona.
  const smallTalk = personaAnswer(text, ctx, (key, vars) => phrases.render(key, vars));
  if (smallTalk) {
    return finish({ action: smallTalk.action, reply: contentText(smallTalk.content), content: smallTalk.content, entryId: null, confidence: 1, suggestions: [] }, smallTalk.rule, smallTalk.explanation);
  }

  const questions = joinTopicsToTheirQuestion(splitQuestions(text, { maxParts: settings.maxQuestionsPerMessage }), ctx);
  // Each question may lean on the one before it (怎么退货？运费谁出？), the first on the previous turn.
  let previous = ctx.previous;
  const asked = questions.length ? questions : [text];
  const outcomes = asked.map((q) => {
    // The whole message was not small talk (checked above): a part that is the whole message is not either.
    const outcome = decidePart(q, { ...ctx, previous }, phrases, asked.length === 1, q === text);
    previous = { question: outcome.resolvedQuestion, entryId: outcome.part.entryId, ...(outcome.part.action === 'clarify' ? { offered: outcome.part.suggestions } : {}) };
    return outcome;
  });
  const parts = outcomes.map((o) => o.part);
  const opening = emotion.label === 'angry' ? phrases.text('empathyAngry') : emotion.label === 'negative' ? phrases.text('empathyNegative') : '';

  if (outcomes.length === 1) {
    const [only] = outcomes;
    return finish(
      { action: only.part.action, reply: opening + only.part.reply, content: withOpening(opening, only.part.content), entryId: only.part.entryId, confidence: only.part.confidence, suggestions: only.part.suggestions },
      only.part.rule,
      only.explanation,
      only.candidates,
      [text],
      only.resolvedQuestion,
    );
  }

  // 多问多答: answer every part; the message as a whole is answered if any part is.
  const answered = parts.filter((p) => p.action === 'answer');
  const action: DecisionAction = answered.length ? 'answer' : parts.some((p) => p.action === 'clarify') ? 'clarify' : 'fallback';
  const heading = PART_HEADING[settings.locale];
  const pieces = parts.map((p) => heading(p.text) + p.reply);
  const content: AnswerBlock[] = parts.flatMap((p) => [{ type: 'text' as const, text: heading(p.text) }, ...p.content]);
  const lead = answered[0] ?? parts[0];
  return finish(
    {
      action,
      reply: opening + pieces.join('\n\n'),
      content: withOpening(opening, content),
      // A small-talk part is answered without an entry; the entry answered is the business one.
      entryId: answered.find((p) => p.entryId)?.entryId ?? null,
      confidence: lead.confidence,
      suggestions: dedupeSuggestions(parts.flatMap((p) => p.suggestions), settings.maxSuggestions),
      parts,
    },
    `multi.${action}`,
    `一条消息包含 ${parts.length} 个问题，逐一处理：` + outcomes.map((o, i) => `(${i + 1}) ${o.explanation}`).join(' '),
    outcomes.flatMap((o) => o.candidates),
    parts.map((p) => p.text),
    outcomes[outcomes.length - 1].resolvedQuestion,
  );
}

/**
 * 退货？运费谁出？ is one question — a topic, then what is asked about it — not two for 多问多答:
 * a part that only names a topic is joined to the next part when that one is a fragment leaning
 * on what came before. 怎么退货？运费谁出？ stays two questions (the first asks something).
 */
function joinTopicsToTheirQuestion(parts: string[], ctx: PolicyContext): string[] {
  const joined: string[] = [];
  for (let k = 0; k < parts.length; k++) {
    const next = parts[k + 1];
    if (next !== undefined && isBareTopic(ctx.matcher.analyze(parts[k])) && followUpKind(ctx.matcher.analyze(next).normalized.text)) {
      joined.push(`${parts[k]}，${next}`);
      k++;
    } else joined.push(parts[k]);
  }
  return joined;
}

/**
 * Rank the question as asked and, for a follow-up fragment, as rewritten with the previous
 * question (and the entry that answered it); keep the reading the matcher is more confident about
 * (a sibling switch such as 那换货呢 prefers the rewrite unless it is clearly worse).
 */
function rankInContext(text: string, ctx: PolicyContext) {
  const rank = (query: string) => ({ ...servableRanking(query, ctx), contextQuery: null as string | null, strays: false });
  const plain = rank(text);
  if (!ctx.previous) return plain;
  const current = ctx.matcher.analyze(text);
  const kind = followUpKind(current.normalized.text);
  if (!kind) return plain;
  const answered = ctx.previous.entryId ? ctx.entries.get(ctx.previous.entryId)?.question : undefined;
  const contexts = contextQuestions(ctx.previous, answered).map((q) => ctx.matcher.analyze(q));
  // The entry's question serves the swap of a sibling topic, and lends its words one at a time: carried
  // whole into a fragment it brings the entry's own wording back (那自动续费呢 → PLUS会员开通后…自动续费 →
  // the PLUS refund again), while one of its words is the topic the customer's own wording lacked
  // (收到的衣服不喜欢要退 → 怎么申请退货？ → 那运费呢 is 退货运费, not 收到运费).
  const rewrites = contexts.flatMap((c, k) => {
    const rewrite = contextualQuery(current, c, kind);
    if (!rewrite || rewrite.query === current.chars) return [];
    if (rewrite.kind === 'sibling') return [rewrite];
    // Only words that name something are offered alone with the fragment (退货, 会员 — not 什么 or 有
    // from …有什么权益？: 什么如果不想要了钱能退回来 is the refund time, whatever was discussed).
    const topicWords = contentWordsNotIn(c, []);
    const lent = (rewrite.topicQueries ?? (k === 0 ? [] : [rewrite.query])).filter((q) => topicWords.some((w) => q.startsWith(w)));
    if (k === 0) return [{ ...rewrite, topicQueries: lent }];
    const [first, ...rest] = lent;
    return first === undefined ? [] : [{ query: first, kind: rewrite.kind, topicQueries: rest }];
  });
  if (rewrites.length === 0) return plain;
  const readings = rewrites.flatMap((r) => [r.query, ...(r.topicQueries ?? [])].map((query) => ({ ...rank(query), contextQuery: query, kind: r.kind })));
  // The context completes what a fragment asks, it does not replace it: 忘记密码怎么办？新人券有吗
  // must not become the password again. A fragment with a topic of its own keeps a reading only
  // when the entry it finds shares a content word with the fragment (要多久 has none to keep).
  // A reading that finds the conversation's entry again must have the fragment's words in it: the
  // previous question carried whole re-finds its own entry whatever the fragment asks (PLUS会员有什么
  // 权益 → 这个能退吗 is the PLUS refund, not the benefits again), while 谁赔 after 快递丢件了 is
  // still that entry (丢件怎么赔) — and so is 多久到账 after 余额可以提现吗 when the entry is found by
  // its question that asks the same (余额提现多久到): the fragment's asking word is in it, and was not
  // in what the customer asked before.
  const conversationEntry = conversationEntryOf(ctx.previous);
  const fragmentWords = wordsOfItsOwn(current);
  const asks = questionTypeMask(current.words);
  // Read once per reading: the sort and the choices below ask it of the same readings again and again.
  const asksSame = new Map<(typeof readings)[number], boolean>();
  const asksAsTheFragment = (reading: (typeof readings)[number]) => {
    let same = asksSame.get(reading);
    if (same === undefined) {
      const top = reading.servable[0];
      same = asks !== 0 && top !== undefined && (questionTypeMask(ctx.matcher.analyze(top.matchedQuestion).words) & asks) !== 0;
      asksSame.set(reading, same);
    }
    return same;
  };
  const asksAnew = asks !== 0 && (questionTypeMask(contexts[0].words) & asks) === 0;
  const keepsTopic = (reading: (typeof readings)[number]) => {
    const entryId = reading.servable[0]?.entryId;
    if (entryId !== undefined && entryId === conversationEntry) {
      if (asksAnew && asksAsTheFragment(reading)) return true;
      if (!holdsEveryWord(entryQuestions(entryId, ctx), fragmentWords)) return false;
    }
    return !namesTopic(current) || (entryId !== undefined && entryQuestions(entryId, ctx).some((q) => sharesContentWord(current, q)));
  };
  // A fragment that asks something (寄哪里, 要多久) prefers a reading whose matched question asks the same
  // kind of thing to one that is merely more confident: after 退货运费, 退货运费寄哪里 re-found the fee
  // (退货运费谁承担？ — answered, a wrong answer), 退货寄哪里 asks where (退货在哪里申请 — asked back).
  const kept = readings.filter(keepsTopic).sort((a, b) => Number(asksAsTheFragment(b)) - Number(asksAsTheFragment(a)));
  const [p0] = plain.servable;
  const plainTop = p0?.confidence ?? 0;
  const { t } = thresholdsOf(ctx);
  // Settled means the plain reading would be answered as it is — by the same rule, key word included.
  const plainEvidence = p0 && ruleEvidence(t, plain.servable, keyWordHeld(ctx.matcher, text, plain.servable));
  const plainSettled = !!plainEvidence && answers(t, plainEvidence);
  if (kept.length > 0) {
    const rewritten = kept.reduce((best, r) => (asksAsTheFragment(r) === asksAsTheFragment(best) && (r.servable[0]?.confidence ?? 0) > (best.servable[0]?.confidence ?? 0) ? r : best));
    const rewrittenTop = rewritten.servable[0]?.confidence ?? 0;
    // A swapped sibling topic is what the customer meant unless it reads clearly worse; a mere
    // fragment borrows context only when it cannot stand on its own.
    const useRewrite =
      rewritten.kind === 'sibling' ? rewrittenTop >= plainTop - t.answerMargin : !plainSettled && rewrittenTop > plainTop;
    if (useRewrite) return rewritten;
  }
  // …or when one of its readings in context confidently finds the very entry just answered: the
  // conversation is still on it (年终好物节有什么活动 → 满减规则呢 asks that sale's rules, not the
  // shop's rules in general).
  if (p0?.entryId === ctx.previous.entryId) return plain;
  const onEntry = kept.find((r) => {
    const e = r.servable[0]?.entryId === ctx.previous!.entryId ? ruleEvidence(t, r.servable, true) : null;
    return e !== null && e.confidence >= thresholdsFor(t, e).answerThreshold;
  });
  if (onEntry) return onEntry;
  // …or when the plain reading strays from the conversation and a reading in context stays on it:
  // after 换货怎么弄, 来回运费谁付 on its own confidently finds 退货运费谁承担？ — an entry about a
  // topic (退货) that neither the fragment nor the conversation named — while in context it finds
  // the exchange's fee. The reading in context then goes through the usual answer rule (often a
  // 您是想问 with the on-topic entry, never the stray answer). A fragment that names its own topic
  // (发票怎么开 after 我想退货) finds an entry that names nothing more, and keeps its own reading.
  if (!p0 || onTopic(p0.entryId, contexts, ctx)) return plain;
  const strayQuestion = ctx.entries.get(p0.entryId)?.question;
  if (!strayQuestion || contentWordsNotIn(ctx.matcher.analyze(strayQuestion), [current, ...contexts]).length === 0) return plain;
  const staying = kept.filter((r) => {
    const top = r.servable[0];
    return top !== undefined && top.confidence >= ctx.settings.clarifyThreshold && onTopic(top.entryId, contexts, ctx);
  });
  // Nothing in context stays on topic: the stray reading stands, marked so that what the answer just given
  // states may still be preferred to it (answer.fact_in_context: 满多少能分 after 花呗 is not the free-shipping bar).
  return staying.length ? staying.reduce((best, r) => (asksAsTheFragment(r) === asksAsTheFragment(best) && r.servable[0].confidence > best.servable[0].confidence ? r : best)) : { ...plain, strays: true };
}

/**
 * Whether an entry is about the conversation's topic: one of its questions has a content word of
 * the context that names a thing (two characters or more) — 快递, 换货, 密码; a shared verb such as
 * 查 (怎么查物流信息？ and 怎么查售后进度？) says how, not what about.
 */
function onTopic(entryId: string, contexts: readonly Analysis[], ctx: PolicyContext): boolean {
  const questions = entryQuestions(entryId, ctx);
  return contexts.some((c) => {
    const missing = new Set(contentWordsNotIn(c, questions));
    return contentWordsNotIn(c, []).some((word) => !missing.has(word) && Array.from(word).length >= TOPIC_WORD_MIN_CHARS);
  });
}

/**
 * Whether some of the words are in the entry the conversation is on — its questions or its answer; after a fallback,
 * the entry that turn ranked first (PreviousTurn.guessedEntryId).
 */
function conversationHolds(words: readonly string[], ctx: PolicyContext): boolean {
  const entryId = conversationEntryOf(ctx.previous) ?? ctx.previous?.guessedEntryId;
  const entry = entryId ? ctx.entries.get(entryId) : undefined;
  if (!entry || words.length === 0) return false;
  const said = [...entryQuestions(entry.id, ctx), ctx.matcher.analyze(toSimplifiedHalfWidth(answerText(entryContent(entry, ctx))))];
  return words.some((w) => holdsEveryWord(said, [w]));
}

/**
 * A verb as the fact rule reads it: without a modal or an aspect particle the segmenter glued to it (会扣 → 扣,
 * 删了 → 删) — 那会扣多少钱 asks about 扣, which an answer says as 扣除.
 */
function bareVerb(word: string): string {
  const bare = word.replace(/^[会能要可得](?=\p{Script=Han})/u, '').replace(/(?<=\p{Script=Han})[了过着]$/u, '');
  return bare === '' ? word : bare;
}

/** Whether every word is in one of the questions (synonyms as their canonical word; one character anywhere: 解 in 解冻). */
function holdsEveryWord(questions: readonly Analysis[], words: readonly string[]): boolean {
  return words.every((w) => questions.some((q) => q.terms.includes(w) || q.chars.includes(w)));
}

/**
 * The content words of a message, less the tail of a question phrase the segmenter cut in two
 * (咋整 as 咋 / 整: 整 asks how, it is no word of the message's own).
 */
function wordsOfItsOwn(analysis: Analysis): string[] {
  const tails = new Set(analysis.words.filter((w, i) => i > 0 && isQuestionWord(analysis.words[i - 1] + w)));
  return contentWordsNotIn(analysis, []).filter((w) => !tails.has(w));
}

/** The matcher's candidates for a query that may be served or suggested: published entries inside their validity window. */
function servableRanking(query: string, ctx: PolicyContext) {
  const ruledOut = ctx.previous?.ruledOut ?? [];
  const raw = (ctx.rankings ?? new TurnRankings(ctx.matcher)).rank(query, CANDIDATES_PER_QUESTION).filter((c) => !ruledOut.includes(c.entryId));
  const servable = raw.filter((c) => {
    const entry = ctx.entries.get(c.entryId);
    return entry !== undefined && isServable(entry, ctx.now);
  });
  return { servable, skipped: raw.length - servable.length };
}

/**
 * 不是 / 不对 right after an answer: the previous question asked back with the candidates that
 * remain once the rejected entry is set aside — never a direct answer (the customer has just told
 * the bot its best guess was wrong), and a fallback when nothing plausible remains.
 */
function reaskWithout(rejectedEntryId: string, previous: PreviousTurn, ctx: PolicyContext, phrases: Phrases): PartOutcome {
  const { settings, entries } = ctx;
  const question = previous.question;
  const { servable } = servableRanking(question, ctx);
  const remaining = servable.filter((c) => c.entryId !== rejectedEntryId);
  const candidates = remaining.slice(0, TRACE_CANDIDATES).map((c) => traceCandidate(c, entries));
  // Confidences were shared out by a matcher sure of the entry now ruled out, so the absolute
  // clarify floor says little here: what earns a place is being about the question (a shared
  // content word) and not far below the best of what remains.
  const asked = ctx.matcher.analyze(question);
  const related = remaining.filter((c) => entryQuestions(c.entryId, ctx).some((q) => sharesContentWord(asked, q)));
  const floor = (related[0]?.confidence ?? 0) * settings.clarifyRelativeFloor;
  const options = related.filter((c) => c.confidence >= floor).slice(0, settings.maxSuggestions).map((c) => suggestion(c, entries));
  const rejected = entries.get(rejectedEntryId)?.question ?? rejectedEntryId;
  const top = remaining[0];
  if (top && options.length > 0) {
    const { replyText, content } = options.length === 1 ? askOne(options[0], phrases, settings.locale, true) : askWhich(options, phrases);
    return {
      part: { text: question, action: 'clarify', entryId: null, confidence: top.confidence, reply: replyText, content, suggestions: options, rule: 'clarify.after_rejection' },
      candidates,
      resolvedQuestion: question,
      explanation: `顾客说上一个回答「${rejected}」不是他问的，排除它后把「${question}」的其余候选列出来请顾客确认。`,
    };
  }
  const fallback = phrases.render('fallback');
  return {
    part: { text: question, action: 'fallback', entryId: null, confidence: top?.confidence ?? 0, reply: fallback.text, content: fallback.content, suggestions: [], rule: 'fallback.after_rejection' },
    candidates,
    resolvedQuestion: question,
    explanation: `顾客说上一个回答「${rejected}」不是他问的，排除它后「${question}」没有其他合适的候选。`,
  };
}

/** `alone`: the message's only question (a yes / no is unambiguous only then). */
function decidePart(text: string, ctx: PolicyContext, phrases: Phrases, alone: boolean, notSmallTalk: boolean): PartOutcome {
  const { settings, entries, channel } = ctx;
  // One question of several may be small talk (你是机器人吗？怎么退货): the persona answers that part.
  const smallTalk = notSmallTalk ? null : personaAnswer(text, ctx, (key, vars) => phrases.render(key, vars));
  if (smallTalk) {
    return {
      part: { text, action: smallTalk.action, entryId: null, confidence: 1, reply: contentText(smallTalk.content), content: smallTalk.content, suggestions: [], rule: smallTalk.rule },
      candidates: [],
      resolvedQuestion: text,
      explanation: smallTalk.explanation,
    };
  }
  const { servable, skipped, contextQuery, strays } = rankInContext(text, ctx);
  const ruledOutNote = (ctx.previous?.ruledOut ?? []).map((id) => `（顾客纠正了上一个回答，「${entries.get(id)?.question ?? id}」不再考虑）`).join('');
  const contextNote = (contextQuery ? `（结合上一句理解为「${contextQuery}」）` : '') + ruledOutNote;
  const candidates = servable.slice(0, TRACE_CANDIDATES).map((c) => traceCandidate(c, entries));
  const skippedNote = (skipped > 0 ? `（另有 ${skipped} 个候选已过期、未生效或未发布，未使用）` : '') + contextNote;
  const [top] = servable;
  const suggestionsFrom = (list: MatchCandidate[]) =>
    list.filter((c) => c.confidence >= settings.clarifyThreshold).slice(0, settings.maxSuggestions).map((c) => suggestion(c, entries));

  const fitted = thresholdsOf(ctx);
  // A fragment read in context that finds the entry the conversation is on (just answered, or
  // offered first) has that entry's key word from the previous turn: 密码 → 您是想问「忘记密码怎么办？」
  // → 忘了咋整 is the same entry, though 整 is not in its questions. (A correction does not lend:
  // the engine drops the entry it corrects from the previous turn.)
  const onConversationEntry = contextQuery !== null && top !== undefined && top.entryId === conversationEntryOf(ctx.previous);
  const keyWordMatched = onConversationEntry || keyWordHeld(ctx.matcher, contextQuery ?? text, servable);
  // What the rule reads: the answer model's probability on a calibrated knowledge base, else the
  // confidence — also for a first entry the model cannot judge (one question: answer-rule.ts), which
  // is then held to the conservative thresholds.
  const evidence = ruleEvidence(fitted.t, servable, keyWordMatched);
  const unsupported = evidence?.unsupported === true;
  const t = evidence ? thresholdsFor(fitted.t, evidence) : fitted.t;
  const calibration = unsupported ? null : fitted.calibration;
  const conservative = unsupported || fitted.conservative;
  const bar = confidenceBar(t, keyWordMatched);
  const score = evidence?.confidence ?? 0;
  const lead = evidence?.lead ?? 0;
  const scoreName = t.model ? `答对概率` : `置信度`;
  const modelNote = t.model && top ? `（匹配置信度 ${top.confidence.toFixed(2)}）` : '';
  // Whose thresholds these are, for the trace: the bot's own fit on its knowledge, or the settings.
  const basis = calibration ? `本知识库自校准：` : unsupported ? `该条目只有一个问法，无法用它的其他问法印证，用保守阈值：` : conservative ? `知识库太小无法校准，用保守阈值：` : '';
  const target = calibration ? `（目标错答率 ${percent(calibration.targetWrongRate)}）` : '';
  const barNote = !keyWordMatched && t.keyWordMissingThreshold !== null && t.keyWordMissingThreshold > t.answerThreshold ? `（问题关键词不在匹配问法中，门槛提高到 ${fixed(bar)}）` : '';
  const asked = ctx.matcher.analyze(text);
  const questionsOf = (entryId: string) => entryQuestions(entryId, ctx);
  // A bare topic several entries share (发票, 积分) is asked back whatever the score; read in
  // context it is no longer bare (那专票呢 after 能开发票吗 asks the special invoice).
  const topicHolders = contextQuery === null ? sharedTopic(asked, servable, questionsOf) : null;
  // Read in context, a fragment is answered only with an entry that holds the fragment's own words:
  // 寄哪里 after 退货运费 read as 退货寄哪里 finds 退货在哪里申请 on 退货 alone, a guess the customer's
  // 寄 does not back — asked back instead (a wrong answer costs more than a 您是想问).
  const contextUnheld = contextQuery !== null && top !== undefined && !onConversationEntry && !holdsEveryWord(questionsOf(top.entryId), wordsOfItsOwn(asked));
  // Likewise a follow-up's own reading that strays from the conversation (rankInContext) is not answered when the
  // fragment has a word its entry's questions lack and the conversation's entry has: 超时了有补偿吗 after 发货太慢能催吗
  // finds 订单超时关闭了怎么办 on 超时 alone, while 补偿 is what the fast-shipping answer just promised — asked back
  // instead. A switch of topic (客服晚上几点下班 after 怎么查物流) lacks nothing the conversation has, and is answered.
  const strayUnheld = strays && top !== undefined && conversationHolds(wordsOfItsOwn(asked).filter((w) => !holdsEveryWord(questionsOf(top.entryId), [w])), ctx);
  const plausible = () => plausibleCandidates(asked, servable, settings, questionsOf);
  // Two entries the knowledge base's own probes keep mistaking for each other (confusable.ts) are
  // not told apart by a score: when the runner-up is plausible on its own (offered by its own
  // confidence, not only as one of a bare topic's entries), the customer chooses between them.
  const runnerUp = servable[1];
  const confusedWith =
    calibration && top && runnerUp && runnerUp.confidence >= runnerUpFloor(top, settings) && areConfusable(calibration.confusablePairs, top.entryId, runnerUp.entryId) && plausible().some((c) => c.entryId === runnerUp.entryId)
      ? runnerUp
      : null;
  const answersSo = top !== undefined && evidence !== null && answers(t, evidence) && !topicHolders && !contextUnheld && !strayUnheld && !confusedWith;
  // 审核要多长时间 after 能开专票吗: the fragment asks a fact of the answer just given, which states it — taken
  // when nothing else is answered, or when what would be answered strays from the conversation.
  const told = !answersSo || strays ? factOfPreviousAnswer(asked, servable, ctx, strays) : null;
  if (told) {
    const content = entryContent(told.entry, ctx);
    return {
      part: { text, action: 'answer', entryId: told.entry.id, confidence: servable.find((c) => c.entryId === told.entry.id)?.confidence ?? 0, reply: answerText(content), content, suggestions: [], rule: 'answer.fact_in_context' },
      candidates,
      resolvedQuestion: told.entry.question,
      explanation: `「${text}」追问${FACT_NAMES[told.fact]}（「${told.cue}」）${answersSo ? `，字面最像的「${entries.get(top!.entryId)?.question ?? top!.entryId}」与对话的话题无关` : '，没有更合适的答案'}；上一轮回答的「${told.entry.question}」的答案里写明了（「${told.stated}」），追问里其余的词也都在该条目中，沿用该条目回答。${skippedNote}`,
    };
  }
  if (answersSo) {
    const entry = entries.get(top.entryId)!;
    const content = entryContent(entry, ctx);
    return {
      part: { text, action: 'answer', entryId: entry.id, confidence: top.confidence, reply: answerText(content), content, suggestions: suggestionsFrom(servable.slice(1)), rule: 'answer.confident' },
      candidates,
      resolvedQuestion: contextQuery ?? text,
      explanation: `${basis}最佳候选「${entry.question}」${scoreName} ${score.toFixed(2)} ≥ ${fixed(bar)}${modelNote}${barNote}${target}，领先第二名 ${lead.toFixed(2)} ≥ ${fixed(t.answerMargin)}，直接回答。${skippedNote}`,
    };
  }
  // Only a turn that is not answered needs the candidates worth offering (the pair check above asks for them only for a confusable pair).
  const options = plausible().map((c) => suggestion(c, entries));
  if (top && options.length > 0) {
    const rule = topicHolders ? 'clarify.shared_topic' : contextUnheld && answers(t, evidence!) ? 'clarify.context_unheld' : strayUnheld && answers(t, evidence!) ? 'clarify.stray_unheld' : confusedWith && answers(t, evidence!) ? 'clarify.confusable_pair' : score < t.answerThreshold ? 'clarify.unsure' : lead < t.answerMargin ? 'clarify.close_candidates' : 'clarify.key_word_missing';
    const why = {
      'clarify.shared_topic': `「${text}」只说了一个话题，知识库中有 ${topicHolders?.length ?? 0} 个条目涉及它，没有一个专门问它，猜一个可能答非所问，请顾客选择。`,
      'clarify.context_unheld': `结合上一句理解为「${contextQuery}」，最佳候选「${entries.get(top.entryId)?.question ?? top.entryId}」够有把握，但它的问法里没有顾客这句话自己的词，可能只是沿用了上一句的话题，请顾客确认。`,
      'clarify.stray_unheld': `「${text}」单独理解的最佳候选「${entries.get(top.entryId)?.question ?? top.entryId}」够有把握，但它离开了对话的话题，且它的问法里没有顾客这句话自己的全部词语，可能答非所问，请顾客确认。`,
      'clarify.confusable_pair': `${basis}最佳候选「${entries.get(top.entryId)?.question ?? top.entryId}」${scoreName} ${score.toFixed(2)} 够高，但它与第二名「${entries.get(confusedWith?.entryId ?? '')?.question ?? confusedWith?.entryId}」是本知识库自测中常被混淆的一对，分数分不清，请顾客在两者间选择。`,
      'clarify.unsure': `${basis}最佳候选${scoreName} ${score.toFixed(2)} < ${fixed(t.answerThreshold)}${modelNote}${target}，列出可能的问题请顾客确认。`,
      'clarify.close_candidates': `${basis}最佳候选${scoreName} ${score.toFixed(2)} 够高，但只领先第二名 ${lead.toFixed(2)} < ${fixed(t.answerMargin)}${target}，请顾客确认。`,
      'clarify.key_word_missing':
        t.keyWordMissingThreshold === null
          ? `${basis}最佳候选${scoreName} ${score.toFixed(2)} 够高，但问题里最关键的词不在匹配的问法中，为免答非所问，请顾客确认。`
          : `${basis}问题里最关键的词不在匹配的问法中，此时需${scoreName} ≥ ${fixed(t.keyWordMissingThreshold)}${target}，最佳候选只有 ${score.toFixed(2)}，请顾客确认。`,
    }[rule];
    const { replyText, content } = options.length === 1 ? askOne(options[0], phrases, settings.locale, alone) : askWhich(options, phrases);
    return {
      part: { text, action: 'clarify', entryId: null, confidence: top.confidence, reply: replyText, content, suggestions: options, rule },
      candidates,
      resolvedQuestion: contextQuery ?? text,
      explanation: why + skippedNote,
    };
  }
  const fallback = phrases.render('fallback');
  return {
    part: { text, action: 'fallback', entryId: null, confidence: top?.confidence ?? 0, reply: fallback.text, content: fallback.content, suggestions: [], rule: 'fallback.no_match' },
    candidates,
    resolvedQuestion: contextQuery ?? text,
    explanation: top
      ? `最佳候选置信度 ${top.confidence.toFixed(2)} < 澄清阈值 ${settings.clarifyThreshold}，没有合适答案，如实告知并提供人工入口。${skippedNote}`
      : `知识库中没有任何相关条目，如实告知并提供人工入口。${skippedNote}`,
  };
}

const FACT_NAMES: Record<AskedFact, string> = { duration: '时长', cost: '费用', payer: '谁付', actor: '谁来做', quantity: '数量', place: '在哪', condition: '条件', case: '某种情况下怎么办' };

/** Facts whose one-character verbs are what is asked about (拆了还能退吗, 要是丢了呢, 要我自己寄回吗), not mere verbs. */
const VERB_IS_THE_FACT: ReadonlySet<AskedFact> = new Set(['condition', 'case', 'actor']);

/**
 * Rule `answer.fact_in_context` (docs/thresholds.md, "Sixth pass" to "Eighth pass"): a message of at most
 * FACT_FOLLOW_UP_MAX_CHARS that asks how long, what it costs, who pays, who does it, how many, where, whether it
 * still holds or what happens in a case (askedFact, context.ts), after an answer whose text states that fact, is
 * that entry again when every word of its own is in the entry's questions or answer and no other entry offered
 * on the turn asks the same fact of those words in one of its questions. The caller takes it when
 * the turn is not otherwise answered, or when what would be answered strays from the conversation. The
 * matcher reads only an entry's questions, and an entry rarely has one per fact its answer gives:
 * 审核要多长时间 after 能开专票吗 (审核 1–2 个工作日), 多久能补发 after 快递丢了 (1–3 个工作日内为您补发)
 * fell back. A fragment that brings a word the entry does not have (新疆要多久 after 我想退货) asks
 * about something else and is left to the usual rules; so is a turn after a clarification (nothing
 * was answered to ask about) or after a correction (the entry it corrects is ruled out).
 */
function factOfPreviousAnswer(asked: Analysis, ranked: readonly MatchCandidate[], ctx: PolicyContext, strays: boolean): { entry: KnowledgeEntry; fact: AskedFact; cue: string; stated: string } | null {
  const previous = ctx.previous;
  if (!previous?.entryId || previous.offered || previous.ruledOut?.includes(previous.entryId)) return null;
  const text = asked.normalized.text;
  const asking = Array.from(text.replace(/\s+/g, '')).length <= FACT_FOLLOW_UP_MAX_CHARS ? askedFact(text) : null;
  if (!asking) return null;
  // The words that name what is asked about (审核, 补发, 新疆), less the words that ask the fact (几次, 手续费) or
  // qualify it (大概, 一个月); a verb of one character (在哪里改's 改, 多久能赔's 赔) names no topic (namesTopic) —
  // except in a condition, a case or who does it, which the verb is (拆了包装还能退不: 拆 and 退 are the case asked
  // about; 要我自己寄回吗: 寄回 is what is to be done).
  const minChars = VERB_IS_THE_FACT.has(asking.fact) ? 1 : TOPIC_WORD_MIN_CHARS;
  const own = wordsOfItsOwn(asked)
    .map(bareVerb)
    .filter((w) => Array.from(w).length >= minChars && !qualifiesFact(w) && !asksAFact(w) && !asking.cue.includes(w));
  // 钱几天能退回来 after 我想退货: another entry the turn offers asks it in its own questions (钱什么时候退回来) — in one
  // question that holds the fragment's words and asks the same fact: 投诉提交后多久有结果 holds 提交 but asks how long,
  // not where as 在哪提交 after 我想提个建议 does.
  // Two steps back, the reading that strays from the conversation does not count: the chain has named its topic
  // twice (换货怎么弄 → 换货运费谁出), and 退货寄回后多久处理 names one neither turn did.
  const asksItToo = (entryId: string) => entryQuestions(entryId, ctx).some((q) => askedFact(q.normalized.text)?.fact === asking.fact && holdsEveryWord([q], own));
  const saidElsewhere = (entryId: string, ignored?: string) =>
    own.length > 0 && ranked.some((c) => c.entryId !== entryId && c.entryId !== ignored && c.confidence >= ctx.settings.clarifyThreshold && asksItToo(c.entryId));
  // The entry just answered, then the one the follow-ups started from (换货怎么弄 → 运费谁出 → 寄回去多久能收到新的) —
  // that one only when the fragment brings words of its own for it to hold: a bare 寄哪里 after 退货运费 is about
  // the fee's topic, not about the return's how-to two turns back.
  const entryIds = own.length > 0 ? [previous.entryId, previous.earlierEntryId] : [previous.entryId];
  for (const entryId of entryIds) {
    const entry = entryId ? ctx.entries.get(entryId) : undefined;
    if (!entry || !isServable(entry, ctx.now)) continue;
    const answer = toSimplifiedHalfWidth(answerText(entryContent(entry, ctx)));
    const stated = statedFact(asking.fact, answer, (clause) => holdsEveryWord([ctx.matcher.analyze(clause)], own.slice(0, 1)));
    if (stated === null) continue;
    // The answer read like the questions (synonyms as their canonical word: 退回来 and 寄回 are one).
    const stray = strays && entryId === previous.earlierEntryId ? ranked[0]?.entryId : undefined;
    if (!holdsEveryWord([...entryQuestions(entry.id, ctx), ctx.matcher.analyze(answer)], own) || saidElsewhere(entry.id, stray)) continue;
    return { entry, fact: asking.fact, cue: asking.cue, stated };
  }
  return null;
}

/**
 * The message's entities, worked out the first time someone reads them (the decision record, the
 * operators' try page) and then kept: no rule reads them, and a customer's `POST /api/v1/chat`
 * reply never shows them, so that route does not pay for them (~3% of its CPU; docs/performance.md).
 * The key keeps its place among the decision's keys, so the decision serialises as before.
 */
function withEntitiesWhenRead(decision: Decision, text: string, now: Date): Decision {
  let entities: Entity[] | undefined;
  return Object.defineProperty(decision, 'entities', {
    enumerable: true,
    configurable: true,
    get: () => (entities ??= extractEntities(text, { now })),
    set: (value: Entity[]) => {
      entities = value;
    },
  });
}

function handoffDecision(content: AnswerBlock[]): Omit<Decision, 'trace' | 'emotion' | 'entities' | 'parts' | 'phrases'> {
  return { action: 'handoff', reply: contentText(content), content, entryId: null, confidence: 1, suggestions: [] };
}

/** The entry's answer for the channel; answers may address the customer ({{customer.name|亲}}) or name the entry ({{entry.question}}). */
function entryContent(entry: KnowledgeEntry, ctx: PolicyContext): AnswerBlock[] {
  return renderBlocks(entry.channelAnswers[ctx.channel] ?? entry.answer, {
    customer: ctx.customer ?? {},
    service: ctx.service ?? {},
    entry: { id: entry.id, question: entry.question, category: entry.category },
  });
}

/** An entry's questions (standard and similar), analysed like a customer's. */
function entryQuestions(entryId: string, ctx: PolicyContext) {
  const entry = ctx.entries.get(entryId);
  return entry ? [entry.question, ...entry.similarQuestions].map((q) => ctx.matcher.analyze(q)) : [];
}

/**
 * One plausible candidate: 您是想问「…」吗？ with 是的 / 不是 quick replies (the engine reads them
 * back). Among several questions of one message a 是的 would not say which, so there the quick
 * reply is the candidate's question itself (a tap confirms it).
 */
function askOne(option: Suggestion, phrases: Phrases, locale: BotSettings['locale'], alone: boolean) {
  const question = phrases.render('clarifyOne', { candidate: { question: option.question } }).text;
  const { yes, no } = CONFIRM_REPLIES[locale];
  const buttons = alone
    ? [yes, no].map((t) => ({ action: 'reply' as const, label: t, text: t }))
    : [{ action: 'reply' as const, label: option.question.slice(0, QUICK_REPLY_LABEL_MAX), text: option.question }];
  const content: AnswerBlock[] = [{ type: 'buttons', text: question, buttons }];
  return { replyText: question, content };
}

/** Several: a numbered list, each candidate one tap away (its quick reply sends the question as if typed). */
function askWhich(options: Suggestion[], phrases: Phrases) {
  const leadIn = phrases.text('clarify');
  const lines = options.map((s, i) => `${i + 1}. ${s.question}`);
  const content: AnswerBlock[] = [
    { type: 'buttons', text: leadIn, buttons: options.map((o) => ({ action: 'reply' as const, label: o.question.slice(0, QUICK_REPLY_LABEL_MAX), text: o.question })) },
  ];
  return { replyText: `${leadIn}\n${lines.join('\n')}`, content };
}

function traceCandidate(c: MatchCandidate, entries: ReadonlyMap<string, KnowledgeEntry>): TraceCandidate {
  return { entryId: c.entryId, question: entries.get(c.entryId)?.question ?? c.matchedQuestion, matchedQuestion: c.matchedQuestion, score: c.score, confidence: c.confidence, features: c.features };
}

function suggestion(c: MatchCandidate, entries: ReadonlyMap<string, KnowledgeEntry>): Suggestion {
  return { entryId: c.entryId, question: entries.get(c.entryId)?.question ?? c.matchedQuestion };
}

function dedupeSuggestions(list: Suggestion[], max: number): Suggestion[] {
  const seen = new Set<string>();
  return list.filter((s) => !seen.has(s.entryId) && seen.add(s.entryId)).slice(0, max);
}

function withOpening(opening: string, content: AnswerBlock[]): AnswerBlock[] {
  return opening ? [{ type: 'text', text: opening.trim() }, ...content] : content;
}

/** A threshold as the trace shows it: 0.38, not 0.38000000000000006. */
function fixed(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
