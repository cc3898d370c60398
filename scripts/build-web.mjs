// Builds the pages (web/ → web/dist) when they are missing or older than their sources.
// Called by `npm start` (scripts/start.mjs), by the test setup (web/build-for-tests.ts) and
// by `npm run build:web` (which always builds).
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './ensure-build.mjs';

const WEB_DIR = join(PACKAGE_ROOT, 'web');
const OUT_DIR = join(WEB_DIR, 'dist');
/** Written last: its time is the build's time. */
const STAMP = join(OUT_DIR, '.built');
const SKIP = new Set(['dist', 'node_modules']);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why web/dist must be rebuilt, or null when it is up to date (or there are no sources). */
export function webBuildReason() {
  if (!existsSync(WEB_DIR)) return null;
  if (!existsSync(STAMP)) return 'web/dist 不存在 (no build yet)';
  const inputs = Math.max(newestMtime(WEB_DIR), statSync(join(PACKAGE_ROOT, 'package.json')).mtimeMs);
  return inputs > statSync(STAMP).mtimeMs ? 'web/ 比 web/dist 新 (sources changed)' : null;
}

export async function buildWeb({ force = false, quiet = false } = {}) {
  const reason = force ? 'requested' : webBuildReason();
  if (!reason) return;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    if (existsSync(STAMP)) return; // production install without build tools: serve what ships
    throw new Error('无法构建页面：未安装 vite。请先运行 npm install。(Cannot build the pages: run npm install first.)');
  }
  if (!quiet) console.error(`正在构建页面 (building the pages)… ${reason}`);
  const logLevel = quiet ? 'error' : 'warn';
  // A production build even from the test runner (which sets NODE_ENV=test and would get React's dev build).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  // Both builds write into one folder: start it empty so no stale hashed file lingers.
  rmSync(OUT_DIR, { recursive: true, force: true });
  try {
    await vite.build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel, mode: 'production' });
    await vite.build({ configFile: join(WEB_DIR, 'widget', 'vite.config.ts'), logLevel, mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const widgetGzip = gzipSync(readFileSync(join(OUT_DIR, 'widget.js'))).length;
  if (!quiet) console.error(`widget.js: ${(widgetGzip / 1024).toFixed(1)} KB gzip`);
  writeFileSync(STAMP, new Date().toISOString());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildWeb({ force: true });
}
