/**
 * Wendu's runtime without HTTP: the database, the knowledge base and the bot, opened in order
 * and closed in reverse. The server and the CLI (`ask`, `import`, …) share it so both see the
 * same data folder the same way. The CLI works on one workspace (the default one); the server
 * opens every workspace and bot on demand through the WorkspaceRegistry
 * (openConversationRuntime: bus, registry, the demo knowledge, flows and order service).
 */
import type { Logger } from 'pino';
import type { BotSettings } from '../config/settings.js';
import { BotSettingsStore } from '../dialog/settings-store.js';
import type { ConversationService } from '../conversation/service.js';
import { startOrderService, type OrderService } from '../demo/order-service.js';
import { createBot } from '../dialog/bot.js';
import type { BotApi } from '../dialog/bot.js';
import type { ConversationEngine } from '../dialog/engine.js';
import type { EventBus } from '../events/bus.js';
import type { ConversationTurnLock } from '../conversation/turn-lock.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { ORDER_SERVICE_URL_VAR, readFlowFiles } from '../flows/demo-files.js';
import type { FlowService } from '../flows/service.js';
import type { KnowledgeService } from '../kb/service.js';
import { openDatabase, type Database } from '../store/database.js';
import { DEMO_ACTOR, loadDemoIfEmpty, type DemoLoadResult } from './demo-loader.js';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { openWorkspaceServices, WorkspaceRegistry } from '../workspaces/registry.js';
import { TurnGate, type TurnGateLimits } from '../dialog/turn-gate.js';

