/**
 * The operator's view of self-calibration: `GET /api/v1/calibration` says in plain words and
 * numbers what the bot does on its own knowledge's questions, which thresholds it chose against
 * the defaults, and which entries it cannot tell apart; `POST /api/v1/calibration/run`
 * calibrates again now (audited); `GET /api/v1/calibration/history` lists every calibration
 * computed (./history.ts), oldest first, for the line over time. `?botId=` names one of the workspace's bots (default: its first).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../auth/access.js';
import type { AuditRecord } from '../../audit/audit-log.js';
import { parseOrThrow } from '../../errors/validation.js';
import type { BotApi } from '../bot.js';
import type { CalibrationHistory } from './history.js';
import { calibrationReport } from './report.js';

export const CALIBRATION_PATH = '/api/v1/calibration';

const BotQuery = z.object({ botId: z.string().min(1).max(64).optional() });

export interface CalibrationRoutesOptions {
  /** The caller's workspace's bot named by `botId` (WENDU_BOT_NOT_FOUND for any other). */
  botFor: (request: FastifyRequest, botId: string | undefined) => Promise<{ botId: string; workspaceId: string; bot: BotApi }>;
  audit: { record(record: AuditRecord): Promise<void> };
  history: Pick<CalibrationHistory, 'list'>;
}

export async function calibrationRoutes(app: FastifyInstance, { botFor, audit, history }: CalibrationRoutesOptions): Promise<void> {
  const target = (request: FastifyRequest) => botFor(request, parseOrThrow(BotQuery, request.query).botId);

  app.get(CALIBRATION_PATH, { config: { access: 'supervisor' } }, async (request) => {
    const { botId, bot } = await target(request);
    return calibrationReport(botId, bot.calibration(), bot.settings);
  });

  app.get(`${CALIBRATION_PATH}/history`, { config: { access: 'supervisor' } }, async (request) => {
    const { botId, workspaceId } = await target(request);
    return { botId, points: await history.list(workspaceId, botId) };
  });

  app.post(`${CALIBRATION_PATH}/run`, { config: { access: 'supervisor' } }, async (request) => {
    const { botId, workspaceId, bot } = await target(request);
    const calibration = await bot.recalibrate();
    await audit.record({
      workspaceId,
      actor: actorOf(request),
      action: 'recalibrated',
      targetType: 'calibration',
      targetId: botId,
      after: calibration && { status: calibration.status, thresholds: calibration.thresholds, computedAt: calibration.computedAt },
    });
    return calibrationReport(botId, calibration, bot.settings);
  });
}
