/**
 * The HTTP gateway: opens the runtime (database → knowledge → bot), mounts the public API and
 * the try-it page, and maps every error in one place. It decides nothing itself — the bot
 * decides, the knowledge service stores; the server only carries messages in and out.
 */
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { attachCustomerChannel, type CustomerChannel } from '../channels/web/socket.js';
import { resolveBotSecret } from '../config/bot-secret.js';
import type { ServerConfig } from '../config/server-config.js';
import { CONVERSATIONS_API_PREFIX, conversationRoutes } from '../conversation/routes.js';
import type { ConversationService } from '../conversation/service.js';
import type { OrderService } from '../demo/order-service.js';
import type { BotApi } from '../dialog/bot.js';
import type { ConversationEngine } from '../dialog/engine.js';
import { answerUnansweredMessages, type RecoveryReport } from '../dialog/recovery.js';
import { chatRoutes } from '../dialog/routes.js';
import { botSettingsRoutes } from '../dialog/settings-routes.js';
import { BotSettingsStore } from '../dialog/settings-store.js';
import type { EventBus } from '../events/bus.js';
import { flowRoutes } from '../flows/routes.js';
import type { FlowService } from '../flows/service.js';
import { knowledgeRoutes } from '../kb/routes.js';
import type { KnowledgeService } from '../kb/service.js';
import { acquireDataDirLock } from '../store/data-dir-lock.js';
import { exposedDatabaseFiles } from '../store/database.js';
import type { DemoLoadResult } from './demo-loader.js';
import { PACKAGE_ROOT } from './package-root.js';
import { installErrorHandling } from './error-handler.js';
import { registerRateLimit } from './rate-limit.js';
import { openConversationRuntime } from './runtime.js';

export const TRY_PAGE_DIR = join(PACKAGE_ROOT, 'web', 'try');
/** Paths the per-IP chat rate limit applies to (sockets have their own per-socket limit). */
export const RATE_LIMITED_PATHS = ['/api/v1/chat', CONVERSATIONS_API_PREFIX];

/** The try-it page loads only its own files; images in answers may come from any https host. */
const TRY_PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' https: http: data:",
  "media-src 'self' https: http:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'self'",
].join('; ');

const HTTP_OK = 200;
const HTTP_UNAVAILABLE = 503;

