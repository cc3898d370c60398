/**
 * AccountService: workspaces, users, login sessions and API keys. Every change to a user or a
 * key is written together with its audit record (same transaction), naming the actor. No
 * method returns or records a password, a hash, a session token (except login's answer) or
 * an API key (except createApiKey's answer, once).
 */
import { AuditLog } from '../audit/audit-log.js';
import { DEFAULT_TOKEN_TTL_HOURS } from '../config/server-config.js';
import { WenduError } from '../errors/index.js';
import type { Database } from '../store/database.js';
import type { UserRow } from '../store/schema.js';
import { roleAllows, type Principal, type Role } from './access.js';
import { hashPassword, verifyPassword, warmUpPasswordCheck } from './passwords.js';
import { AccountRepository, toApiKeyInfo, toUser, type Executor } from './repository.js';
import {
  CreateApiKeySchema,
  CreateUserSchema,
  EmailSchema,
  UpdateUserSchema,
  WorkspaceIdSchema,
  type ApiKeyInfo,
  type CreateApiKeyInput,
  type CreateUserInput,
  type LoginResult,
  type UpdateUserInput,
  type User,
} from './schemas.js';
import type { LoginThrottle } from './throttle.js';
import { apiKeyDisplayPrefix, hashSecret, isApiKey, newApiKey, newApiKeyId, newSessionToken, newUserId } from './tokens.js';

/** last_used_at is written at most this often per key, not on every request of a busy back office. */
export const API_KEY_TOUCH_INTERVAL_MS = 60_000;
const MS_PER_HOUR = 3_600_000;

export const USER_TARGET = 'user';
export const API_KEY_TARGET = 'api_key';

export interface AccountServiceOptions {
  tokenTtlHours?: number;
  /** Injected clock (tests of expiry). */
  now?: () => Date;
  /** Wrong-password throttle; without one, login is not throttled (CLI, unit tests). */
  throttle?: LoginThrottle;
}

export interface LoginAttempt {
  email: string;
  password: string;
  /** The caller's address, for the per-address throttle. */
  address: string;
}

export interface Authenticated {
  principal: Principal;
  /** Set for API keys: the server charges the key's own rate-limit budget with it. */
  apiKeyId?: string;
  /** Set for sessions: the hash of the presented token (logout, "keep this session"). */
  tokenHash?: string;
}

function actorOfUser(email: string): string {
  return `user:${email}`;
}

export class AccountService {
  readonly repository: AccountRepository;
  private readonly audit: AuditLog;
  private readonly now: () => Date;
  private readonly tokenTtlMs: number;

  constructor(
    database: Pick<Database, 'db'>,
    private readonly options: AccountServiceOptions = {},
  ) {
    this.repository = new AccountRepository(database.db);
    this.now = options.now ?? (() => new Date());
    this.audit = new AuditLog(database.db, this.now);
    this.tokenTtlMs = (options.tokenTtlHours ?? DEFAULT_TOKEN_TTL_HOURS) * MS_PER_HOUR;
    warmUpPasswordCheck();
  }

  private get db() {
    return this.repository.db;
  }

  private iso(): string {
    return this.now().toISOString();
  }

  // ── workspaces ──────────────────────────────────────────────────────────

  /** Creates the workspace when missing; `created` says whether it was new. */
  async ensureWorkspace(id: string, name: string, actor = 'system'): Promise<{ created: boolean }> {
    const workspaceId = WorkspaceIdSchema.parse(id);
    if (await this.repository.workspaceExists(workspaceId)) return { created: false };
    await this.db.transaction().execute(async (trx) => {
      await this.repository.insertWorkspace(workspaceId, name, this.iso(), trx);
      await this.audit.record({ workspaceId, actor, action: 'created', targetType: 'workspace', targetId: workspaceId, after: { id: workspaceId, name } }, trx);
    });
    return { created: true };
  }

  // ── users ───────────────────────────────────────────────────────────────

  async createUser(workspaceId: string, input: CreateUserInput, actor: string): Promise<User> {
    const fields = CreateUserSchema.parse(input);
    const passwordHash = await hashPassword(fields.password);
    if (!(await this.repository.workspaceExists(workspaceId))) throw new WenduError('WENDU_VALIDATION', { field: 'workspace', workspaceId });
    const at = this.iso();
    const row: UserRow = {
      id: newUserId(),
      workspace_id: workspaceId,
      email: fields.email,
      name: fields.name ?? fields.email.split('@')[0]!,
      role: fields.role,
      password_hash: passwordHash,
      disabled: 0,
      created_at: at,
      updated_at: at,
    };
    await this.db.transaction().execute(async (trx) => {
      if (await this.repository.userByEmail(row.email, trx)) throw new WenduError('WENDU_USER_CONFLICT', { email: row.email });
      await this.repository.insertUser(row, trx);
      await this.audit.record({ workspaceId, actor, action: 'created', targetType: USER_TARGET, targetId: row.id, after: toUser(row) }, trx);
    }).catch((err: unknown) => {
      // Two creations of one e-mail at once: the unique index decides, the answer is the same.
      if (!(err instanceof WenduError) && /unique|duplicate/i.test(String(err))) throw new WenduError('WENDU_USER_CONFLICT', { email: row.email });
      throw err;
    });
    return toUser(row);
  }

