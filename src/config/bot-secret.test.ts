/**
 * The bot secret: from the environment when set, otherwise generated once into the data folder
 * with owner-only permissions and read back on every later start.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { BOT_SECRET_FILE, resolveBotSecret } from './bot-secret.js';
import { loadServerConfig } from './server-config.js';

const roots: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wendu-secret-'));
  roots.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

const OWNER_ONLY = 0o600;
const PERMISSION_BITS = 0o777;

describe('resolveBotSecret', () => {
  it('takes WENDU_BOT_SECRET from the environment and writes no file', () => {
    const dataDir = tempDir();
    const config = loadServerConfig({ dataDir }, { WENDU_BOT_SECRET: '店铺的签名密钥-abcdefgh' });
    expect(resolveBotSecret(config)).toEqual({ secret: '店铺的签名密钥-abcdefgh', source: 'env', file: null, exposed: false });
    expect(() => statSync(join(dataDir, BOT_SECRET_FILE))).toThrow();
  });

  it('refuses a short WENDU_BOT_SECRET at boot, without echoing it', () => {
    try {
      loadServerConfig({}, { WENDU_BOT_SECRET: 'short-секрет' });
      expect.unreachable();
    } catch (err) {
      expect(isWenduError(err) && err.code).toBe('WENDU_CONFIG_INVALID');
      expect(JSON.stringify((err as { details: unknown }).details)).not.toContain('short-секрет');
    }
  });

  it('generates a secret once (mode 0600) and reads the same one on the next start', () => {
    const dataDir = join(tempDir(), 'new-folder');
    const first = resolveBotSecret({ botSecret: null, dataDir });
    expect(first.source).toBe('generated');
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dataDir, BOT_SECRET_FILE);
    expect(first.file).toBe(file);
    if (process.platform !== 'win32') expect(statSync(file).mode & PERMISSION_BITS).toBe(OWNER_ONLY);
    const second = resolveBotSecret({ botSecret: null, dataDir });
    expect(second).toEqual({ secret: first.secret, source: 'file', file, exposed: false });
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secret);
  });

  it('reports a secret file others can read, and refuses one that is too short', () => {
    const dataDir = tempDir();
    const file = join(dataDir, BOT_SECRET_FILE);
    writeFileSync(file, '0123456789abcdef0123\n');
    chmodSync(file, 0o644);
    expect(resolveBotSecret({ botSecret: null, dataDir })).toMatchObject({ secret: '0123456789abcdef0123', source: 'file', exposed: process.platform !== 'win32' });
    writeFileSync(file, 'abc\n');
    expect(() => resolveBotSecret({ botSecret: null, dataDir })).toThrow(/配置不合法|bot-secret|密钥/);
  });
});