export interface WenduServer {
  app: FastifyInstance;
  knowledge: KnowledgeService;
  bot: BotApi;
  demo: DemoLoadResult;
  bus: EventBus;
  conversations: ConversationService;
  flows: FlowService;
  engine: ConversationEngine;
  /** The customer socket.io namespace `/customer` (docs/realtime.md). */
  channel: CustomerChannel;
  /** The demo order service (demo mode only). */
  orderService: OrderService | null;
  /**
   * Answering, in the background, the customer messages a crash left without a reply
   * (dialog/recovery.ts); resolves with what was done. Never rejects.
   */
  recovery: Promise<RecoveryReport>;
  /** Stops accepting requests and sockets, then closes the bot and the database. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The server on its data folder: with the embedded SQLite database it first takes the folder's
 * lock (one server per folder; WENDU_DATA_DIR_LOCKED otherwise), released on close. PostgreSQL
 * deployments do not lock — several instances share one database there. Once ready, messages
 * a crash left unanswered are answered in the background.
 */
export async function buildServer(config: ServerConfig): Promise<WenduServer> {
  const lock = config.databaseUrl ? null : acquireDataDirLock(config.dataDir);
  let server: Omit<WenduServer, 'recovery'>;
  try {
    server = await openServer(config);
  } catch (err) {
    lock?.release();
    throw err;
  }
  let stopped = false;
  const recovery = answerUnansweredMessages({
    conversations: server.conversations,
    engine: server.engine,
    windowHours: config.unansweredRecoveryHours,
    stopped: () => stopped,
    log: server.app.log,
  }).catch((err: unknown) => {
    server.app.log.error({ err }, '补答未回复的消息失败 (recovery of unanswered messages failed)');
    return { found: 0, answered: 0, skipped: 0, failed: 1 } satisfies RecoveryReport;
  });
  const closeServer = server.close;
  let closing: Promise<void> | undefined;
  return {
    ...server,
    recovery,
    close() {
      closing ??= (async () => {
        stopped = true;
        await recovery;
        try {
          await closeServer();
        } finally {
          lock?.release();
        }
      })();
      return closing;
    },
  };
}

async function openServer(config: ServerConfig): Promise<Omit<WenduServer, 'recovery'>> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
  });
  let ready = false;
  installErrorHandling(app);

  // Registered first so a load balancer gets a clear 503 (not a 404) until everything is up.
  app.get('/healthz', async (_request, reply) => {
    if (!ready) return reply.status(HTTP_UNAVAILABLE).send({ status: 'starting' });
    return reply.status(HTTP_OK).send({ status: 'ok' });
  });

  registerRateLimit(app, RATE_LIMITED_PATHS, config.chatRateLimit);

  await app.register(fastifyStatic, {
    root: TRY_PAGE_DIR,
    prefix: '/',
    index: ['index.html'],
    // Only the page's own files get routes; every other path reaches the JSON 404 handler.
    wildcard: false,
    setHeaders: (reply) => {
      reply.header('content-security-policy', TRY_PAGE_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
    },
  });

  const runtime = await (async () => {
    const botSecret = resolveBotSecret(config);
    if (botSecret.source === 'generated') app.log.info({ file: botSecret.file }, '已生成客户资料签名密钥 (bot secret generated)');
    else if (botSecret.source === 'file') app.log.info({ file: botSecret.file }, '客户资料签名密钥 (bot secret read)');
    if (botSecret.exposed) app.log.warn({ file: botSecret.file }, '签名密钥文件可被其他用户读取，请执行 chmod 600 (bot secret file readable by others)');
    if (!config.databaseUrl) {
      const exposed = exposedDatabaseFiles(config.dataDir);
      if (exposed.length > 0) app.log.warn({ files: exposed }, '数据库文件可被其他用户读取，请执行 chmod 600 (database files readable by others)');
    }
    return openConversationRuntime({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      demo: config.demo,
      botSecret: botSecret.secret,
      profileMaxLifetimeSeconds: config.profileMaxLifetimeSeconds,
      log: app.log,
    });
  })().catch(async (err: unknown) => {
    await app.close();
    throw err;
  });

  let channel: CustomerChannel | undefined;
  try {
    await knowledgeRoutes(app, { knowledge: runtime.knowledge, maxImportBytes: config.maxUploadBytes });
    await chatRoutes(app, { bot: runtime.bot });
    await botSettingsRoutes(app, { bot: runtime.bot, store: new BotSettingsStore(runtime.database) });
    await flowRoutes(app, { flows: runtime.flows });
    await conversationRoutes(app, { conversations: runtime.conversations, engine: runtime.engine });
    channel = await attachCustomerChannel({
      httpServer: app.server,
      bus: runtime.bus,
      conversations: runtime.conversations,
      engine: runtime.engine,
      rateLimit: config.chatRateLimit,
      maxPayloadBytes: config.bodyLimit,
      log: app.log,
    });
    const customerChannel = channel;
    // Sockets go first: fastify's close waits for open connections, and a socket is one.
    app.addHook('preClose', async () => customerChannel.close());
    await app.ready();
    await runtime.bot.ready();
  } catch (err) {
    await channel?.close();
    await app.close();
    await runtime.close();
    throw err;
  }
  ready = true;
  const customerChannel = channel;

  let closing: Promise<void> | undefined;
  return {
    app,
    knowledge: runtime.knowledge,
    bot: runtime.bot,
    demo: runtime.demo,
    bus: runtime.bus,
    conversations: runtime.conversations,
    flows: runtime.flows,
    engine: runtime.engine,
    channel: customerChannel,
    orderService: runtime.orderService,
    close() {
      closing ??= (async () => {
        ready = false;
        await app.close();
        await runtime.close();
      })();
      return closing;
    },
  };
}