  async listUsers(workspaceId: string): Promise<User[]> {
    return (await this.repository.listUsers(workspaceId)).map(toUser);
  }

  /** Every workspace's users (the CLI on the server's own machine). */
  async listAllUsers(): Promise<User[]> {
    return (await this.repository.listUsers()).map(toUser);
  }

  async countUsers(): Promise<number> {
    return this.repository.countUsers();
  }

  async getUser(workspaceId: string, id: string): Promise<User> {
    const row = await this.repository.userById(workspaceId, id);
    if (!row) throw new WenduError('WENDU_USER_NOT_FOUND', { id });
    return toUser(row);
  }

  async findUserByEmail(email: string): Promise<User | null> {
    const row = await this.repository.userByEmail(EmailSchema.parse(email));
    return row ? toUser(row) : null;
  }

  /**
   * Changes name, role, disabled and/or password. The last active admin of a workspace cannot
   * be demoted or disabled (nobody could manage the workspace any more). A new password or
   * disabling ends the user's other sessions (`keepTokenHash`: the caller's own session).
   */
  async updateUser(workspaceId: string, id: string, input: UpdateUserInput, actor: string, keepTokenHash: string | null = null): Promise<User> {
    const fields = UpdateUserSchema.parse(input);
    const passwordHash = fields.password === undefined ? undefined : await hashPassword(fields.password);
    return this.db.transaction().execute(async (trx) => {
      const before = await this.repository.userById(workspaceId, id, trx);
      if (!before) throw new WenduError('WENDU_USER_NOT_FOUND', { id });
      const after: UserRow = {
        ...before,
        name: fields.name ?? before.name,
        role: fields.role ?? before.role,
        disabled: fields.disabled === undefined ? Number(before.disabled) : fields.disabled ? 1 : 0,
        password_hash: passwordHash ?? before.password_hash,
        updated_at: this.iso(),
      };
      await this.guardLastAdmin(workspaceId, before, after, trx);
      await this.repository.updateUser(id, { name: after.name, role: after.role, disabled: after.disabled, password_hash: after.password_hash, updated_at: after.updated_at }, trx);
      if (passwordHash !== undefined || after.disabled === 1) await this.repository.revokeUserTokens(id, after.updated_at, keepTokenHash, trx);
      await this.audit.record(
        {
          workspaceId,
          actor,
          action: 'updated',
          targetType: USER_TARGET,
          targetId: id,
          before: toUser(before),
          // That the password changed is worth recording; the password is not.
          after: { ...toUser(after), ...(passwordHash !== undefined ? { passwordChanged: true } : {}) },
        },
        trx,
      );
      return toUser(after);
    });
  }

  /** Sets a user's password by e-mail (CLI `wendu user passwd`); ends all their sessions. */
  async setPassword(email: string, password: string, actor: string): Promise<User> {
    const user = await this.findUserByEmail(email);
    if (!user) throw new WenduError('WENDU_USER_NOT_FOUND', { email: EmailSchema.parse(email) });
    return this.updateUser(user.workspaceId, user.id, { password }, actor);
  }

  private async guardLastAdmin(workspaceId: string, before: UserRow, after: UserRow, trx: Executor): Promise<void> {
    const wasActiveAdmin = before.role === 'admin' && Number(before.disabled) === 0;
    const staysActiveAdmin = after.role === 'admin' && after.disabled === 0;
    if (wasActiveAdmin && !staysActiveAdmin && (await this.repository.countActiveAdmins(workspaceId, trx)) <= 1) {
      throw new WenduError('WENDU_FORBIDDEN', { reason: 'last_admin', message: '工作区至少需要一位启用的管理员 (a workspace needs at least one active admin)' });
    }
  }

  // ── sessions ────────────────────────────────────────────────────────────

