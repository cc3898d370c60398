/**
 * `wendu user add | list | passwd`: accounts from the server's own machine. The first admin is
 * created this way. The password comes from `--password`, else `WENDU_PASSWORD`, else a hidden
 * prompt when a person is at the terminal; never echoed, never logged.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { DEFAULT_WORKSPACE_ID, ROLES, type Role } from '../auth/access.js';
import { EmailSchema } from '../auth/schemas.js';
import { AccountService } from '../auth/service.js';
import type { ServerConfig } from '../config/server-config.js';
import { openDatabase } from '../store/database.js';

/** What the audit log names as the author of changes made with the CLI. */
export const CLI_ACTOR = 'cli';

/** A wrong command line: main.ts prints it with a pointer to --help and exits 2. */
export class UserUsageError extends Error {
  override name = 'UserUsageError';
}

export interface UserCommandOptions {
  role?: string;
  password?: string;
  name?: string;
  workspace?: string;
}

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => resolve(answer));
      muted = true;
    });
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

async function passwordFrom(options: UserCommandOptions): Promise<string> {
  if (options.password) return options.password;
  if (process.env.WENDU_PASSWORD) return process.env.WENDU_PASSWORD;
  if (process.stdin.isTTY) return promptHidden('密码 (password): ');
  throw new UserUsageError('需要密码：--password、环境变量 WENDU_PASSWORD 或在终端输入 (a password is needed: --password, WENDU_PASSWORD or a terminal prompt)');
}

function emailFrom(value: string): string {
  const parsed = EmailSchema.safeParse(value);
  if (!parsed.success) throw new UserUsageError(`邮箱格式不正确 (invalid e-mail): ${value}`);
  return parsed.data;
}

function roleFrom(value: string | undefined): Role {
  if (!value || !(ROLES as readonly string[]).includes(value)) {
    throw new UserUsageError(`--role 必须是 ${ROLES.join(' | ')} (--role must be one of ${ROLES.join(', ')})`);
  }
  return value as Role;
}

async function withAccounts<T>(cfg: ServerConfig, run: (accounts: AccountService) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl ?? undefined });
  try {
    return await run(new AccountService(database));
  } finally {
    await database.close();
  }
}

export async function userCommand(sub: string | undefined, args: string[], options: UserCommandOptions, cfg: ServerConfig): Promise<number> {
  switch (sub) {
    case 'add': {
      const email = emailFrom(exactly(args, 1, 'EMAIL')[0]!);
      const role = roleFrom(options.role);
      const password = await passwordFrom(options);
      const workspaceId = options.workspace ?? DEFAULT_WORKSPACE_ID;
      return withAccounts(cfg, async (accounts) => {
        if ((await accounts.ensureWorkspace(workspaceId, workspaceId, CLI_ACTOR)).created) {
          process.stdout.write(`已新建工作区 (workspace created): ${workspaceId}\n`);
        }
        const user = await accounts.createUser(workspaceId, { email, role, password, name: options.name }, CLI_ACTOR);
        process.stdout.write(`已创建用户 (user created): ${user.email} · ${user.role} · 工作区 ${user.workspaceId} · id ${user.id}\n`);
        return 0;
      });
    }
    case 'list': {
      exactly(args, 0, '');
      return withAccounts(cfg, async (accounts) => {
        const users = await accounts.listAllUsers();
        if (users.length === 0) process.stdout.write('还没有用户；用 wendu user add 创建第一个管理员 (no users yet)\n');
        for (const u of users) {
          const state = u.disabled ? '已停用 disabled' : '启用 active';
          process.stdout.write(`${u.workspaceId}\t${u.email}\t${u.role}\t${state}\t${u.name}\n`);
        }
        return 0;
      });
    }
    case 'passwd': {
      const [email] = exactly(args, 1, 'EMAIL');
      const password = await passwordFrom(options);
      return withAccounts(cfg, async (accounts) => {
        const user = await accounts.setPassword(email!, password, CLI_ACTOR);
        process.stdout.write(`已修改密码，该用户的登录已全部失效 (password changed; all sessions ended): ${user.email}\n`);
        return 0;
      });
    }
    default:
      throw new UserUsageError(`未知子命令 (unknown subcommand): user ${sub ?? ''}；可用 add | list | passwd`);
  }
}

function exactly(args: string[], count: number, what: string): string[] {
  if (args.length !== count) throw new UserUsageError(`需要 ${count} 个参数：${what} (expected ${count} argument(s): ${what})`);
  return args;
}
