/**
 * The shapes of the accounts API (zod), and the public views of a user and an API key —
 * which never carry a password, a hash or a key.
 */
import { z } from 'zod';
import { ROLES, type Role } from './access.js';
import { MAX_PASSWORD_LENGTH } from './passwords.js';

/** RFC 5321's limit on a mailbox. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 100;
/** Workspace ids appear in URLs and logs: short, lower-case, no spaces. */
export const WORKSPACE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Lower-cased and trimmed, so `Amy@Shop.cn ` and `amy@shop.cn` are one account. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_EMAIL_LENGTH)
  .pipe(z.email({ message: '邮箱格式不正确 (invalid e-mail)' }));

export const RoleSchema = z.enum(ROLES);
/** The password's length policy is checked by passwords.ts (coded WENDU_PASSWORD_TOO_SHORT). */
const PasswordSchema = z.string().max(MAX_PASSWORD_LENGTH);
const NameSchema = z.string().trim().min(1).max(MAX_NAME_LENGTH);

export const LoginBodySchema = z.object({ email: z.string().max(MAX_EMAIL_LENGTH), password: z.string() }).strict();

export const CreateUserSchema = z
  .object({ email: EmailSchema, name: NameSchema.optional(), role: RoleSchema, password: PasswordSchema })
  .strict();
export type CreateUserInput = z.input<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({ name: NameSchema.optional(), role: RoleSchema.optional(), disabled: z.boolean().optional(), password: PasswordSchema.optional() })
  .strict();
export type UpdateUserInput = z.input<typeof UpdateUserSchema>;

/** An API key acts for a back office, never as an admin: it cannot mint users or more keys. */
export const API_KEY_ROLES = ['agent', 'supervisor'] as const satisfies readonly Role[];
export const CreateApiKeySchema = z.object({ name: NameSchema, role: z.enum(API_KEY_ROLES) }).strict();
export type CreateApiKeyInput = z.input<typeof CreateApiKeySchema>;

export const IdParamsSchema = z.object({ id: z.string().min(1).max(MAX_NAME_LENGTH) });

export const WorkspaceIdSchema = z.string().regex(WORKSPACE_ID_PATTERN, '工作区 id 只能包含小写字母、数字、- 和 _');

export interface User {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKeyInfo {
  id: string;
  workspaceId: string;
  name: string;
  role: Role;
  /** `wdk_AbCd` — enough to recognise, not to use. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: Pick<User, 'id' | 'email' | 'name' | 'role' | 'workspaceId'>;
}
