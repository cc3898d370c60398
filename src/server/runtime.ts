/**
 * Wendu's runtime without HTTP: the database, the knowledge base and the bot, opened in order
 * and closed in reverse. The server and the CLI (`ask`, `import`, …) share it so both see the
 * same data folder the same way; the server adds conversations on top
 * (openConversationRuntime: bus, message log, flows, the engine, the demo order service).
 */
import type { Logger } from 'pino';
import type { BotSettings } from '../config/settings.js';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { BotSettingsStore } from '../dialog/settings-store.js';
import { ConversationService } from '../conversation/service.js';
import { startOrderService, type OrderService } from '../demo/order-service.js';
import { createBot } from '../dialog/bot.js';
import type { BotApi } from '../dialog/bot.js';
import { ConversationEngine } from '../dialog/engine.js';
import type { EventBus } from '../events/bus.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { ORDER_SERVICE_URL_VAR, readFlowFiles } from '../flows/demo-files.js';
import { FlowRunner } from '../flows/runner.js';
import { FlowService } from '../flows/service.js';
import { KnowledgeService } from '../kb/service.js';
import { openDatabase, type Database } from '../store/database.js';
import { DEMO_ACTOR, loadDemoIfEmpty, type DemoLoadResult } from './demo-loader.js';

export interface RuntimeOptions {
  dataDir: string;
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
    // One workspace for now; the per-workspace registry replaces this.
    const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID });
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
    bot = await createBot({ knowledge: base.knowledge, settings: options.settings ?? (await new BotSettingsStore(base.database).load()) });
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
  /** HMAC key of signed customer profiles (see config/bot-secret.ts). */
  botSecret: string;
  /** Longest a signed profile's `expiresAt` may lie ahead (config.profileMaxLifetimeSeconds). */
  profileMaxLifetimeSeconds?: number;
  /** Defaults to the in-process bus; pass a shared one to run several instances. */
  bus?: EventBus;
}

export interface ConversationRuntime extends WenduRuntime {
  bus: EventBus;
  conversations: ConversationService;
  flows: FlowService;
  engine: ConversationEngine;
  /** The demo shop's order system (demo mode only). */
  orderService: OrderService | null;
  /** Demo flows written into an empty flow table by this start. */
  seededFlows: string[];
}

/** Demo flows go only into a database without any flow, like the demo knowledge base. */
async function seedDemoFlows(flows: FlowService): Promise<string[]> {
  const existing = await flows.list({ status: 'all' });
  if (existing.total > 0) return [];
  return flows.seed(await readFlowFiles(), DEMO_ACTOR);
}

/** Knowledge, bot, and everything a conversation needs; closed in reverse order. */
export async function openConversationRuntime(options: ConversationRuntimeOptions): Promise<ConversationRuntime> {
  const base = await openRuntime(options);
  const bus = options.bus ?? new MemoryEventBus();
  let orderService: OrderService | null = null;
  const close = async () => {
    await orderService?.close();
    await bus.close();
    await base.close();
  };
  try {
    const conversations = new ConversationService(base.database, bus);
    const flows = new FlowService(base.database, { workspaceId: DEFAULT_WORKSPACE_ID });
    const env: Record<string, string> = {};
    // Flow `call` nodes reach nothing until an admin allows hosts (flows/call-policy.ts); the
    // demo allows exactly its own order service (an exact host:port, so 127.0.0.1 is unlocked).
    const callHosts: string[] = [];
    let seededFlows: string[] = [];
    if (options.demo) {
      seededFlows = await seedDemoFlows(flows);
      orderService = await startOrderService();
      env[ORDER_SERVICE_URL_VAR] = orderService.url;
      callHosts.push(new URL(orderService.url).host);
      options.log?.info({ seededFlows, orderService: orderService.url }, '演示订单系统已启动 (demo order service started)');
    }
    const runner = new FlowRunner({ allowedHosts: callHosts });
    const engine = new ConversationEngine({ conversations, bot: base.bot, flows, runner, botSecret: options.botSecret, profileMaxLifetimeSeconds: options.profileMaxLifetimeSeconds, env, log: options.log });
    return { ...base, bus, conversations, flows, engine, orderService, seededFlows, close };
  } catch (err) {
    await close();
    throw err;
  }
}
