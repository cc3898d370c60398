/**
 * Where a bot's settings (the thresholds operators tune, docs/thresholds.md) are kept: one JSON
 * value on the bot's row in `bots`, validated with the same schema as the defaults. A change is
 * merged over what is stored, validated whole, and only then written — with its audit record,
 * in one transaction.
 */
import { BotSettingsSchema, parseBotSettings, type BotSettings } from '../config/settings.js';
import { WenduError } from '../errors/index.js';
import { AuditLog } from '../audit/audit-log.js';
import type { Database } from '../store/database.js';

export class BotSettingsStore {
  constructor(
    private readonly database: Database,
    private readonly bot: { workspaceId: string; botId: string },
  ) {}

  /** The stored settings over the defaults (the defaults alone when nothing is stored). */
  async load(): Promise<BotSettings> {
    return parseBotSettings(await this.stored());
  }

  /** Merges `patch` over the stored settings; refuses (WENDU_VALIDATION) anything the schema does not accept. */
  async update(patch: unknown, actor: string): Promise<BotSettings> {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw new WenduError('WENDU_VALIDATION', { issues: [{ path: '', message: '设置应为一个对象', code: 'invalid_type' }] });
    }
    const before = await this.stored();
    const merged = { ...before, ...patch };
    const parsed = BotSettingsSchema.safeParse(merged);
    if (!parsed.success) {
      throw new WenduError('WENDU_VALIDATION', {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
      });
    }
    const { workspaceId, botId } = this.bot;
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('bots')
        .set({ settings: JSON.stringify(merged), updated_at: new Date().toISOString() })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', botId)
        .execute();
      await new AuditLog(trx).record({ workspaceId, actor, action: 'updated', targetType: 'bot_settings', targetId: botId, before, after: merged }, trx);
    });
    return Object.freeze(parsed.data);
  }

  private async stored(): Promise<Record<string, unknown>> {
    const row = await this.database.db
      .selectFrom('bots')
      .select('settings')
      .where('workspace_id', '=', this.bot.workspaceId)
      .where('id', '=', this.bot.botId)
      .executeTakeFirst();
    if (!row) throw new WenduError('WENDU_BOT_NOT_FOUND', { botId: this.bot.botId });
    return JSON.parse(row.settings) as Record<string, unknown>;
  }
}
