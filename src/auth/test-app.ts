/**
 * Test support: a real fastify app with the real error handling, the real access guard and
 * the accounts routes over a real database, plus two probe routes (a public one and a
 * supervisor one). Captures the pino log so tests can prove no secret is ever logged.
 * Not imported by production code.
 */
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandling } from '../server/error-handler.js';
import type { Database } from '../store/database.js';
import { DEFAULT_WORKSPACE_ID, type Role } from './access.js';
import { installAccessGuard, principalOf } from './guard.js';
import { authRoutes } from './routes.js';
import { AccountService, type AccountServiceOptions } from './service.js';

export const PROBE_PUBLIC_PATH = '/probe/public';
export const PROBE_SUPERVISOR_PATH = '/probe/supervisor';
/** A password long enough for the policy, in the shape people really pick. */
export const GOOD_PASSWORD = '温度客服2026!abc';

export interface AuthTestApp {
  app: FastifyInstance;
  accounts: AccountService;
  /** Every log line the app wrote (JSON text). */
  logs: string[];
  /** Creates a user directly (as the CLI would) and returns its login token. */
  userWithToken(email: string, role: Role, workspaceId?: string): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export async function authTestApp(database: Pick<Database, 'db'>, options: AccountServiceOptions = {}): Promise<AuthTestApp> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = Fastify({ logger: { level: 'trace', stream } });
  installErrorHandling(app);
  const accounts = new AccountService(database, options);
  installAccessGuard(app, { accounts });
  await authRoutes(app, { accounts });
  app.get(PROBE_PUBLIC_PATH, { config: { access: 'public' } }, async () => ({ ok: true }));
  app.get(PROBE_SUPERVISOR_PATH, { config: { access: 'supervisor' } }, async (request) => ({ actor: principalOf(request).actor }));
  await app.ready();
  return {
    app,
    accounts,
    logs,
    async userWithToken(email, role, workspaceId = DEFAULT_WORKSPACE_ID) {
      await accounts.ensureWorkspace(workspaceId, workspaceId);
      const user = await accounts.createUser(workspaceId, { email, role, password: GOOD_PASSWORD }, 'test');
      const { token } = await accounts.login({ email, password: GOOD_PASSWORD, address: '198.51.100.1' });
      return { id: user.id, token };
    },
    close: () => app.close(),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
