/**
 * Keeps docs/errors.md and the ERRORS list in sync (fastify-style): adding, renaming or
 * re-wording an error without regenerating the docs fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, WenduError } from './index.js';
import { ERRORS_DOC_PATH, renderErrorsDoc } from './errors-doc.js';

const CODE_IN_TABLE = /^\| `(WENDU_[A-Z_]+)` \| (\d{3}) \| (.+?) \| (.+?) \|$/;

describe('docs/errors.md', () => {
  const doc = readFileSync(ERRORS_DOC_PATH, 'utf8');

  it('is exactly what the ERRORS list renders (regenerate: npx tsx src/errors/errors-doc.ts)', () => {
    expect(doc).toBe(renderErrorsDoc());
  });

  it('lists every code with its status, Chinese and English message, and nothing else', () => {
    const rows = doc
      .split('\n')
      .map((line) => CODE_IN_TABLE.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(([, code, status, zh, en]) => ({ code, status: Number(status), zh, en }));
    const expected = Object.entries(ERRORS).map(([code, s]) => ({ code, status: s.status, zh: s.zh, en: s.en }));
    expect(rows).toEqual(expected);
  });
});

describe('ERRORS', () => {
  it('gives every code a WENDU_ prefix, an HTTP status, and both languages', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^WENDU_[A-Z_]+$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
      expect(spec.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(spec.en).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('WenduError carries code, status and the Chinese message', () => {
    const err = new WenduError('WENDU_RATE_LIMITED', { retryAfterSeconds: 3 });
    expect(err.code).toBe('WENDU_RATE_LIMITED');
    expect(err.status).toBe(429);
    expect(err.message).toBe('请求过于频繁，请稍后再试');
    expect(err.details).toEqual({ retryAfterSeconds: 3 });
  });
});
