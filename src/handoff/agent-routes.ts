/**
 * The agent's side over HTTP (issue 7): presence, the lists to work from, and taking, answering,
 * passing on and finishing a customer's conversation. Register without a prefix.
 *
 * Every route is for signed-in people of a workspace (`agent` at least; `view=all` needs a
 * supervisor). A conversation of another workspace is answered exactly like one that does not
 * exist (404), so ids reveal nothing across workspaces. Within the workspace, only the agent
 * who has a conversation — or a supervisor — may write to it (the desk checks).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf, roleAllows, type Principal } from '../auth/access.js';
import { WenduError } from '../errors/index.js';
import { parseOrThrow } from '../errors/validation.js';
import type { AssistFeedback } from './assist-feedback.js';
import type { HandoffBoard } from './board.js';
import type { DeskActor, HandoffQueue } from './desk.js';
import type { HandoffOffers } from './offers.js';
import { AgentListQuerySchema, AgentMessageSchema, AgentSendBodySchema, CloseBodySchema, ConversationParamsSchema, PresenceBodySchema, ReadBodySchema, TransferBodySchema } from './schemas.js';

export const AGENT_API_PREFIX = '/api/v1/agent';

const HTTP_CREATED = 201;

export interface AgentRoutesOptions {
  board: HandoffBoard;
  /** The desk of the bot a conversation belongs to; WENDU_CONVERSATION_NOT_FOUND when there is none. */
  deskOfConversation: (conversationId: string) => Promise<HandoffQueue>;
  /** Records messages sent from an assist suggestion (`fromSuggestion`); without it they are only sent. */
  assistFeedback?: AssistFeedback;
  /** Offers to agents (src/handoff/offers.ts): the caller's open ones, declining, and a new offer round when someone comes online. */
  offers: Pick<HandoffOffers, 'openOffersOf' | 'decline' | 'dispatchWorkspace'>;
}

/** Hand-offs are taken by people: an API key has no presence, no load and no name to show. */
function personOf(request: FastifyRequest): Principal {
  const principal = principalOf(request);
  if (principal.kind !== 'user') throw new WenduError('WENDU_FORBIDDEN', { reason: '接待会话需要以客服账号登录，不能使用 API 密钥' });
  return principal;
}

function actorFor(principal: Principal): DeskActor {
  return { userId: principal.id, supervises: roleAllows(principal.role, 'supervisor') };
}

