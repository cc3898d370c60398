/**
 * Per-bot settings over HTTP: `GET /api/v1/bot/settings` shows the thresholds in force and the
 * defaults; `PATCH /api/v1/bot/settings` changes some of them. A change is validated, stored,
 * and applies to the very next message — no restart.
 */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_BOT_SETTINGS } from '../config/settings.js';
import type { BotApi } from './bot.js';
import type { BotSettingsStore } from './settings-store.js';

export const BOT_SETTINGS_PATH = '/api/v1/bot/settings';

export async function botSettingsRoutes(app: FastifyInstance, { bot, store }: { bot: BotApi; store: BotSettingsStore }): Promise<void> {
  app.get(BOT_SETTINGS_PATH, async () => ({ settings: bot.settings, defaults: DEFAULT_BOT_SETTINGS }));

  app.patch(BOT_SETTINGS_PATH, async (request) => {
    const settings = await store.update(request.body);
    bot.updateSettings(settings);
    return { settings };
  });
}
