/**
 * The pages Wendu serves from web/dist (built by scripts/build-web.mjs): the landing page `/`,
 * the demo shop `/demo`, the agent workspace `/agent`, the admin console `/admin`, their
 * assets, and `/widget.js` — the one file a shop puts on its own site.
 *
 * Headers: every page gets a CSP that loads only this server's own code. The console's pages
 * allow inline styles (antd writes its styles at run time); the demo shop does not — it stands
 * for a strict customer site, and the widget must work there (its styles are constructed
 * stylesheets in a shadow root, which CSP does not block). `/widget.js` may be loaded by other
 * sites (Cross-Origin-Resource-Policy: cross-origin); whether a site may then talk to a bot is
 * decided by that bot's allowed origins (browser-security.ts).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { publicPlugin } from '../auth/index.js';
import { PACKAGE_ROOT } from './package-root.js';

export const PAGES_DIR = join(PACKAGE_ROOT, 'web', 'dist');

/** Page path → its HTML file in web/dist. */
export const PAGE_FILES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/demo': 'demo.html',
  '/agent': 'agent.html',
  '/admin': 'admin.html',
};

const SELF_ONLY = ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"];
/** Images and media in answers come from the server itself or over https (never plain http). */
const MEDIA = ["img-src 'self' https: data:", "media-src 'self' https:"];

/** The console and workspace: antd injects its styles at run time. Never framed. */
export const CONSOLE_CSP = [...SELF_ONLY, ...MEDIA, "style-src 'self' 'unsafe-inline'", "frame-ancestors 'none'"].join('; ');
/** The demo shop and landing page: as strict as a careful shop's own site. */
export const SITE_CSP = [...SELF_ONLY, ...MEDIA, "style-src 'self'", "frame-ancestors 'self'"].join('; ');

const CONSOLE_FILES = new Set(['agent.html', 'admin.html']);
/** Hashed asset names never change content: cache them for a year. */
const ASSET_MAX_AGE = 'public, max-age=31536000, immutable';
/** widget.js keeps its name across releases: shops get a new version within five minutes. */
const WIDGET_MAX_AGE = 'public, max-age=300';
const HTTP_UNAVAILABLE = 503;

/** Headers for one built file, by its path inside web/dist (`admin.html`, `assets/x.js`). */
function headersFor(file: string, reply: Pick<FastifyReply, 'header'>): void {
  if (file === 'widget.js') {
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('cache-control', WIDGET_MAX_AGE);
    return;
  }
  if (file.endsWith('.html')) reply.header('cache-control', 'no-cache');
  else if (file.startsWith('assets/')) reply.header('cache-control', ASSET_MAX_AGE);
  reply.header('content-security-policy', CONSOLE_FILES.has(file) || file.startsWith('assets/') ? CONSOLE_CSP : SITE_CSP);
}

/** Registers the pages; without a build (web/dist missing) each page says how to build it. */
export async function registerPages(app: FastifyInstance): Promise<void> {
  const built = existsSync(join(PAGES_DIR, 'index.html'));
  await app.register(
    publicPlugin(async (scope: FastifyInstance) => {
      if (!built) {
        app.log.warn({ dir: PAGES_DIR }, '页面尚未构建，请运行 npm run build:web (pages not built)');
        for (const path of [...Object.keys(PAGE_FILES), '/widget.js']) {
          scope.get(path, async (_request, reply) =>
            reply.status(HTTP_UNAVAILABLE).type('text/plain; charset=utf-8').send('页面尚未构建，请运行 npm run build:web\nPages not built: run npm run build:web'),
          );
        }
        return;
      }
      await scope.register(fastifyStatic, {
        root: PAGES_DIR,
        prefix: '/',
        // Only the built files get routes; every other path reaches the JSON 404 handler.
        wildcard: false,
        index: false,
        // Pages are served under their clean paths below (/admin), not as /admin.html.
        allowedPath: (pathName, _root, request) => !pathName.startsWith('/.') && !request.url.split('?')[0].endsWith('.html'),
        setHeaders: (reply, filePath) => headersFor(relative(PAGES_DIR, filePath).replaceAll('\\', '/'), reply),
      });
      for (const [path, file] of Object.entries(PAGE_FILES)) {
        scope.get(path, async (_request, reply) => reply.sendFile(file));
      }
      // Browsers ask for /favicon.ico whatever the page links: answer with the icon, not a 404.
      scope.get('/favicon.ico', async (_request, reply) => reply.header('cache-control', ASSET_MAX_AGE).type('image/svg+xml').sendFile('favicon.svg'));
    }),
  );
}
