/**
 * Passwords: argon2id hashes (OWASP's first choice), a named minimum length, and a dummy
 * verification for unknown e-mails so the time a login takes does not reveal whether an
 * account exists.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { WenduError } from '../errors/index.js';

/** Shorter passwords are refused (NIST SP 800-63B asks for at least 8; we ask a little more). */
export const MIN_PASSWORD_LENGTH = 10;
/** Longer ones are refused too: hashing megabytes per login attempt is a denial of service. */
export const MAX_PASSWORD_LENGTH = 256;
/** `Algorithm.Argon2id` — a `const enum` in the binding's types, absent at run time. */
const ARGON2ID = 2 as Algorithm;
/** @node-rs/argon2's defaults (19 MiB, 2 passes, 1 lane) are OWASP's argon2id minimum; kept explicit. */
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Throws WENDU_PASSWORD_TOO_SHORT (or WENDU_VALIDATION when absurdly long); never echoes the password. */
export function checkPasswordPolicy(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new WenduError('WENDU_PASSWORD_TOO_SHORT', { minLength: MIN_PASSWORD_LENGTH }, `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new WenduError('WENDU_VALIDATION', { field: 'password', maxLength: MAX_PASSWORD_LENGTH });
  }
}

export async function hashPassword(password: string): Promise<string> {
  checkPasswordPolicy(password);
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Computes the dummy hash ahead of the first login, so the first unknown e-mail does not cost
 * one extra hash (which would tell that e-mail apart).
 */
export function warmUpPasswordCheck(): void {
  dummyHash ??= hash('wendu-dummy-password-never-matches', ARGON2_OPTIONS);
  dummyHash.catch(() => undefined);
}

/**
 * Checks a password against a stored hash, or — when there is no account (`stored` null) —
 * against a dummy hash with the same cost, and answers false. Either way one argon2 run.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // Overlong input is a wrong password, not a reason to spend more time.
  const candidate = password.length > MAX_PASSWORD_LENGTH ? '' : password;
  if (stored === null) {
    warmUpPasswordCheck();
    await verify(await dummyHash!, candidate).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, candidate);
  } catch {
    return false;
  }
}
