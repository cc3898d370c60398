/**
 * What an operator can do with a cluster of unresolved questions, and what the bot suggests
 * (docs/learning.md). One action each:
 *
 * - **add_similar**: its phrasings become learned questions of an entry (kept apart from the
 *   operator's similar questions and matched below them) — suggested when the
 *   matcher itself already ranks one entry first for most of them (the knowledge is there, the
 *   wording is not);
 * - **new_entry**, its answer drafted from what agents actually replied in those
 *   conversations (human replies only; replies naming an order, a phone or an e-mail are one
 *   customer's business and never drafted from) — refused when an entry meaning the same exists,
 *   so learning updates the nearest entry instead of piling up near-duplicates;
 * - **add_synonym**: a synonym group;
 * - **dismiss** (it stays dismissed when the same phrasings come again).
 *
 * After an action the cluster's own examples are asked again: "8 of 9 now answered directly".
 */
import type { BotApi } from '../dialog/bot.js';
import { WenduError } from '../errors/index.js';
import { learnedQuestionsWith, type KnowledgeService } from '../kb/service.js';
import type { KnowledgeEntry } from '../kb/schemas.js';
import { extractEntities } from '../nlu/entities.js';
import { normalize } from '../nlu/normalize.js';
import type { ReviewService } from '../review/service.js';
import type { Database } from '../store/database.js';
import { checkWithBot, type LearningCheck } from './safety-check.js';
import { distinctTexts, type ClusterResolution, type UnresolvedCluster, type UnresolvedInbox, type UnresolvedReason } from './inbox.js';

/** Attaching is suggested when at least this share of the examples rank the same entry first... */
export const ATTACH_MIN_SHARE = 0.5;
/** ...with at least this mean confidence (below it the ranking is a guess, not knowledge). */
export const ATTACH_MIN_CONFIDENCE = 0.15;
/** Examples asked again (and ranked for suggestions) per cluster. */
export const EXAMPLES_ASKED = 20;
/** Phrasings added to an entry per action: the most recent distinct ones. */
export const MAX_PHRASINGS_PER_ACTION = 20;
/** Open clusters agent-reply mining looks at in one run: the biggest, so one run stays quick. */
export const MINED_CLUSTERS_MAX = 50;
/** Agent replies shorter than this are greetings (您好 / 稍等), not answers. */
const MIN_DRAFT_CHARS = 8;
/**
 * Reasons that say the bot's answer to a phrasing was the wrong one (👎, 转人工 right after it): such a
 * phrasing is attached even when the bot answers it directly with another entry — that answer is what
 * the customer refused. Every other phrasing the bot answers with another entry is held out of an
 * attach (`heldOut`): it asks that entry, not this one (a mixed cluster's stray member).
 */
const DISPUTED_ANSWER_REASONS: ReadonlySet<UnresolvedReason> = new Set(['thumbs_down', 'handoff_after_answer']);
/** Entities that make an agent reply one customer's business. */
const PERSONAL_ENTITY_TYPES = new Set(['order_number', 'phone', 'email']);

/** The actions of the public contract (docs/learning.md), plus dismiss. */
export const CLUSTER_ACTIONS = ['add_similar', 'new_entry', 'add_synonym'] as const;

export interface ClusterSuggestion {
  action: (typeof CLUSTER_ACTIONS)[number] | 'dismiss';
  /** add_similar: the entry the matcher ranks first for most examples. */
  entryId?: string;
  question?: string;
  /** add_similar: how many examples rank it first, and their mean confidence. */
  matched?: { count: number; total: number };
  confidence?: number;
  /** new_entry: an answer drafted from agents' replies (null when agents never answered). */
  draftAnswer?: string | null;
  /** new_entry: the question proposed (the cluster's most common phrasing). */
  proposedQuestion?: string;
  why: string;
}

/** A cluster's phrasing left out of an attach: the bot answers it directly with another entry. */
export interface HeldOutPhrasing {
  text: string;
  /** The entry the bot answers it with. */
  entryId: string;
}

