/**
 * The bots of a workspace: what a site embeds (`data-bot`). Each bot has its settings (the
 * thresholds, src/dialog/settings-store.ts), the site origins allowed to embed it (CORS and the
 * customer socket), the hosts its flows may call (admins only), and the key its sites sign
 * customer profiles with. Every lookup is scoped: a bot of another workspace is not found.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import { AuditLog } from '../audit/audit-log.js';
import { WenduError } from '../errors/index.js';
import { parseOrThrow } from '../errors/validation.js';
import { AllowedHostsSchema } from '../flows/call-policy.js';
import type { Database } from '../store/database.js';
import type { BotRow } from '../store/schema.js';

export interface BotRecord {
  id: string;
  workspaceId: string;
  name: string;
  allowedOrigins: string[];
  callHosts: string[];
  createdAt: string;
  updatedAt: string;
}

/** What an admin sees of a bot; the signing key only once, when the bot is created. */
export type BotView = BotRecord;

/** Enough to list many sites per bot, few enough to keep the CORS check a short scan. */
export const MAX_ALLOWED_ORIGINS = 50;
const MAX_BOT_NAME_LENGTH = 64;
/** Same alphabet as conversation ids: no look-alikes. */
const BOT_ID_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const BOT_ID_RANDOM_LENGTH = 12;
const SIGNING_SECRET_BYTES = 32;

/**
 * `https://shop.example.cn` or `http://localhost:5173` — scheme, host and port, nothing else;
 * kept in the form browsers send (`https://www.另一家店.com` → its punycode origin).
 */
const OriginSchema = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    const originOnly = url && (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.search && !url.hash && url.pathname === '/' && !value.endsWith('/');
    if (!url || !originOnly) {
      ctx.addIssue({ code: 'custom', message: '应为网站来源，例如 https://shop.example.cn（不含路径和结尾斜杠）' });
      return z.NEVER;
    }
    return url.origin;
  });

export const AllowedOriginsSchema = z.object({ allowedOrigins: z.array(OriginSchema).max(MAX_ALLOWED_ORIGINS) }).strict();
/** Normalised and checked by the flow-call policy itself (src/flows/call-policy.ts), so what is stored is what calls match. */
export const CallHostsSchema = z.object({ callHosts: AllowedHostsSchema }).strict();
export const NewBotSchema = z.object({ name: z.string().trim().min(1).max(MAX_BOT_NAME_LENGTH) }).strict();

function toBot(row: BotRow): BotRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    allowedOrigins: JSON.parse(row.allowed_origins),
    callHosts: JSON.parse(row.call_hosts),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function newBotId(): string {
  let id = 'bot-';
  for (let i = 0; i < BOT_ID_RANDOM_LENGTH; i++) id += BOT_ID_ALPHABET[randomInt(BOT_ID_ALPHABET.length)];
  return id;
}

export type BotChangeListener = (bot: BotRecord) => void;

export class BotDirectory {
  private readonly listeners = new Set<BotChangeListener>();

  constructor(
    private readonly database: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Hears every change to a bot's origins or call hosts (after the commit). */
  onChange(listener: BotChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Any workspace's bot, by its public id (customer routes name bots this way). */
  async find(botId: string): Promise<BotRecord | undefined> {
    const row = await this.database.db.selectFrom('bots').selectAll().where('id', '=', botId).executeTakeFirst();
    return row && toBot(row);
  }

  /** A bot of this workspace, or WENDU_BOT_NOT_FOUND — never another workspace's bot. */
  async get(workspaceId: string, botId: string): Promise<BotRecord> {
    const row = await this.database.db.selectFrom('bots').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', botId).executeTakeFirst();
    if (!row) throw new WenduError('WENDU_BOT_NOT_FOUND', { botId });
    return toBot(row);
  }

  async list(workspaceId: string): Promise<BotRecord[]> {
    const rows = await this.database.db.selectFrom('bots').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toBot);
  }

  /** The key a bot's sites sign customer profiles with; null → the server's own key. */
  async signingSecret(botId: string): Promise<string | null> {
    const row = await this.database.db.selectFrom('bots').select('signing_secret').where('id', '=', botId).executeTakeFirst();
    return row?.signing_secret ?? null;
  }

  /** The workspace's first bot, created when the workspace has none yet (a new company). */
  async ensureFirst(workspaceId: string, actor: string): Promise<BotRecord> {
    const [first] = await this.list(workspaceId);
    return first ?? (await this.create(workspaceId, { name: '机器人' }, actor)).bot;
  }

  /**
   * Creation times never repeat within this process: a workspace's "first bot" is the oldest, so
   * two bots created in the same millisecond must still have an order (ids are random).
   */
  private creationTime(): string {
    const now = Math.max(this.now().getTime(), this.lastCreatedAt + 1);
    this.lastCreatedAt = now;
    return new Date(now).toISOString();
  }

  private lastCreatedAt = 0;

  async create(workspaceId: string, input: unknown, actor: string): Promise<{ bot: BotRecord; signingSecret: string }> {
    const { name } = parseOrThrow(NewBotSchema, input);
    const at = this.creationTime();
    const signingSecret = randomBytes(SIGNING_SECRET_BYTES).toString('base64url');
    const row: BotRow = {
      id: newBotId(),
      workspace_id: workspaceId,
      name,
      settings: '{}',
      allowed_origins: '[]',
      call_hosts: '[]',
      signing_secret: signingSecret,
      handoff: null,
      created_at: at,
      updated_at: at,
    };
    await this.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('bots').values(row).execute();
      await new AuditLog(trx).record({ workspaceId, actor, action: 'created', targetType: 'bot', targetId: row.id, after: { name } }, trx);
    });
    return { bot: toBot(row), signingSecret };
  }

  setAllowedOrigins(workspaceId: string, botId: string, input: unknown, actor: string): Promise<BotRecord> {
    const { allowedOrigins } = parseOrThrow(AllowedOriginsSchema, input);
    return this.write(workspaceId, botId, actor, 'bot_origins', { allowed_origins: JSON.stringify([...new Set(allowedOrigins)]) });
  }

  setCallHosts(workspaceId: string, botId: string, input: unknown, actor: string): Promise<BotRecord> {
    const { callHosts } = parseOrThrow(CallHostsSchema, input);
    return this.write(workspaceId, botId, actor, 'bot_call_hosts', { call_hosts: JSON.stringify(callHosts) });
  }

  private async write(
    workspaceId: string,
    botId: string,
    actor: string,
    targetType: string,
    fields: Partial<Pick<BotRow, 'allowed_origins' | 'call_hosts'>>,
  ): Promise<BotRecord> {
    const updated = await this.database.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('bots').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', botId).executeTakeFirst();
      if (!before) throw new WenduError('WENDU_BOT_NOT_FOUND', { botId });
      const after: BotRow = { ...before, ...fields, updated_at: this.now().toISOString() };
      await trx.updateTable('bots').set({ ...fields, updated_at: after.updated_at }).where('workspace_id', '=', workspaceId).where('id', '=', botId).execute();
      const view = (row: BotRow) => {
        const { allowedOrigins, callHosts } = toBot(row);
        return targetType === 'bot_origins' ? { allowedOrigins } : { callHosts };
      };
      await new AuditLog(trx).record({ workspaceId, actor, action: 'updated', targetType, targetId: botId, before: view(before), after: view(after) }, trx);
      return toBot(after);
    });
    for (const listener of this.listeners) listener(updated);
    return updated;
  }
}
