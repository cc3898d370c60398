/**
 * Where each bot's hand-off settings are kept: one JSON value in `bots.handoff`, null until an
 * admin saves them (then the defaults apply: one group open around the clock). A save replaces
 * the settings whole — groups, hours and routes only make sense together — after they pass the
 * schema and the cross-field rules (settings-rules.ts), and is written with its audit record in
 * one transaction. Every read and write is scoped by workspace and bot.
 */
import { AuditLog } from '../audit/audit-log.js';
import { WenduError } from '../errors/index.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Database } from '../store/database.js';
import { parseHandoffSettings } from './settings-rules.js';
import { DEFAULT_HANDOFF_SETTINGS, HandoffSettingsSchema, type HandoffSettings } from './types.js';

export interface HandoffSettingsChange {
  workspaceId: string;
  botId: string;
  settings: HandoffSettings;
}

export type HandoffSettingsListener = (change: HandoffSettingsChange) => void;

export class HandoffSettingsStore {
  private readonly listeners = new Set<HandoffSettingsListener>();

  constructor(
    private readonly database: Pick<Database, 'db'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Hears every saved change (after the commit) — e.g. to refresh a hand-off desk's settings. */
  onChange(listener: HandoffSettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The bot's settings in force: what is stored, or the defaults. WENDU_BOT_NOT_FOUND for another workspace's bot. */
  async load(workspaceId: string, botId: string): Promise<HandoffSettings> {
    const row = await this.database.db.selectFrom('bots').select('handoff').where('workspace_id', '=', workspaceId).where('id', '=', botId).executeTakeFirst();
    if (!row) throw new WenduError('WENDU_BOT_NOT_FOUND', { botId });
    return fromStored(row.handoff);
  }

  /** Replaces the bot's settings with `input`, validated whole; refuses (WENDU_VALIDATION) and keeps what was stored otherwise. */
  async update(workspaceId: string, botId: string, input: unknown, actor: string): Promise<HandoffSettings> {
    const settings = parseHandoffSettings(input);
    await this.database.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('bots').select('handoff').where('workspace_id', '=', workspaceId).where('id', '=', botId).executeTakeFirst();
      if (!row) throw new WenduError('WENDU_BOT_NOT_FOUND', { botId });
      await trx
        .updateTable('bots')
        .set({ handoff: JSON.stringify(settings), updated_at: this.now().toISOString() })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', botId)
        .execute();
      await new AuditLog(trx, this.now).record({ workspaceId, actor, action: 'updated', targetType: 'bot_handoff', targetId: botId, before: fromStored(row.handoff), after: settings }, trx);
    });
    const saved = Object.freeze(settings);
    for (const listener of this.listeners) listener({ workspaceId, botId, settings: saved });
    return saved;
  }
}

/** Stored settings passed the rules when saved; the schema fills fields added since. */
function fromStored(stored: string | null): HandoffSettings {
  return stored === null ? DEFAULT_HANDOFF_SETTINGS : Object.freeze(parseOrThrow(HandoffSettingsSchema, JSON.parse(stored)));
}
