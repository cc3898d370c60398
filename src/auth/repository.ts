/**
 * Rows of the accounts tables (workspaces, users, auth_tokens, api_keys). Every query that
 * reads users or keys for an operator names the workspace, so another workspace's id is
 * simply not found. Only this file and service.ts ever see a password hash.
 */
import type { Kysely } from 'kysely';
import type { ApiKeyRow, UserRow, WenduSchema } from '../store/schema.js';
import type { Role } from './access.js';
import type { ApiKeyInfo, User } from './schemas.js';

export type Executor = Kysely<WenduSchema>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    disabled: Number(row.disabled) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toApiKeyInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    role: row.role as Role,
    prefix: row.prefix,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export interface SessionRow {
  user: UserRow;
  expiresAt: string;
  revokedAt: string | null;
}

export class AccountRepository {
  constructor(readonly db: Kysely<WenduSchema>) {}

  async workspaceExists(id: string, ex: Executor = this.db): Promise<boolean> {
    return (await ex.selectFrom('workspaces').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async insertWorkspace(id: string, name: string, createdAt: string, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('workspaces').values({ id, name, created_at: createdAt }).execute();
  }

  async userByEmail(email: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async userById(workspaceId: string, id: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  async listUsers(workspaceId?: string): Promise<UserRow[]> {
    let q = this.db.selectFrom('users').selectAll();
    if (workspaceId !== undefined) q = q.where('workspace_id', '=', workspaceId);
    return q.orderBy('workspace_id').orderBy('email').execute();
  }

  async countUsers(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countActiveAdmins(workspaceId: string, ex: Executor = this.db): Promise<number> {
    const row = await ex
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertUser(row: UserRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('users').values(row).execute();
  }

  async updateUser(
    id: string,
    fields: Partial<Pick<UserRow, 'name' | 'role' | 'disabled' | 'password_hash' | 'updated_at'>>,
    ex: Executor = this.db,
  ): Promise<void> {
    await ex.updateTable('users').set(fields).where('id', '=', id).execute();
  }

  async insertToken(tokenHash: string, userId: string, createdAt: string, expiresAt: string, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('auth_tokens').values({ token_hash: tokenHash, user_id: userId, created_at: createdAt, expires_at: expiresAt, revoked_at: null }).execute();
  }

  async session(tokenHash: string): Promise<SessionRow | undefined> {
    const row = await this.db
      .selectFrom('auth_tokens')
      .innerJoin('users', 'users.id', 'auth_tokens.user_id')
      .selectAll('users')
      .select(['auth_tokens.expires_at as token_expires_at', 'auth_tokens.revoked_at as token_revoked_at'])
      .where('auth_tokens.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const { token_expires_at, token_revoked_at, ...user } = row;
    return { user, expiresAt: token_expires_at, revokedAt: token_revoked_at };
  }

  async revokeToken(tokenHash: string, at: string): Promise<void> {
    await this.db.updateTable('auth_tokens').set({ revoked_at: at }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
  }

  /** Revokes every live session of a user except `keepHash` (the one changing the password). */
  async revokeUserTokens(userId: string, at: string, keepHash: string | null, ex: Executor = this.db): Promise<void> {
    let q = ex.updateTable('auth_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (keepHash !== null) q = q.where('token_hash', '!=', keepHash);
    await q.execute();
  }

  /** Expired sessions are useless; dropped when a user logs in so the table does not grow for ever. */
  async deleteExpiredTokens(userId: string, now: string): Promise<void> {
    await this.db.deleteFrom('auth_tokens').where('user_id', '=', userId).where('expires_at', '<', now).execute();
  }

  async insertApiKey(row: ApiKeyRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('api_keys').values(row).execute();
  }

  async apiKeyByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
  }

  async apiKeyById(workspaceId: string, id: string, ex: Executor = this.db): Promise<ApiKeyRow | undefined> {
    return ex.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  async listApiKeys(workspaceId: string): Promise<ApiKeyRow[]> {
    return this.db.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').execute();
  }

  async revokeApiKey(id: string, at: string, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
