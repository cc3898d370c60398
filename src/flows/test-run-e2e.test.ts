/**
 * `POST /api/v1/flows/test` on a real demo server: a draft (never saved) runs turn by turn on
 * the bot's own runner — its calls reach the demo order system on the bot's allow-list — and
 * nothing is stored; a broken draft is refused with its issues; agents may not use it.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi, signInOn, type SignedIn } from '../auth/test-operators.js';
import { startServer, tempDataDir, type RunningServer } from '../channels/web/test-client.js';

/** The text of a turn's bubbles (each a list of rich blocks). */
const textOf = (messages: Array<Array<{ type: string; text?: string }>>) => messages.flat().map((b) => b.text ?? '').join('\n');

describe('flow test runs of drafts', () => {
  const dataDir = tempDataDir('wendu-flow-test-');
  let running: RunningServer;
  let supervisor: SignedIn;
  let agent: SignedIn;
  const api = operatorApi(() => running.url);

  beforeAll(async () => {
    // Drafts are triggered by keyword and run step by step: no answer of the bot is asked for.
    running = await startServer(dataDir, {}, 0, { selfCalibration: false });
    supervisor = await signInOn(running.server.accounts, 'xiaoliu@shop.cn', 'supervisor');
    agent = await signInOn(running.server.accounts, 'ahua@shop.cn', 'agent');
  });
  afterAll(async () => {
    await running?.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs an unsaved edit of the demo order flow against the order system, keeping nothing', async () => {
    const saved = (await api(supervisor, 'GET', '/api/v1/flows/order-status')).json;
    const { version, createdAt, updatedAt, updatedBy, ...definition } = saved;
    definition.nodes.in_transit.content = [{ type: 'text', text: '草稿：{{item}} 在路上啦 🚚 {{courier}}' }];

    const first = await api(supervisor, 'POST', '/api/v1/flows/test', { flow: definition, text: '帮我查下订单' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ outcome: 'waiting', node: 'ask_order', trigger: { by: 'keyword', detail: '帮我查下订单' } });
    expect(textOf(first.json.messages)).toContain('请把订单号发给我');

    const wrong = await api(supervisor, 'POST', '/api/v1/flows/test', { flow: definition, state: first.json.state, text: '我不记得了啊😅' });
    expect(wrong.json).toMatchObject({ outcome: 'waiting', node: 'ask_order' });
    expect(textOf(wrong.json.messages)).toContain('这个好像不是订单号');

    const answered = await api(supervisor, 'POST', '/api/v1/flows/test', { flow: definition, state: wrong.json.state, text: '单号202611110001234567 麻烦快点' });
    expect(answered.json).toMatchObject({ outcome: 'ended', node: null, state: null, handoff: null });
    expect(textOf(answered.json.messages)).toContain('草稿：');
    expect(textOf(answered.json.messages)).toContain('顺丰');
    expect(answered.json.trace.map((t: { event: string }) => t.event)).toContain('call_ok');

    // A message that would not trigger the flow still starts the test run, saying so; an event does trigger it.
    const untriggered = await api(supervisor, 'POST', '/api/v1/flows/test', { flow: definition, text: '你好呀' });
    expect(untriggered.json).toMatchObject({ outcome: 'waiting', node: 'ask_order', trigger: null });
    const byEvent = await api(supervisor, 'POST', '/api/v1/flows/test', { flow: definition, event: 'order-status-requested' });
    expect(byEvent.json.trigger).toEqual({ by: 'event', detail: 'order-status-requested' });

    // Nothing was saved: the stored flow still says what it said.
    const after = (await api(supervisor, 'GET', '/api/v1/flows/order-status')).json;
    expect(after.version).toBe(version);
    expect(JSON.stringify(after.nodes.in_transit)).not.toContain('草稿');
  });

  it('refuses a broken draft with its issues, a bad request clearly, and agents altogether', async () => {
    const broken = { id: 'draft', name: '草稿', start: 'hi', nodes: { hi: { kind: 'message', content: [{ type: 'text', text: '你好' }], next: 'nowhere' } } };
    const refused = await api(supervisor, 'POST', '/api/v1/flows/test', { flow: broken });
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe('WENDU_FLOW_INVALID');
    expect(refused.json.error.details.issues).toContainEqual(expect.objectContaining({ path: 'nodes.hi.next' }));

    const forged = await api(supervisor, 'POST', '/api/v1/flows/test', { flow: broken, state: { flowId: 'draft', node: 'hi', visits: { hi: -1e9 } } });
    expect(forged.status).toBe(400);
    const prototypeSlot = JSON.parse('{"flowId":"draft","flowVersion":0,"node":"hi","retries":0,"visits":{},"startedAt":"2026-11-29T00:00:00Z","slots":{"__proto__":{"polluted":true}}}');
    const polluting = await api(supervisor, 'POST', '/api/v1/flows/test', { flow: broken, state: prototypeSlot });
    expect(polluting.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const asAgent = await api(agent, 'POST', '/api/v1/flows/test', { flow: broken });
    expect(asAgent.status).toBe(403);
  });
});
