/**
 * Validation of an operator's knowledge entry, shared by the service (create, update, import)
 * and the versioned-document kind (restoring a snapshot validates it again).
 */
import type { ZodError } from 'zod';
import { sanitizeEntryText } from '../content/sanitize.js';
import { WenduError } from '../errors/index.js';
import { EntryInputSchema, type EntryFields } from './schemas.js';

/** Field errors in the same shape the server uses for zod errors. */
export function validationIssues(err: ZodError): Array<{ path: string; message: string; code: string }> {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
}

/**
 * Validates an entry against EntryInputSchema, throwing WENDU_VALIDATION with every issue.
 * Operator text is stored as plain text (src/content/sanitize.ts); the sanitised entry is
 * validated again, so a title that was nothing but markup is reported, not stored empty.
 */
export function parseEntryInput(input: unknown): EntryFields {
  const parsed = EntryInputSchema.safeParse(input);
  const result = parsed.success ? EntryInputSchema.safeParse(sanitizeEntryText(parsed.data)) : parsed;
  if (!result.success) throw new WenduError('WENDU_VALIDATION', { issues: validationIssues(result.error) });
  return result.data;
}
