/**
 * The HTTP gateway: opens the runtime (database → knowledge → bot), mounts the public API and
 * the try-it page, and maps every error in one place. It decides nothing itself — the bot
 * decides, the knowledge service stores; the server only carries messages in and out.
 */
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { actorOf, principalOf, roleAllows } from '../auth/access.js';
import { WenduError } from '../errors/index.js';
import { assistRoutes, recentMessages } from '../handoff/assist-routes.js';
import { transcriptRoutes } from '../handoff/transcript-routes.js';
import { CannedReplies } from '../handoff/canned-replies.js';
import { cannedReplyRoutes } from '../handoff/canned-routes.js';
import { AssistFeedback } from '../handoff/assist-feedback.js';
import { assistFeedbackRoutes } from '../handoff/assist-feedback-routes.js';
import { AccountService, authRoutes, installAccessGuard, type DeclaredRoute, LoginThrottle, seedDemoAccounts, type DemoLogin } from '../auth/index.js';
import { AuditLog } from '../audit/audit-log.js';
import { auditRoutes } from '../audit/routes.js';
import type { Database } from '../store/database.js';
import { botRoutes } from '../workspaces/routes.js';
import type { WorkspaceRegistry } from '../workspaces/registry.js';
import { attachAgentChannel, type AgentChannel } from '../channels/agent/socket.js';
import { createSocketServer } from '../channels/socket-server.js';
import { attachCustomerChannel, type CustomerChannel } from '../channels/web/socket.js';
import { resolveBotSecret } from '../config/bot-secret.js';
import type { ServerConfig } from '../config/server-config.js';
import { conversationRoutes } from '../channels/http/routes.js';
import type { ConversationService } from '../conversation/service.js';
import type { OrderService } from '../demo/order-service.js';
import type { BotApi } from '../dialog/bot.js';
import type { ConversationEngine } from '../dialog/engine.js';
import { sharedSegmenter } from '../nlu/segment.js';
import { answerUnansweredMessages, type RecoveryReport } from '../dialog/recovery.js';
import { handoffSettingsRoutes } from '../handoff/settings-routes.js';
import { chatRoutes } from '../dialog/routes.js';
import { AnalyticsService, analyticsRoutes } from '../analytics/index.js';
import { botSettingsRoutes } from '../dialog/settings-routes.js';
import type { EventBus } from '../events/bus.js';
import { flowRoutes } from '../flows/routes.js';
import { agentRoutes } from '../handoff/agent-routes.js';
import { HandoffBoard } from '../handoff/board.js';
import { skillsRoutes } from '../handoff/skills-routes.js';
import { HandoffOffers } from '../handoff/offers.js';
import { startHandoffTimers } from '../handoff/timers.js';
import type { FlowService } from '../flows/service.js';
import { handoffCustomerRoutes } from '../handoff/customer-routes.js';
import { answerFeedbackRoutes } from '../channels/http/feedback-routes.js';
import { AnswerFeedbackService } from '../conversation/answer-feedback.js';
import { ClusterActions } from '../learning/actions.js';
import { knowledgeHealth } from '../learning/health.js';
import { learningRoutes } from '../learning/routes.js';
import { CustomerData, RETENTION_SWEEP_MS } from '../privacy/customer-data.js';
import { privacyRoutes } from '../privacy/routes.js';
import { DEFAULT_HANDOFF_SETTINGS } from '../handoff/types.js';
import { RatingService } from '../handoff/ratings.js';
import { reopenTicketsOnCustomerMessage } from '../handoff/ticket-follow-up.js';
import { ticketRoutes } from '../handoff/ticket-routes.js';
import { TicketService } from '../handoff/tickets.js';
import { knowledgeRoutes } from '../kb/routes.js';
import { pendingQuestionRoutes } from '../kb/pending-questions-routes.js';
import { reviewRoutes } from '../review/routes.js';
import { checkWithBot } from '../learning/safety-check.js';
import { calibrationRoutes } from '../dialog/calibration/index.js';
import type { KnowledgeService } from '../kb/service.js';
import { acquireDataDirLock } from '../store/data-dir-lock.js';
import { exposedDatabaseFiles } from '../store/database.js';
import type { DemoLoadResult } from './demo-loader.js';
import { installErrorHandling } from './error-handler.js';
import { httpLimitOptions, installUrlLimit } from './http-limits.js';
import { installJsonLimits } from './json-limits.js';
import { installTextGuard } from './text-guard.js';
import { registerBrowserSecurity } from './browser-security.js';
import { registerPages } from './pages.js';
import { clientAddress, compileProxyTrust } from './client-address.js';
import { openRateLimits, registerRateLimits } from './rate-limits.js';
import { openConversationRuntime } from './runtime.js';
import { healthRoutes } from './health.js';
import { drainServer } from './shutdown.js';
import { openInstanceLinks } from './instances.js';
import { databaseAnswers } from '../store/database.js';

