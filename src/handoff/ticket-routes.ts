/**
 * The agent's side of tickets: list the workspace's tickets, read one with its history, answer
 * (the answer reaches the customer in the conversation), assign (agents take a ticket
 * themselves; supervisors give it to anyone of the workspace) and close. Every route is for agents
 * and up, and sees only the caller's workspace: another workspace's ticket is not found.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf, roleAllows } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import type { TicketAgent } from './ticket-schemas.js';
import type { TicketService } from './tickets.js';

export const TICKETS_API_PREFIX = '/api/v1/tickets';
const OWNER_ME = 'me';

export interface TicketRoutesOptions {
  /** The tickets of a workspace (the caller's, from principalOf). */
  ticketsFor: (workspaceId: string) => TicketService;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });

function agentOf(request: FastifyRequest): TicketAgent {
  const principal = principalOf(request);
  return { id: principal.id, actor: principal.actor, mayAssignOthers: roleAllows(principal.role, 'supervisor') };
}

export async function ticketRoutes(app: FastifyInstance, opts: TicketRoutesOptions): Promise<void> {
  const p = TICKETS_API_PREFIX;
  const ticketsOf = (request: FastifyRequest) => opts.ticketsFor(principalOf(request).workspaceId);
  const idOf = (request: FastifyRequest) => parseOrThrow(IdParams, request.params).id;

  // `owner=me` is the caller: an agent's "my tickets" without knowing their own id.
  app.get(p, { config: { access: 'agent' } }, async (request) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    return ticketsOf(request).list(query.owner === OWNER_ME ? { ...query, owner: principalOf(request).id } : query);
  });

  app.get(`${p}/:id`, { config: { access: 'agent' } }, async (request) => ({ ticket: await ticketsOf(request).get(idOf(request)) }));

  app.post(`${p}/:id/reply`, { config: { access: 'agent' } }, async (request) => ({
    ticket: await ticketsOf(request).reply(idOf(request), request.body, agentOf(request)),
  }));

  app.post(`${p}/:id/assign`, { config: { access: 'agent' } }, async (request) => ({
    ticket: await ticketsOf(request).assign(idOf(request), request.body, agentOf(request)),
  }));

  app.post(`${p}/:id/close`, { config: { access: 'agent' } }, async (request) => ({
    ticket: await ticketsOf(request).close(idOf(request), request.body ?? {}, agentOf(request)),
  }));
}
