/**
 * Finding 2 of the probe, against a real server (real SQLite folder): a flow whose answer
 * pattern is catastrophic for a backtracking engine, fed the longest message the
 * conversation API accepts. The turn is answered and /healthz never waits meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, textOf, type RunningServer } from '../channels/web/test-client.js';
import { CONVERSATIONS_API_PREFIX, CUSTOMER_HEADER } from '../channels/http/routes.js';
import { DEFAULT_BOT_SETTINGS } from '../config/settings.js';
import { type Message } from '../conversation/schemas.js';
import { WenduError } from '../errors/index.js';

const CATASTROPHIC = '^(a+)+$';
/**
 * The longest message the bot accepts, ending so that a backtracking engine never finishes
 * (the probe froze the process with 40 characters).
 */
const HOSTILE = 'a'.repeat(DEFAULT_BOT_SETTINGS.maxMessageLength - 1) + '!';
/**
 * Generous for a shared, busy CI machine; a backtracking engine would block the event loop
 * (and /healthz with it) for longer than anyone could wait.
 */
const HEALTHZ_BOUND_MS = 1000;
const TURN_BOUND_MS = 10_000;
const HEALTHZ_POLL_MS = 5;
const say = (t: string) => [{ type: 'text' as const, text: t }];

let running: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir('wendu-regex-');
  running = await startServer(dataDir, { logLevel: 'error' });
  await running.server.flows.create(
    {
      id: 'coupon-code',
      name: '核销券码',
      trigger: { keywords: ['核销券码'] },
      start: 'ask',
      nodes: {
        ask: { kind: 'ask', slot: 'code', prompt: say('请把券码发给我哦～'), validate: { kind: 'regex', pattern: CATASTROPHIC }, maxRetries: 3, next: 'check' },
        check: { kind: 'condition', branches: [{ when: { kind: 'compare', subject: 'slots.code', op: 'matches', value: CATASTROPHIC }, next: 'ok' }], else: 'ok' },
        ok: { kind: 'end', content: say('好嘞，券码 {{code}} 已核销 🎉') },
      },
    },
    'test:运营小王',
  );
});

afterAll(async () => {
  await running?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, customerId?: string) {
  const res = await fetch(`${running.url}${CONVERSATIONS_API_PREFIX}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(customerId ? { [CUSTOMER_HEADER]: customerId } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('a catastrophic operator regex on a running server', () => {
  it('answers the longest hostile message, and /healthz never waits meanwhile', async () => {
    const opened = (await post('', {})).body as { conversationId: string; customerId: string };
    const send = (text: string) => post(`/${opened.conversationId}/messages`, { text, clientMessageId: randomUUID() }, opened.customerId);
    const asked = await send('我要核销券码，咋弄啊');
    expect(textOf((asked.body as { replies: Message[] }).replies)).toContain('请把券码发给我');

    let turnDone = false;
    const started = Date.now();
    const turn = send(HOSTILE).finally(() => (turnDone = true));
    let slowestHealthz = 0;
    let healthzAnswers = 0;
    do {
      const before = Date.now();
      const health = await fetch(`${running.url}/healthz`);
      expect(health.status).toBe(200);
      slowestHealthz = Math.max(slowestHealthz, Date.now() - before);
      healthzAnswers++;
      await new Promise((resolve) => setTimeout(resolve, HEALTHZ_POLL_MS));
    } while (!turnDone);
    const answered = await turn;
    expect(answered.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(TURN_BOUND_MS);
    expect(healthzAnswers).toBeGreaterThan(0);
    expect(slowestHealthz).toBeLessThan(HEALTHZ_BOUND_MS);
    // Asked again (the answer did not match), not "系统开小差".
    expect(textOf((answered.body as { replies: Message[] }).replies)).toContain('请把券码发给我');
  });

  it('refuses a pattern that needs backtracking when the flow is saved', async () => {
    const saving = running.server.flows.create(
      {
        id: 'repeat-check',
        name: '重复字检查',
        start: 'ask',
        nodes: {
          ask: { kind: 'ask', slot: 'x', prompt: say('随便说点啥～'), validate: { kind: 'regex', pattern: '(.)\\1' }, next: 'end' },
          end: { kind: 'end' },
        },
      },
      'test:运营小王',
    );
    await expect(saving).rejects.toBeInstanceOf(WenduError);
    await saving.catch((err: WenduError) => {
      expect(err.code).toBe('WENDU_FLOW_INVALID');
      expect(JSON.stringify(err.details)).toContain('不支持反向引用');
    });
  });
});
