/**
 * Finding 9 of issue 6: whatever a client sends — headers or a URL past Node's limits, a
 * malformed request line, bad percent-encoding, an over-long id, JSON nested a thousand deep,
 * prototype keys, multipart without a boundary or cut off mid-way — the answer is a coded 4xx
 * in the one shape `{ error: { code, message, details } }`, never a 500 or Node's bare status
 * line, and never the request echoed back. Raw sockets against a real listening server.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOn, type SignedIn } from '../auth/test-operators.js';
import { startEdgeServer, type EdgeServer } from './edge-testing.js';
import { jsonNestingExceeds } from './json-limits.js';
import { MAX_HEADER_BYTES, MAX_PARAM_LENGTH, MAX_URL_LENGTH } from './http-limits.js';
import { MAX_PAYLOAD_DEPTH } from '../content/forbidden-characters.js';

/** Something a response must never contain: it marks what the client sent. */
const MARKER = '回声测试ECHO';
const MARKER_URL = encodeURIComponent(MARKER);

interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

let edge: EdgeServer;
/** Imports are a supervisor's: the uploads below carry her token, as a real client would. */
let supervisor: SignedIn;

beforeAll(async () => {
  edge = await startEdgeServer('sqlite');
  supervisor = await signInOn(edge.server.accounts, 'xiaoliu@shop.cn', 'supervisor');
});
afterAll(async () => {
  await edge?.dispose();
});

/** Writes `request` as bytes and reads until the server closes or the response is complete. */
function raw(request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(edge.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head, body: split === -1 ? '' : text.slice(split + 4) });
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text.slice(0, split))?.[1];
      if (split !== -1 && length !== undefined && Buffer.byteLength(text.slice(split + 4)) >= Number(length)) {
        socket.destroy();
        finish();
      }
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (err) => (chunks.length > 0 ? finish() : reject(err)));
    socket.write(request);
  });
}

function get(path: string, extraHeaders = ''): Promise<RawResponse> {
  return raw(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extraHeaders}Connection: close\r\n\r\n`);
}

function post(path: string, contentType: string, body: string | Buffer): Promise<RawResponse> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return raw(Buffer.concat([
    Buffer.from(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${supervisor.token}\r\nContent-Type: ${contentType}\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`),
    bytes,
  ]));
}

