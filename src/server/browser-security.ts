/**
 * What browsers are told: security headers on every response, and which other sites may call
 * the customer API from a browser.
 *
 * Headers: `@fastify/helmet` on every response (API JSON, errors, 404s, the page). CSP is decided
 * here and only here: helmet's default for everything, the try-it page's own policy for the
 * pages' files (CONSOLE_CSP / SITE_CSP, src/server/pages.ts).
 *
 * CORS: only the customer API (CUSTOMER_API_PATHS and the socket namespace) answers other
 * origins, and only the origins the named bot allows (`allowedOrigins(botId)`; the bot is named
 * by `botId` in the query — the only place a preflight can see — or in the JSON body; absent →
 * DEFAULT_BOT_ID). Operator routes never send allow headers: they take a bearer token, not
 * cookies, so a foreign page cannot act with an operator's credentials (no CSRF) and gets no
 * way to read the answers. A disallowed Origin is not refused over HTTP (the browser then
 * blocks the read); a socket from a disallowed Origin is refused with WENDU_ORIGIN_NOT_ALLOWED,
 * because browsers do not apply CORS to WebSockets. Requests without Origin (servers, apps)
 * and same-origin pages are unaffected.
 */
import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ServerOptions } from 'socket.io';
import { DEFAULT_BOT_ID } from '../auth/access.js';
import { WenduError } from '../errors/index.js';

/** socket.io's `cors` option in its per-request form (the `cors` package's options delegate). */
type SocketCorsDelegate = Extract<NonNullable<ServerOptions['cors']>, (...args: never[]) => unknown>;
type SocketCorsOptions = Exclude<NonNullable<ServerOptions['cors']>, SocketCorsDelegate>;

/** The sites allowed to embed a bot, as origins (`https://shop.example.com`). */
export type AllowedOriginsResolver = (botId: string) => readonly string[] | Promise<readonly string[]>;

/** Paths of the customer API: the only HTTP routes that answer other origins. */
export const CUSTOMER_API_PATHS = ['/api/v1/chat', '/api/v1/conversations'] as const;
/** Query / body / handshake field naming the bot a customer talks to. */
export const BOT_ID_FIELD = 'botId';
/** Longer than any bot id we issue: not worth asking the resolver about. */
const MAX_BOT_ID_LENGTH = 128;
/** Browsers may cache a preflight this long (10 minutes), sparing a round trip per message. */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;
const HTTP_NO_CONTENT = 204;
/** What the customer API accepts from another origin. */
const ALLOWED_METHODS = 'GET, POST';
const ALLOWED_HEADERS = ['content-type', 'x-wendu-customer', 'accept-language'];
/** Readable by the widget: how long to wait after a 429. */
const EXPOSED_HEADERS = 'Retry-After';

function isCustomerApi(url: string): boolean {
  const path = url.split('?')[0];
  return CUSTOMER_API_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** `scheme://host[:port]` in lower case, or null for anything that is not an http(s) origin (`null`, garbage). */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}

