/**
 * `wendu serve --demo`: a demo admin and two demo agents with random passwords, created only
 * in an EMPTY users table (like the demo knowledge base), so a restart neither recreates them
 * nor prints their passwords again.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_WORKSPACE_ID, type Role } from './access.js';
import type { AccountService } from './service.js';

/** Who the audit log names as the creator of the demo accounts (like demo knowledge). */
export const DEMO_ACCOUNTS_ACTOR = 'demo';
/** 12 random bytes → 16 base64url characters, well above the minimum length. */
const DEMO_PASSWORD_BYTES = 12;

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: 'admin@demo.wendu', name: '演示管理员', role: 'admin' },
  { email: 'agent1@demo.wendu', name: '演示客服小温', role: 'agent' },
  { email: 'agent2@demo.wendu', name: '演示客服小度', role: 'agent' },
];

export interface DemoLogin {
  email: string;
  role: Role;
  password: string;
}

/** Creates the demo accounts when there is no user at all; returns their logins (else empty). */
export async function seedDemoAccounts(accounts: AccountService): Promise<DemoLogin[]> {
  if ((await accounts.countUsers()) > 0) return [];
  const logins: DemoLogin[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const password = randomBytes(DEMO_PASSWORD_BYTES).toString('base64url');
    await accounts.createUser(DEFAULT_WORKSPACE_ID, { ...account, password }, DEMO_ACCOUNTS_ACTOR);
    logins.push({ email: account.email, role: account.role, password });
  }
  return logins;
}

/** The text printed once to the terminal (stdout, never the JSON log). */
export function formatDemoLogins(logins: DemoLogin[]): string {
  const lines = logins.map((l) => `  ${l.role.padEnd(10)} ${l.email.padEnd(22)} ${l.password}`);
  return [
    '',
    '⚠ 演示账号（仅供演示，请勿用于正式环境；密码只显示这一次）',
    '⚠ Demo accounts — for the demo only, never for production; passwords are shown this once:',
    ...lines,
    '',
  ].join('\n');
}
