/**
 * Finding 13 of issue 6: the conversation API and the socket used to accept a message longer
 * than the bot's own limit (settings.maxMessageLength), store it, and then answer
 * "系统刚才开了个小差". Now it is refused at the door — 413 WENDU_MESSAGE_TOO_LONG over HTTP,
 * the same code in the socket ack — and nothing is stored. The limit followed is the bot's
 * live setting, so lowering it in the settings applies at once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_SETTINGS } from '../../config/settings.js';
import { CUSTOMER_HEADER } from '../http/routes.js';
import { startEdgeServer, type EdgeServer } from '../../server/edge-testing.js';
import { CLIENT_EVENTS } from './protocol.js';
import { TestCustomer } from './test-client.js';

const LIMIT = DEFAULT_BOT_SETTINGS.maxMessageLength;
/** A long, real complaint: one character past the bot's limit once repeated. */
const RANT = '我上周买的羽绒服到现在还没发货，客服也不回消息，到底怎么回事啊😡';

function textOfLength(length: number): string {
  const chars = Array.from(RANT.repeat(Math.ceil(length / Array.from(RANT).length)));
  return chars.slice(0, length).join('');
}

let edge: EdgeServer;

beforeAll(async () => {
  edge = await startEdgeServer('sqlite');
});
afterAll(async () => {
  await edge?.dispose();
});

async function openOverHttp(): Promise<{ conversationId: string; customerId: string; lastSeq: number }> {
  const res = await fetch(`${edge.url}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(201);
  return (await res.json()) as { conversationId: string; customerId: string; lastSeq: number };
}

async function send(conversationId: string, customerId: string, text: string): Promise<Response> {
  return fetch(`${edge.url}/api/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: customerId },
    body: JSON.stringify({ text, clientMessageId: randomUUID() }),
  });
}

describe('messages longer than the bot’s limit are refused at the door', () => {
  it('over HTTP: 413 WENDU_MESSAGE_TOO_LONG with the limit, nothing stored; at the limit it is answered', async () => {
    const { conversationId, customerId, lastSeq } = await openOverHttp();
    const refused = await send(conversationId, customerId, textOfLength(LIMIT + 1));
    expect(refused.status).toBe(413);
    const body = (await refused.json()) as { error: { code: string; details: { maxLength: number } } };
    expect(body.error).toMatchObject({ code: 'WENDU_MESSAGE_TOO_LONG', details: { maxLength: LIMIT } });
    const log = await fetch(`${edge.url}/api/v1/conversations/${conversationId}/messages`, { headers: { [CUSTOMER_HEADER]: customerId } });
    expect(((await log.json()) as { lastSeq: number }).lastSeq).toBe(lastSeq);

    const accepted = await send(conversationId, customerId, textOfLength(LIMIT));
    expect(accepted.status).toBe(201);
    const result = (await accepted.json()) as { replies: Array<{ text: string }> };
    expect(result.replies.length).toBeGreaterThan(0);
    expect(result.replies.map((r) => r.text).join('')).not.toContain('开了个小差');
  });

  it('over the socket: the ack carries WENDU_MESSAGE_TOO_LONG and nothing is stored', async () => {
    const customer = new TestCustomer(edge.url);
    try {
      const opened = await customer.open({});
      if (!opened.ok) throw new Error(JSON.stringify(opened));
      const ack = await customer.emit(CLIENT_EVENTS.send, { conversationId: opened.conversationId, clientMessageId: randomUUID(), text: textOfLength(LIMIT + 1) });
      expect(ack).toMatchObject({ ok: false, error: { code: 'WENDU_MESSAGE_TOO_LONG', details: { maxLength: LIMIT } } });
      const fetched = await customer.emit(CLIENT_EVENTS.fetch, { conversationId: opened.conversationId, after: opened.lastSeq });
      expect(fetched).toMatchObject({ ok: true, messages: [] });
    } finally {
      customer.close();
    }
  });

  it('follows the bot’s live setting: a lower limit applies to the very next message', async () => {
    const lowered = 20;
    edge.server.bot.updateSettings({ ...edge.server.bot.settings, maxMessageLength: lowered });
    try {
      const { conversationId, customerId } = await openOverHttp();
      const refused = await send(conversationId, customerId, '亲，我想问下那个双十一买的东西能不能保价啊，差了好几十块呢');
      expect(refused.status).toBe(413);
      expect(((await refused.json()) as { error: { details: unknown } }).error.details).toEqual({ maxLength: lowered });
    } finally {
      edge.server.bot.updateSettings({ ...edge.server.bot.settings, maxMessageLength: LIMIT });
    }
  });
});
