/**
 * The live runtimes of every workspace and bot in this process, opened on first use and kept.
 * A workspace runtime holds its knowledge and flows; a bot runtime holds the answering index
 * built from its workspace's knowledge, its settings, its flow runner (with the bot's own call
 * allow-list) and the conversation engine over its own conversations. Routes ask the registry
 * for the runtime of the caller's workspace (operators) or of the named bot (customers), so no
 * request ever reaches another workspace's data.
 */
import type { Logger } from 'pino';
import { DEFAULT_BOT_ID } from '../auth/access.js';
import { ConversationService } from '../conversation/service.js';
import type { ConversationTurnLock } from '../conversation/turn-lock.js';
import { createBot, type BotApi } from '../dialog/bot.js';
import { CalibrationHistory, MAX_SERVED_DECISIONS } from '../dialog/calibration/index.js';
import { ConversationEngine } from '../dialog/engine.js';
import { BotSettingsStore } from '../dialog/settings-store.js';
import { WenduError } from '../errors/index.js';
import type { EventBus } from '../events/bus.js';
import { FlowRunner } from '../flows/runner.js';
import { FlowService } from '../flows/service.js';
import { HandoffQueue } from '../handoff/desk.js';
import { HandoffSettingsStore } from '../handoff/settings-store.js';
import { hoursText } from '../handoff/hours.js';
import { DEFAULT_HANDOFF_SETTINGS, type HandoffSettings } from '../handoff/types.js';
import { PendingQuestionService } from '../kb/pending-questions.js';
import { KnowledgeService } from '../kb/service.js';
import { UnresolvedInbox } from '../learning/inbox.js';
import { ReviewService } from '../review/service.js';
import type { Database } from '../store/database.js';
import type { TurnGate } from '../dialog/turn-gate.js';
import { BotDirectory, type BotRecord } from './bots.js';
import { ChangeRelay, publishKnowledgeChanges } from './change-relay.js';
import type { Unsubscribe } from '../events/bus.js';

export interface WorkspaceRuntime {
  workspaceId: string;
  knowledge: KnowledgeService;
  flows: FlowService;
  /** Phrasings customers' taps and rejections taught, waiting for an operator (docs/learning.md). */
  pendingQuestions: PendingQuestionService;
  /** Questions the bot could not settle, grouped for the operator (src/learning/inbox.ts). */
  unresolved: UnresolvedInbox;
  /** Drafts, suggested edits and confirmed phrasings waiting for an approver (src/review/). */
  reviews: ReviewService;
}

export interface BotRuntime {
  botId: string;
  workspaceId: string;
  workspace: WorkspaceRuntime;
  bot: BotApi;
  settings: BotSettingsStore;
  conversations: ConversationService;
  engine: ConversationEngine;
  /** The bot's hand-off queue (src/handoff/desk.ts). */
  desk: HandoffQueue;
}

export interface RegistryOptions {
  database: Database;
  bus: EventBus;
  /** The server's profile-signing key: bots without their own key (the default bot) use it. */
  botSecret: string;
  /** Longest a signed profile's `expiresAt` may lie ahead (config.profileMaxLifetimeSeconds). */
  profileMaxLifetimeSeconds?: number;
  /** Variables flows may use as {{env.x}} (the demo's order service URL). */
  env?: Record<string, string>;
  /** Hosts a bot's flows may call besides its stored list (the demo's own order service). */
  extraCallHosts?: (botId: string) => readonly string[];
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Held around each conversation turn when several instances share the database. */
  turnLock?: ConversationTurnLock;
  /** The process's backpressure, shared by every bot's engine (src/dialog/turn-gate.ts). */
  turns?: TurnGate;
  /** Tests only: `false` — the bots never self-calibrate (BuildServerOptions.selfCalibration). */
  selfCalibration?: boolean;
}

/** Opens the knowledge and flows of one workspace (the one place their scope is set). */
export function openWorkspaceServices(database: Database, workspaceId: string): WorkspaceRuntime {
  const knowledge = new KnowledgeService(database, { workspaceId });
  const pendingQuestions = new PendingQuestionService(database, { workspaceId, knowledge });
  return {
    workspaceId,
    knowledge,
    flows: new FlowService(database, { workspaceId }),
    pendingQuestions,
    unresolved: new UnresolvedInbox(database, { workspaceId }),
    reviews: new ReviewService(database, { workspaceId, knowledge, pendingQuestions }),
  };
}

