/**
 * Who may call what. Every route declares its access in its route options
 * (`config: { access: 'public' | 'agent' | 'supervisor' | 'admin' }`); the server refuses to
 * start when a route declares none, so a new route is protected the day it is written.
 * Roles are ordered: an admin may do what a supervisor may, a supervisor what an agent may.
 * What an agent may see inside a route (only their conversations) is the route's own check.
 */
import type { FastifyRequest } from 'fastify';
import { WenduError } from '../errors/index.js';

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** `public`: the customer side (chat, conversation API, healthz, static pages). */
export type RouteAccess = 'public' | Role;

/** The one workspace every installation starts with; the demo and pre-workspace data live in it. */
export const DEFAULT_WORKSPACE_ID = 'default';
/** The default workspace's first bot: what customer routes answer with when no bot is named. */
export const DEFAULT_BOT_ID = 'default';

/** The authenticated caller of an operator route: a user's session or an API key. */
export interface Principal {
  kind: 'user' | 'api_key';
  /** The user's or the key's id. */
  id: string;
  workspaceId: string;
  role: Role;
  /** What the audit log and version history record as "who": `user:<email>` or `api_key:<name>`. */
  actor: string;
}

export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The caller of an operator route; only public routes run without one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new WenduError('WENDU_UNAUTHENTICATED');
  return request.principal;
}

/** Who the audit log and version history name for this request: always the account. */
export function actorOf(request: FastifyRequest): string {
  return principalOf(request).actor;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set by the access hook on every non-public route; absent on public ones. */
    principal?: Principal;
  }
}