export interface WenduServer {
  app: FastifyInstance;
  /** Every workspace's and bot's runtime; the fields below are the default workspace's and bot's. */
  registry: WorkspaceRegistry;
  database: Database;
  knowledge: KnowledgeService;
  bot: BotApi;
  demo: DemoLoadResult;
  bus: EventBus;
  conversations: ConversationService;
  flows: FlowService;
  engine: ConversationEngine;
  /** The customer socket.io namespace `/customer` (docs/realtime.md). */
  channel: CustomerChannel;
  /** The agents' socket.io namespace `/agent` on the same Server (docs/handoff.md). */
  agentChannel: AgentChannel;
  /** The demo order service (demo mode only). */
  orderService: OrderService | null;
  accounts: AccountService;
  /** Demo accounts created by this start (empty users table + --demo); the CLI prints them once. */
  demoLogins: DemoLogin[];
  /** Every HTTP route with who may call it (src/auth/guard.ts). */
  routes: readonly DeclaredRoute[];
  /**
   * Answering, in the background, the customer messages a crash left without a reply
   * (dialog/recovery.ts); resolves with what was done. Never rejects.
   */
  recovery: Promise<RecoveryReport>;
  /** Stops accepting requests and sockets, then closes the bot and the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface BuildServerOptions {
  /** Redis key prefix of the rate-limit budgets (tests sharing one Redis use a unique one each). */
  rateLimitKeyPrefix?: string;
  /** Tests only: a shorter PEER_RECOVERY_SWEEP_MS. */
  peerRecoverySweepMs?: number;
  /**
   * Tests only: `false` — no background self-calibration (seconds of CPU per knowledge change),
   * for servers whose bots answer with the settings' thresholds anyway (`calibration: 'off'`).
   */
  selfCalibration?: boolean;
}

/**
 * With several instances (REDIS_URL), how often each one also looks for customer messages left
 * unanswered: an instance killed between committing a message and replying is not restarted to
 * find them itself, and its customers have moved on to the others. A minute: a customer who
 * lost their instance mid-turn waits at most about that long; each sweep is one query when
 * nothing is pending.
 */
export const PEER_RECOVERY_SWEEP_MS = 60_000;

/**
 * The server on its data folder: with the embedded SQLite database it first takes the folder's
 * lock (one server per folder; WENDU_DATA_DIR_LOCKED otherwise), released on close. PostgreSQL
 * deployments do not lock — several instances share one database there. Once ready, messages
 * a crash left unanswered are answered in the background.
 */
