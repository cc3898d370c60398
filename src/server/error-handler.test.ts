import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WenduError } from '../errors/index.js';
import { installErrorHandling } from './error-handler.js';

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

describe('rate-limit refusals', () => {
  it('answers 429 with Retry-After for WENDU_RATE_LIMITED and WENDU_LOGIN_THROTTLED', async () => {
    await makeApp();
    app.get('/flood', async () => {
      throw new WenduError('WENDU_RATE_LIMITED', { retryAfterSeconds: 1.2, budget: 'address' });
    });
    app.get('/guess', async () => {
      throw new WenduError('WENDU_LOGIN_THROTTLED', { retryAfterSeconds: 30, scope: 'account' });
    });
    const limited = await app.inject('/flood');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('WENDU_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('2');
    const throttled = await app.inject('/guess');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBe('30');
  });
});
