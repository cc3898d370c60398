import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WenduError } from '../errors/index.js';
import { installErrorHandling } from './error-handler.js';
import { registerRateLimit, TokenBucketLimiter } from './rate-limit.js';

let app: FastifyInstance;

async function makeApp(): Promise<FastifyInstance> {
  app = Fastify({ logger: false, bodyLimit: 2048 });
  installErrorHandling(app);
  app.get('/entry', async () => {
    throw new WenduError('WENDU_ENTRY_NOT_FOUND', { id: 'faq-退货' });
  });
  app.post('/zod', async (request) => z.object({ text: z.string().min(1) }).parse(request.body));
  app.get('/boom', async () => {
    throw new Error('SQLITE_CORRUPT: database disk image is malformed at /secret/path');
  });
  app.post('/schema', { schema: { body: { type: 'object', required: ['text'] } } }, async () => ({ ok: true }));
  return app;
}

afterEach(async () => {
  await app?.close();
});

describe('error handler', () => {
  it('turns a WenduError into its status and { error: { code, message, details } } in Chinese', async () => {
    await makeApp();
    const res = await app.inject('/entry');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'WENDU_ENTRY_NOT_FOUND', message: '找不到该知识条目', details: { id: 'faq-退货' } },
    });
  });

  it('answers in English for ?lang=en or Accept-Language: en, Chinese for zh-first preferences', async () => {
    await makeApp();
    expect((await app.inject('/entry?lang=en')).json().error.message).toBe('Knowledge entry not found');
    const en = await app.inject({ url: '/entry', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().error.message).toBe('Knowledge entry not found');
    const zh = await app.inject({ url: '/entry', headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect(zh.json().error.message).toBe('找不到该知识条目');
  });

  it('turns zod errors into 400 WENDU_VALIDATION with the issues', async () => {
    await makeApp();
    const res = await app.inject({ method: 'POST', url: '/zod', payload: { text: '' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('WENDU_VALIDATION');
    expect(body.error.details.issues[0].path).toBe('text');
  });

  it('maps fastify schema validation, malformed JSON, oversize bodies and unknown media types', async () => {
    await makeApp();
    const schema = await app.inject({ method: 'POST', url: '/schema', payload: {} });
    expect([schema.statusCode, schema.json().error.code]).toEqual([400, 'WENDU_VALIDATION']);
    const badJson = await app.inject({
      method: 'POST', url: '/zod', headers: { 'content-type': 'application/json' }, payload: '{"text": "我要退货',
    });
    expect([badJson.statusCode, badJson.json().error.code]).toEqual([400, 'WENDU_INVALID_JSON']);
    const big = await app.inject({ method: 'POST', url: '/zod', payload: { text: '退'.repeat(2000) } });
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'WENDU_BODY_TOO_LARGE']);
    const xml = await app.inject({
      method: 'POST', url: '/zod', headers: { 'content-type': 'application/xml' }, payload: '<text>你好</text>',
    });
    expect([xml.statusCode, xml.json().error.code]).toEqual([415, 'WENDU_UNSUPPORTED_MEDIA_TYPE']);
  });

  it('answers 404 WENDU_NOT_FOUND for unknown routes', async () => {
    await makeApp();
    const res = await app.inject('/api/v1/没有这个');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('WENDU_NOT_FOUND');
  });

  it('hides internals of unexpected errors behind 500 WENDU_INTERNAL', async () => {
    await makeApp();
    const res = await app.inject('/boom');
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.error.code).toBe('WENDU_INTERNAL');
    expect(res.body).not.toContain('SQLITE');
    expect(res.body).not.toContain('/secret/path');
    expect(body.error.details.requestId).toBeTruthy();
  });
});

describe('rate limit', () => {
  it('refills tokens over time', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ burst: 2, refillPerSecond: 1, now: () => now });
    expect(limiter.take('1.2.3.4').allowed).toBe(true);
    expect(limiter.take('1.2.3.4').allowed).toBe(true);
    const refused = limiter.take('1.2.3.4');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeCloseTo(1);
    expect(limiter.take('5.6.7.8').allowed).toBe(true);
    now += 1000;
    expect(limiter.take('1.2.3.4').allowed).toBe(true);
  });

  it('answers 429 WENDU_RATE_LIMITED with Retry-After only on the limited paths', async () => {
    await makeApp();
    registerRateLimit(app, ['/entry'], { burst: 1, refillPerSecond: 0.5 });
    expect((await app.inject('/entry')).statusCode).toBe(404);
    const limited = await app.inject('/entry');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('WENDU_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('2');
    expect((await app.inject('/boom')).statusCode).toBe(500);
  });
});
