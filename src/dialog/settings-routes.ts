/**
 * Per-bot settings over HTTP: `GET /api/v1/bot/settings` shows the thresholds in force and the
 * defaults; `PATCH /api/v1/bot/settings` changes some of them. A change is validated, stored,
 * and applies to the very next message — no restart. `?botId=` names one of the workspace's
 * bots (default: its first bot).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/access.js';
import { DEFAULT_BOT_SETTINGS } from '../config/settings.js';
import { parseOrThrow } from '../errors/validation.js';
import type { BotApi } from './bot.js';
import type { BotSettingsStore } from './settings-store.js';

export const BOT_SETTINGS_PATH = '/api/v1/bot/settings';

const BotQuery = z.object({ botId: z.string().min(1).max(64).optional() });

export interface BotSettingsRoutesOptions {
  /** The caller's workspace's bot named by `botId` (WENDU_BOT_NOT_FOUND for any other). */
  botFor: (request: FastifyRequest, botId: string | undefined) => Promise<{ bot: BotApi; settings: BotSettingsStore }>;
}

export async function botSettingsRoutes(app: FastifyInstance, { botFor }: BotSettingsRoutesOptions): Promise<void> {
  const target = (request: FastifyRequest) => botFor(request, parseOrThrow(BotQuery, request.query).botId);

  app.get(BOT_SETTINGS_PATH, { config: { access: 'supervisor' } }, async (request) => {
    const { bot } = await target(request);
    return { settings: bot.settings, defaults: DEFAULT_BOT_SETTINGS };
  });

  app.patch(BOT_SETTINGS_PATH, { config: { access: 'supervisor' } }, async (request) => {
    const { bot, settings: store } = await target(request);
    const settings = await store.update(request.body, actorOf(request));
    bot.updateSettings(settings);
    return { settings };
  });
}
