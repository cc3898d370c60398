/**
 * `wendu user add | list | passwd` as a user runs them: a child process on a real data folder,
 * then a real login against that folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../auth/service.js';
import { openDatabase } from '../store/database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
/** Each run spawns tsx (cold compile): slow on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 120_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function wendu(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...env };
    delete childEnv.WENDU_DATA;
    delete childEnv.DATABASE_URL;
    if (!('WENDU_PASSWORD' in env)) delete childEnv.WENDU_PASSWORD;
    // stdin is not a terminal here, so no prompt: a missing password must be a usage error.
    execFile(process.execPath, [TSX, MAIN, ...args], { cwd: ROOT, env: childEnv }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

let dir: string;
let data: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wendu-cli-users-'));
  data = join(dir, 'data');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function canLogin(email: string, password: string): Promise<boolean> {
  const database = await openDatabase({ dataDir: data });
  try {
    await new AccountService(database).login({ email, password, address: '127.0.0.1' });
    return true;
  } catch {
    return false;
  } finally {
    await database.close();
  }
}

describe('wendu user', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('adds the first admin, lists users without secrets, and the admin can log in', async () => {
    const add = await wendu(['user', 'add', 'Boss@Shop.cn', '--role', 'admin', '--password', '老板的密码-很安全2026', '--name', '王老板', '--data', data]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('boss@shop.cn');
    expect(add.stdout).not.toContain('老板的密码');
    const list = await wendu(['user', 'list', '--data', data]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/default\tboss@shop\.cn\tadmin\t.*王老板/);
    expect(list.stdout).not.toMatch(/argon2|老板的密码/);
    expect(await canLogin('boss@shop.cn', '老板的密码-很安全2026')).toBe(true);
  });

  it('reads the password from WENDU_PASSWORD, creates an unknown workspace and says so; passwd changes it', async () => {
    const add = await wendu(['user', 'add', 'xiaowen@shop-b.cn', '--role', 'agent', '--workspace', 'shop-b', '--data', data], { WENDU_PASSWORD: '小温的密码是啥来着123' });
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('已新建工作区');
    expect(add.stdout).toContain('shop-b');
    const passwd = await wendu(['user', 'passwd', 'XIAOWEN@shop-b.cn', '--password', '换个新密码😀😀很好记', '--data', data]);
    expect(passwd.code).toBe(0);
    expect(await canLogin('xiaowen@shop-b.cn', '小温的密码是啥来着123')).toBe(false);
    expect(await canLogin('xiaowen@shop-b.cn', '换个新密码😀😀很好记')).toBe(true);
  });

  it('refuses clearly: no password (exit 2), bad role (exit 2), short password or duplicate (exit 1)', async () => {
    const none = await wendu(['user', 'add', 'nopass@shop.cn', '--role', 'agent', '--data', data]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('WENDU_PASSWORD');
    const badRole = await wendu(['user', 'add', 'x@shop.cn', '--role', 'owner', '--password', '足够长的密码真的足够长', '--data', data]);
    expect(badRole.code).toBe(2);
    const short = await wendu(['user', 'add', 'short@shop.cn', '--role', 'agent', '--password', '123456', '--data', data]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('WENDU_PASSWORD_TOO_SHORT');
    expect(short.stderr).not.toContain('123456');
    const dup = await wendu(['user', 'add', 'boss@shop.cn', '--role', 'agent', '--password', '足够长的密码真的足够长', '--data', data]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('WENDU_USER_CONFLICT');
    const unknown = await wendu(['user', 'passwd', 'ghost@shop.cn', '--password', '足够长的密码真的足够长', '--data', data]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('WENDU_USER_NOT_FOUND');
  });
});