/** A coded error in the one shape, with nothing of the request in it. */
function expectCoded(res: RawResponse, status: number, code: string): void {
  expect(res.status, res.headers + res.body).toBe(status);
  expect(res.headers.toLowerCase()).toContain('application/json');
  const body = JSON.parse(res.body) as { error: { code: string; message: string; details: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error).toHaveProperty('details');
  expect(res.body).not.toContain(MARKER);
  expect(res.body).not.toContain(MARKER_URL);
  expect(res.body).not.toContain('xxxxxxxx');
}

describe('errors before routing are in the one shape', () => {
  it('answers oversize headers with 431 WENDU_HEADERS_TOO_LARGE, not Node’s bare status line', async () => {
    const res = await get('/healthz', `X-Note: ${MARKER}${'x'.repeat(MAX_HEADER_BYTES + 1000)}\r\n`);
    expectCoded(res, 431, 'WENDU_HEADERS_TOO_LARGE');
  });

  it('answers a URL longer than the header limit with 414 WENDU_URL_TOO_LONG', async () => {
    expectCoded(await get(`/api/v1/kb/entries?q=${MARKER_URL}${'x'.repeat(MAX_HEADER_BYTES + 1000)}`), 414, 'WENDU_URL_TOO_LONG');
  });

  it('answers a URL over MAX_URL_LENGTH (but under the header limit) with 414', async () => {
    expectCoded(await get(`/api/v1/kb/entries?q=${MARKER_URL}${'x'.repeat(MAX_URL_LENGTH)}`), 414, 'WENDU_URL_TOO_LONG');
  });

  it('answers a route param over MAX_PARAM_LENGTH with 414 and does not repeat the path', async () => {
    expectCoded(await get(`/api/v1/kb/entries/${MARKER_URL}${'x'.repeat(MAX_PARAM_LENGTH)}`), 414, 'WENDU_URL_TOO_LONG');
  });

  it('answers bad percent-encoding with 400 in the one shape, without repeating the URL', async () => {
    expectCoded(await get(`/api/v1/kb/entries/${MARKER_URL}%E0%A4%A`), 400, 'WENDU_VALIDATION');
  });

  it('answers a malformed request line with 400 in the one shape', async () => {
    expectCoded(await raw(`GARBAGE ${MARKER}\r\n\r\n`), 400, 'WENDU_VALIDATION');
  });

  it('does not repeat an unknown path in the 404', async () => {
    expectCoded(await get(`/api/v1/${MARKER_URL}`), 404, 'WENDU_NOT_FOUND');
  });
});

describe('JSON bodies', () => {
  it('measures nesting without being fooled by brackets inside strings', () => {
    expect(jsonNestingExceeds('[[["[[[[[[[[[["]]]', 3)).toBe(false);
    expect(jsonNestingExceeds('[[[[', 3)).toBe(true);
    expect(jsonNestingExceeds('{"a":"\\"[[[[[","b":[[1]]}', 3)).toBe(false);
    expect(jsonNestingExceeds('{"text":"退货运费谁出？"}')).toBe(false);
  });

  it('refuses JSON nested past the depth limit with 400 WENDU_JSON_TOO_DEEP, cheaply', async () => {
    const started = Date.now();
    expectCoded(await post('/api/v1/chat', 'application/json', '['.repeat(500_000)), 400, 'WENDU_JSON_TOO_DEEP');
    expect(Date.now() - started).toBeLessThan(2000);
    const justOver = `${'{"a":'.repeat(MAX_PAYLOAD_DEPTH + 1)}"${MARKER}"${'}'.repeat(MAX_PAYLOAD_DEPTH + 1)}`;
    expectCoded(await post('/api/v1/chat', 'application/json', justOver), 400, 'WENDU_JSON_TOO_DEEP');
    const deepButAllowed = `{"text":"快递到哪了","customer":${'['.repeat(MAX_PAYLOAD_DEPTH - 2)}${']'.repeat(MAX_PAYLOAD_DEPTH - 2)}}`;
    const allowed = await post('/api/v1/chat', 'application/json', deepButAllowed);
    expect(JSON.parse(allowed.body).error?.code).not.toBe('WENDU_JSON_TOO_DEEP');
  });

  it('refuses __proto__ and constructor.prototype keys the way fastify does (400, nothing echoed)', async () => {
    const proto = `{"text":"${MARKER}","__proto__":{"isAdmin":true}}`;
    expectCoded(await post('/api/v1/chat', 'application/json', proto), 400, 'WENDU_INVALID_JSON');
    const ctor = `{"text":"${MARKER}","constructor":{"prototype":{"isAdmin":true}}}`;
    expectCoded(await post('/api/v1/chat', 'application/json', ctor), 400, 'WENDU_INVALID_JSON');
  });

  it('answers malformed JSON with 400 WENDU_INVALID_JSON and does not quote it', async () => {
    expectCoded(await post('/api/v1/chat', 'application/json', `{"text":"${MARKER}`), 400, 'WENDU_INVALID_JSON');
  });
});

describe('multipart uploads', () => {
  const BOUNDARY = '----wendu-edge-boundary';
  const part = (filename: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n` +
    `question,answer\r\n${MARKER}发票怎么开,在订单页申请\r\n`;

  it('answers multipart without a boundary with 400 WENDU_MULTIPART_INVALID', async () => {
    expectCoded(await post('/api/v1/kb/import', 'multipart/form-data', part('知识库.csv')), 400, 'WENDU_MULTIPART_INVALID');
  });

  it('answers a body cut off before its closing boundary with 400 WENDU_MULTIPART_INVALID', async () => {
    expectCoded(await post('/api/v1/kb/import', `multipart/form-data; boundary=${BOUNDARY}`, part('知识库.csv')), 400, 'WENDU_MULTIPART_INVALID');
  });

  it('refuses a file name with a control character (WENDU_TEXT_INVALID) and imports nothing', async () => {
    const body = `${part('知识库\u0001.csv')}--${BOUNDARY}--\r\n`;
    const res = await post('/api/v1/kb/import', `multipart/form-data; boundary=${BOUNDARY}`, body);
    expectCoded(res, 400, 'WENDU_TEXT_INVALID');
    expect(JSON.parse(res.body).error.details).toMatchObject({ path: 'multipart.filename', character: 'U+0001' });
    const list = await fetch(`${edge.url}/api/v1/kb/entries?status=all`, { headers: supervisor.headers });
    expect((await list.json()).total).toBe(0);
  });

  it('still imports a well-formed upload', async () => {
    const body = `${part('知识库.csv')}--${BOUNDARY}--\r\n`;
    const res = await post('/api/v1/kb/import', `multipart/form-data; boundary=${BOUNDARY}`, body);
    expect(res.status, res.body).toBe(200);
  });
});
