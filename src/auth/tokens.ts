/**
 * Secrets handed to clients: login session tokens and API keys. Both are 32 random bytes
 * (base64url); the database keeps only their SHA-256, so a leaked database opens nothing.
 * A fast hash is enough here — unlike passwords, there is no dictionary to guess from.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** 256 bits: unguessable, and the same strength as the bot secret. */
export const SECRET_BYTES = 32;
/** Every API key starts with this, so it is recognisable in a config file or a leak scanner. */
export const API_KEY_PREFIX = 'wdk_';
/** How much of a key is shown in listings: the prefix plus 4 characters (`wdk_AbCd`). */
export const API_KEY_DISPLAY_LENGTH = API_KEY_PREFIX.length + 4;

export const USER_ID_PREFIX = 'usr-';
export const API_KEY_ID_PREFIX = 'key-';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newSessionToken(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

export function isApiKey(secret: string): boolean {
  return secret.startsWith(API_KEY_PREFIX);
}

export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_DISPLAY_LENGTH);
}

export const newUserId = (): string => USER_ID_PREFIX + randomUUID();
export const newApiKeyId = (): string => API_KEY_ID_PREFIX + randomUUID();

/** Reads `Authorization: Bearer <secret>`; anything else (no header, Basic, cookies) is null. */
export function bearerSecret(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer +([A-Za-z0-9_\-]+)\s*$/i.exec(value) : null;
  return match ? match[1]! : null;
}
