/**
 * Self-calibration inside a running bot and over HTTP, on the demo shop (real SQLite, the real
 * knowledge and pending-question services, matcher and policy): it runs in the background after
 * each knowledge change without holding up answers, an approved customer phrasing recalibrates,
 * and probes itself with it, decisions use the calibrated thresholds (and say so), and the operator report is role-guarded
 * and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../../auth/access.js';
import { principalOf } from '../../auth/access.js';
import { guardedApp, type GuardedApp, type SignedIn } from '../../auth/test-operators.js';
import { AuditLog } from '../../audit/audit-log.js';
import { parseBotSettings } from '../../config/settings.js';
import { WenduError } from '../../errors/index.js';
import { PendingQuestionService } from '../../kb/pending-questions.js';
import { KnowledgeService } from '../../kb/service.js';
import { loadDemoIfEmpty } from '../../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../../store/testing.js';
import { createBot, type BotApi } from '../bot.js';
import { CalibrationHistory, calibrationRoutes, CALIBRATION_PATH, MAX_SERVED_DECISIONS, MIN_SERVED_DECISIONS, type CalibrationReport } from './index.js';
import { ConversationService } from '../../conversation/service.js';
import { MemoryEventBus } from '../../events/memory-bus.js';
import { isBusinessPhrasing, readPhrasingSet } from '../phrasing-set.js';
import { DEMO_DIR } from '../../server/demo-loader.js';
import { join } from 'node:path';

const MEASURED_AT = new Date('2026-11-25T10:00:00+08:00');
const WORKSPACE_B = 'ws-shop-b';

let database: TestDatabase;
let knowledge: KnowledgeService;
let pending: PendingQuestionService;
let bot: BotApi;

beforeAll(async () => {
  database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => MEASURED_AT });
  await loadDemoIfEmpty(knowledge);
  pending = new PendingQuestionService(database, { workspaceId: DEFAULT_WORKSPACE_ID, knowledge, now: () => MEASURED_AT });
  bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => MEASURED_AT, calibration: { debounceMs: 0 } });
});

afterAll(async () => {
  bot.close();
  await database.dispose();
});

describe('a bot calibrating itself', () => {
  it('answers with the settings’ thresholds until the first calibration lands, then with the calibrated ones, and says so', async () => {
    // Asked at once: the calibration has only been scheduled, so the settings answer.
    const early = await bot.decide({ text: '怎么申请退货？' });
    expect(early.trace.thresholds.calibrated).toBe(false);
    expect(early.trace.thresholds.answer).toBe(bot.settings.answerThreshold);
    const calibration = await bot.calibrated();
    expect(calibration?.status).toBe('calibrated');
    const d = await bot.decide({ text: '怎么申请退货？' });
    expect(d.action).toBe('answer');
    expect(d.trace.thresholds).toMatchObject({ calibrated: true, answer: calibration!.thresholds.answerThreshold, margin: calibration!.thresholds.answerMargin });
    expect(d.trace.explanation).toMatch(/^本知识库自校准：.*答对概率 [\d.]+ ≥ [\d.]+.*（目标错答率 2%）/);
  });

  it('with calibration off, the settings’ thresholds answer even when a calibration exists', async () => {
    const before = bot.settings;
    await bot.calibrated();
    bot.updateSettings(parseBotSettings({ calibration: 'off' }));
    try {
      const d = await bot.decide({ text: '怎么申请退货？' });
      expect(d.trace.thresholds).toMatchObject({ calibrated: false, answer: 0.6, margin: 0.12, keyWordMissing: null });
      expect(d.trace.explanation).not.toMatch(/自校准/);
    } finally {
      bot.updateSettings(before);
    }
  });

  it('an approved customer phrasing is a knowledge change: the bot recalibrates in the background, answering meanwhile', async () => {
    const first = await bot.calibrated();
    await pending.record({ kind: 'confirmed', botId: DEFAULT_BOT_ID, conversationId: 'cv-calib-1', entryId: 'shop-invoice-how', text: '发票咋整啊😂' });
    const [listed] = (await pending.list({})).filter((q) => q.phrasing === '发票咋整啊😂');
    await pending.approve(listed.id, 'bob@shop-a.cn');
    await bot.ready();
    // The index already has the phrasing; the calibration is still running over it.
    const started = performance.now();
    const d = await bot.decide({ text: '发票咋整啊' });
    const decideMs = performance.now() - started;
    expect(bot.calibration()).toBe(first);
    expect(d.entryId ?? d.suggestions[0]?.entryId).toBe('shop-invoice-how');
    const next = await bot.calibrated();
    expect(next).not.toBe(first);
    expect(next!.status).toBe('calibrated');
    expect(next!.elapsedMs).toBeGreaterThan(decideMs);
    // The approved phrasing is now one of the probes: a real customer's wording, asked with itself left out.
    expect(first!.probes.learned).toBe(0);
    expect(next!.probes.learned).toBe(1);
  });
});

describe('GET / POST /api/v1/calibration', () => {
  let guarded: GuardedApp;
  let supervisor: SignedIn;
  let agent: SignedIn;
  let supervisorB: SignedIn;

  beforeAll(async () => {
    guarded = guardedApp(database);
    await calibrationRoutes(guarded.app, {
      botFor: async (request, botId) => {
        const { workspaceId } = principalOf(request);
        if (workspaceId !== DEFAULT_WORKSPACE_ID || (botId && botId !== DEFAULT_BOT_ID)) throw new WenduError('WENDU_BOT_NOT_FOUND', { botId: botId ?? '' });
        return { botId: DEFAULT_BOT_ID, workspaceId, bot };
      },
      audit: new AuditLog(database.db),
      history: new CalibrationHistory(database),
    });
    supervisor = await guarded.signIn('bob@shop-a.cn', 'supervisor', DEFAULT_WORKSPACE_ID);
    agent = await guarded.signIn('xiaomei@shop-a.cn', 'agent', DEFAULT_WORKSPACE_ID);
    supervisorB = await guarded.signIn('zhang@shop-b.cn', 'supervisor', WORKSPACE_B);
  });

  afterAll(async () => {
    await guarded.app.close();
  });

  it('anonymous → 401, an agent → 403, another workspace’s supervisor → 404', async () => {
    expect((await guarded.app.inject({ method: 'GET', url: CALIBRATION_PATH })).statusCode).toBe(401);
    expect((await guarded.app.inject({ method: 'POST', url: `${CALIBRATION_PATH}/run` })).statusCode).toBe(401);
    expect((await guarded.injectAs(agent, { method: 'GET', url: CALIBRATION_PATH })).statusCode).toBe(403);
    expect((await guarded.injectAs(agent, { method: 'POST', url: `${CALIBRATION_PATH}/run` })).statusCode).toBe(403);
    expect((await guarded.injectAs(supervisorB, { method: 'GET', url: `${CALIBRATION_PATH}?botId=${DEFAULT_BOT_ID}` })).statusCode).toBe(404);
  });

  it('a supervisor reads the report in plain words and numbers, with the confusable entries', async () => {
    await bot.calibrated();
    const res = await guarded.injectAs(supervisor, { method: 'GET', url: CALIBRATION_PATH });
    expect(res.statusCode).toBe(200);
    const report: CalibrationReport = res.json();
    expect(report).toMatchObject({ state: 'ready', inForce: 'calibration', mode: 'auto' });
    expect(report.summary!.zh).toMatch(/^在您自己的问法上：[\d.]+% 直接答对、[\d.]+% 会答错、[\d.]+% 反问/);
    expect(report.summary!.en).toMatch(/^On your own questions: /);
    const c = report.calibration!;
    const t = c.onProbes.calibrated;
    expect(report.rates!.answeredWrong).toBeCloseTo(t.answeredWrong / t.inScope, 6);
    expect(c.defaults).toEqual({ answerThreshold: 0.6, keyWordMissingThreshold: null, answerMargin: 0.12 });
    expect(c.confusablePairs.length).toBeGreaterThan(0);
    for (const pair of c.confusablePairs) {
      expect(pair.questions.every((q) => q.length > 0)).toBe(true);
      expect(pair.examples.length).toBeGreaterThan(0);
    }
  });

  it('a supervisor reruns it now; the run is in the audit log', async () => {
    const res = await guarded.injectAs(supervisor, { method: 'POST', url: `${CALIBRATION_PATH}/run` });
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe('ready');
    const { items } = await new AuditLog(database.db).list(DEFAULT_WORKSPACE_ID, { targetType: 'calibration' });
    expect(items[0], JSON.stringify(items[0])).toMatchObject({ action: 'recalibrated', targetId: DEFAULT_BOT_ID });
    expect(items[0].actor).toContain('bob@shop-a.cn');
  });
});

describe('the customers’ prior from the bot’s own traffic', () => {
  it('read from the conversation log before each calibration: the setting until enough decisions were served, then the traffic’s estimate', async () => {
    const bus = new MemoryEventBus();
    const conversations = new ConversationService(database, bus, { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID }, () => MEASURED_AT);
    const served = createBot({ knowledge, settings: parseBotSettings({}), now: () => MEASURED_AT, calibration: { debounceMs: 0 }, servedRankings: () => conversations.servedRankings({ limit: MAX_SERVED_DECISIONS }) });
    const traffic = await served;
    try {
      expect((await traffic.calibrated())!.prior).toMatchObject({ source: 'setting', share: traffic.settings.wrongFirstShare, servedDecisions: 0 });
      // The tuning set's phrasings, answered as the engine records them (each reply's decision with its candidates).
      const customer = await conversations.upsertCustomer({ name: '小李' }, { verified: false });
      const conversation = await conversations.start({ channel: 'web', customer });
      const phrasings = readPhrasingSet(join(DEMO_DIR, 'eval-queries.json')).filter(isBusinessPhrasing);
      for (let round = 0; round * phrasings.length < MIN_SERVED_DECISIONS; round++) {
        for (const p of phrasings) {
          const d = await traffic.decide({ text: p.query });
          const { message } = await conversations.append(conversation.id, { sender: 'customer', text: p.query, content: [{ type: 'text', text: p.query }] });
          const candidates = d.trace.candidates.map((c) => ({ entryId: c.entryId, confidence: c.confidence, features: c.features }));
          await conversations.append(conversation.id, { sender: 'bot', text: d.reply, content: [{ type: 'text', text: d.reply }], meta: { replyTo: message.seq, action: d.action, decision: { action: d.action, candidates } } });
        }
      }
      const prior = (await traffic.recalibrate())!.prior;
      expect(prior.source).toBe('traffic');
      expect(prior.servedDecisions).toBeGreaterThanOrEqual(MIN_SERVED_DECISIONS);
      // The tuning set's first entries are wrong for about 9% (docs/confidence.md, "Fifth round").
      expect(prior.estimate!).toBeGreaterThan(0.04);
      expect(prior.estimate!).toBeLessThan(0.15);
    } finally {
      traffic.close();
      await bus.close();
    }
  });
});
