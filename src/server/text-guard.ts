/**
 * Every request's text is checked once, at the door, before any route sees it: the parsed
 * JSON body (keys included), the query string and the route params. A forbidden character
 * (src/content/forbidden-characters.ts) is refused with 400 WENDU_TEXT_INVALID naming the
 * field (`body.text`, `query.q`, `params.id`), so nothing is stored and the client knows why;
 * CRLF becomes LF. Multipart uploads are checked where they are read (upload.ts), socket
 * payloads in the socket channel — both with the same rules.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { acceptPayload } from '../content/forbidden-characters.js';

/** Checks (and normalises in place) what the request carries; throws WENDU_TEXT_INVALID. */
export function guardRequestText(request: FastifyRequest): void {
  acceptPayload(request.params, 'params');
  acceptPayload(request.query, 'query');
  // A multipart body is a stream until the route reads it; only parsed values are walked.
  if (!request.isMultipart?.()) request.body = acceptPayload(request.body, 'body');
}

/** Install before the routes: runs after the body is parsed, before schemas and handlers. */
export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    guardRequestText(request);
  });
}
