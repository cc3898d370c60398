/**
 * A bot's hand-off settings over HTTP: `GET /api/v1/bot/handoff` (supervisors — they run the
 * queue and need to see the hours) and `PUT /api/v1/bot/handoff` (admins — the hours are a
 * promise to customers). Both answer with the settings in force and each group's availability
 * now, so an admin sees at once what a customer would be told. `?botId=` names one of the
 * workspace's bots (default: its first bot); another workspace's bot is not found.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import { messageLanguage } from '../server/error-handler.js';
import { groupAvailability } from './hours.js';
import type { HandoffSettingsStore } from './settings-store.js';
import type { GroupAvailability, HandoffSettings } from './types.js';

export const HANDOFF_SETTINGS_PATH = '/api/v1/bot/handoff';

const BotQuery = z.object({ botId: z.string().min(1).max(64).optional() });

export interface HandoffSettingsRoutesOptions {
  store: HandoffSettingsStore;
  /** The caller's workspace's bot named by `botId` (WENDU_BOT_NOT_FOUND for any other). */
  botFor: (request: FastifyRequest, botId: string | undefined) => Promise<{ workspaceId: string; botId: string }>;
  now?: () => Date;
}

export interface HandoffSettingsView {
  settings: HandoffSettings;
  availability: Record<string, GroupAvailability>;
}

export async function handoffSettingsRoutes(app: FastifyInstance, { store, botFor, now = () => new Date() }: HandoffSettingsRoutesOptions): Promise<void> {
  const target = (request: FastifyRequest) => botFor(request, parseOrThrow(BotQuery, request.query).botId);
  const view = (request: FastifyRequest, settings: HandoffSettings): HandoffSettingsView => {
    const at = now();
    const locale = messageLanguage(request);
    return { settings, availability: Object.fromEntries(settings.groups.map((group) => [group.id, groupAvailability(group, at, locale)])) };
  };

  app.get(HANDOFF_SETTINGS_PATH, { config: { access: 'supervisor' } }, async (request) => {
    const { workspaceId, botId } = await target(request);
    return view(request, await store.load(workspaceId, botId));
  });

  app.put(HANDOFF_SETTINGS_PATH, { config: { access: 'admin' } }, async (request) => {
    const { workspaceId, botId } = await target(request);
    return view(request, await store.update(workspaceId, botId, request.body, actorOf(request)));
  });
}