export type ClusterAction =
  | { action: 'add_similar'; entryId: string; phrasings?: string[] }
  | { action: 'new_entry'; question: string; answer: string; category?: string | null }
  | { action: 'add_synonym'; terms: string[] };

export interface ClusterActionsDeps {
  inbox: UnresolvedInbox;
  knowledge: KnowledgeService;
  /** The bot whose index answers the cluster's examples. */
  bot: BotApi;
  database: Pick<Database, 'db'>;
  /**
   * The workspace's review queue: when its settings require review, a new entry is a draft
   * waiting there (docs/review.md) instead of serving at once; with four eyes an attach is a
   * proposed revision too. Without it, changes publish.
   */
  reviews?: ReviewService;
}

/** The cluster's examples asked again: how many the bot answers directly (with `entryId`, when given). */
async function askAgain(bot: BotApi, examples: readonly string[], entryId?: string): Promise<{ answered: number; total: number }> {
  let answered = 0;
  for (const text of examples) {
    const decision = await bot.decide({ text });
    if (decision.action === 'answer' && decision.entryId && (!entryId || decision.entryId === entryId)) answered++;
  }
  return { answered, total: examples.length };
}

export class ClusterActions {
  constructor(private readonly deps: ClusterActionsDeps) {}

  /** The cluster with what the bot suggests doing about it, best first (ranking `limit` of its phrasings). */
  async suggest(id: string, limit = EXAMPLES_ASKED): Promise<{ cluster: UnresolvedCluster; suggestions: ClusterSuggestion[] }> {
    const { inbox, bot } = this.deps;
    const cluster = await inbox.get(id);
    const examples = (await this.examples(id)).slice(0, limit);
    const suggestions: ClusterSuggestion[] = [];
    const votes = new Map<string, { count: number; confidence: number; question: string }>();
    for (const text of examples) {
      const [top] = await bot.rank(text, 1);
      if (!top) continue;
      const vote = votes.get(top.entryId) ?? { count: 0, confidence: 0, question: top.question };
      vote.count++;
      vote.confidence += top.confidence;
      votes.set(top.entryId, vote);
    }
    const [best] = [...votes.entries()].sort((a, b) => b[1].count - a[1].count || b[1].confidence - a[1].confidence);
    if (best) {
      const [entryId, vote] = best;
      const confidence = round(vote.confidence / vote.count);
      if (vote.count >= examples.length * ATTACH_MIN_SHARE && confidence >= ATTACH_MIN_CONFIDENCE) {
        suggestions.push({
          action: 'add_similar',
          entryId,
          question: vote.question,
          matched: { count: vote.count, total: examples.length },
          confidence,
          why: `这些问法中 ${vote.count}/${examples.length} 的最佳匹配是「${vote.question}」（平均置信度 ${confidence}）：知识已有，只是说法不同，建议加为它的相似问。`,
        });
      }
    }
    const draftAnswer = await this.draftFromAgents(id);
    suggestions.push({
      action: 'new_entry',
      proposedQuestion: mostCommon(examples) ?? cluster.label,
      draftAnswer,
      why: draftAnswer ? '知识库里没有合适的条目：按客服实际的回复起草了答案，请审核后新建。' : '知识库里没有合适的条目：请写下答案新建条目（客服尚未回复过这类问题）。',
    });
    suggestions.push({ action: 'dismiss', why: '与业务无关或不需要回答：忽略后同样的问法不再出现在这里。' });
    return { cluster, suggestions };
  }

  /**
   * Attaching the cluster's phrasings to an entry, checked against the knowledge base's
   * self-evaluation without applying it (src/learning/safety-check.ts): which other entries'
   * probe questions would rank or answer worse.
   */
  async check(id: string, input: { entryId: string; phrasings?: string[] }): Promise<LearningCheck> {
    const entry = await this.deps.knowledge.get(input.entryId);
    const { phrasings } = await this.phrasingsFor(id, { ...input, entryId: entry.id });
    return checkWithBot(this.deps, { entryId: entry.id, phrasings });
  }

