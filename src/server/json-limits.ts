/**
 * JSON bodies are measured before they are parsed: a body nested deeper than
 * MAX_PAYLOAD_DEPTH is refused with 400 WENDU_JSON_TOO_DEEP by one linear scan, before
 * JSON.parse and every later walk over the value pay for it. Parsing itself stays fastify's
 * own (secure-json-parse with the server's `onProtoPoisoning` / `onConstructorPoisoning`, both
 * `error` by default), so `__proto__` and `constructor.prototype` keys are refused as before.
 */
import type { FastifyInstance } from 'fastify';
import { MAX_PAYLOAD_DEPTH } from '../content/forbidden-characters.js';
import { WenduError } from '../errors/index.js';

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** True when `json` opens more than `maxDepth` objects/arrays inside each other (strings skipped). */
export function jsonNestingExceeds(json: string, maxDepth = MAX_PAYLOAD_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Replaces fastify's `application/json` parser by the same parser behind the depth check. */
export function installJsonLimits(app: FastifyInstance): void {
  const { onProtoPoisoning, onConstructorPoisoning } = app.initialConfig;
  const parseJson = app.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonNestingExceeds(body as string)) {
      done(new WenduError('WENDU_JSON_TOO_DEEP', { maxDepth: MAX_PAYLOAD_DEPTH }), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