export async function agentRoutes(app: FastifyInstance, opts: AgentRoutesOptions): Promise<void> {
  const p = AGENT_API_PREFIX;

  /** The desk of a conversation of the caller's workspace; anything else is "not found". */
  async function deskOf(request: FastifyRequest, principal: Principal): Promise<{ desk: HandoffQueue; conversationId: string }> {
    const { id } = parseOrThrow(ConversationParamsSchema, request.params);
    const desk = await opts.deskOfConversation(id);
    if (desk.workspaceId !== principal.workspaceId) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId: id });
    return { desk, conversationId: id };
  }

  app.put(`${p}/presence`, { config: { access: 'agent' } }, async (request) => {
    const principal = personOf(request);
    const { status, maxConcurrent, groups } = parseOrThrow(PresenceBodySchema, request.body);
    const presence = await opts.board.setPresence(principal.workspaceId, principal.id, status, maxConcurrent, groups);
    // Someone free now: the waiting customers are offered at once, not at the sweeper's next tick.
    if (status === 'online') await opts.offers.dispatchWorkspace(principal.workspaceId);
    return { presence };
  });

  /** The caller's open offers: queued conversations the desk asked them to take, with when each offer ends. */
  app.get(`${p}/offers`, { config: { access: 'agent' } }, async (request) => {
    const principal = personOf(request);
    return { offers: await opts.offers.openOffersOf(principal.workspaceId, principal.id) };
  });

  /** No to an offer: it goes to the next agent at once (the conversation stays in the queue for anyone to take). */
  app.post(`${p}/conversations/:id/decline`, { config: { access: 'agent' } }, async (request) => {
    const principal = personOf(request);
    const { conversationId } = await deskOf(request, principal);
    return opts.offers.decline(principal.workspaceId, conversationId, principal.id);
  });

  app.get(`${p}/conversations`, { config: { access: 'agent' } }, async (request) => {
    const principal = principalOf(request);
    const { view } = parseOrThrow(AgentListQuerySchema, request.query);
    if (view === 'all' && !roleAllows(principal.role, 'supervisor')) throw new WenduError('WENDU_FORBIDDEN', { reason: '查看全部会话需要主管权限', view });
    return { conversations: await opts.board.list(principal.workspaceId, view, principal.id) };
  });

  app.post(`${p}/conversations/:id/accept`, { config: { access: 'agent' } }, async (request) => {
    const principal = personOf(request);
    const { desk, conversationId } = await deskOf(request, principal);
    return desk.accept(conversationId, principal.id);
  });

  app.post(`${p}/conversations/:id/messages`, { config: { access: 'agent' } }, async (request, reply) => {
    const principal = personOf(request);
    const { desk, conversationId } = await deskOf(request, principal);
    const { text, fromSuggestion } = parseOrThrow(AgentSendBodySchema, request.body);
    const message = opts.assistFeedback
      ? await opts.assistFeedback.send(desk, conversationId, actorFor(principal), text, fromSuggestion)
      : await desk.sendAgentMessage(conversationId, actorFor(principal), text);
    return reply.status(HTTP_CREATED).send({ message });
  });

  /** The agent has read the conversation up to `seq`: the list's `unread` counts from there. */
  app.post(`${p}/conversations/:id/read`, { config: { access: 'agent' } }, async (request) => {
    const principal = personOf(request);
    const { desk, conversationId } = await deskOf(request, principal);
    const { seq } = parseOrThrow(ReadBodySchema, request.body);
    return { lastReadSeq: await desk.markAgentRead(conversationId, actorFor(principal), seq) };
  });

  app.post(`${p}/conversations/:id/transfer`, { config: { access: 'agent' } }, async (request) => {
    const principal = personOf(request);
    const { desk, conversationId } = await deskOf(request, principal);
    const body = parseOrThrow(TransferBodySchema, request.body);
    const target = 'agentId' in body ? { agentId: body.agentId } : { groupId: body.groupId };
    return desk.transfer(conversationId, actorFor(principal), target, body.note);
  });

  /** Where the conversation can be transferred: the bot's skill groups and the workspace's people with their presence. */
  app.get(`${p}/conversations/:id/transfer-targets`, { config: { access: 'agent' } }, async (request) => {
    const principal = personOf(request);
    const { desk } = await deskOf(request, principal);
    const agents = (await opts.board.colleagues(principal.workspaceId)).filter((a) => a.id !== principal.id);
    return { groups: desk.groups(), agents };
  });

  /** Internal notes: for colleagues (a supervisor whispers this way), never for the customer. */
  app.post(`${p}/conversations/:id/notes`, { config: { access: 'agent' } }, async (request, reply) => {
    const principal = personOf(request);
    const { desk, conversationId } = await deskOf(request, principal);
    const { text } = parseOrThrow(AgentMessageSchema, request.body);
    return reply.status(HTTP_CREATED).send(await desk.addNote(conversationId, actorFor(principal), text));
  });

  app.get(`${p}/conversations/:id/notes`, { config: { access: 'agent' } }, async (request) => {
    const principal = personOf(request);
    const { desk, conversationId } = await deskOf(request, principal);
    return { notes: await desk.notesOf(conversationId, actorFor(principal)) };
  });

  app.post(`${p}/conversations/:id/close`, { config: { access: 'agent' } }, async (request) => {
    const principal = personOf(request);
    const { desk, conversationId } = await deskOf(request, principal);
    const { tags } = parseOrThrow(CloseBodySchema, request.body ?? {});
    return desk.close(conversationId, actorFor(principal), tags);
  });
}