  /**
   * Checks an e-mail and password; the same WENDU_INVALID_CREDENTIALS for an unknown e-mail,
   * a wrong password and a disabled account, after the same amount of argon2 work.
   */
  async login({ email, password, address }: LoginAttempt): Promise<LoginResult> {
    const normalised = email.trim().toLowerCase();
    await this.options.throttle?.attempt(normalised, address);
    const row = (await this.repository.userByEmail(normalised)) ?? null;
    const ok = await verifyPassword(row?.password_hash ?? null, password);
    if (!row || !ok || Number(row.disabled) === 1) throw new WenduError('WENDU_INVALID_CREDENTIALS');
    await this.options.throttle?.succeeded(normalised, address);
    const token = newSessionToken();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.tokenTtlMs).toISOString();
    await this.repository.deleteExpiredTokens(row.id, now.toISOString());
    await this.repository.insertToken(hashSecret(token), row.id, now.toISOString(), expiresAt);
    const user = toUser(row);
    return { token, expiresAt, user: { id: user.id, email: user.email, name: user.name, role: user.role, workspaceId: user.workspaceId } };
  }

  async logout(token: string): Promise<void> {
    await this.revokeSession(hashSecret(token));
  }

  /** Ends one session by its token hash (the guard knows the hash, never keeps the token). */
  async revokeSession(tokenHash: string): Promise<void> {
    await this.repository.revokeToken(tokenHash, this.iso());
  }

  /** Who presents this bearer secret (session token or API key), or null: unknown, expired, revoked, disabled. */
  async authenticate(secret: string): Promise<Authenticated | null> {
    return isApiKey(secret) ? this.authenticateApiKey(secret) : this.authenticateSession(secret);
  }

  private async authenticateSession(token: string): Promise<Authenticated | null> {
    const tokenHash = hashSecret(token);
    const session = await this.repository.session(tokenHash);
    if (!session || session.revokedAt !== null || session.expiresAt <= this.iso() || Number(session.user.disabled) === 1) return null;
    const { user } = session;
    return {
      principal: { kind: 'user', id: user.id, workspaceId: user.workspace_id, role: user.role as Role, actor: actorOfUser(user.email) },
      tokenHash,
    };
  }

  private async authenticateApiKey(key: string): Promise<Authenticated | null> {
    const row = await this.repository.apiKeyByHash(hashSecret(key));
    if (!row || row.revoked_at !== null) return null;
    const now = this.now();
    if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= API_KEY_TOUCH_INTERVAL_MS) {
      await this.repository.touchApiKey(row.id, now.toISOString());
    }
    return {
      principal: { kind: 'api_key', id: row.id, workspaceId: row.workspace_id, role: row.role as Role, actor: `api_key:${row.name}` },
      apiKeyId: row.id,
    };
  }

  // ── API keys ────────────────────────────────────────────────────────────

  /** The key is in this answer and nowhere else, ever; the database keeps its SHA-256. */
  async createApiKey(creator: Principal, input: CreateApiKeyInput): Promise<{ key: string; apiKey: ApiKeyInfo }> {
    const fields = CreateApiKeySchema.parse(input);
    if (!roleAllows(creator.role, fields.role)) throw new WenduError('WENDU_FORBIDDEN', { reason: 'role_above_creator' });
    const key = newApiKey();
    const row = {
      id: newApiKeyId(),
      workspace_id: creator.workspaceId,
      name: fields.name,
      role: fields.role,
      key_hash: hashSecret(key),
      prefix: apiKeyDisplayPrefix(key),
      created_by: creator.actor,
      created_at: this.iso(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await this.repository.insertApiKey(row, trx);
      await this.audit.record({ workspaceId: row.workspace_id, actor: creator.actor, action: 'created', targetType: API_KEY_TARGET, targetId: row.id, after: toApiKeyInfo(row) }, trx);
    });
    return { key, apiKey: toApiKeyInfo(row) };
  }

  async listApiKeys(workspaceId: string): Promise<ApiKeyInfo[]> {
    return (await this.repository.listApiKeys(workspaceId)).map(toApiKeyInfo);
  }

  async revokeApiKey(workspaceId: string, id: string, actor: string): Promise<ApiKeyInfo> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.repository.apiKeyById(workspaceId, id, trx);
      if (!before) throw new WenduError('WENDU_API_KEY_NOT_FOUND', { id });
      if (before.revoked_at !== null) return toApiKeyInfo(before);
      const after = { ...before, revoked_at: this.iso() };
      await this.repository.revokeApiKey(id, after.revoked_at, trx);
      await this.audit.record({ workspaceId, actor, action: 'revoked', targetType: API_KEY_TARGET, targetId: id, before: toApiKeyInfo(before), after: toApiKeyInfo(after) }, trx);
      return toApiKeyInfo(after);
    });
  }
}