export async function buildServer(config: ServerConfig, options: BuildServerOptions = {}): Promise<WenduServer> {
  const lock = config.databaseUrl ? null : acquireDataDirLock(config.dataDir);
  let server: Omit<WenduServer, 'recovery'>;
  try {
    server = await openServer(config, options);
  } catch (err) {
    lock?.release();
    throw err;
  }
  let stopped = false;
  const sweep = () =>
    answerUnansweredMessages({
      // The sweep looks at every workspace; each message is answered by its own bot's engine.
      conversations: server.conversations,
      engine: { answerUnanswered: async (conversationId, seq) => (await server.registry.botOfConversation(conversationId)).engine.answerUnanswered(conversationId, seq) },
      windowHours: config.unansweredRecoveryHours,
      stopped: () => stopped,
      log: server.app.log,
    }).catch((err: unknown) => {
      server.app.log.error({ err }, '补答未回复的消息失败 (recovery of unanswered messages failed)');
      return { found: 0, answered: 0, skipped: 0, failed: 1 } satisfies RecoveryReport;
    });
  const recovery = sweep();
  // Idempotent under the turn lock: a message whose turn is running anywhere is found answered once the lock is free.
  let sweeping: Promise<unknown> = recovery;
  const sweeper = config.redisUrl
    ? setInterval(() => {
        sweeping = sweeping.then(() => (stopped ? undefined : sweep()));
      }, options.peerRecoverySweepMs ?? PEER_RECOVERY_SWEEP_MS)
    : undefined;
  sweeper?.unref();
  const closeServer = server.close;
  let closing: Promise<void> | undefined;
  return {
    ...server,
    recovery,
    close() {
      closing ??= (async () => {
        stopped = true;
        clearInterval(sweeper);
        await sweeping;
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

async function openServer(config: ServerConfig, options: BuildServerOptions): Promise<Omit<WenduServer, 'recovery'>> {
  // One trust function for HTTP and sockets, so both see the same client address.
  const proxyTrust = compileProxyTrust(config.trustProxy);
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: proxyTrust,
    ...httpLimitOptions(),
  });
  let ready = false;
  installErrorHandling(app);
  installUrlLimit(app);
  installJsonLimits(app);
  installTextGuard(app);
  const rateLimits = await openRateLimits(config, { keyPrefix: options.rateLimitKeyPrefix ?? `${config.redisKeyPrefix}:rate`, log: app.log }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  app.addHook('onClose', async () => rateLimits.close());
  // The bus, socket adapter and turn lock several instances share (in-process without REDIS_URL).
  const links = await openInstanceLinks(config, { log: app.log }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  app.addHook('onClose', async () => links.close());
  // Budgets are charged before the access check, so anonymous floods are limited too.
  registerRateLimits(app, rateLimits.limits);
  // Security headers before the access check, so a 401 carries them as well.
  // Each bot's sites, as its admin stored them (bound once the registry is open).
  let registryRef: WorkspaceRegistry | undefined;
  const originPolicy = await registerBrowserSecurity(app, { allowedOrigins: async (botId) => (await registryRef?.allowedOrigins(botId)) ?? [] });

  // Before any route, so every route is checked (src/auth/guard.ts). The accounts are bound
  // once the database is open; until then only public routes answer.
  let accounts: AccountService | undefined;
  const routes = installAccessGuard(app, {
    accounts: { authenticate: async (secret) => (accounts ? accounts.authenticate(secret) : null) },
    onApiKeyUsed: (apiKeyId) => rateLimits.limits.consume('apiKey', apiKeyId),
  });

  // Registered first so a load balancer gets a clear 503 (not a 404) until everything is up.
  let databaseRef: Database | undefined;
  healthRoutes(app, {
    started: () => ready,
    dependencies: {
      database: async () => (databaseRef ? databaseAnswers(databaseRef) : false),
      redis: () => links.redisAnswers(),
    },
    log: app.log,
  });

  await registerPages(app);

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
      bus: links.bus,
      turnLock: links.turnLock,
      turnLimits: { maxTurnsInFlight: config.maxTurnsInFlight, maxQueuedTurns: config.maxQueuedTurns, busyNoticeAfterMs: config.busyNoticeAfterMs },
      selfCalibration: options.selfCalibration,
    });
  })().catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  databaseRef = runtime.database;

  let channel: CustomerChannel | undefined;
  let agentChannel: AgentChannel | undefined;
  let closeSockets: () => Promise<void> = async () => {};
  const { registry } = runtime;
  registryRef = registry;
  // Operators reach only their own workspace; customers only the bot they name.
  const workspaceOf = (request: FastifyRequest) => registry.workspace(principalOf(request).workspaceId);
  let demoLogins: DemoLogin[] = [];
  try {
    accounts = new AccountService(runtime.database, { tokenTtlHours: config.tokenTtlHours, throttle: new LoginThrottle({ redis: rateLimits.redis ?? undefined }) });
    if (config.demo) demoLogins = await seedDemoAccounts(accounts);
    await authRoutes(app, { accounts });
    await knowledgeRoutes(app, {
      knowledgeFor: (request) => workspaceOf(request).knowledge,
      minedWordsFor: async (request) => (await registry.botOf(principalOf(request).workspaceId)).bot.minedWords(),
      maxImportBytes: config.maxUploadBytes,
      // Whichever instance takes the job writes the entries; every instance hears the change on the bus.
      runImport: (request, file, format, { partial, actor }) =>
        links.jobs.run('kb.import', { workspaceId: principalOf(request).workspaceId, fileBase64: file.toString('base64'), format, partial: partial ?? false, actor }),
      // With four eyes, the editor's saves are proposals in the queue (docs/review.md).
      reviewFor: (request) => workspaceOf(request).reviews,
    });
    // Without Redis the jobs run here, so this process must take them; with Redis, unless told not to.
    if (!config.redisUrl || config.jobWorkers) {
      await links.jobs.handle('kb.import', ({ workspaceId, fileBase64, format, partial, actor }) =>
        registry.workspace(workspaceId).knowledge.importFile(Buffer.from(fileBase64, 'base64'), format, { partial, actor }),
      );
    } else {
      app.log.info('本实例不处理后台任务（导入），请确保另有 WENDU_JOB_WORKERS=1 的实例在运行 (this instance takes no background jobs; run one that does)');
    }
    await pendingQuestionRoutes(app, {
      pendingFor: (request) => workspaceOf(request).pendingQuestions,
      // The knowledge page's one-click 采纳 / 忽略 decide the same review item as 待审核 (a supervisor's route).
      decisionsFor: (request) => {
        const reviews = workspaceOf(request).reviews;
        const reviewer = { actor: actorOf(request), canReview: true };
        return { approve: (id) => reviews.approve(id, reviewer), dismiss: (id) => reviews.reject(id, reviewer, null) };
      },
      checkFor: async (request, botId) => {
        const workspace = workspaceOf(request);
        const { bot } = await registry.botOf(workspace.workspaceId, botId);
        return (change) => checkWithBot({ bot }, change);
      },
    });
    await reviewRoutes(app, { reviewsFor: (request) => workspaceOf(request).reviews });
    await privacyRoutes(app, { database: runtime.database });
    // Retention: silent conversations lose their text once their workspace's period has passed.
    const customerData = new CustomerData(runtime.database);
    const retentionSweep = setInterval(() => {
      customerData.applyRetention(new Date()).catch((err: unknown) => app.log.error({ err }, '按保留期限删除会话文本失败 (applying the retention period failed)'));
    }, RETENTION_SWEEP_MS);
    retentionSweep.unref();
    app.addHook('onClose', async () => clearInterval(retentionSweep));
    await learningRoutes(app, {
      inboxFor: (request) => workspaceOf(request).unresolved,
      actionsFor: async (request, botId) => {
        const workspace = workspaceOf(request);
        const { bot } = await registry.botOf(workspace.workspaceId, botId);
        return new ClusterActions({ inbox: workspace.unresolved, knowledge: workspace.knowledge, bot, database: runtime.database, reviews: workspace.reviews });
      },
      healthFor: async (request, botId) => {
        const workspace = workspaceOf(request);
        const { bot } = await registry.botOf(workspace.workspaceId, botId);
        return knowledgeHealth({ knowledge: workspace.knowledge, bot, database: runtime.database, workspaceId: workspace.workspaceId });
      },
    });
    await chatRoutes(app, {
      botById: async (botId) => (await registry.bot(botId)).bot,
      botFor: async (request, botId) => (await registry.botOf(principalOf(request).workspaceId, botId)).bot,
    });
    await botSettingsRoutes(app, { botFor: (request, botId) => registry.botOf(principalOf(request).workspaceId, botId) });
    await calibrationRoutes(app, { botFor: (request, botId) => registry.botOf(principalOf(request).workspaceId, botId), audit: new AuditLog(runtime.database.db), history: registry.calibrationHistory });
    await handoffSettingsRoutes(app, {
      // The registry's store: a saved change reaches the bot's desk at once.
      store: registry.handoffSettings,
      // The bot's row is enough here: no need to open its runtime (answering index) to read its hours.
      botFor: async (request, botId) => {
        const { workspaceId } = principalOf(request);
        const bot = botId ? await registry.bots.get(workspaceId, botId) : await registry.bots.ensureFirst(workspaceId, 'system');
        return { workspaceId, botId: bot.id };
      },
    });
    await flowRoutes(app, {
      flowsFor: (request) => workspaceOf(request).flows,
      testerFor: async (request) => (await registry.botOf(principalOf(request).workspaceId)).engine.flowTester(),
    });
    await conversationRoutes(app, { botById: (botId) => registry.bot(botId), botOfConversation: (id) => registry.botOfConversation(id) });
    // Tickets of a workspace answer into its bots' conversations (the registry checks the bot exists).
    const ticketsFor = (workspaceId: string) => new TicketService(runtime.database, { workspaceId, conversationsOf: async (botId) => (await registry.bot(botId)).conversations });
    await handoffCustomerRoutes(app, { botOfConversation: (id) => registry.botOfConversation(id), ticketsFor,
      ratings: new RatingService(runtime.database),
      closedHandoffOf: async (id) => (await registry.botOfConversation(id)).desk.lastClosedOf(id),
    });
    // Customers' 👍/👎 on answers, over HTTP and the socket alike.
    const answerFeedback = new AnswerFeedbackService(runtime.database, { unresolvedFor: (workspaceId) => registry.workspace(workspaceId).unresolved, log: app.log });
    await answerFeedbackRoutes(app, { botOfConversation: (id) => registry.botOfConversation(id), feedback: answerFeedback });
    await ticketRoutes(app, { ticketsFor });
    const stopTicketFollowUps = await reopenTicketsOnCustomerMessage(runtime.database, runtime.bus);
    app.addHook('onClose', async () => stopTicketFollowUps());
    await botRoutes(app, { registry });
    const board = new HandoffBoard(runtime.database);
    // Agent messages sent from an assist suggestion are kept for the learning loop.
    const assistFeedback = new AssistFeedback(runtime.database, (id) => registry.botOfConversation(id));
    const offers = new HandoffOffers({ database: runtime.database, bus: runtime.bus, settingsOf: (workspaceId, botId) => registry.handoffSettings.load(workspaceId, botId), log: app.log });
    const stopOffering = await offers.listen();
    app.addHook('onClose', async () => {
      for (const unsubscribe of stopOffering) await unsubscribe();
    });
    await agentRoutes(app, { board, offers, deskOfConversation: async (id) => (await registry.botOfConversation(id)).desk, assistFeedback });
    await skillsRoutes(app, { board });
    await assistFeedbackRoutes(app, { feedback: assistFeedback });
    /**
     * A conversation an operator may read: the caller's workspace only; an agent sees the ones
     * queued for people and their own, supervisors all. Anything else is "not found".
     */
    const handedConversation = async (request: FastifyRequest, id: string) => {
      const principal = principalOf(request);
      const rt = await registry.botOfConversation(id);
      const active = rt.workspaceId === principal.workspaceId ? await rt.desk.activeOf(id) : null;
      const visible = rt.workspaceId === principal.workspaceId && (roleAllows(principal.role, 'supervisor') || active?.status === 'queued' || active?.agentId === principal.id);
      if (!visible) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { id });
      return rt;
    };
    await assistRoutes(app, {
      conversationOf: async (request, id) => {
        const rt = await handedConversation(request, id);
        return { bot: rt.bot, messages: await recentMessages(rt.conversations, id), channel: (await rt.conversations.get(id)).channel };
      },
    });
    await transcriptRoutes(app, {
      transcriptOf: async (request, id) => {
        const rt = await handedConversation(request, id);
        const conversation = await rt.conversations.get(id);
        const customer = await rt.conversations.getCustomer(conversation.customerId);
        return { conversation, customer, handoff: await rt.desk.viewOf(id), messages: await recentMessages(rt.conversations, id) };
      },
    });
    await cannedReplyRoutes(app, { canned: new CannedReplies(runtime.database) });
    await auditRoutes(app, { audit: new AuditLog(runtime.database.db) });
    await analyticsRoutes(app, {
      analytics: new AnalyticsService(runtime.database),
      answersNow: (workspaceId) => async (botId, text) => (await (await registry.botOf(workspaceId, botId)).bot.decide({ text, channel: 'web' })).action === 'answer',
    });
    // One socket.io Server; customers and agents are namespaces of it.
    const io = createSocketServer(app.server, { cors: originPolicy.socketCors(), maxPayloadBytes: config.bodyLimit, adapter: links.socketAdapter });
    const socketAddress = (handshake: { address: string; headers: IncomingHttpHeaders }) => clientAddress(handshake.address, handshake.headers, proxyTrust);
    agentChannel = await attachAgentChannel({
      io,
      bus: runtime.bus,
      accounts,
      board,
      botOfConversation: (id) => registry.botOfConversation(id),
      // The workspace's first (default) bot's grace; the defaults for a workspace without a bot.
      graceSecondsOf: async (workspaceId) => {
        const [first] = await registry.bots.list(workspaceId);
        return (first ? await registry.handoffSettings.load(workspaceId, first.id) : DEFAULT_HANDOFF_SETTINGS).disconnectGraceSeconds;
      },
      limits: rateLimits.limits,
      clientAddress: socketAddress,
      log: app.log,
      assistFeedback,
    });
    channel = await attachCustomerChannel({
      io,
      bus: runtime.bus,
      botById: (botId) => registry.bot(botId),
      limits: rateLimits.limits,
      clientAddress: socketAddress,
      admit: (handshake) => originPolicy.admitSocket(handshake),
      log: app.log,
      answerFeedback,
      botTypingAfterMs: config.botTypingAfterMs,
    });
    const customerChannel = channel;
    const agents = agentChannel;
    // Offer timeouts and disconnect graces live in the database; this sweeps what is due.
    const timers = startHandoffTimers({ database: runtime.database, offers, deskOfBot: async (botId) => (await registry.bot(botId)).desk, isConnected: (userId) => agents.isConnected(userId), log: app.log });
    // Sockets go first: fastify's close waits for open connections, and a socket is one. Agents
    // before customers: the customer channel closes the shared transports, and an agent's
    // disconnect at shutdown must not start a grace period.
    // The sweeper first: with the sockets closing, every agent would look gone.
    closeSockets = async () => {
      await timers.stop();
      await agents.close();
      await customerChannel.close();
    };
    app.addHook('preClose', closeSockets);
    await app.ready();
    await runtime.bot.ready();
    // The unresolved inbox cuts questions with the process's shared jieba (src/learning/clusters.ts):
    // loaded here (~250 ms), not in the first unanswered customer's turn, where it stalled every
    // turn in flight (docs/performance.md, "Fifth pass, the realtime turn").
    sharedSegmenter();
  } catch (err) {
    await agentChannel?.close();
    await channel?.close();
    await app.close();
    await runtime.close();
    throw err;
  }
  ready = true;
  const customerChannel = channel;
  const agentsChannel = agentChannel;

  let closing: Promise<void> | undefined;
  return {
    app,
    registry,
    database: runtime.database,
    knowledge: runtime.knowledge,
    bot: runtime.bot,
    demo: runtime.demo,
    bus: runtime.bus,
    conversations: runtime.conversations,
    flows: runtime.flows,
    engine: runtime.engine,
    channel: customerChannel,
    agentChannel: agentsChannel,
    orderService: runtime.orderService,
    accounts,
    demoLogins,
    routes,
    close() {
      closing ??= (async () => {
        // Not ready at once: a load balancer stops sending while the drain runs.
        ready = false;
        await drainServer({ httpServer: app.server, drainCustomers: () => customerChannel.drain(), closeSockets, drainMs: config.shutdownDrainMs, log: app.log });
        await app.close();
        await runtime.close();
      })();
      return closing;
    },
  };
}
