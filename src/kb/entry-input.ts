/**
 * Validation of an operator's knowledge entry, shared by the service (create, update, import)
 * and the versioned-document kind (restoring a snapshot validates it again).
 */
import { sanitizeEntryText } from '../content/sanitize.js';
import { parseOrThrow } from '../errors/validation.js';
import { EntryInputSchema, type EntryFields } from './schemas.js';

/**
 * Validates an entry against EntryInputSchema, throwing WENDU_VALIDATION with every issue.
 * Operator text is stored as plain text (src/content/sanitize.ts); the sanitised entry is
 * validated again, so a title that was nothing but markup is reported, not stored empty.
 */
export function parseEntryInput(input: unknown): EntryFields {
  return parseOrThrow(EntryInputSchema, sanitizeEntryText(parseOrThrow(EntryInputSchema, input)));
}
