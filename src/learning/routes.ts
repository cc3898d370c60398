/**
 * The unresolved inbox over HTTP (docs/learning.md; the public contract of issue 11): supervisors
 * list the clusters of questions the bot could not settle with the bot's suggestions, open one,
 * and act on it — add its phrasings as similar questions of an entry, create an entry, add a
 * synonym, or dismiss. Every action is audited and keeps the cluster's before / after
 * ("8 of 9 now answered directly").
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import { EntryInputSchema } from '../kb/schemas.js';
import type { ClusterActions } from './actions.js';
import type { KnowledgeHealth } from './health.js';
import { ClustersQuerySchema, type UnresolvedInbox } from './inbox.js';

export const LEARNING_API_PREFIX = '/api/v1/learning';
/** A cluster's page lists this many of its questions (latest first). */
export const CLUSTER_QUESTIONS_SHOWN = 50;
/** Phrasings of each listed cluster ranked for its suggestions (the cluster's page ranks more). */
export const LISTED_SUGGESTION_EXAMPLES = 5;

export interface LearningRoutesOptions {
  /** The caller's workspace's inbox (never another's). */
  inboxFor: (request: FastifyRequest) => UnresolvedInbox;
  /** Actions over the caller's workspace, answered by its bot (`botId`, else the first). */
  actionsFor: (request: FastifyRequest, botId?: string) => Promise<ClusterActions>;
  /** The caller's workspace's knowledge health, ranked by its bot. */
  healthFor: (request: FastifyRequest, botId?: string) => Promise<KnowledgeHealth>;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });
const BotQuery = z.object({ botId: z.string().min(1).max(64).optional() }).passthrough();
const DryRunQuery = z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional() }).passthrough();
const ApplyBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('add_similar'), entryId: z.string().min(1).max(128), phrasings: z.array(z.string().trim().min(1).max(500)).max(50).optional() }).strict(),
  z.object({ action: z.literal('new_entry'), question: EntryInputSchema.shape.question, answer: z.string().trim().min(1).max(5000), category: z.string().trim().max(100).nullish() }).strict(),
  z.object({ action: z.literal('add_synonym'), terms: z.array(z.string().trim().min(1).max(32)).min(2).max(20) }).strict(),
]);

export async function learningRoutes(app: FastifyInstance, { inboxFor, actionsFor, healthFor }: LearningRoutesOptions): Promise<void> {
  const p = LEARNING_API_PREFIX;
  const guard = { config: { access: 'supervisor' } } as const;
  const idOf = (req: FastifyRequest) => parseOrThrow(IdParams, req.params).id;
  const botOf = (req: FastifyRequest) => parseOrThrow(BotQuery, req.query ?? {}).botId;

  /** `{ clusters: [{ id, size, examples, reasons, suggestions, … }] }`, open ones by default. */
  app.get(`${p}/unresolved`, guard, async (req) => {
    const { botId: _botId, ...query } = parseOrThrow(BotQuery, req.query ?? {});
    const listed = await inboxFor(req).list(parseOrThrow(ClustersQuerySchema, query));
    const actions = await actionsFor(req, botOf(req));
    const clusters = [];
    for (const cluster of listed) clusters.push({ ...cluster, suggestions: (await actions.suggest(cluster.id, LISTED_SUGGESTION_EXAMPLES)).suggestions });
    return { clusters };
  });

  app.get(`${p}/clusters/:id`, guard, async (req) => {
    const id = idOf(req);
    const { cluster, suggestions } = await (await actionsFor(req, botOf(req))).suggest(id);
    const questions = (await inboxFor(req).questions(id)).slice(0, CLUSTER_QUESTIONS_SHOWN);
    return { cluster, suggestions, questions };
  });

  /** `{ entryId }` — the entry changed or created (null for a synonym) — and the cluster with its before / after. */
  // Attaching also answers `check` (other entries' self-test questions made worse, flagged);
  // `?dryRun=1` answers the check alone and changes nothing.
  app.post(`${p}/clusters/:id/apply`, guard, async (req) => {
    const { dryRun } = parseOrThrow(DryRunQuery, req.query ?? {});
    return (await actionsFor(req, botOf(req))).apply(idOf(req), parseOrThrow(ApplyBody, req.body), actorOf(req), { dryRun: dryRun === '1' || dryRun === 'true' });
  });

  /** Entries needing an eye: expiring, expired, never matched, often 👎, near-duplicates (src/learning/health.ts). */
  app.get(`${p}/health`, guard, async (req) => healthFor(req, botOf(req)));

  /** Agent-reply mining: open clusters agents answered become draft entries in the review queue (docs/review.md). */
  app.post(`${p}/drafts-from-agents`, guard, async (req) => ({ drafted: await (await actionsFor(req, botOf(req))).draftFromAgentReplies(actorOf(req)) }));

  app.post(`${p}/clusters/:id/dismiss`, guard, async (req) => ({ cluster: await (await actionsFor(req, botOf(req))).dismiss(idOf(req), actorOf(req)) }));
}
