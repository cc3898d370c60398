/**
 * Test support for operator routes: a real fastify app with the server's real error handling
 * and the real access guard over real accounts in the test database. A route suite registers
 * its routes on `app`, signs in with `signIn` and sends the token like any client would.
 * Not imported by production code.
 */
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { installErrorHandling } from '../server/error-handler.js';
import type { Database } from '../store/database.js';
import { DEFAULT_WORKSPACE_ID, type Role } from './access.js';
import { installAccessGuard } from './guard.js';
import { AccountService } from './service.js';
import { GOOD_PASSWORD, bearer } from './test-app.js';

export interface SignedIn {
  token: string;
  /** `{ authorization: 'Bearer …' }` */
  headers: Record<string, string>;
  actor: string;
}

export interface GuardedApp {
  app: FastifyInstance;
  accounts: AccountService;
  /** Creates the account (and its workspace) if needed and logs in. */
  signIn(email: string, role: Role, workspaceId?: string): Promise<SignedIn>;
  /** `app.inject` with this account's bearer token. */
  injectAs(who: SignedIn, options: InjectOptions): Promise<LightMyRequestResponse>;
}

export function guardedApp(database: Pick<Database, 'db'>): GuardedApp {
  const app = Fastify();
  installErrorHandling(app);
  const accounts = new AccountService(database);
  installAccessGuard(app, { accounts });
  return {
    app,
    accounts,
    signIn: (email, role, workspaceId) => signInOn(accounts, email, role, workspaceId),
    async injectAs(who, options) {
      return app.inject({ ...options, headers: { ...who.headers, ...(options.headers as Record<string, string> | undefined) } });
    },
  };
}

/**
 * Signs an operator in on a running server (accounts of `server.accounts`, the same database),
 * for suites that drive the whole server over HTTP.
 */
export async function signInOn(
  accounts: AccountService,
  email: string,
  role: Role,
  workspaceId: string = DEFAULT_WORKSPACE_ID,
): Promise<SignedIn> {
  await accounts.ensureWorkspace(workspaceId, workspaceId);
  if (!(await accounts.findUserByEmail(email))) await accounts.createUser(workspaceId, { email, role, password: GOOD_PASSWORD }, 'test');
  const { token } = await accounts.login({ email, password: GOOD_PASSWORD, address: '198.51.100.7' });
  return { token, headers: bearer(token), actor: `user:${email}` };
}

/** What an operator's HTTP call answered: the status and the parsed JSON body (null when empty). */
export interface OperatorResponse {
  status: number;
  json: any;
}

/**
 * `api(who, method, path, body?)` against a running server, sending `who`'s bearer token and
 * JSON — the one helper the end-to-end suites share.
 */
export function operatorApi(baseUrl: () => string): (who: SignedIn, method: string, path: string, body?: unknown) => Promise<OperatorResponse> {
  return async (who, method, path, body) => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
}
