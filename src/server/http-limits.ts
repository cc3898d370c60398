/**
 * Errors that happen before a request reaches fastify's routes — an over-long URL or header
 * block, a malformed request line, a URL that is not valid percent-encoding, a path segment
 * longer than a route param may be — are answered in the one error shape
 * `{ error: { code, message, details } }` too, never with Node's bare status line or
 * fastify's default body (which repeats the URL back to the sender).
 */
import { type ServerOptions, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { ERRORS, type ErrorCode } from '../errors/index.js';
import { errorBody, messageLanguage } from './error-handler.js';

/**
 * Request line + headers, in bytes (Node's own default). Past it Node answers 431 before any
 * handler runs; we only turn that answer into the one error shape.
 */
export const MAX_HEADER_BYTES = 16 * 1024;
/**
 * Longest URL (path + query) a route is asked to handle. The longest real one is a knowledge
 * search with a 200-character query, percent-encoded (~1,800 bytes); 8 KiB is far above it.
 */
export const MAX_URL_LENGTH = 8 * 1024;
/** Longest route param (an entry id, a conversation id): ids are under 64 characters. */
export const MAX_PARAM_LENGTH = 200;

const TOO_LONG_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_MAX_PARAM_LENGTH: 'WENDU_URL_TOO_LONG',
  FST_ERR_BAD_URL: 'WENDU_VALIDATION',
};

/** Writes a complete JSON response straight onto a socket Node has given up parsing. */
function writeRawError(socket: Socket, code: ErrorCode): void {
  const body = JSON.stringify(errorBody(code, 'zh', null));
  const status = ERRORS[code].status;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * When the overflowing bytes start with a request line longer than MAX_URL_LENGTH (or not even
 * ended), the URL is what is too long (414, as for shorter over-long URLs); otherwise the
 * headers themselves are too large (431).
 */
function overflowCode(rawPacket: unknown): ErrorCode {
  if (!Buffer.isBuffer(rawPacket)) return 'WENDU_HEADERS_TOO_LARGE';
  const startsWithRequestLine = /^[A-Z]+ \//.test(rawPacket.subarray(0, 16).toString('latin1'));
  const lineEnd = rawPacket.indexOf('\r\n');
  const requestLineLength = lineEnd === -1 ? rawPacket.length : lineEnd;
  return startsWithRequestLine && requestLineLength > MAX_URL_LENGTH ? 'WENDU_URL_TOO_LONG' : 'WENDU_HEADERS_TOO_LARGE';
}

/** Node's `clientError`: the request could not even be parsed. */
export function clientErrorHandler(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') writeRawError(socket, overflowCode(err.rawPacket));
  else writeRawError(socket, 'WENDU_VALIDATION');
}

/** fastify's errors raised before routing (bad percent-encoding, over-long params). */
function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const code = TOO_LONG_CODES[err.code] ?? 'WENDU_VALIDATION';
  void reply.status(ERRORS[code].status).send(errorBody(code, messageLanguage(request), { reason: err.code }));
}

/** The Fastify() options that bound a request before routing; spread them into the factory's options. */
export function httpLimitOptions(): Pick<FastifyServerOptions, 'clientErrorHandler' | 'frameworkErrors'> & {
  http: ServerOptions;
  routerOptions: { maxParamLength: number };
} {
  return {
    clientErrorHandler,
    frameworkErrors,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  };
}

/** Refuses URLs over MAX_URL_LENGTH with 414 before any route or 404 handler sees them. */
export function installUrlLimit(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length <= MAX_URL_LENGTH) return;
    return reply.status(ERRORS.WENDU_URL_TOO_LONG.status).send(
      errorBody('WENDU_URL_TOO_LONG', messageLanguage(request), { maxLength: MAX_URL_LENGTH }),
    );
  });
}
