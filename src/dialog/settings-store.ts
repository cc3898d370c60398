/**
 * Where a bot's settings (the thresholds operators tune, docs/thresholds.md) are kept: one JSON
 * value in the `settings` table, validated with the same schema as the defaults. A change is
 * merged over what is stored, validated whole, and only then written.
 */
import { BotSettingsSchema, parseBotSettings, type BotSettings } from '../config/settings.js';
import { parseOrThrow, validationError } from '../errors/validation.js';
import { SafePromotionSchema } from '../reply/promotions.js';
import type { Database } from '../store/database.js';

/** The key of the (single, for now) bot's settings; tenants will add their own keys. */
export const BOT_SETTINGS_KEY = 'bot';

/**
 * Promotions stored before they were sanitised on save may be nothing but markup: refusing the
 * whole settings over one would keep the bot from starting, so such a promotion is left out
 * (and the others are sanitised by the schema as they load).
 */
function withoutUnsafePromotions(stored: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(stored.promotions)) return stored;
  return { ...stored, promotions: stored.promotions.filter((p) => SafePromotionSchema.safeParse(p).success) };
}

export class BotSettingsStore {
  constructor(private readonly database: Database) {}

  /** The stored settings over the defaults (the defaults alone when nothing is stored). */
  async load(): Promise<BotSettings> {
    return parseBotSettings(withoutUnsafePromotions(await this.stored()));
  }

  /** Merges `patch` over the stored settings; refuses (WENDU_VALIDATION) anything the schema does not accept. */
  async update(patch: unknown): Promise<BotSettings> {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw validationError('', '设置应为一个对象', 'invalid_type');
    }
    const merged = { ...(await this.stored()), ...patch };
    const settings = parseOrThrow(BotSettingsSchema, merged);
    // Stored as sanitised, so what is in the database is what customers may be shown.
    const value = JSON.stringify('promotions' in merged ? { ...merged, promotions: settings.promotions } : merged);
    await this.database.db
      .insertInto('settings')
      .values({ key: BOT_SETTINGS_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    return Object.freeze(settings);
  }

  private async stored(): Promise<Record<string, unknown>> {
    const row = await this.database.db.selectFrom('settings').select('value').where('key', '=', BOT_SETTINGS_KEY).executeTakeFirst();
    return row ? (JSON.parse(row.value) as Record<string, unknown>) : {};
  }
}
