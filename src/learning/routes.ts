/**
 * The unresolved inbox over HTTP (docs/learning.md): supervisors list the clusters of questions
 * the bot could not settle, open one with the bot's suggestions, and act on it — attach its
 * phrasings to an entry, create an entry, add a synonym, or dismiss. Every action answers with
 * the cluster's before / after ("8 of 9 now answered directly") and is audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import { EntryInputSchema } from '../kb/schemas.js';
import type { ClusterActions } from './actions.js';
import type { UnresolvedInbox } from './inbox.js';

export const LEARNING_API_PREFIX = '/api/v1/learning';
/** A cluster's page lists this many of its questions (latest first). */
export const CLUSTER_QUESTIONS_SHOWN = 50;

export interface LearningRoutesOptions {
  /** The caller's workspace's inbox (never another's). */
  inboxFor: (request: FastifyRequest) => UnresolvedInbox;
  /** Actions over the caller's workspace, answered by its bot (`botId`, else the first). */
  actionsFor: (request: FastifyRequest, botId?: string) => Promise<ClusterActions>;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });
const BotQuery = z.object({ botId: z.string().min(1).max(64).optional() }).passthrough();
const AttachBody = z.object({ entryId: z.string().min(1).max(128), phrasings: z.array(z.string().trim().min(1).max(500)).max(50).optional() }).strict();
const CreateEntryBody = z
  .object({ question: EntryInputSchema.shape.question, answer: z.string().trim().min(1).max(5000), category: z.string().trim().max(100).nullish() })
  .strict();
const SynonymBody = z.object({ terms: z.array(z.string().trim().min(1).max(32)).min(2).max(20) }).strict();

export async function learningRoutes(app: FastifyInstance, { inboxFor, actionsFor }: LearningRoutesOptions): Promise<void> {
  const p = `${LEARNING_API_PREFIX}/clusters`;
  const guard = { config: { access: 'supervisor' } } as const;
  const idOf = (req: FastifyRequest) => parseOrThrow(IdParams, req.params).id;
  const actions = (req: FastifyRequest) => actionsFor(req, parseOrThrow(BotQuery, req.query ?? {}).botId);

  app.get(p, guard, async (req) => {
    const { botId: _botId, ...query } = parseOrThrow(BotQuery, req.query ?? {});
    return { items: await inboxFor(req).list(query) };
  });

  app.get(`${p}/:id`, guard, async (req) => {
    const id = idOf(req);
    const { cluster, suggestions } = await (await actions(req)).suggest(id);
    const questions = (await inboxFor(req).questions(id)).slice(0, CLUSTER_QUESTIONS_SHOWN);
    return { cluster, suggestions, questions };
  });

  app.post(`${p}/:id/attach`, guard, async (req) => (await actions(req)).attach(idOf(req), parseOrThrow(AttachBody, req.body), actorOf(req)));

  app.post(`${p}/:id/create-entry`, guard, async (req, reply) => {
    const created = await (await actions(req)).createEntry(idOf(req), parseOrThrow(CreateEntryBody, req.body), actorOf(req));
    return reply.code(201).send(created);
  });

  app.post(`${p}/:id/synonym`, guard, async (req) => (await actions(req)).addSynonym(idOf(req), parseOrThrow(SynonymBody, req.body).terms, actorOf(req)));

  app.post(`${p}/:id/dismiss`, guard, async (req) => (await actions(req)).dismiss(idOf(req), actorOf(req)));
}