export interface RuntimeOptions {
  dataDir: string;
  /** The workspace the CLI works on (default: the default workspace). */
  workspaceId?: string;
  databaseUrl?: string | null;
  /** Load the demo knowledge base — only ever into an empty one. */
  demo?: boolean;
  settings?: BotSettings;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export interface KnowledgeRuntime {
  database: Database;
  knowledge: KnowledgeService;
  demo: DemoLoadResult;
  close(): Promise<void>;
}

export interface WenduRuntime extends KnowledgeRuntime {
  bot: BotApi;
}

/** The database and the knowledge base (enough for import and export). */
export async function openKnowledge(options: RuntimeOptions): Promise<KnowledgeRuntime> {
  const database = await openDatabase({ dataDir: options.dataDir, databaseUrl: options.databaseUrl ?? undefined });
  try {
    const knowledge = openWorkspaceServices(database, options.workspaceId ?? DEFAULT_WORKSPACE_ID).knowledge;
    const demo: DemoLoadResult = options.demo ? await loadDemoIfEmpty(knowledge) : { loaded: false, reason: 'not_requested' };
    if (options.demo && options.log) {
      if (demo.loaded) options.log.info({ entries: demo.entries, synonymGroups: demo.synonymGroups }, '已载入演示知识库 (demo loaded)');
      else options.log.warn({ reason: demo.reason }, '知识库非空，未载入演示数据 (knowledge base not empty; demo not loaded)');
    }
    return { database, knowledge, demo, close: () => database.close() };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** Everything needed to answer: knowledge plus the bot built from it. */
export async function openRuntime(options: RuntimeOptions): Promise<WenduRuntime> {
  const base = await openKnowledge(options);
  let bot: BotApi;
  try {
    // Stored per-bot settings (PATCH /api/v1/bot/settings) over the defaults, unless the caller fixes them.
    const settings = options.settings ?? (await new BotSettingsStore(base.database, { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID }).load());
    bot = await createBot({ knowledge: base.knowledge, settings });
  } catch (err) {
    await base.close();
    throw err;
  }
  return {
    ...base,
    bot,
    async close() {
      bot.close();
      await base.close();
    },
  };
}

export interface ConversationRuntimeOptions extends RuntimeOptions {
  /** HMAC key of signed customer profiles for bots without their own (see config/bot-secret.ts). */
  botSecret: string;
  /** Longest a signed profile's `expiresAt` may lie ahead (config.profileMaxLifetimeSeconds). */
  profileMaxLifetimeSeconds?: number;
  /** Defaults to the in-process bus; pass a shared one to run several instances. */
  bus?: EventBus;
  /** Held around each conversation turn when several instances share the database. */
  turnLock?: ConversationTurnLock;
  /** Backpressure limits of this process (config maxTurnsInFlight, …); the defaults when absent. */
  turnLimits?: TurnGateLimits;
  /** Tests only: `false` turns the bots' background self-calibration off (BuildServerOptions). */
  selfCalibration?: boolean;
}

/**
 * Everything the server needs: the database, the bus and the registry of every workspace's
 * runtime. The default workspace and bot are opened at once (the demo lives there); the
 * `knowledge`, `bot`, `flows`, `conversations` and `engine` fields are theirs.
 */
export interface ConversationRuntime {
  database: Database;
  bus: EventBus;
  registry: WorkspaceRegistry;
  demo: DemoLoadResult;
  knowledge: KnowledgeService;
  flows: FlowService;
  bot: BotApi;
  conversations: ConversationService;
  engine: ConversationEngine;
  /** The demo shop's order system (demo mode only). */
  orderService: OrderService | null;
  /** Demo flows written into an empty flow table by this start. */
  seededFlows: string[];
  close(): Promise<void>;
}

/** Demo flows go only into a database without any flow, like the demo knowledge base. */
async function seedDemoFlows(flows: FlowService): Promise<string[]> {
  const existing = await flows.list({ status: 'all' });
  if (existing.total > 0) return [];
  return flows.seed(await readFlowFiles(), DEMO_ACTOR);
}

export async function openConversationRuntime(options: ConversationRuntimeOptions): Promise<ConversationRuntime> {
  const database = await openDatabase({ dataDir: options.dataDir, databaseUrl: options.databaseUrl ?? undefined });
  const bus = options.bus ?? new MemoryEventBus();
  let orderService: OrderService | null = null;
  let registry: WorkspaceRegistry | undefined;
  const turns = new TurnGate(options.turnLimits);
  const close = async () => {
    turns.close();
    await registry?.close();
    await orderService?.close();
    await bus.close();
    await database.close();
  };
  try {
    const env: Record<string, string> = {};
    // The demo's order service is reachable by the default bot's flows for as long as it runs;
    // it is never written into the bot's stored allow-list.
    const demoHosts: string[] = [];
    registry = new WorkspaceRegistry({
      database,
      bus,
      botSecret: options.botSecret,
      profileMaxLifetimeSeconds: options.profileMaxLifetimeSeconds,
      env,
      extraCallHosts: (botId) => (botId === DEFAULT_BOT_ID ? demoHosts : []),
      log: options.log,
      turnLock: options.turnLock,
      turns,
      selfCalibration: options.selfCalibration,
    });
    await registry.listenForChanges();
    const home = registry.workspace(DEFAULT_WORKSPACE_ID);
    let demo: DemoLoadResult = { loaded: false, reason: 'not_requested' };
    let seededFlows: string[] = [];
    if (options.demo) {
      demo = await loadDemoIfEmpty(home.knowledge);
      if (demo.loaded) options.log?.info({ entries: demo.entries, synonymGroups: demo.synonymGroups }, '已载入演示知识库 (demo loaded)');
      else options.log?.warn({ reason: demo.reason }, '知识库非空，未载入演示数据 (knowledge base not empty; demo not loaded)');
      seededFlows = await seedDemoFlows(home.flows);
      orderService = await startOrderService();
      env[ORDER_SERVICE_URL_VAR] = orderService.url;
      demoHosts.push(new URL(orderService.url).host);
      options.log?.info({ seededFlows, orderService: orderService.url }, '演示订单系统已启动 (demo order service started)');
    }
    const main = await registry.bot(DEFAULT_BOT_ID);
    return {
      database,
      bus,
      registry,
      demo,
      knowledge: home.knowledge,
      flows: home.flows,
      bot: main.bot,
      conversations: main.conversations,
      engine: main.engine,
      orderService,
      seededFlows,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
