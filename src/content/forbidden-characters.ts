/**
 * Characters no text in Wendu may hold, checked at the edge (HTTP bodies, queries, params,
 * uploads, socket payloads) before anything is stored:
 *   - C0 controls and DEL, except tab and newline. PostgreSQL refuses NUL in text outright (the
 *     request used to fail with 500 and the customer's message was lost); the others are
 *     invisible in every console and can hide or reorder what an operator reads.
 *   - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
 *     "gpj.exe" display as "exe.jpg" and a phishing link look like the shop's own.
 * Carriage returns are not refused: Windows clients send CRLF, so CRLF and a lone CR become LF.
 *
 * Text with a forbidden character is REFUSED (WENDU_TEXT_INVALID, naming the field), never
 * silently stripped: the client learns its message was not taken and can say so, instead of
 * the customer's words being stored different from what they typed.
 */
import { WenduError } from '../errors/index.js';

/** Anything that is not a printable character or tab/newline/CR, plus the bidi controls. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const CARRIAGE_RETURN = /\r\n?/g;

/**
 * Deepest nesting accepted in a payload (JSON body, socket event). Real payloads — a flow
 * definition, rich content — stay under 10 levels; 32 leaves room and stops a body of a
 * million `[` from costing a parser's (or a walker's) stack.
 */
export const MAX_PAYLOAD_DEPTH = 32;

export interface ForbiddenCharacter {
  /** Where it is: `body.text`, `query.q`, `payload.profile.name` … (a key's own path for a bad key). */
  path: string;
  /** The character as `U+0000` — the character itself is never echoed back. */
  character: string;
  /** True when the bad character is in an object key, not in a value. */
  inKey: boolean;
}

function codePointLabel(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first forbidden character in `text`, as `U+XXXX`, or null. */
export function forbiddenCharacterIn(text: string): string | null {
  const match = FORBIDDEN.exec(text);
  return match ? codePointLabel(match[0]) : null;
}

/** CRLF and lone CR become LF. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(CARRIAGE_RETURN, '\n') : text;
}

export function textInvalid(found: ForbiddenCharacter): WenduError {
  return new WenduError('WENDU_TEXT_INVALID', found);
}

/** Refuses `text` (WENDU_TEXT_INVALID at `path`) or returns it with newlines normalised. */
export function acceptText(text: string, path: string): string {
  const character = forbiddenCharacterIn(text);
  if (character) throw textInvalid({ path, character, inKey: false });
  return normalizeNewlines(text);
}

function joinPath(parent: string, key: string | number): string {
  return parent ? `${parent}.${key}` : String(key);
}

interface Pending {
  value: unknown;
  path: string;
  depth: number;
  /** Writes the normalised string back where it was found. */
  set?: (text: string) => void;
}

/**
 * Walks a parsed payload (objects, arrays, strings; keys included) without recursion and
 * returns it with every string's newlines normalised in place. Throws WENDU_TEXT_INVALID at
 * the first forbidden character and WENDU_JSON_TOO_DEEP past MAX_PAYLOAD_DEPTH.
 */
export function acceptPayload<T>(payload: T, rootPath = ''): T {
  if (typeof payload === 'string') return acceptText(payload, rootPath) as T;
  const stack: Pending[] = [{ value: payload, path: rootPath, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth, set } = stack.pop()!;
    if (typeof value === 'string') {
      const accepted = acceptText(value, path);
      if (accepted !== value) set?.(accepted);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_PAYLOAD_DEPTH) throw new WenduError('WENDU_JSON_TOO_DEEP', { path, maxDepth: MAX_PAYLOAD_DEPTH });
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: joinPath(path, i), depth: depth + 1, set: (t) => (value[i] = t) }));
      continue;
    }
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) continue;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const character = forbiddenCharacterIn(key) ?? (key.includes('\r') ? codePointLabel('\r') : null);
      // A key is a name, not text: a CR in it is refused too, and the key itself is not echoed.
      if (character) throw textInvalid({ path, character, inKey: true });
      stack.push({ value: record[key], path: joinPath(path, key), depth: depth + 1, set: (t) => (record[key] = t) });
    }
  }
  return payload;
}
