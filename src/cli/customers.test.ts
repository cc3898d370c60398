/**
 * `wendu customer export | erase` as an operator runs them: a child process on a real data folder
 * holding a real conversation; export prints it, erase removes it, a second erase says not found.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { ConversationService } from '../conversation/service.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { openDatabase } from '../store/database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
/** Each run spawns tsx (cold compile): slow on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 120_000;

function wendu(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
    delete env.WENDU_DATA;
    delete env.DATABASE_URL;
    execFile(process.execPath, [TSX, MAIN, ...args], { cwd: ROOT, env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

let dir: string;
let data: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wendu-cli-customers-'));
  data = join(dir, 'data');
  const database = await openDatabase({ dataDir: data });
  const service = new ConversationService(database, new MemoryEventBus(), { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID });
  const customer = await service.upsertCustomer({ externalId: 'vip-8848', name: '王女士' }, { verified: true });
  const conversation = await service.start({ channel: 'web', customer });
  await service.append(conversation.id, { sender: 'customer', text: '我的快递到哪了📦', content: [{ type: 'text', text: '我的快递到哪了📦' }] });
  await database.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wendu customer', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('exports a customer as JSON, erases them, and then finds nobody', async () => {
    const exported = await wendu(['customer', 'export', 'vip-8848', '--data', data]);
    expect(exported.code, exported.stderr).toBe(0);
    const doc = JSON.parse(exported.stdout);
    expect(doc.customer).toMatchObject({ externalId: 'vip-8848', name: '王女士' });
    expect(doc.conversations[0].messages[0].text).toBe('我的快递到哪了📦');

    const erased = await wendu(['customer', 'erase', 'vip-8848', '--data', data]);
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toContain('会话 1 · 消息 1');
    const again = await wendu(['customer', 'export', 'vip-8848', '--data', data]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('找不到该顾客');
  });

  it('refuses a wrong command line with a usage error', async () => {
    const wrong = await wendu(['customer', 'forget', 'vip-8848', '--data', data]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('wendu customer export|erase');
  });
});
