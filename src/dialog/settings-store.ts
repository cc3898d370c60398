/**
 * Where a bot's settings (the thresholds operators tune, docs/thresholds.md) are kept: one JSON
 * value on the bot's row in `bots`, validated with the same schema as the defaults. A change is
 * merged over what is stored, validated whole, and only then written — with its audit record,
 * in one transaction.
 */
import { BotSettingsSchema, parseBotSettings, type BotSettings } from '../config/settings.js';
import { AuditLog } from '../audit/audit-log.js';
import { WenduError } from '../errors/index.js';
import { parseOrThrow, validationError } from '../errors/validation.js';
import { SafePromotionSchema } from '../reply/promotions.js';
import { ChangeListeners } from '../events/change-listeners.js';
import type { Database } from '../store/database.js';

/**
 * Promotions stored before they were sanitised on save may be nothing but markup: refusing the
 * whole settings over one would keep the bot from starting, so such a promotion is left out
 * (and the others are sanitised by the schema as they load).
 */
function withoutUnsafePromotions(stored: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(stored.promotions)) return stored;
  return { ...stored, promotions: stored.promotions.filter((p) => SafePromotionSchema.safeParse(p).success) };
}

/** Settings customers are shown, sanitised by the schema: stored as sanitised. */
const OPERATOR_TEXT_KEYS = ['promotions', 'botName', 'greeting', 'disclosure', 'companyAddress', 'contacts'] as const;

export class BotSettingsStore {
  private readonly listeners = new ChangeListeners<BotSettings>('bot settings');

  constructor(
    private readonly database: Database,
    private readonly bot: { workspaceId: string; botId: string },
  ) {}

  /** Hears every saved change (after the commit) — the registry tells the other instances. */
  onChange(listener: (settings: BotSettings) => void): () => void {
    return this.listeners.add(listener);
  }

  /** The stored settings over the defaults (the defaults alone when nothing is stored). */
  async load(): Promise<BotSettings> {
    return parseBotSettings(withoutUnsafePromotions(await this.stored()));
  }

  /** Merges `patch` over the stored settings; refuses (WENDU_VALIDATION) anything the schema does not accept. */
  async update(patch: unknown, actor: string): Promise<BotSettings> {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw validationError('', '设置应为一个对象', 'invalid_type');
    }
    const before = await this.stored();
    const merged = { ...before, ...patch };
    const settings = parseOrThrow(BotSettingsSchema, merged);
    // Stored as sanitised, so what is in the database is what customers may be shown.
    const stored: Record<string, unknown> = { ...merged };
    for (const key of OPERATOR_TEXT_KEYS) if (key in merged) stored[key] = settings[key];
    const { workspaceId, botId } = this.bot;
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('bots')
        .set({ settings: JSON.stringify(stored), updated_at: new Date().toISOString() })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', botId)
        .execute();
      await new AuditLog(trx).record({ workspaceId, actor, action: 'updated', targetType: 'bot_settings', targetId: botId, before, after: stored }, trx);
    });
    const saved = Object.freeze(settings);
    this.listeners.emit(saved);
    return saved;
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
