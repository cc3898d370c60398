/**
 * The self-calibration's history on SQLite and PostgreSQL, through the whole server: the demo
 * bot calibrates in the background when it opens (the registry's `onCalibrated` hook records
 * it), a supervisor's rerun adds a point, the points carry the report's own rates, and the route
 * is for supervisors of the bot's workspace only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../../auth/access.js';
import { operatorApi, signInOn, type SignedIn } from '../../auth/test-operators.js';
import { startEdgeServer, type EdgeServer } from '../../server/edge-testing.js';
import type { SqlDialect } from '../../store/dialect.js';
import type { CalibrationHistoryPoint } from './history.js';
import type { CalibrationReport } from './report.js';

const HISTORY = '/api/v1/calibration/history';
/** The first calibration runs in slices in the background after the bot opens. */
const CALIBRATION_WAIT_MS = 60_000;

describe.each<SqlDialect>(['sqlite', 'postgres'])('calibration history on %s', (backend) => {
  let edge: EdgeServer;
  let supervisor: SignedIn;
  let agent: SignedIn;
  let otherWorkspace: SignedIn;
  const api = operatorApi(() => edge.url);

  beforeAll(async () => {
    edge = await startEdgeServer(backend, { demo: true });
    supervisor = await signInOn(edge.server.accounts, 'laowang@shop.cn', 'supervisor', DEFAULT_WORKSPACE_ID);
    agent = await signInOn(edge.server.accounts, 'xiaomei@shop.cn', 'agent', DEFAULT_WORKSPACE_ID);
    otherWorkspace = await signInOn(edge.server.accounts, 'li@tea-shop.cn', 'supervisor', 'tea-shop');
  });
  afterAll(async () => edge?.dispose());

  it('records each calibration the bot computes, with the report’s rates, thresholds and confusable pairs', async () => {
    const first = await vi.waitFor(
      async () => {
        const res = await api(supervisor, 'GET', HISTORY);
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        expect(res.json.points.length).toBeGreaterThanOrEqual(1);
        return res.json as { botId: string; points: CalibrationHistoryPoint[] };
      },
      { timeout: CALIBRATION_WAIT_MS, interval: 200 },
    );
    expect(first.botId).toBe(DEFAULT_BOT_ID);

    const rerun = await api(supervisor, 'POST', '/api/v1/calibration/run');
    expect(rerun.status).toBe(200);
    const report = rerun.json as CalibrationReport;
    const after = await vi.waitFor(async () => {
      const points = (await api(supervisor, 'GET', `${HISTORY}?botId=${DEFAULT_BOT_ID}`)).json.points as CalibrationHistoryPoint[];
      expect(points.length).toBe(first.points.length + 1);
      return points;
    });
    const latest = after.at(-1)!;
    const c = report.calibration!;
    expect(latest.computedAt).toBe(c.computedAt);
    expect(latest.status).toBe(c.status);
    expect(latest.rates.answeredRight).toBeCloseTo(report.rates!.answeredRight, 9);
    expect(latest.rates.answeredWrong).toBeCloseTo(report.rates!.answeredWrong, 9);
    expect(latest.rates.askedBack).toBeCloseTo(report.rates!.askedBack, 9);
    expect(latest.rates.outOfScopeAnswered).toBeCloseTo(report.rates!.outOfScopeAnswered, 9);
    expect(latest.thresholds).toEqual(c.thresholds);
    expect(latest.confusablePairs).toBe(c.confusablePairs.length);
    expect(latest.entryCount).toBe(c.entryCount);
    expect(latest.probeCounts).toEqual({ inScope: c.onProbes.calibrated.inScope, outOfScope: c.onProbes.calibrated.outOfScope, byKind: c.probes });
    // Oldest first: the line is drawn left to right.
    expect(after.map((p) => p.computedAt)).toEqual([...after.map((p) => p.computedAt)].sort());
  });

  it('is for supervisors of the bot’s own workspace: anonymous 401, an agent 403, another workspace sees nothing of it', async () => {
    expect((await fetch(`${edge.url}${HISTORY}`)).status).toBe(401);
    expect((await api(agent, 'GET', HISTORY)).status).toBe(403);
    const foreign = await api(otherWorkspace, 'GET', `${HISTORY}?botId=${DEFAULT_BOT_ID}`);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe('WENDU_BOT_NOT_FOUND');
    // Its own (first) bot's history holds none of the default workspace's points.
    const own = await api(otherWorkspace, 'GET', HISTORY);
    expect(own.status).toBe(200);
    expect(own.json.botId).not.toBe(DEFAULT_BOT_ID);
    // Its knowledge base is empty: any point of its own counts no entries, none is the demo shop's.
    expect((own.json.points as CalibrationHistoryPoint[]).every((p) => p.entryCount === 0)).toBe(true);
    expect((await api(supervisor, 'GET', `${HISTORY}?botId=${'x'.repeat(65)}`)).status).toBe(400);
  });
});