export class WorkspaceRegistry {
  readonly bots: BotDirectory;
  private readonly workspaces = new Map<string, WorkspaceRuntime>();
  private readonly botRuntimes = new Map<string, Promise<BotRuntime>>();
  /** Each bot's call allow-list, updated in place when an admin changes it (the runner holds the array). */
  private readonly callHosts = new Map<string, string[]>();
  /** Each bot's hand-off settings (groups, hours, limits), stored per bot and read by its desk. */
  readonly handoffSettings: HandoffSettingsStore;
  /** Every self-calibration of the bots, for the dashboard's line over time. */
  readonly calibrationHistory: CalibrationHistory;
  private readonly handoffSettingsOf = new Map<string, HandoffSettings>();
  private readonly originsOf = new Map<string, readonly string[]>();
  /** Changes written here go to the other instances; theirs come back through `listenForChanges`. */
  private readonly relay: ChangeRelay;
  private readonly stopRelaying: (() => void)[] = [];
  private changeSubscriptions: Unsubscribe[] = [];
  /** The process's backpressure every bot's engine shares (its load is what a health check may report). */
  readonly turns: TurnGate | undefined;

  constructor(private readonly options: RegistryOptions) {
    this.turns = options.turns;
    this.relay = new ChangeRelay(options.bus, options.log);
    this.bots = new BotDirectory(options.database);
    this.stopRelaying.push(
      this.bots.onChange((bot) => {
        this.applyBotChange(bot);
        this.relay.publish('bot.changed', { workspaceId: bot.workspaceId, botId: bot.id });
      }),
    );
    this.handoffSettings = new HandoffSettingsStore(options.database);
    this.calibrationHistory = new CalibrationHistory(options.database);
    this.stopRelaying.push(
      this.handoffSettings.onChange(({ workspaceId, botId, settings }) => {
        if (this.handoffSettingsOf.has(botId)) this.handoffSettingsOf.set(botId, settings);
        this.relay.publish('settings.changed', { workspaceId, botId, which: 'handoff' });
      }),
    );
  }

  /**
   * Applies what other instances (and `wendu import`) write: knowledge and flows reach the
   * services opened here (their listeners rebuild what was built from them), settings and bot
   * records are re-read. Nothing is opened for a workspace or bot this process has not used.
   */
  async listenForChanges(): Promise<void> {
    this.changeSubscriptions = await this.relay.listen({
      'knowledge.changed': ({ workspaceId, change }) => this.workspaces.get(workspaceId)?.knowledge.changedElsewhere(change),
      'flows.changed': ({ workspaceId, ids }) => this.workspaces.get(workspaceId)?.flows.changedElsewhere({ ids }),
      'settings.changed': async ({ workspaceId, botId, which }) => {
        if (which === 'handoff') {
          if (this.handoffSettingsOf.has(botId)) this.handoffSettingsOf.set(botId, await this.handoffSettings.load(workspaceId, botId));
          return;
        }
        const opened = this.botRuntimes.get(botId);
        if (!opened) return;
        const runtime = await opened;
        runtime.bot.updateSettings(await runtime.settings.load());
      },
      'bot.changed': async ({ botId }) => {
        const bot = await this.bots.find(botId);
        if (bot) this.applyBotChange(bot);
      },
    });
  }

  workspace(workspaceId: string): WorkspaceRuntime {
    let runtime = this.workspaces.get(workspaceId);
    if (!runtime) {
      runtime = openWorkspaceServices(this.options.database, workspaceId);
      this.workspaces.set(workspaceId, runtime);
      this.stopRelaying.push(
        publishKnowledgeChanges(runtime.knowledge, this.relay),
        runtime.flows.onChange(({ ids }, source) => {
          if (source === 'here') this.relay.publish('flows.changed', { workspaceId, ids });
        }),
      );
    }
    return runtime;
  }

  /** A customer route's bot, by public id; WENDU_BOT_NOT_FOUND when there is none. */
  async bot(botId: string = DEFAULT_BOT_ID): Promise<BotRuntime> {
    let runtime = this.botRuntimes.get(botId);
    if (!runtime) {
      runtime = this.open(botId);
      this.botRuntimes.set(botId, runtime);
      // A failed open (unknown bot, database down) is not cached: the next request tries again.
      runtime.catch(() => this.botRuntimes.delete(botId));
    }
    return runtime;
  }

  /** An operator's bot: the named one if it is in their workspace, else the workspace's first. */
  async botOf(workspaceId: string, botId?: string): Promise<BotRuntime> {
    const record = botId ? await this.bots.get(workspaceId, botId) : await this.bots.ensureFirst(workspaceId, 'system');
    return this.bot(record.id);
  }

