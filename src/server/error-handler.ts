/**
 * The ONE place errors become HTTP. Every error response has the same shape:
 *   { error: { code: 'WENDU_…', message, details } }
 * The message is Chinese; `?lang=en` or `Accept-Language: en…` gives the English one from
 * ERRORS. Unknown errors become WENDU_INTERNAL and are logged, never echoed to the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { ERRORS, type ErrorCode, isWenduError } from '../errors/index.js';
import { validationIssues } from '../errors/validation.js';
import { isDatabaseUnavailable } from '../store/database.js';

/** What a client is told to wait before retrying while the database is away (a restart or failover takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export type MessageLanguage = 'zh' | 'en';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown };
}

/** fastify / @fastify/multipart error codes and the Wendu code each one means. */
const FRAMEWORK_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'WENDU_INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'WENDU_INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'WENDU_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'WENDU_UNSUPPORTED_MEDIA_TYPE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'WENDU_UNSUPPORTED_MEDIA_TYPE',
  FST_REQ_FILE_TOO_LARGE: 'WENDU_FILE_TOO_LARGE',
  FST_PARTS_LIMIT: 'WENDU_FILE_TOO_LARGE',
  FST_FILES_LIMIT: 'WENDU_FILE_TOO_LARGE',
  FST_FIELDS_LIMIT: 'WENDU_FILE_TOO_LARGE',
  FST_ERR_NOT_FOUND: 'WENDU_NOT_FOUND',
};

const CLIENT_ERROR_MIN = 400;
const SERVER_ERROR_MIN = 500;

/** English only when asked for explicitly (query) or as the client's FIRST preference. */
export function messageLanguage(request: FastifyRequest): MessageLanguage {
  const query = request.query as Record<string, unknown> | undefined;
  const lang = typeof query?.lang === 'string' ? query.lang.toLowerCase() : '';
  if (lang.startsWith('en')) return 'en';
  if (lang.startsWith('zh')) return 'zh';
  const accept = request.headers['accept-language'];
  const first = (Array.isArray(accept) ? accept[0] : accept)?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

export function errorBody(code: ErrorCode, language: MessageLanguage, details: unknown = null): ErrorBody {
  return { error: { code, message: ERRORS[code][language], details: details ?? null } };
}

interface Mapped {
  code: ErrorCode;
  details: unknown;
}

/** Translate any thrown value into a Wendu code; `null` means "unexpected — answer 500". */
export function mapError(err: unknown): Mapped | null {
  if (isWenduError(err)) return { code: err.code, details: err.details ?? null };
  if (err instanceof ZodError) return { code: 'WENDU_VALIDATION', details: { issues: validationIssues(err) } };
  if (isDatabaseUnavailable(err)) return { code: 'WENDU_DATABASE_UNAVAILABLE', details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS } };
  const fe = err as Partial<FastifyError> | null;
  if (fe && typeof fe === 'object') {
    if (Array.isArray(fe.validation)) {
      const issues = fe.validation.map((v) => ({
        path: [fe.validationContext, v.instancePath?.replace(/^\//, '').replace(/\//g, '.')].filter(Boolean).join('.'),
        message: v.message ?? '',
        code: v.keyword,
      }));
      return { code: 'WENDU_VALIDATION', details: { issues } };
    }
    const known = fe.code ? FRAMEWORK_CODES[fe.code] : undefined;
    if (known) return { code: known, details: null };
    // Any other 4xx the framework raises is the client's mistake; say so without internals.
    if (typeof fe.statusCode === 'number' && fe.statusCode >= CLIENT_ERROR_MIN && fe.statusCode < SERVER_ERROR_MIN) {
      return { code: 'WENDU_VALIDATION', details: { reason: fe.code ?? null } };
    }
  }
  return null;
}

/** Install the error and not-found handlers on `app` (call before registering routes). */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const language = messageLanguage(request);
    const mapped = mapError(err);
    if (!mapped) {
      request.log.error({ err }, 'unexpected error');
      return reply.status(ERRORS.WENDU_INTERNAL.status).send(
        errorBody('WENDU_INTERNAL', language, { requestId: request.id }),
      );
    }
    const status = ERRORS[mapped.code].status;
    if (status >= SERVER_ERROR_MIN) request.log.error({ err }, mapped.code);
    else request.log.info({ code: mapped.code }, 'request refused');
    const retryAfter = (mapped.details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if ((mapped.code === 'WENDU_RATE_LIMITED' || mapped.code === 'WENDU_LOGIN_THROTTLED' || mapped.code === 'WENDU_DATABASE_UNAVAILABLE') && typeof retryAfter === 'number') {
      reply.header('retry-after', String(Math.ceil(retryAfter)));
    }
    return reply.status(status).send(errorBody(mapped.code, language, mapped.details));
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const language = messageLanguage(request);
    return reply
      .status(ERRORS.WENDU_NOT_FOUND.status)
      // The path is not repeated back: error bodies never echo what the client sent.
      .send(errorBody('WENDU_NOT_FOUND', language, { method: request.method }));
  });
}
