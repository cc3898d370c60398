/**
 * Finding 5 of issue 6: a NUL byte (or another control character, or a bidi override) used to
 * turn requests into 500 on PostgreSQL and lose the customer's message. Against a real
 * listening server on SQLite AND PostgreSQL, every way text comes in — chat, conversation
 * messages over HTTP and over the socket, knowledge entries, flows, synonyms, settings, query
 * strings, route params, JSON keys — is refused with 400 WENDU_TEXT_INVALID naming the field,
 * and nothing is stored.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS } from '../channels/web/protocol.js';
import { TestCustomer } from '../channels/web/test-client.js';
import { TEST_BACKENDS } from '../store/testing.js';
import { signInOn, type SignedIn } from '../auth/test-operators.js';
import { startEdgeServer, type EdgeServer } from './edge-testing.js';

/** The characters of the finding: NUL, another C0 control, a bidi override and an isolate. */
const FORBIDDEN = [
  { char: '\u0000', label: 'U+0000' },
  { char: '\u0001', label: 'U+0001' },
  { char: '\u202E', label: 'U+202E' },
  { char: '\u2066', label: 'U+2066' },
];

/** Operator credentials, once routes require them (the access work adds a token here). */

describe.each(TEST_BACKENDS.map((b) => b.name))('text at the edge on %s', (backend) => {
  let edge: EdgeServer;

  /** Operator routes are a supervisor's: requests carry her token, as a real client would. */
  let supervisor: SignedIn;
  const operatorHeaders = () => supervisor.headers;

  beforeAll(async () => {
    edge = await startEdgeServer(backend);
    supervisor = await signInOn(edge.server.accounts, 'xiaoliu@shop.cn', 'supervisor');
  });
  afterAll(async () => {
    await edge?.dispose();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: any }> {
    const res = await fetch(`${edge.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...operatorHeaders(), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : null };
  }

  function expectRefused(res: { status: number; text: string; json: any }, path: string, label: string): void {
    expect(res.status, res.text).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'WENDU_TEXT_INVALID', message: '内容包含不允许的控制字符', details: { path, character: label } });
    // The offending text is never echoed back.
    expect(res.text).not.toMatch(/[\u0000\u0001\u202E\u2066]/);
    expect(res.text).not.toContain('\\u0000');
  }

  async function openConversation(): Promise<{ conversationId: string; customerId: string; lastSeq: number }> {
    const res = await call('POST', '/api/v1/conversations', { channel: 'api' });
    expect(res.status, res.text).toBe(201);
    return res.json;
  }

  it.each(FORBIDDEN)('refuses $label in chat text with a coded 400, never 500', async ({ char, label }) => {
    const res = await call('POST', '/api/v1/chat', { text: `我的快递到哪了${char}😭`, sessionId: 's-1' });
    expectRefused(res, 'body.text', label);
  });

  it.each(FORBIDDEN)('refuses $label in a conversation message over HTTP and stores nothing', async ({ char, label }) => {
    const opened = await openConversation();
    const headers = { 'x-wendu-customer': opened.customerId };
    const res = await call('POST', `/api/v1/conversations/${opened.conversationId}/messages`, { text: `买的鞋不合适咋退${char}`, clientMessageId: randomUUID() }, headers);
    expectRefused(res, 'body.text', label);
    const after = await call('GET', `/api/v1/conversations/${opened.conversationId}/messages`, undefined, headers);
    expect(after.status).toBe(200);
    expect(after.json.lastSeq).toBe(opened.lastSeq);
  });

  it('refuses control characters in a socket message and in a socket profile, with the coded error in the ack', async () => {
    const customer = new TestCustomer(edge.url);
    try {
      const badOpen = await customer.open({ profile: { name: `小王\u0000` } });
      expect(badOpen).toMatchObject({ ok: false, error: { code: 'WENDU_TEXT_INVALID', details: { path: 'payload.profile.name', character: 'U+0000' } } });
      const opened = await customer.open({});
      if (!opened.ok) throw new Error(JSON.stringify(opened));
      for (const { char, label } of FORBIDDEN) {
        const ack = await customer.emit(CLIENT_EVENTS.send, { conversationId: opened.conversationId, clientMessageId: randomUUID(), text: `发漂怎么开${char}` });
        expect(ack).toMatchObject({ ok: false, error: { code: 'WENDU_TEXT_INVALID', details: { path: 'payload.text', character: label } } });
      }
      const fetched = await customer.emit<{ ok: true; messages: unknown[] }>(CLIENT_EVENTS.fetch, { conversationId: opened.conversationId, after: opened.lastSeq });
      expect(fetched).toMatchObject({ ok: true, messages: [] });
      // The same socket still works for a clean message.
      const { ack } = await customer.say(opened.conversationId, '发票怎么开呀');
      expect(ack.ok).toBe(true);
    } finally {
      customer.close();
    }
  });

  it.each(FORBIDDEN)('refuses $label in knowledge entry fields and stores nothing', async ({ char, label }) => {
    const entry = { question: '怎么改收货地址', similarQuestions: ['地址填错了咋办'], answer: [{ type: 'text', text: '未发货前在订单页修改～' }] };
    const cases: Array<[unknown, string]> = [
      [{ ...entry, question: `怎么改收货地址${char}` }, 'body.question'],
      [{ ...entry, similarQuestions: ['地址填错了咋办', `地址${char}写错了`] }, 'body.similarQuestions.1'],
      [{ ...entry, answer: [{ type: 'text', text: `点这里${char}修改` }] }, 'body.answer.0.text'],
    ];
    for (const [payload, path] of cases) expectRefused(await call('POST', '/api/v1/kb/entries', payload), path, label);
    const list = await call('GET', '/api/v1/kb/entries?status=all');
    expect(list.json.total).toBe(0);
  });

  it.each(FORBIDDEN)('refuses $label in a flow definition and in synonym terms', async ({ char, label }) => {
    const flow = {
      id: `bad-flow-${label.slice(2)}`,
      name: '夜间欢迎语',
      trigger: { keywords: ['晚上好'] },
      start: 'night',
      nodes: { night: { kind: 'end', content: [{ type: 'text', text: `现在是非工作时间${char}明天回复～` }] } },
    };
    expectRefused(await call('POST', '/api/v1/flows', flow), 'body.nodes.night.content.0.text', label);
    expect((await call('GET', '/api/v1/flows?status=all')).json.items).toEqual([]);
    expectRefused(await call('POST', '/api/v1/kb/synonyms', { terms: ['发票', `发漂${char}`] }), 'body.terms.1', label);
    expect((await call('GET', '/api/v1/kb/synonyms')).json.items).toEqual([]);
  });

  it('refuses control characters in query strings, route params, settings and JSON keys', async () => {
    expectRefused(await call('GET', '/api/v1/kb/entries?q=%E9%80%80%E8%B4%A7%00'), 'query.q', 'U+0000');
    expectRefused(await call('GET', '/api/v1/kb/entries/faq%E2%80%AE'), 'params.id', 'U+202E');
    expectRefused(await call('PATCH', '/api/v1/bot/settings', { promotions: [{ id: 'p1', content: [{ type: 'text', text: '双11\u0001' }] }] }), 'body.promotions.0.content.0.text', 'U+0001');
    const key = await call('POST', '/api/v1/chat', { 'te\u0000xt': '你好' });
    expect(key.status).toBe(400);
    expect(key.json.error).toMatchObject({ code: 'WENDU_TEXT_INVALID', details: { path: 'body', inKey: true } });
  });

  it('keeps tabs, newlines, emoji and Chinese, and turns CRLF into LF', async () => {
    const created = await call('POST', '/api/v1/kb/entries', {
      question: '怎么开发票🧾',
      answer: [{ type: 'text', text: '第一步：下单\r\n第二步：\t在订单页点「申请开票」' }],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json.answer[0].text).toBe('第一步：下单\n第二步：\t在订单页点「申请开票」');
    const chat = await call('POST', '/api/v1/chat', { text: '发票咋开啊\r\n急😭' });
    expect(chat.status, chat.text).toBe(200);
  });
});