  /** The bot a conversation belongs to (customer routes address conversations by id alone). */
  async botOfConversation(conversationId: string): Promise<BotRuntime> {
    const row = await this.options.database.db.selectFrom('conversations').select('bot_id').where('id', '=', conversationId).executeTakeFirst();
    if (!row) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { id: conversationId });
    return this.bot(row.bot_id);
  }

  /** The bot runtimes opened so far (for start-up work such as answering what a crash left). */
  async openBots(): Promise<BotRuntime[]> {
    return Promise.all([...this.botRuntimes.values()]);
  }

  /**
   * The sites allowed to embed a bot, asked on every customer request from a browser: read once
   * and kept, refreshed when an admin changes them (BotDirectory.onChange). Unknown bot → none (not kept).
   */
  async allowedOrigins(botId: string): Promise<readonly string[]> {
    const known = this.originsOf.get(botId);
    if (known) return known;
    const bot = await this.bots.find(botId);
    if (bot) this.originsOf.set(botId, bot.allowedOrigins);
    return bot?.allowedOrigins ?? [];
  }

  private applyBotChange(bot: BotRecord): void {
    this.originsOf.set(bot.id, bot.allowedOrigins);
    const hosts = this.callHosts.get(bot.id);
    if (hosts) hosts.splice(0, hosts.length, ...bot.callHosts, ...(this.options.extraCallHosts?.(bot.id) ?? []));
  }

  private async open(botId: string): Promise<BotRuntime> {
    const record = await this.bots.find(botId);
    if (!record) throw new WenduError('WENDU_BOT_NOT_FOUND', { botId });
    const { database, bus, log } = this.options;
    const workspace = this.workspace(record.workspaceId);
    const settings = new BotSettingsStore(database, { workspaceId: record.workspaceId, botId });
    this.stopRelaying.push(settings.onChange(() => this.relay.publish('settings.changed', { workspaceId: record.workspaceId, botId, which: 'bot' })));
    // The hours answers quote ({{service.hours}}) come from the hand-off settings, the one place they live.
    this.handoffSettingsOf.set(botId, await this.handoffSettings.load(record.workspaceId, botId));
    const handoffSettings = () => this.handoffSettingsOf.get(botId) ?? DEFAULT_HANDOFF_SETTINGS;
    const conversations = new ConversationService(database, bus, { workspaceId: record.workspaceId, botId });
    const bot: BotApi = await createBot({
      knowledge: workspace.knowledge,
      settings: await settings.load(),
      // Self-calibration in the background after each knowledge change (docs/confidence.md).
      calibration: this.options.selfCalibration === false ? undefined : {},
      onCalibrated: (calibration) =>
        void this.calibrationHistory.record(record.workspaceId, botId, calibration).catch((err: unknown) => log?.error({ err, botId }, '保存校准记录失败 (recording the calibration history failed)')),
      servedRankings: () => conversations.servedRankings({ limit: MAX_SERVED_DECISIONS }),
      onRebuildError: (err) => log?.error({ err, botId }, '重建知识索引失败，继续使用上一版索引 (index rebuild failed; the last good index keeps answering)'),
      service: () => {
        const current = handoffSettings();
        const group = current.groups.find((g) => g.id === current.defaultGroupId) ?? current.groups[0];
        return { hours: hoursText(group, bot.settings.locale) };
      },
    });
    const hosts = [...record.callHosts, ...(this.options.extraCallHosts?.(botId) ?? [])];
    this.callHosts.set(botId, hosts);
    const desk = new HandoffQueue({
      database,
      bus,
      workspaceId: record.workspaceId,
      botId,
      conversations,
      settings: handoffSettings,
      locale: bot.settings.locale,
      unresolved: workspace.unresolved,
      log,
    });
    const engine = new ConversationEngine({
      conversations,
      bot,
      flows: workspace.flows,
      runner: new FlowRunner({ allowedHosts: hosts }),
      botSecret: (await this.bots.signingSecret(botId)) ?? this.options.botSecret,
      profileMaxLifetimeSeconds: this.options.profileMaxLifetimeSeconds,
      env: this.options.env ?? {},
      log,
      desk,
      handoffSettings,
      learning: workspace.pendingQuestions,
      unresolved: workspace.unresolved,
      turnLock: this.options.turnLock,
      turns: this.options.turns,
    });
    return { botId, workspaceId: record.workspaceId, workspace, bot, settings, conversations, engine, desk };
  }

  async close(): Promise<void> {
    for (const stop of this.stopRelaying.splice(0)) stop();
    for (const unsubscribe of this.changeSubscriptions.splice(0)) await unsubscribe();
    await this.relay.flush();
    const opened = await Promise.allSettled([...this.botRuntimes.values()]);
    for (const result of opened) if (result.status === 'fulfilled') result.value.bot.close();
    this.botRuntimes.clear();
  }
}