  /**
   * One action of the public contract; answers the entry it changed or created (none for a
   * synonym). Attaching phrasings also answers its check (flagged when other entries get worse)
   * and the phrasings held out of it (`heldOut`: the bot answers them with another entry — attach
   * them there, or name them in `phrasings`); with `dryRun` only the check is made and nothing changes.
   */
  async apply(
    id: string,
    input: ClusterAction,
    actor: string,
    options: { dryRun?: boolean } = {},
  ): Promise<{ entryId: string | null; cluster: UnresolvedCluster; check?: LearningCheck; heldOut?: HeldOutPhrasing[]; dryRun?: true; reviewId?: string }> {
    if (options.dryRun) {
      if (input.action !== 'add_similar') throw new WenduError('WENDU_VALIDATION', { issues: [{ path: 'action', message: '只有「加为相似问」可以先试算（dryRun）', code: 'custom' }] });
      await this.assertOpen(id);
      const { heldOut } = await this.phrasingsFor(id, input);
      return { entryId: input.entryId, cluster: await this.deps.inbox.get(id), check: await this.check(id, input), heldOut, dryRun: true };
    }
    switch (input.action) {
      case 'add_similar': {
        await this.assertOpen(id);
        const check = await this.check(id, input);
        const { cluster, reviewId, heldOut } = await this.addSimilar(id, input, actor);
        return { entryId: input.entryId, cluster, check, heldOut, ...(reviewId ? { reviewId } : {}) };
      }
      case 'new_entry': {
        const { cluster, entry, reviewId } = await this.newEntry(id, input, actor);
        return { entryId: entry.id, cluster, ...(reviewId ? { reviewId } : {}) };
      }
      case 'add_synonym':
        return { entryId: null, cluster: await this.addSynonym(id, input.terms, actor) };
    }
  }

  /**
   * Adds the cluster's (condensed) phrasings to an entry as learned questions, then asks them
   * again. When the workspace's edits need review (four eyes, like the knowledge editor's saves),
   * the phrasings are a proposed revision of the entry instead: the cluster is resolved with the
   * review's id, and the entry learns them once another person approves it.
   */
  private async addSimilar(id: string, input: { entryId: string; phrasings?: string[] }, actor: string): Promise<{ cluster: UnresolvedCluster; reviewId?: string; heldOut: HeldOutPhrasing[] }> {
    const { inbox, knowledge, bot, reviews } = this.deps;
    await this.assertOpen(id);
    const entry = await knowledge.get(input.entryId);
    const { phrasings, heldOut } = await this.phrasingsFor(id, { ...input, entryId: entry.id });
    const before = await askAgain(bot, phrasings, entry.id);
    const learned = learnedQuestionsWith(entry, phrasings, phrasingKey);
    // Nothing new to learn is no change to review: it resolves like the direct path, publishing nothing.
    if (reviews && learned.length > entry.learnedQuestions.length && (await reviews.editsNeedReview())) {
      const review = await reviews.proposeEdit(entry.id, { learnedQuestions: learned }, actor, { source: 'inbox', sourceRef: id });
      return { cluster: await inbox.decide(id, 'resolved', { action: 'add_similar', entryId: entry.id, before, reviewId: review.id }, actor), reviewId: review.id, heldOut };
    }
    for (const phrasing of phrasings) await knowledge.addLearnedQuestion(entry.id, phrasing, actor, phrasingKey);
    await bot.ready();
    const after = await askAgain(bot, phrasings, entry.id);
    return { cluster: await inbox.decide(id, 'resolved', { action: 'add_similar', entryId: entry.id, before, after }, actor), heldOut };
  }

