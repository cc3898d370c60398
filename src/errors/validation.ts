/**
 * The ONE place a schema failure becomes a coded error. Every route, store and protocol parser
 * validates with `parseOrThrow`, so every client sees the same `details.issues` shape:
 *   [{ path: 'nodes.ask.prompt', message: '…', code: 'too_small' }]
 * Issues name the field and the rule, never the value sent (errors must not echo requests).
 */
import type { z } from 'zod';
import { type ErrorCode, WenduError } from './index.js';

export interface ValidationIssue {
  /** Dotted field path (`''` for the value itself). */
  path: string;
  message: string;
  /** zod's issue code (`too_big`, `invalid_type` …) or a domain rule's name. */
  code: string;
}

/** zod issues in Wendu's shape. */
export function validationIssues(err: z.ZodError): ValidationIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
}

/**
 * `schema.parse(value)`, but a failure throws `code` (WENDU_VALIDATION unless the domain has a
 * more precise one, e.g. WENDU_FLOW_INVALID) with every issue.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, code: ErrorCode = 'WENDU_VALIDATION'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new WenduError(code, { issues: validationIssues(result.error) });
  return result.data;
}

/** A single-issue validation error, for rules a schema does not express. */
export function validationError(path: string, message: string, code = 'custom', errorCode: ErrorCode = 'WENDU_VALIDATION'): WenduError {
  return new WenduError(errorCode, { issues: [{ path, message, code } satisfies ValidationIssue] });
}
