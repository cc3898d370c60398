/**
 * The HTTP gateway: opens the runtime (database → knowledge → bot), mounts the public API and
 * the try-it page, and maps every error in one place. It decides nothing itself — the bot
 * decides, the knowledge service stores; the server only carries messages in and out.
 */
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config/server-config.js';
import type { BotApi } from '../dialog/bot.js';
import { chatRoutes } from '../dialog/routes.js';
import { knowledgeRoutes } from '../kb/routes.js';
import type { KnowledgeService } from '../kb/service.js';
import type { DemoLoadResult } from './demo-loader.js';
import { PACKAGE_ROOT } from './package-root.js';
import { installErrorHandling } from './error-handler.js';
import { registerRateLimit } from './rate-limit.js';
import { openRuntime } from './runtime.js';

export const TRY_PAGE_DIR = join(PACKAGE_ROOT, 'web', 'try');
/** Paths the per-IP chat rate limit applies to. */
export const RATE_LIMITED_PATHS = ['/api/v1/chat'];

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
  /** Stops accepting requests, then closes the bot and the database. Safe to call twice. */
  close(): Promise<void>;
}

export async function buildServer(config: ServerConfig): Promise<WenduServer> {
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

  const runtime = await openRuntime({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    demo: config.demo,
    log: app.log,
  }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });

  try {
    await knowledgeRoutes(app, { knowledge: runtime.knowledge, maxImportBytes: config.maxUploadBytes });
    await chatRoutes(app, { bot: runtime.bot });
    await app.ready();
    await runtime.bot.ready();
  } catch (err) {
    await app.close();
    await runtime.close();
    throw err;
  }
  ready = true;

  let closing: Promise<void> | undefined;
  return {
    app,
    knowledge: runtime.knowledge,
    bot: runtime.bot,
    demo: runtime.demo,
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
