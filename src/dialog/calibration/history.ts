/**
 * The self-calibration over time: every calibration a bot computes is kept (its probe tallies,
 * thresholds and confusable pairs), so the dashboard can draw whether the knowledge base's edits
 * made the bot better or worse on its own questions. Written by the workspace registry's
 * `onCalibrated` hook, read by `GET /api/v1/calibration/history`.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../store/database.js';
import type { AnswerThresholds } from './answer-rule.js';
import type { Calibration, CalibrationStatus } from './calibrate.js';
import type { ProbeKind } from './probes.js';

/** The history shows at most this many of the newest calibrations (about one per editing burst). */
export const CALIBRATION_HISTORY_LIMIT = 200;

export interface CalibrationHistoryPoint {
  computedAt: string;
  status: CalibrationStatus;
  entryCount: number;
  /** Shares of the in-scope probes (0–1), as in the calibration report; out-of-scope answered of the out-of-scope ones. */
  rates: { answeredRight: number; answeredWrong: number; askedBack: number; nothing: number; outOfScopeAnswered: number };
  probeCounts: { inScope: number; outOfScope: number; byKind: Partial<Record<ProbeKind, number>> };
  thresholds: AnswerThresholds;
  confusablePairs: number;
}

const share = (n: number, of: number) => (of > 0 ? n / of : 0);

export class CalibrationHistory {
  constructor(private readonly database: Pick<Database, 'db'>) {}

  async record(workspaceId: string, botId: string, calibration: Calibration): Promise<void> {
    const t = calibration.onProbes.calibrated;
    await this.database.db
      .insertInto('calibration_history')
      .values({
        id: randomUUID(),
        workspace_id: workspaceId,
        bot_id: botId,
        computed_at: calibration.computedAt,
        status: calibration.status,
        entry_count: calibration.entryCount,
        in_scope: t.inScope,
        answered_right: t.answeredRight,
        answered_wrong: t.answeredWrong,
        asked_back: t.askedBack,
        nothing: t.nothing,
        out_of_scope: t.outOfScope,
        out_of_scope_answered: t.outOfScopeAnswered,
        confusable_pairs: calibration.confusablePairs.length,
        thresholds: JSON.stringify(calibration.thresholds),
        probes: JSON.stringify(calibration.probes),
      })
      .execute();
  }

  /** The bot's calibrations, oldest first (the newest CALIBRATION_HISTORY_LIMIT of them). */
  async list(workspaceId: string, botId: string): Promise<CalibrationHistoryPoint[]> {
    const rows = await this.database.db
      .selectFrom('calibration_history')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('bot_id', '=', botId)
      .orderBy('computed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(CALIBRATION_HISTORY_LIMIT)
      .execute();
    return rows.reverse().map((r) => {
      const n = (v: number | string) => Number(v);
      const inScope = n(r.in_scope);
      const outOfScope = n(r.out_of_scope);
      return {
        computedAt: r.computed_at,
        status: r.status as CalibrationStatus,
        entryCount: n(r.entry_count),
        rates: {
          answeredRight: share(n(r.answered_right), inScope),
          answeredWrong: share(n(r.answered_wrong), inScope),
          askedBack: share(n(r.asked_back), inScope),
          nothing: share(n(r.nothing), inScope),
          outOfScopeAnswered: share(n(r.out_of_scope_answered), outOfScope),
        },
        probeCounts: { inScope, outOfScope, byKind: JSON.parse(r.probes) as Partial<Record<ProbeKind, number>> },
        thresholds: JSON.parse(r.thresholds) as AnswerThresholds,
        confusablePairs: n(r.confusable_pairs),
      };
    });
  }
}
