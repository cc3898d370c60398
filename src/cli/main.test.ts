/**
 * The `wendu` command as a user runs it: a child process on a real data folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

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
    execFile(process.execPath, [TSX, MAIN, ...args], { cwd: ROOT, env: { ...childEnv, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

let dir: string;
let data: string;

const GOOD_CSV = [
  'id,question,similar_questions,answer,category',
  'invoice-how,怎么开发票？,发票在哪开|能开发漂吗|可以开專用發票嗎,订单完成后在「我的订单」点「申请开票」即可。,发票',
  'delivery-days,快递几天到？,啥时候能到货|物流要几天 🚚,一般 2–3 天送达，偏远地区 5–7 天。,物流',
].join('\n');
/** Each test spawns `tsx` (cold TypeScript compile, jieba dictionary load): slow on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 120_000;

const BAD_CSV = [
  'question,similar_questions,answer,category',
  '会员积分怎么用,积分能抵钱吗,每 100 积分抵 1 元，结算时勾选使用。,会员',
  ',没有标准问的一行,这行缺少标准问,会员',
  '积分会过期吗,积分有效期多久,,会员',
].join('\n');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wendu-cli-'));
  data = join(dir, 'data');
  writeFileSync(join(dir, 'good.csv'), GOOD_CSV);
  writeFileSync(join(dir, 'bad.csv'), BAD_CSV);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('wendu CLI', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('prints bilingual help and exits 0', async () => {
    const run = await wendu(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('用法 Usage');
    expect(run.stdout).toContain('wendu import FILE');
  });

  it('exits 2 on an unknown command or a bad option', async () => {
    expect((await wendu(['chat'])).code).toBe(2);
    const bad = await wendu(['import', 'x.csv', '--force']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--help');
  });

  it('exits 2 with WENDU_CONFIG_INVALID naming the bad field', async () => {
    const run = await wendu(['ask', '在吗', '--data', data], { DATABASE_URL: 'mysql://root@127.0.0.1/wendu' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('WENDU_CONFIG_INVALID');
    expect(run.stderr).toContain('databaseUrl');
  });

  it('imports a good file, and importing it again (same ids) changes nothing', async () => {
    const run = await wendu(['import', join(dir, 'good.csv'), '--data', data]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created 2');
    const again = await wendu(['import', join(dir, 'good.csv'), '--data', data]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('created 0');
    expect(again.stdout).toContain('skipped 2');
  });

  it('refuses a bad file with a row report, exit 1, and writes nothing', async () => {
    const run = await wendu(['import', join(dir, 'bad.csv'), '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('第 3 行');
    expect(run.stderr).toContain('第 4 行');
    const out = join(dir, 'after-bad.json');
    expect((await wendu(['export', out, '--data', data])).code).toBe(0);
    const exported = readFileSync(out, 'utf8');
    expect(exported).not.toContain('会员积分怎么用');
    expect(exported).toContain('怎么开发票？');
  });

  it('with --partial writes the good rows and still reports the bad ones', async () => {
    const run = await wendu(['import', join(dir, 'bad.csv'), '--partial', '--data', data]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created 1');
    expect(run.stdout).toContain('第 3 行');
  });

  it('exports in the format named by the extension', async () => {
    const csv = join(dir, 'all.csv');
    const run = await wendu(['export', csv, '--data', data]);
    expect(run.code).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text.split('\n')[0]).toContain('question');
    expect(text).toContain('会员积分怎么用');
    expect((await wendu(['export', join(dir, 'all.txt'), '--data', data])).code).toBe(1);
  });

  it('asks a question and prints the decision as JSON', async () => {
    const run = await wendu(['ask', '发漂怎么开啊', '--data', data]);
    expect(run.code).toBe(0);
    const decision = JSON.parse(run.stdout);
    expect(decision.action).toBeDefined();
    expect(decision.trace.candidates[0]?.question, run.stdout.slice(0, 2000)).toBe('怎么开发票？');
  });
});