  /**
   * Creates an entry with the cluster's phrasings as its similar questions — unless the bot
   * already answers the proposed question with an existing entry (then attach to it instead).
   * When the workspace requires review — or its edits need review (four eyes), as the knowledge
   * editor's new entries do — the entry is a draft in the review queue: the cluster is resolved
   * with the review's id, and the bot answers once a reviewer approves it.
   */
  private async newEntry(
    id: string,
    input: { question: string; answer: string; category?: string | null },
    actor: string,
    minedFromAgents = false,
  ): Promise<{ cluster: UnresolvedCluster; entry: KnowledgeEntry; reviewId?: string }> {
    const { inbox, knowledge, bot, reviews } = this.deps;
    await this.assertOpen(id);
    const [nearest] = await bot.rank(input.question, 1);
    if (nearest && nearest.confidence >= bot.settings.answerThreshold) {
      throw new WenduError('WENDU_LEARNING_NEAR_DUPLICATE', { entryId: nearest.entryId, question: nearest.question });
    }
    const phrasings = (await this.examples(id)).filter((p) => phrasingKey(p) !== phrasingKey(input.question)).slice(0, MAX_PHRASINGS_PER_ACTION);
    const before = await askAgain(bot, phrasings);
    const fields = { question: input.question, learnedQuestions: phrasings, answer: input.answer, ...(input.category ? { category: input.category } : {}) };
    if (reviews && (minedFromAgents || (await reviews.settings()).required || (await reviews.editsNeedReview()))) {
      const review = await reviews.proposeDraft(fields, actor, { source: minedFromAgents ? 'agent_replies' : 'inbox', sourceRef: id });
      const cluster = await inbox.decide(id, 'resolved', { action: 'new_entry', entryId: review.entryId, before, reviewId: review.id }, actor);
      return { cluster, entry: await knowledge.get(review.entryId), reviewId: review.id };
    }
    const entry = await knowledge.create(fields, actor);
    await bot.ready();
    const after = await askAgain(bot, phrasings, entry.id);
    const cluster = await inbox.decide(id, 'resolved', { action: 'new_entry', entryId: entry.id, before, after }, actor);
    return { cluster, entry };
  }

  /**
   * Agent-reply mining: each open cluster agents answered becomes a draft entry in the review
   * queue — its most common phrasing as the question, what agents replied most as the answer
   * (human replies only, never one customer's specifics: draftFromAgents) — unless the bot
   * already answers that question (learning updates the nearest entry instead of piling up
   * near-duplicates). The cluster is resolved with the draft's review, so mining again never
   * drafts it twice. Looks at the `limit` biggest open clusters.
   */
  async draftFromAgentReplies(actor: string, limit = MINED_CLUSTERS_MAX): Promise<Array<{ clusterId: string; reviewId: string; entryId: string }>> {
    const { inbox, bot, reviews } = this.deps;
    if (!reviews) throw new WenduError('WENDU_INTERNAL', { reason: 'agent-reply mining needs the review queue' });
    const drafted: Array<{ clusterId: string; reviewId: string; entryId: string }> = [];
    for (const cluster of await inbox.list({ status: 'open', limit })) {
      const answer = await this.draftFromAgents(cluster.id);
      if (!answer) continue;
      const question = mostCommon(await this.examples(cluster.id)) ?? cluster.label;
      const [nearest] = await bot.rank(question, 1);
      if (nearest && nearest.confidence >= bot.settings.answerThreshold) continue;
      const { entry, reviewId } = await this.newEntry(cluster.id, { question, answer }, actor, true);
      drafted.push({ clusterId: cluster.id, reviewId: reviewId!, entryId: entry.id });
    }
    return drafted;
  }

  /** Adds a synonym group (the operator's words for one thing), then asks the examples again. */
  private async addSynonym(id: string, terms: string[], actor: string): Promise<UnresolvedCluster> {
    const { inbox, knowledge, bot } = this.deps;
    await this.assertOpen(id);
    const examples = await this.examples(id);
    const before = await askAgain(bot, examples);
    await knowledge.addSynonymGroup(terms, actor);
    await bot.ready();
    const after = await askAgain(bot, examples);
    return inbox.decide(id, 'resolved', { action: 'add_synonym', terms, before, after }, actor);
  }