function botIdFrom(...sources: unknown[]): string | null {
  for (const source of sources) {
    if (source && typeof source === 'object' && BOT_ID_FIELD in source) {
      const value = (source as Record<string, unknown>)[BOT_ID_FIELD];
      return typeof value === 'string' && value.length > 0 && value.length <= MAX_BOT_ID_LENGTH ? value : null;
    }
  }
  return DEFAULT_BOT_ID;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Decides whether a cross-origin caller may talk to a bot. One instance serves HTTP and sockets. */
export class OriginPolicy {
  constructor(private readonly allowedOrigins: AllowedOriginsResolver) {}

  /** Is `origin` one of `botId`'s sites? `botId` null (malformed) → no. */
  async allows(origin: string, botId: string | null): Promise<boolean> {
    const wanted = normaliseOrigin(origin);
    if (!wanted || !botId) return false;
    const allowed = await this.allowedOrigins(botId);
    return allowed.some((entry) => normaliseOrigin(entry) === wanted);
  }

  /**
   * socket.io `cors` option (a delegate, so the bot named in the handshake query counts):
   * long-polling from an allowed site gets allow headers, anything else none.
   */
  socketCors(): SocketCorsDelegate {
    return (request, callback) => {
      const origin = headerValue((request as IncomingMessage).headers.origin);
      const deny: SocketCorsOptions = { origin: false };
      if (!origin) return callback(null, deny);
      const query = new URL((request as IncomingMessage).url ?? '/', 'http://localhost').searchParams;
      const botId = botIdFrom(query.has(BOT_ID_FIELD) ? { [BOT_ID_FIELD]: query.get(BOT_ID_FIELD) } : undefined);
      this.allows(origin, botId).then(
        (ok) => callback(null, ok ? { origin, credentials: false, maxAge: PREFLIGHT_MAX_AGE_SECONDS } : deny),
        (err: unknown) => callback(err as Error, deny),
      );
    };
  }

  /**
   * Admission of a customer socket: no Origin (an app, a server) or the server's own page → in;
   * another site → only if the bot (handshake query or auth `botId`) allows it.
   */
  async admitSocket(handshake: { headers: IncomingMessage['headers']; query: unknown; auth: unknown }): Promise<void> {
    const origin = headerValue(handshake.headers.origin);
    if (!origin) return;
    const host = headerValue(handshake.headers.host);
    if (host && normaliseOrigin(origin) !== null && new URL(origin).host.toLowerCase() === host.toLowerCase()) return;
    const botId = botIdFrom(handshake.query, handshake.auth);
    if (await this.allows(origin, botId)) return;
    throw new WenduError('WENDU_ORIGIN_NOT_ALLOWED', { origin, botId });
  }
}

export interface BrowserSecurityOptions {
  allowedOrigins: AllowedOriginsResolver;
}

/**
 * The headers `@fastify/helmet` (defaults, global) puts on a response, worked out once. Registered
 * globally, the plugin builds every helmet middleware anew for each request — the CSP directives
 * parsed again each time, 3.4% of a `POST /api/v1/chat` request's CPU (docs/performance.md) — yet
 * with the defaults nothing depends on the request. So a throwaway server runs the plugin as
 * configured once, and its headers (those a server without it does not send) are kept.
 */
export async function helmetDefaultHeaders(): Promise<[name: string, value: string][]> {
  const withHelmet = Fastify();
  await withHelmet.register(helmet, { global: true });
  const without = Fastify();
  for (const server of [withHelmet, without]) server.get('/', async () => ({}));
  try {
    const [secured, plain] = await Promise.all([withHelmet.inject('/'), without.inject('/')]);
    return Object.entries(secured.headers).flatMap(([name, value]) => (name in plain.headers || value === undefined ? [] : [[name, String(value)] as [string, string]]));
  } finally {
    await Promise.all([withHelmet.close(), without.close()]);
  }
}

/** Helmet on every response and CORS for the customer API. Returns the policy for the socket channel. */
export async function registerBrowserSecurity(app: FastifyInstance, options: BrowserSecurityOptions): Promise<OriginPolicy> {
  const policy = new OriginPolicy(options.allowedOrigins);
  // helmet's defaults everywhere. Its Cross-Origin-Resource-Policy (same-origin) only concerns
  // no-cors loads (<img>, <script>); the widget's fetches are CORS requests, governed below.
  // Written on the raw response as helmet writes them, so errors and 404s carry them too.
  const securityHeaders = await helmetDefaultHeaders();
  app.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    done();
  });

  // Preflights are answered before routing matters: there are no OPTIONS routes. Only customer
  // paths with an allowed origin get allow headers; the rest fall through to the JSON 404.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'OPTIONS' || !isCustomerApi(request.url)) return;
    const origin = headerValue(request.headers.origin);
    if (!origin || !request.headers['access-control-request-method']) return;
    reply.header('vary', 'Origin');
    if (await policy.allows(origin, botIdFrom(request.query))) {
      const requested = (headerValue(request.headers['access-control-request-headers']) ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => ALLOWED_HEADERS.includes(h));
      reply
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', ALLOWED_METHODS)
        .header('access-control-allow-headers', requested.join(', '))
        .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    }
    return reply.status(HTTP_NO_CONTENT).send();
  });

  // Actual requests, answered or refused (429s too, so the widget can read Retry-After). onSend
  // sees the parsed body when it was read; a request refused before that names its bot in the query.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'OPTIONS' || !isCustomerApi(request.url)) return payload;
    const origin = headerValue(request.headers.origin);
    if (!origin) return payload;
    reply.header('vary', 'Origin');
    if (await policy.allows(origin, botIdFrom(request.query, request.body))) {
      reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED_HEADERS);
    }
    return payload;
  });
  return policy;
}
