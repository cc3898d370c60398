/**
 * The bot's secret: the HMAC key embedding sites sign customer profiles with. From
 * WENDU_BOT_SECRET when set; otherwise generated once and kept in `<dataDir>/bot-secret`
 * (mode 0600), so a restart keeps it and profiles signed before the restart still verify.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WenduError } from '../errors/index.js';
import { MIN_BOT_SECRET_LENGTH } from './server-config.js';

export const BOT_SECRET_FILE = 'bot-secret';
/** 256 bits, the HMAC-SHA256 block's worth of key material. */
const GENERATED_SECRET_BYTES = 32;
/** Owner read/write only: the key lets anyone sign themselves in as any customer. */
const SECRET_FILE_MODE = 0o600;
const GROUP_OR_OTHER_BITS = 0o077;

export interface BotSecret {
  secret: string;
  source: 'env' | 'file' | 'generated';
  /** The file holding it (null when it came from the environment). */
  file: string | null;
  /** The file can be read by other users of the machine (tell the operator). */
  exposed: boolean;
}

function readSecretFile(file: string): string {
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_BOT_SECRET_LENGTH) {
    throw new WenduError('WENDU_CONFIG_INVALID', { problems: [{ field: 'botSecret', message: `${file} 中的密钥少于 ${MIN_BOT_SECRET_LENGTH} 个字符` }] });
  }
  return secret;
}

function isExposed(file: string): boolean {
  // Windows has no POSIX modes to speak of; only judge where they mean something.
  return process.platform !== 'win32' && (statSync(file).mode & GROUP_OR_OTHER_BITS) !== 0;
}

export function resolveBotSecret(config: { botSecret: string | null; dataDir: string }): BotSecret {
  if (config.botSecret) return { secret: config.botSecret, source: 'env', file: null, exposed: false };
  const file = resolve(join(config.dataDir, BOT_SECRET_FILE));
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(GENERATED_SECRET_BYTES).toString('hex');
  try {
    // 'wx': never overwrite — a second instance starting at the same moment keeps the first's key.
    writeFileSync(file, `${secret}\n`, { mode: SECRET_FILE_MODE, flag: 'wx' });
    return { secret, source: 'generated', file, exposed: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return { secret: readSecretFile(file), source: 'file', file, exposed: isExposed(file) };
}