  async dismiss(id: string, actor: string): Promise<UnresolvedCluster> {
    const cluster = await this.deps.inbox.get(id);
    if (cluster.status === 'dismissed') return cluster;
    return this.deps.inbox.decide(id, 'dismissed', { action: 'dismiss' } satisfies ClusterResolution, actor);
  }

  private async assertOpen(id: string): Promise<void> {
    const cluster = await this.deps.inbox.get(id);
    if (cluster.status !== 'open') throw new WenduError('WENDU_UNRESOLVED_CLUSTER_DECIDED', { id, status: cluster.status });
  }

  /**
   * The phrasings an attach adds: the operator's pick as it is; else the cluster's most recent
   * distinct ones, without those the bot answers directly with another entry (unless a customer
   * disputed that answer, DISPUTED_ANSWER_REASONS) — lexical clusters mix entries (怎麼投訴 beside
   * 怎麼換貨), and such a phrasing learned for the wrong entry misleads the entry's ranking and
   * the bot's self-evaluation (docs/learning.md, 2026-11-30 `learn`).
   */
  private async phrasingsFor(id: string, input: { entryId: string; phrasings?: string[] }): Promise<{ phrasings: string[]; heldOut: HeldOutPhrasing[] }> {
    if (input.phrasings?.length) return { phrasings: input.phrasings.slice(0, MAX_PHRASINGS_PER_ACTION), heldOut: [] };
    const questions = await this.deps.inbox.questions(id);
    const disputed = new Set(questions.filter((q) => DISPUTED_ANSWER_REASONS.has(q.reason)).map((q) => q.text));
    const phrasings: string[] = [];
    const heldOut: HeldOutPhrasing[] = [];
    for (const text of distinctTexts(questions).slice(0, EXAMPLES_ASKED)) {
      const decision = disputed.has(text) ? null : await this.deps.bot.decide({ text });
      if (decision?.action === 'answer' && decision.entryId && decision.entryId !== input.entryId) heldOut.push({ text, entryId: decision.entryId });
      else phrasings.push(text);
    }
    return { phrasings: phrasings.slice(0, MAX_PHRASINGS_PER_ACTION), heldOut };
  }

  private async examples(id: string): Promise<string[]> {
    return distinctTexts(await this.deps.inbox.questions(id)).slice(0, EXAMPLES_ASKED);
  }

  /**
   * The answer agents gave most often to the cluster's questions: for each conversation, the
   * first agent message after the question. Never bot text; never a reply naming an order, a
   * phone or an e-mail; greetings too short to be answers are skipped.
   */
  private async draftFromAgents(id: string): Promise<string | null> {
    const questions = await this.deps.inbox.questions(id);
    const replies: string[] = [];
    for (const q of questions.slice(0, EXAMPLES_ASKED)) {
      const rows = await this.deps.database.db
        .selectFrom('messages')
        .select(['text', 'seq'])
        .where('conversation_id', '=', q.conversationId)
        .where('sender', '=', 'agent')
        // After the question: by its seq when known, else by when it was kept.
        .$if(q.messageSeq > 0, (qb) => qb.where('seq', '>', q.messageSeq))
        .$if(q.messageSeq === 0, (qb) => qb.where('created_at', '>=', q.createdAt))
        .orderBy('seq')
        .limit(3)
        .execute();
      const reply = rows.map((r) => r.text.trim()).find((t) => Array.from(t).length >= MIN_DRAFT_CHARS && !extractEntities(t).some((e) => PERSONAL_ENTITY_TYPES.has(e.type)));
      if (reply) replies.push(reply);
    }
    return mostCommon(replies);
  }
}

/** Two phrasings that normalise alike are one (退貨運費 and 退货运费). */
function phrasingKey(text: string): string {
  return normalize(text).text;
}

/** The most frequent text (normalised), the first seen among equals; null for none. */
function mostCommon(texts: readonly string[]): string | null {
  const counts = new Map<string, { text: string; n: number }>();
  for (const t of texts) {
    const key = phrasingKey(t);
    const c = counts.get(key) ?? { text: t, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  let best: { text: string; n: number } | null = null;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.text ?? null;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

